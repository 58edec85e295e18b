"""The French analyser shared by indexing and querying.

Text is folded (lower case, accents removed, ligatures split) and then
stemmed with Snowball French. Doing this in Python, before the text reaches
the database, makes SQLite FTS5 and PostgreSQL tsvector see exactly the same
tokens, so both back ends rank and match alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from ted.kb import names

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
MAX_TOKEN = 40

# Function words dropped from queries (still indexed, so a query made only of
# them can fall back to matching them).
_FUNCTION_WORDS = """
a au aux avec c ce ces cet cette d dans de des du en et l la le les leur leurs lui
ma mais me mes mon ne ni nos notre nous on ou par pas pour qu que qui s sa se ses son
sur ta te tes ton tu un une vos votre vous y est sont ont ete etre avoir the of and
to in for on with at by an or is are
"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())

_stemmer = Stemmer.Stemmer("french")


def fold(text: str) -> str:
    """:func:`ted.kb.names.fold` with ligatures split: « Œuvres Données » → « oeuvres donnees »."""
    return names.fold(text.lower().translate(_LIGATURES))


def words(text: str) -> list[str]:
    """Folded word tokens of ``text`` (letters and digits only, bounded length)."""
    return [w[:MAX_TOKEN] for w in _TOKEN.findall(fold(text))]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball French stem of an already folded word."""
    return _stemmer.stemWord(word)


def analyze(text: str) -> list[str]:
    """Folded and stemmed tokens of ``text``, in order (stop words kept)."""
    return [stem(w) for w in words(text)]


def analyzed_text(text: str) -> str:
    """The space-separated form stored in the index column."""
    return " ".join(analyze(text))


def is_stopword(word: str) -> bool:
    return word in STOPWORDS
