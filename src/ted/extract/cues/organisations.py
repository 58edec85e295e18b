"""Organisations: what the gazetteer knows, plus names that look like organisations.

The gazetteer (``ted.kb.gazetteer``) gives canonical names, acronyms and
parent bodies. Names it does not know are kept when their shape says
"organisation": a head word ("Ministère ...", "Université de ..."), a tail
word ("... Labs", "... Hub"), or an acronym the NER tagged. Everything else
that the statistical NER calls ORG is too noisy to keep on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ted.kb import gazetteer as gaz
from ted.kb.gazetteer import lookup_skill
from ted.kb.lexicon import exact, words
from ted.kb.names import fold, letters_in_order

ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]{1,7}$")
ARTICLE = re.compile(r"^(?:l['’]|la |le |les |du |de la |de l['’]|des |d['’]|au |aux )", re.IGNORECASE)
CONTINUATION = re.compile(r"^(?:,?\s+(?:de la|de l['’]|du|des|de|d['’]|à la|à l['’]|et de la|et des|et du|et de)\s*"
                          r"[A-ZÀ-Ý][\w'’-]*(?:\s+[a-zà-ÿ]+)?)+")
SMALL = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en", "pour", "sur", "for", "of",
         "the", "and"}


@dataclass(frozen=True)
class Org:
    name: str  # canonical
    text: str  # as written
    acronym: str | None = None
    parent: str | None = None


def find(text: str) -> list[tuple[int, int, Org]]:
    """Gazetteer organisations in running text, leaving out job titles ("président de la République")."""
    matches = gaz.find_organisations(text)
    found = []
    for m in matches:
        first = fold(m.text.split()[0]) if m.text.split() else ""
        if first in words("title_heads") or _glued(text, m.start, m.end) or _product_or_tool(text, m):
            continue
        if fold(m.name).startswith("programme "):
            continue  # a programme ("programme 10%") is a project of TED's, not a body
        found.append((m.start, m.end, Org(m.name, m.text, m.acronym, m.parent)))
    return found


PRODUCT_WORD = re.compile(r"^ (?P<word>[A-Z][\w.+-]*)")
EMPLOYER_CUE = re.compile(r"\b(?:chez|pour|de|d['’]|à|au sein de|rejoint|rejoindre|quitté|salariée?s?)\s*$",
                          re.IGNORECASE)


def _product_or_tool(text: str, m) -> bool:
    """A company named for what it sells: "Microsoft Teams", "Google Cloud" (a capitalised product word
    follows), or "Python, spaCy et Hugging Face" (a tool of the skills thesaurus, with no "chez"/"de"
    before it that would make it an employer)."""
    if m.kind != "entreprise":
        return False
    after = PRODUCT_WORD.match(text[m.end:])
    if after and lookup(f"{m.text} {after['word']}") is None and fold(after["word"]) not in SMALL:
        return True
    return lookup_skill(m.text) is not None and not EMPLOYER_CUE.search(text[:m.start])


def _glued(text: str, start: int, end: int) -> bool:
    """A match inside a longer word: "FranceConnect" in "Keycloak-FranceConnect"."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "-_/." or after.isalnum() or (after == "-" and text[end + 1:end + 2].isalnum())


def lookup(name: str) -> Org | None:
    if not name.strip():
        return None
    match = gaz.lookup_organisation(name)
    return Org(match.name, name, match.acronym, match.parent) if match else None


def is_acronym(text: str) -> bool:
    """"DINUM", "PEReN", "LNE": short, capitalised, mostly upper case, not a topic acronym."""
    text = text.strip()
    if not ACRONYM.match(text) or text.upper() in exact("not_org_acronyms"):
        return False
    # Mixed-case forms ("PEReN", "DGFiP") come from the gazetteer; a stray "CNIe" is not a body.
    return sum(1 for c in text if c.isupper()) >= 2 and text == text.upper()


def acronym_matches(acronym: str, name: str) -> bool:
    """Whether ``acronym`` abbreviates ``name`` ("DINUM" and "direction interministérielle du numérique")."""
    initials = [w[0] for w in re.findall(r"[^\W\d_]+", fold(name)) if w not in SMALL]
    letters = fold(acronym)
    if not initials or not letters or initials[0] != letters[0]:
        return False
    return letters_in_order("".join(initials), letters)


def org_shaped(name: str) -> bool:
    """A name that reads as an organisation without a gazetteer: head or tail word, or an acronym."""
    tokens = name.split()
    if not tokens or len(tokens) > 12 or not name[0].isupper():
        return False
    if len(tokens) == 1:
        return is_acronym(name)
    first, last = fold(tokens[0]), fold(tokens[-1])
    if fold(tokens[1]) in ("et", "ou", "&"):
        return False  # "Agence et des services déconcentrés de l'Etat": two things coordinated, not a name
    if first in words("org_heads") and all(fold(t).strip("'’") in words("generic_org_words") | SMALL
                                           or fold(t) in ("l", "d") for t in re.findall(r"[^\W\d_]+", name)[1:]):
        return False  # "Service Public", "Direction Générale au Numérique": a kind of body, not one
    return first in words("org_heads") or last in words("org_tails")


def proper_name(name: str, max_words: int = 5) -> bool:
    """Short, capitalised, no determiner or navigation word: could name a thing."""
    tokens = name.split()
    if not tokens or len(tokens) > max_words or not (name[0].isupper() or name[0].isdigit()):
        return False
    keys = [fold(t).strip(".,;:!?") for t in tokens]
    if any(k in words("determiners") for k in keys):
        return False
    return not any(k in words("link_noise") for k in keys) and fold(name) not in words("noise")


def extend(text: str, end: int) -> int:
    """Extend an organisation name over "de la Jeunesse et des Sports"-like continuations."""
    match = CONTINUATION.match(text[end:])
    return end + match.end() if match else end


def strip_article(name: str) -> str:
    return ARTICLE.sub("", name.strip()).strip()


# "MTES/MCT", "LBC puis Malt", "Solstice, Malt", "Inria et DINUM", "DINUM - DRIEETS": several bodies in one field.
STRONG_SEPARATOR = re.compile(r"\s*/\s*|\s+puis\s+|\s*,\s*|\s*;\s*|\s+\+\s+", re.IGNORECASE)
WEAK_SEPARATOR = re.compile(r"\s+(?:et|&)\s+|\s+[-–—]\s+", re.IGNORECASE)
TRAILING_PAREN = re.compile(r"^(?P<head>.+?)\s*\((?P<inner>[^()]+)\)\s*$")
FUNCTION_START = re.compile(r"^(?:(?:de|des|du|la|le|les|et|à|au|aux|en|pour)\s|[dl]['’])", re.IGNORECASE)


def split_bodies(name: str) -> list[str]:
    """The organisations a field that should hold one of them names: itself when the gazetteer knows it or
    when it does not read as a list; else its parts. A part after "/", "puis", "," or ";" may be any name
    (a field of employers holds names); after "et", "&" or " - " every part must be a known body or look
    like one, so "Caisse des dépôts et consignations" or "Ministère du Travail, de l'Emploi" stay whole.
    Two known bodies written side by side ("Octo Malt") are two as well."""
    name = " ".join(name.split())
    if len(re.sub(r"[\W_]", "", name)) < 2:
        return []  # "x", "-", "?": a placeholder, no body
    if lookup(name):
        return [name]
    parts = [name]
    paren = TRAILING_PAREN.match(name)
    if paren and not acronym_matches(paren["inner"], paren["head"]) and _body_like(paren["inner"]):
        parts = [paren["head"], paren["inner"]]  # "Solstice, Malt (Crème de la Crème)"
    split = [p for part in parts for p in _split(part)]
    if len(split) > 1 and any(lookup(p) for p in split):
        # "MTE/SG/DRH", "DNUM/DUT": a short code the gazetteer does not know is a unit of the body
        # before it, too vague to stand alone ("SG", "DRH" of which ministry?).
        split = [p for p in split if lookup(p) or len(p) > 3]
    return split if len(split) > 1 else split or [name]


def _split(name: str) -> list[str]:
    if lookup(name):
        return [name]
    strong = [p.strip() for p in STRONG_SEPARATOR.split(name)]
    if len(strong) > 1 and all(p and not FUNCTION_START.match(p) and len(p.split()) <= 8 for p in strong):
        return [q for p in strong for q in _split(p)]
    weak = [p.strip() for p in WEAK_SEPARATOR.split(name)]
    if len(weak) > 1 and all(p and _body_like(p) for p in weak):
        return [q for p in weak for q in _split(p)]
    return _side_by_side(name) or [name]


def _body_like(text: str) -> bool:
    return bool(lookup(text) or is_acronym(text) or org_shaped(text))


def _side_by_side(name: str) -> list[str] | None:
    """"Octo Malt": every word run a known body on its own (two or three of them), else None."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 6:
        return None
    for cut in range(1, len(tokens)):
        head, tail = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        if _exactly_known(head):
            rest = [tail] if _exactly_known(tail) else _side_by_side(tail)
            if rest:
                return [head, *rest]
    return None


def _exactly_known(text: str) -> bool:
    """Known to the gazetteer under this very spelling (no fuzzy match: "Octo Malt" is no misspelt body)."""
    return gaz.organisations().lookup(text, fuzzy=False) is not None
