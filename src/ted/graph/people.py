"""People's names for entity resolution: one comparison key per way of writing a name.

"Grégoire Martinon", "Gregoire MARTINON", "Gregoire MARTINON-SC" and
"MARTINON Grégoire" share the key ``gregoire martinon``; "Karim A." is an
abbreviation of "Karim Ait-Ouali"; "Elliott Knight" is a typo of
"Elliot Knight". Pure functions over strings, so each rule is testable alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ted.kb.gazetteer import organisation_variants
from ted.kb.names import fold, name_key

# An affiliation tag glued to an upper-case surname by chat tools: "MARTINON-SC", "DUPONT-EXT",
# "GARNIER-DGFIP". Tags of four letters and more must be a known body's acronym: "DUPONT-MORETTI"
# is a compound surname.
AFFILIATION = re.compile(r"(?<=\b[A-ZÀ-Ý]{2})(?P<rest>[A-ZÀ-Ý'’]*)-(?P<tag>[A-Z0-9]{1,10})$")
SHORT_TAG = 3
PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "di", "da", "del", "ben", "el"})
# "Karim A." / "Karim A": a first name then a surname initial.
SURNAME_INITIAL = re.compile(r"^(?P<first>[^\W\d_][^\W\d_'’-]+)\s+(?P<initial>[^\W\d_])\.?$")
# "K. Ait-Ouali": a first-name initial then a surname.
FIRST_INITIAL = re.compile(r"^(?P<initial>[^\W\d_])\.\s*(?P<last>[^\W\d_][^\W\d_'’ -]+)$")
WORD = re.compile(r"[^\W\d_]+")


def strip_affiliation(name: str) -> str:
    """'Gregoire MARTINON-SC' → 'Gregoire MARTINON'; other names unchanged."""
    name = " ".join(name.split())
    words = name.split(" ")
    if len(words) >= 2 and (match := AFFILIATION.search(words[-1])) and _is_tag(match["tag"]):
        words[-1] = words[-1].rsplit("-", 1)[0]
    return " ".join(words)


@lru_cache(maxsize=4096)
def _is_tag(tag: str) -> bool:
    """'SC', 'EXT': any short capitals; 'DGFIP': a longer one only if it is a known acronym."""
    if len(tag) <= SHORT_TAG:
        return True
    return any(fold(v) == fold(tag) for v in organisation_variants(tag))


def _is_caps(token: str) -> bool:
    letters = "".join(WORD.findall(token))
    return len(letters) >= 2 and letters.isupper()


def given_name_first(name: str) -> str:
    """'MARTINON Grégoire' → 'Grégoire MARTINON': upper-case surnames written first move last."""
    words = name.split(" ")
    caps = 0
    while caps < len(words) and _is_caps(words[caps]):
        caps += 1
    rest = words[caps:]
    if caps and rest and all(not _is_caps(w) and w[:1].isupper() for w in rest):
        return " ".join(rest + words[:caps])
    return name


def clean(name: str) -> str:
    return given_name_first(strip_affiliation(name))


def person_key(name: str) -> str:
    """The key under which two spellings are one person (case, accents, hyphens, tags, order)."""
    return name_key(clean(name))


def display(name: str) -> str:
    """Proper case for names written in all capitals or all lower case; particles stay lower."""
    words = clean(name).split(" ")
    out = []
    for i, word in enumerate(words):
        if not (word.isupper() or word.islower()):
            out.append(_compound(word))  # "McKay", "DeLuca": written on purpose
        elif 0 < i < len(words) - 1 and fold(word) in PARTICLES:
            out.append(word.lower())
        else:
            out.append(WORD.sub(lambda m: m.group()[0].upper() + m.group()[1:].lower(), word))
    return " ".join(out)


def _compound(word: str) -> str:
    """'Dupont-frugier' → 'Dupont-Frugier': each part of a compound name is capitalised."""
    return "-".join(p[:1].upper() + p[1:] if p.islower() and len(p) > 2 else p for p in word.split("-"))


def well_written(name: str) -> bool:
    """Already in proper case: no all-capitals surname, no all-lower-case name."""
    return display(name) == clean(name) and not any(_is_caps(w) for w in name.split())


def accents(name: str) -> int:
    return sum(1 for c in name if ord(c) > 127 and c.isalpha())


@dataclass(frozen=True)
class Abbreviation:
    """What an abbreviated name fixes: a full first name and a surname initial, or the reverse."""

    first: str  # folded first name, or its initial
    last: str   # folded surname, or its initial

    def fits(self, parts: tuple[str, str]) -> bool:
        """Whether a full name, as (first name, surname) keys, can be what was abbreviated."""
        first, last = parts
        return _agrees(self.first, first) and _agrees(self.last, last) and (
            len(self.first) > 1 or len(self.last) > 1)


def _agrees(part: str, full: str) -> bool:
    return full.startswith(part) if len(part) == 1 else full == part


def name_parts(name: str) -> tuple[str, str] | None:
    """('paul antoine', 'chevalier') for 'Paul-Antoine CHEVALIER': first word, then the rest."""
    words = clean(name).split(" ")
    if len(words) < 2 or abbreviation(name):
        return None
    first, last = name_key(words[0]), name_key(" ".join(words[1:]))
    return (first, last) if first and last else None


def abbreviation(name: str) -> Abbreviation | None:
    """'Karim A.' → Abbreviation('karim', 'a'); 'K. Ait-Ouali' → Abbreviation('k', 'ait ouali')."""
    name = " ".join(name.split())
    if match := SURNAME_INITIAL.match(name):
        return Abbreviation(name_key(match["first"]), name_key(match["initial"]))
    if match := FIRST_INITIAL.match(name):
        return Abbreviation(name_key(match["initial"]), name_key(match["last"]))
    return None


def typo_of(a: str, b: str) -> bool:
    """Two full-name keys that differ by one slip in one word: a doubled letter
    ('elliott'/'elliot') or, in a long word (7+), one edit. Shorter words with one
    letter changed ('dupont'/'dupond') and feminine forms ('françois'/'françoise')
    may be different people and are kept apart."""
    wa, wb = a.split(), b.split()
    if a == b or len(wa) != len(wb) or len(wa) < 2:
        return False
    diffs = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(diffs) != 1:
        return False
    x, y = diffs[0]
    if x[0] != y[0] or Levenshtein.distance(x, y) != 1:
        return False
    if _undoubled(x) == _undoubled(y):
        return True
    short, long = sorted((x, y), key=len)
    if long[:-1] == short and long[-1] in "es":
        return False  # 'françois'/'françoise', 'christian'/'christiane': two first names
    return len(short) >= 7


def _undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)
