"""Name normalisation shared by extraction, resolution and search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes made plain."""
    text = unicodedata.normalize("NFKD", text).replace("’", "'").replace("ʼ", "'")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_key(text: str) -> str:
    """The comparison key of a name: folded, punctuation as spaces, single-spaced."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(text)).split())


def slugify(text: str) -> str:
    return "-".join(name_key(text).replace("%", " pourcent").split())[:120] or "sans-nom"


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """One character in, one character out (so positions stay valid in the original text)."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c))
        if len(base) == 1 and base != char:
            table[code] = base
    table[ord("œ")], table[ord("Œ")], table[ord("æ")], table[ord("Æ")] = "o", "o", "a", "a"
    return table


def fast_fold(text: str) -> str:
    return text.lower().translate(_fold_table())


def letters_in_order(letters: str, sequence: str) -> bool:
    """Whether every letter of ``letters`` appears in ``sequence``, in order (acronyms, abbreviations)."""
    position = 0
    for letter in letters:
        position = sequence.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True
