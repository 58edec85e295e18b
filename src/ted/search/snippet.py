"""A short extract of a result's original text around the query's words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ted.kb.names import fast_fold

SCAN = 20000
MAX_HITS = 200
WIDTH = 220
BEFORE = 60
_SPACES = re.compile(r"\s+")


def snippet(text: str, stems: Sequence[str], folded: str | None = None) -> str:
    """About ``WIDTH`` characters of ``text`` holding as many of the query stems as possible.

    ``folded`` is ``fast_fold(text)`` when the caller has it already (the index stores it).
    """
    text = text[:SCAN]
    folded = folded[:SCAN] if folded is not None and len(folded) >= len(text) else fast_fold(text)
    hits = _occurrences(folded, stems)
    if not hits:
        return _clean(text[:WIDTH]) + ("…" if len(text) > WIDTH else "")
    start = max(_best_start(hits) - BEFORE, 0)
    start = _word_start(text, start)
    end = min(start + WIDTH, len(text))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + _clean(text[start:end]) + suffix


@lru_cache(maxsize=512)
def _pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(r"(?<![^\W_])(?:" + alternatives + ")")


def _occurrences(folded: str, stems: Sequence[str]) -> list[tuple[int, str]]:
    wanted = tuple(sorted({s for s in stems if len(s) >= 2}))
    if not wanted:
        return []
    hits = []
    for found in _pattern(wanted).finditer(folded):
        hits.append((found.start(), found.group()))
        if len(hits) >= MAX_HITS:
            break
    return hits


def _best_start(hits: list[tuple[int, str]]) -> int:
    """Start of the window (sliding over the sorted hits) holding the most distinct stems."""
    best, best_count, low = hits[0][0], 0, 0
    span = WIDTH - BEFORE
    for high in range(len(hits)):
        while hits[high][0] - hits[low][0] >= span:
            low += 1
        count = len({s for _, s in hits[low:high + 1]})
        if count > best_count:
            best, best_count = hits[low][0], count
    return best


def _word_start(text: str, start: int) -> int:
    if start == 0:
        return 0
    space = text.rfind(" ", max(start - 20, 0), start)
    return space + 1 if space >= 0 else start


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
