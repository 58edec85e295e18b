"""Keep the names of people who asked to be forgotten (GDPR) out of every text TED stores or shows.

A forgotten name is never kept in clear: the store remembers keyed digests
(BLAKE2b with a per-database salt) of the folded word sequences that write it,
and :class:`Redactor` finds them in a text by hashing its word windows. Three
kinds of keys:

* ``full``: the ways a full name is written ("lino galiana", "galiana lino",
  "l galiana", "lino g", "galiana l", spellings the resolver merged with it such
  as "lino galianna"): replaced wherever they appear;
* ``first`` and ``last``: the first name or the surname alone, replaced only in a
  text that also names the person in full (in the same document, "Lino" or
  "Galiana" is them), and a first name is kept when a capitalised word follows
  it ("Lino Dupont" is someone else).

Matching is accent- and case-insensitive and ignores separators ("Lino
Galiana", "LINO GALIANA", "lino.galiana", "Galiana, Lino").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ted.graph.people import abbreviation, clean
from ted.kb.names import fast_fold, name_key

REDACTED = "[personne effacée]"
FULL, FIRST, LAST, START = "full", "first", "last", "start"
KINDS = (FULL, FIRST, LAST)
ALL_KINDS = (*KINDS, START)  # START: the first word of some key, so that most words cost one digest
START_MARK = "^"
_TOKEN = re.compile(r"[0-9a-z]+")
_MAX_WORDS = 6


def digest(salt: bytes, key: str) -> str:
    """The keyed digest the store keeps instead of a folded name (32 hex characters)."""
    return hashlib.blake2b(key.encode("utf-8"), key=salt[:64], digest_size=16).hexdigest()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold_same_length(text))


def variants(name: str) -> dict[str, set[str]]:
    """The folded keys, by kind, under which a person's name may be written.

    'Lino Galiana' → full: lino galiana, galiana lino, l galiana, galiana l, lino g, linogaliana, lgaliana
    and one-slip typos of the full name; first: lino; last: galiana. A one-word name gives no key: it would
    erase everyone sharing it. An abbreviated name ('Lino G.') is kept as written.
    """
    found: dict[str, set[str]] = {kind: set() for kind in ALL_KINDS}
    cleaned = clean(" ".join(name.split()))
    words = cleaned.split(" ")
    key = " ".join(tokens(cleaned))
    if len(key.split()) < 2:
        return found
    found[FULL].add(key)
    if abbreviation(cleaned) or len(words) < 2:
        return found
    first, last = " ".join(tokens(words[0])), " ".join(tokens(" ".join(words[1:])))
    if not first or not last:
        return found
    initials = " ".join(w[0] for w in first.split())
    found[FULL] |= {f"{last} {first}", f"{initials} {last}", f"{last} {initials}", f"{first} {last[0]}"}
    # Glued, as in addresses and user names: linogaliana.github.io, github.com/lgaliana.
    found[FULL] |= {f"{first}{last}".replace(" ", ""), f"{initials}{last}".replace(" ", "")}
    words = f"{first} {last}".split()
    for i, word in enumerate(words):
        for typo in typos(word):
            slipped = " ".join([*words[:i], typo, *words[i + 1:]])
            found[FULL] |= {slipped, _swap(slipped, len(first.split()))}
    found[FIRST].add(first)
    found[LAST].add(last)
    return found


def _swap(key: str, first_words: int) -> str:
    words = key.split()
    return " ".join(words[first_words:] + words[:first_words])


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typos(word: str) -> set[str]:
    """The one-slip spellings of ``word`` that resolution takes for it (``ted.graph.people.typo_of``): a letter
    doubled or undoubled; in a long word (7 letters and more), one letter changed, added or left out, but never
    the first one, nor a final 'e' or 's' added or dropped ('françois'/'françoise' are two names)."""
    found = {word[:i + 1] + word[i] + word[i + 1:] for i in range(len(word))}  # doubled
    found |= {word[:i] + word[i + 1:] for i in range(1, len(word)) if word[i] == word[i - 1]}  # undoubled
    if len(word) >= 7:
        found |= {word[:i] + c + word[i + 1:] for i in range(1, len(word)) for c in _LETTERS}
        found |= {word[:i] + c + word[i:] for i in range(1, len(word) + 1) for c in _LETTERS
                  if not (i == len(word) and c in "es")}
    if len(word) >= 8:
        found |= {word[:i] + word[i + 1:] for i in range(1, len(word) - (word[-1] in "es"))}
    found.discard(word)
    return found


def with_starts(found: dict[str, set[str]]) -> dict[str, set[str]]:
    """``found`` plus the first word of each of its keys (kind ``START``, marked so that its digest differs
    from the same word's as a first name or surname: the store keeps one kind per digest)."""
    starts = {START_MARK + key.split()[0] for kind in KINDS for key in found.get(kind, ()) if key}
    return {**found, START: set(found.get(START, ())) | starts}


@dataclass
class Redactor:
    """Finds and replaces forgotten names, given their digests by kind (see the module docstring)."""

    salt: bytes = b""
    keys: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._memo: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.keys = {kind: set(self.keys.get(kind, ())) for kind in ALL_KINDS}
        self._all = self.keys[FULL] | self.keys[FIRST] | self.keys[LAST]

    @classmethod
    def for_names(cls, names: Iterable[str], salt: bytes = b"ted") -> Redactor:
        """A redactor for names given in clear (tests, and rows left by an older TED)."""
        keys: dict[str, set[str]] = {kind: set() for kind in ALL_KINDS}
        for name in names:
            for kind, found in with_starts(variants(name)).items():
                keys[kind] |= {digest(salt, k) for k in found}
        return cls(salt, keys)

    def __bool__(self) -> bool:
        return bool(self._all)

    def is_name(self, name: str) -> bool:
        """Whether ``name`` is one of the full forms of a forgotten name (resolution drops such people)."""
        if not self:
            return False
        keys = {" ".join(tokens(name)), " ".join(tokens(clean(name))), name_key(name)}
        return any(digest(self.salt, k) in self.keys[FULL] for k in keys if k)

    def names(self, text: str) -> bool:
        """Whether ``text`` names a forgotten person in full."""
        return any(kind == FULL for kind, _, _ in self._spans(text or "", context=False))

    def mentions(self, text: str) -> bool:
        """Alias of :meth:`names` (a path such as ``_authors/lino.galiana.md`` names its person)."""
        return self.names(text)

    def __call__(self, text: str, context: bool | None = None) -> str:
        """``text`` with every forgotten name replaced by ``REDACTED``.

        ``context``: whether a first name or surname alone is replaced too; by default,
        when this very text names the person in full. Line breaks inside a replaced
        name are kept, so that line numbers stay right.
        """
        if not self or not text:
            return text
        spans = self._spans(text, context)
        if context is None and not any(kind == FULL for kind, _, _ in spans):
            spans = []
        parts, last = [], 0
        for _kind, start, end in spans:
            parts += [text[last:start], REDACTED + "\n" * text.count("\n", start, end)]
            last = end
        return "".join(parts) + text[last:] if parts else text

    def lines(self, lines: tuple[str, ...]) -> tuple[str, ...]:
        """A file's lines redacted as one text (remembered: the same files come back query after query)."""
        if not self:
            return lines
        if lines not in self._memo:
            if len(self._memo) >= 256:
                self._memo.clear()
            self._memo[lines] = tuple(self("\n".join(lines)).split("\n"))  # line breaks are kept
        return self._memo[lines]

    def _spans(self, text: str, context: bool | None) -> list[tuple[str, int, int]]:
        """(kind, start, end) of each forgotten name, longest first, left to right, never overlapping."""
        if not self or not text:
            return []
        found = list(_TOKEN.finditer(fold_same_length(text)))
        words = [m.group() for m in found]
        spans, i = [], 0
        while i < len(words):
            hit = self._match(words, i, context is not False)
            if hit is None:
                i += 1
                continue
            kind, size = hit
            start, end = found[i].start(), found[i + size - 1].end()
            if len(words[i + size - 1]) == 1 and text[end:end + 1] == ".":
                end += 1  # 'Lino G.': the abbreviation's full stop goes with it
            if kind != FIRST or not _followed_by_capital(text, end):
                spans.append((kind, start, end))
            i += size
        return spans

    def _match(self, words: list[str], i: int, alone: bool) -> tuple[str, int] | None:
        if digest(self.salt, START_MARK + words[i]) not in self.keys[START]:
            return None
        for size in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            key = digest(self.salt, " ".join(words[i:i + size]))
            if key not in self._all:
                continue
            for kind in KINDS:
                if key in self.keys[kind] and (kind == FULL or alone):
                    return kind, size
        return None


def _followed_by_capital(text: str, end: int) -> bool:
    """'Lino Dupont': the first name alone, followed by another surname."""
    rest = text[end:end + 40]
    stripped = rest.lstrip(" ")
    return len(stripped) < len(rest) and stripped[:1].isupper()


def fold_same_length(text: str) -> str:
    folded = fast_fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fast_fold(c) or " ")[0] for c in text)  # rare: a character whose lower case is longer
