"""What a person's name looks like, and its normal written form.

"Paul-Antoine CHEVALIER" and "clémence saillard" are written as
"Paul-Antoine Chevalier" and "Clémence Saillard"; the original spelling is
kept as an alias by the caller. Chat tools glue a time ("Clément Mayer17:11")
or an affiliation code ("MARTINON-SC") to names: both are cut off.
"""

from __future__ import annotations

import re

from ted.kb.lexicon import words
from ted.kb.names import fold

# A written name: capitalised words, with particles ("Jean de La Fontaine").
NAME = re.compile(r"[A-ZÀ-Ý][\w'’-]*\.?(?:\s+(?:(?:de|du|des|d['’]|van|von|le|la|ben|el)\s*)?[A-ZÀ-Ý][\w'’-]*\.?){1,3}")
GLUED_TIME = re.compile(r"\s*\[?\(?\d{1,2}[:h]\d{2}(?::\d{2})?\)?\]?\s*$")
# An upper-case surname followed by a short upper-case code: "MARTINON-SC", "DUPONT-EXT".
CODE_SUFFIX = re.compile(r"(?<=[A-ZÀ-Ý]{3})-[A-Z]{1,3}$")
NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$")
# A capital right after a lower-case letter inside a word; name prefixes ("McKenzie", "DeVito") keep theirs.
BRAND_CASE = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]")
NAME_PREFIX = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|O['’])(?=[A-ZÀ-Ý])")
ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "ce", "cette"}
VOWELS = set("aeiouyàâäéèêëîïôöùûüÿœæ")


def clean_name(text: str) -> str:
    """Strip glued times, codes, stray punctuation and spaces."""
    text = GLUED_TIME.sub("", text.strip())
    text = text.strip(" \t*_:;,-–—()[]\"'«»“”")
    if text.endswith(".") and not re.search(r"\b[A-ZÀ-Ý]\.$", text):  # keep the dot of an initial ("Karim A.")
        text = text.rstrip(".")
    text = " ".join(text.split())
    parts = text.split(" ")
    if parts and CODE_SUFFIX.search(parts[-1]):
        parts[-1] = CODE_SUFFIX.sub("", parts[-1])
    return " ".join(parts)


def normal_case(name: str) -> str:
    """Capitalise tokens written all in upper or all in lower case; particles stay lower case."""
    particles = words("name_particles")
    tokens = name.split(" ")
    out = []
    for i, token in enumerate(tokens):
        if i > 0 and fold(token) in particles and token.isupper():
            out.append(token.lower())
        elif token.isupper() or token.islower():
            out.append(_capitalise(token))
        else:
            out.append(token)
    return " ".join(out)


def _capitalise(token: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda m: m.group()[0].upper() + m.group()[1:].lower(), token)


def looks_like_person(name: str, *, strict_case: bool = True) -> bool:
    """Two to five name tokens, capitalised (unless ``strict_case`` is off), none a noise or title word."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 5 or len(name) > 60:
        return False
    particles = words("name_particles")
    noise = words("noise") | words("title_heads") | words("org_heads")
    named = 0
    for i, token in enumerate(tokens):
        key = fold(token).strip(".")
        if i > 0 and key in particles:
            continue
        if i == 0 and (key in ARTICLES or key in words("place_heads") or key in words("determiners")):
            return False
        if token.endswith(".") and len(key) > 1:
            return False  # "Ia. Il": a sentence break, not an initial
        if not NAME_TOKEN.match(token) or key in noise or not (VOWELS & set(key)):
            return False
        if BRAND_CASE.search(NAME_PREFIX.sub("", token)):
            return False  # "iPhone de Thomas", "MIrAI": a device's or a product's spelling, not a name
        if strict_case and not token[0].isupper():
            return False
        named += 1
    # "Karim A." is a name; "A. B." is not.
    return named >= 2 and len(fold(tokens[0]).strip(".")) > 1


def person_name(raw: str, *, strict_case: bool = True) -> tuple[str, str] | None:
    """(normal name, original) when ``raw`` is a person's name, else None."""
    cleaned = clean_name(raw)
    if not looks_like_person(cleaned, strict_case=strict_case):
        return None
    original = " ".join(GLUED_TIME.sub("", raw.strip()).strip(" *_:;,").split())
    return normal_case(cleaned), original
