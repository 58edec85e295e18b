"""Keep the names of people who asked to be forgotten (GDPR) out of the search index and the evidence.

The graph already drops them (``ted forget``); documents still hold their
names, so every text that reaches the index, a snippet or an expert's
evidence goes through :class:`Redactor` first. Matching is accent- and
case-insensitive and tolerant of separators ("Kim Montalibet",
"KIM MONTALIBET", "kim.montalibet", "Montalibet Kim").
"""

from __future__ import annotations

import re

from ted.kb.names import fast_fold

REDACTED = "[personne effacée]"


class Redactor:
    def __init__(self, keys: list[str]) -> None:
        patterns = sorted({p for key in keys for p in _patterns(key)}, key=len, reverse=True)
        self._regex = re.compile("|".join(patterns)) if patterns else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def mentions(self, text: str) -> bool:
        return bool(self._regex and text and self._regex.search(fold_same_length(text)))

    def __call__(self, text: str) -> str:
        if not self._regex or not text:
            return text
        folded = fold_same_length(text)
        parts, last = [], 0
        for found in self._regex.finditer(folded):
            parts += [text[last:found.start()], REDACTED]
            last = found.end()
        return "".join(parts) + text[last:] if parts else text


def _patterns(key: str) -> list[str]:
    words = key.split()
    if not words:
        return []
    orders = [words] + ([list(reversed(words))] if len(words) == 2 else [])
    return [r"(?<![0-9a-z])" + r"[^0-9a-z]+".join(re.escape(w) for w in order) + r"(?![0-9a-z])"
            for order in orders]


def fold_same_length(text: str) -> str:
    folded = fast_fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fast_fold(c) or " ")[0] for c in text)  # rare: a character whose lower case is longer
