"""In-memory views of the index (entries, facets, vocabulary, aliases), cached per index generation.

``rebuild_index`` writes a new generation id into the ``State`` table; every
process (CLI, web server threads) compares it on each query (one primary-key
lookup) and reloads its caches when the index was rebuilt, by itself or by
another process.
"""

from __future__ import annotations

import threading
import uuid
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import DatabaseError, connection
from rapidfuzz import fuzz, process

from ted.kb import gazetteer
from ted.search import backend
from ted.search.analyzer import analyze, fold, words
from ted.store import models as m

GENERATION_KEY = "search_generation"
BUILT_AT_KEY = "search_built_at"  # when the index (hence the graph it mirrors) last changed, ISO 8601 UTC
_lock = threading.Lock()
_current: Snapshot | None = None


@dataclass
class Vocabulary:
    """Folded words of the index with their stem and document frequency, for typo correction."""

    df: dict[str, int]
    stem_of: dict[str, str]
    stems: list[str] = field(default_factory=list)  # sorted, for prefix look-ups

    def __post_init__(self) -> None:
        self.stems = sorted(set(self.stem_of.values()))
        self._choices = list(self.df)

    def knows(self, stem: str, prefix: bool) -> bool:
        """Whether ``stem`` (or, for a prefix, some longer stem) is in the index."""
        i = bisect_left(self.stems, stem)
        return i < len(self.stems) and (self.stems[i] == stem or (prefix and self.stems[i].startswith(stem)))

    def corrections(self, word: str, limit: int = 2) -> list[str]:
        """Indexed words close to ``word`` (edit-distance similarity), most frequent first."""
        if len(word) < 4 or word.isdigit():
            return []
        cutoff = 75 if len(word) <= 5 else 80
        found = process.extract(word, self._choices, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff)
        ranked = sorted(found, key=lambda f: (-round(f[1] / 5), -self.df[f[0]]))
        return [w for w, _, _ in ranked if w != word][:limit]


@dataclass
class Snapshot:
    generation: str
    entries: dict[str, tuple[str, str, float, str]]  # ref → (kind, name, boost, path)
    facets: dict[str, list[tuple[str, str, str]]]  # ref → [(facet, value, label)]
    labels: dict[tuple[str, str], str]  # (facet, value) → label
    vocabulary: Vocabulary
    aliases: dict[str, set[str]]  # folded alias or name → other names of the same entity
    name_stems: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ref → analysed name

    def __post_init__(self) -> None:
        self.name_stems = {ref: tuple(analyze(entry[1])) for ref, entry in self.entries.items()}


def current() -> Snapshot | None:
    """The snapshot for the index in the database now, or None when there is no index yet."""
    global _current
    generation = _generation()
    if generation is None:
        return None
    if _current is not None and _current.generation == generation:
        return _current
    with _lock:
        if _current is None or _current.generation != generation:
            _current = _load(generation)
        return _current


def new_generation() -> str:
    value = uuid.uuid4().hex
    m.State.objects.update_or_create(key=GENERATION_KEY, defaults={"value": value})
    m.State.objects.update_or_create(key=BUILT_AT_KEY, defaults={"value": datetime.now(UTC).isoformat()})
    return value


def version() -> tuple[str, datetime | None] | None:
    """(generation, when it was built) of the index in the database now; None without an index.

    One query, for HTTP validators: every page and API answer is a function of the graph,
    which changes only with the index generation."""
    table = m.State._meta.db_table
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT key, value FROM {table} WHERE key IN (%s, %s)", [GENERATION_KEY, BUILT_AT_KEY])
            values = dict(cursor.fetchall())
    except DatabaseError:
        return None
    if not values.get(GENERATION_KEY):
        return None
    try:
        built = datetime.fromisoformat(values[BUILT_AT_KEY]) if values.get(BUILT_AT_KEY) else None
    except ValueError:
        built = None
    return values[GENERATION_KEY], built


def invalidate() -> None:
    global _current
    _current = None


def _generation() -> str | None:
    table = m.State._meta.db_table
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {table} WHERE key = %s", [GENERATION_KEY])
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return row[0] if row and row[0] else None


def _load(generation: str) -> Snapshot:
    facets: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    labels = {}
    for ref, facet, value, label in backend.load_facets():
        facets[ref].append((facet, value, label))
        labels[(facet, value)] = label
    df, stem_of = {}, {}
    for word, stem, count in backend.load_terms():
        df[word], stem_of[word] = int(count), stem
    _warm_gazetteer()
    return Snapshot(generation, backend.load_entries(), dict(facets), labels,
                    Vocabulary(df, stem_of), _aliases())


def _warm_gazetteer() -> None:
    """Load the gazetteer's data files now rather than during the first query."""
    gazetteer.skills()
    gazetteer.organisations()


def _aliases() -> dict[str, set[str]]:
    """Both directions between an entity's name and its aliases and acronym (short forms only)."""
    names: dict[str, set[str]] = defaultdict(set)
    for entity in m.Entity.objects.only("id", "name", "attributes"):
        acronym = (entity.attributes or {}).get("acronym")
        if isinstance(acronym, str) and acronym.strip():
            names[entity.id] |= {entity.name, acronym}
    for entity_id, name, alias in m.Alias.objects.values_list("entity_id", "entity__name", "name"):
        names[entity_id] |= {name, alias}
    table: dict[str, set[str]] = defaultdict(set)
    for group in names.values():
        for form in group:
            key = " ".join(words(form))
            if key and len(key.split()) <= 6:
                table[key] |= {g for g in group if fold(g) != fold(form)}
    return dict(table)
