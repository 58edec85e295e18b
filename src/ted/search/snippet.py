"""A short extract of a result's original text around the query's words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SCAN = 20000
WIDTH = 220
BEFORE = 60
_SPACES = re.compile(r"\s+")


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


def snippet(text: str, stems: list[str]) -> str:
    """About ``WIDTH`` characters of ``text`` holding as many of the query stems as possible."""
    text = text[:SCAN]
    folded = fast_fold(text)
    hits = _occurrences(folded, stems)
    if not hits:
        return _clean(text[:WIDTH]) + ("…" if len(text) > WIDTH else "")
    start = max(_best_start(hits) - BEFORE, 0)
    start = _word_start(text, start)
    end = min(start + WIDTH, len(text))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + _clean(text[start:end]) + suffix


def _occurrences(folded: str, stems: list[str]) -> list[tuple[int, str]]:
    hits = []
    for stem in {s for s in stems if len(s) >= 2}:
        for found in re.finditer(r"(?<![^\W_])" + re.escape(stem), folded):
            hits.append((found.start(), stem))
            if len(hits) > 400:
                break
    return sorted(hits)


def _best_start(hits: list[tuple[int, str]]) -> int:
    best, best_count = hits[0][0], 0
    for position, _ in hits:
        count = len({s for p, s in hits if position <= p < position + WIDTH - BEFORE})
        if count > best_count:
            best, best_count = position, count
    return best


def _word_start(text: str, start: int) -> int:
    if start == 0:
        return 0
    space = text.rfind(" ", max(start - 20, 0), start)
    return space + 1 if space >= 0 else start


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
