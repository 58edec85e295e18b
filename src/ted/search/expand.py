"""Turn the words of a query into groups of alternatives: the words, synonyms, acronyms, corrections.

Synonyms and acronyms come from the project's gazetteer and skills thesaurus
(:mod:`ted.kb.gazetteer`), from the aliases of the entities in the graph,
and from a small built-in list of community spellings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from ted.kb import gazetteer
from ted.search.analyzer import STOPWORDS, stem, words
from ted.search.expression import Group, Phrase
from ted.search.snapshot import Snapshot

MAX_NGRAM = 5
MAX_ALTERNATIVES = 8

# A few community spellings the thesaurus may not hold, added to its synonyms.
_FALLBACK = [
    ["ocr", "reconnaissance optique de caracteres", "reconnaissance de caracteres"],
    ["dataviz", "visualisation de donnees", "data visualisation", "data visualization", "datavisualisation"],
    ["tal", "nlp", "traitement automatique des langues", "traitement automatique du langage naturel"],
    ["ia", "intelligence artificielle", "ai", "artificial intelligence"],
    ["ml", "machine learning", "apprentissage automatique"],
    ["sig", "cartographie", "systeme d information geographique"],
    ["open data", "donnees ouvertes", "opendata"],
]


def _fallback_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for synonyms in _FALLBACK:
        for term in synonyms:
            table[term] = [s for s in synonyms if s != term]
    return table


_FALLBACK_TABLE = _fallback_table()


def _gazetteer() -> list[Callable[[str], Iterable[str]]]:
    return [gazetteer.skill_synonyms, gazetteer.organisation_variants, gazetteer.skill_narrower]


@lru_cache(maxsize=4096)
def synonyms(phrase: str) -> tuple[str, ...]:
    """Equivalent terms for a folded phrase (gazetteer first, then the built-in list).

    A field also brings its tools (narrower skills): who knows pandas knows some Python.
    """
    found: list[str] = []
    for function in _gazetteer():
        found += function(phrase)
    found += _FALLBACK_TABLE.get(phrase, [])
    key = " ".join(words(phrase))
    return tuple(dict.fromkeys(s for s in found if " ".join(words(s)) != key))


def alternative(text_words: list[str], snap: Snapshot, prefix_last: bool = False) -> tuple[Phrase, ...]:
    """An AND of the content words of a phrase.

    A word whose stem is in the index matches that stem exactly (so "insee" does
    not also find "insertion"); other words match as prefixes when long enough,
    or when they are the last word typed ("cartog" → cartographie).
    """
    content = [w for w in text_words if w not in STOPWORDS] or text_words
    phrases = []
    for i, word in enumerate(content):
        token = stem(word)
        is_last = prefix_last and i == len(content) - 1
        unknown = not snap.vocabulary.knows(token, prefix=False)
        phrases.append(Phrase((token,), prefix=unknown and (len(token) >= 4 or (is_last and len(token) >= 3))))
    return tuple(phrases)


def groups_for(query_words: list[str], snap: Snapshot) -> list[Group]:
    """One group per concept; multi-word synonyms and aliases are recognised greedily, longest first."""
    groups, i = [], 0
    while i < len(query_words):
        size, extra = _longest_known(query_words, i, snap)
        chunk = query_words[i:i + size]
        if size == 1 and chunk[0] in STOPWORDS and not extra:
            i += 1
            continue
        group = Group(" ".join(chunk))
        group.add(*alternative(chunk, snap, prefix_last=i + size == len(query_words)))
        for term in extra[:MAX_ALTERNATIVES]:
            group.add(*alternative(words(term), snap))
        groups.append(group)
        i += size
    if not groups and query_words:  # only stop words: search them as typed
        group = Group(" ".join(query_words))
        group.add(*[Phrase((stem(w),)) for w in query_words])
        groups.append(group)
    return groups


def _longest_known(query_words: list[str], start: int, snap: Snapshot) -> tuple[int, list[str]]:
    for size in range(min(MAX_NGRAM, len(query_words) - start), 0, -1):
        chunk = query_words[start:start + size]
        if size > 1 and (chunk[0] in STOPWORDS or chunk[-1] in STOPWORDS):
            continue  # "de données" is not a term of its own: spare the look-ups
        phrase = " ".join(chunk)
        extra = list(synonyms(phrase)) + sorted(snap.aliases.get(phrase, ()))
        if extra:
            return size, extra
    return 1, []


def add_corrections(groups: list[Group], snap: Snapshot) -> list[str]:
    """Add spelling corrections for the words the index does not know; return the corrected words."""
    corrected = []
    for group in groups:
        label = group.label.split()
        if len(label) != 1 or label[0] in STOPWORDS:
            continue
        if snap.vocabulary.knows(stem(label[0]), prefix=True):
            continue
        for word in snap.vocabulary.corrections(label[0]):
            group.add(Phrase((stem(word),)))
            corrected.append(word)
    return corrected
