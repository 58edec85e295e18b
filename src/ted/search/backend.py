"""Vendor-specific storage of the search index: SQLite FTS5 or PostgreSQL tsvector/GIN.

The index is derived data, rebuilt from the graph after every ingest, so its
tables are created here (idempotently, versioned by ``SCHEMA_VERSION`` in the
``State`` table) rather than by a Django migration: no migration-graph
conflicts with the store's own migrations, vendor DDL in one place, and a
schema change only means "drop and rebuild".

Four tables, same names on both back ends:

* ``ted_search``: the full-text rows (analysed text in four weighted columns);
* ``ted_search_entry``: per row, its kind, display name, boost, path and the
  original text used for snippets;
* ``ted_search_facet``: per row, its facet values (organisation, skill, ...);
* ``ted_search_term``: the vocabulary (folded word → stem, document frequency)
  for typo correction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import DatabaseError, connection

from ted.kb.names import fast_fold
from ted.store.models import State

SCHEMA_VERSION = "4"
# Column weights: name, aliases, body (attributes, related names), evidence (quotes, documents).
WEIGHTS = (10.0, 6.0, 2.0, 1.0)
MAX_MATCHES = 5000

_PLAIN_TABLES = [
    "CREATE TABLE IF NOT EXISTS ted_search_entry (ref VARCHAR(400) PRIMARY KEY, kind VARCHAR(20), "
    "name TEXT, boost REAL, path TEXT, display TEXT, folded TEXT)",
    "CREATE TABLE IF NOT EXISTS ted_search_facet (ref VARCHAR(400), facet VARCHAR(20), value TEXT, label TEXT)",
    "CREATE INDEX IF NOT EXISTS ted_search_facet_ref ON ted_search_facet (ref)",
    "CREATE TABLE IF NOT EXISTS ted_search_term (word VARCHAR(60) PRIMARY KEY, stem VARCHAR(60), df INTEGER)",
]
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS ted_search USING fts5(ref UNINDEXED, name, aliases, body, evidence, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
_PG_FTS = [
    "CREATE TABLE IF NOT EXISTS ted_search (ref VARCHAR(400) PRIMARY KEY, name TEXT, aliases TEXT, body TEXT, "
    "evidence TEXT, tsv TSVECTOR)",
    "CREATE INDEX IF NOT EXISTS ted_search_tsv ON ted_search USING GIN (tsv)",
]
_TABLES = ["ted_search", "ted_search_entry", "ted_search_facet", "ted_search_term"]


@dataclass
class Row:
    ref: str
    kind: str
    name: str  # display name
    boost: float
    path: str
    display: str  # original text, for snippets
    fields: tuple[str, str, str, str]  # analysed name, aliases, body, evidence


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def ensure_schema() -> None:
    """Create the index tables, dropping them first when their layout is outdated."""
    state = State.objects.filter(key="search_schema").first()
    if state is None or state.value != SCHEMA_VERSION:
        drop_schema()
    with connection.cursor() as cursor:
        for sql in _PLAIN_TABLES + (_PG_FTS if is_postgres() else [_SQLITE_FTS]):
            cursor.execute(sql)
    State.objects.update_or_create(key="search_schema", defaults={"value": SCHEMA_VERSION})


def drop_schema() -> None:
    with connection.cursor() as cursor:
        for table in _TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def exists() -> bool:
    return "ted_search" in connection.introspection.table_names()


def replace_rows(rows: Sequence[Row], facets: Iterable[tuple[str, str, str, str]],
                 terms: Iterable[tuple[str, str, int]]) -> None:
    """Replace the whole content of the index (call inside a transaction)."""
    with connection.cursor() as cursor:
        for table in _TABLES:
            cursor.execute(f"DELETE FROM {table}")
        cursor.executemany("INSERT INTO ted_search (ref, name, aliases, body, evidence) VALUES (%s, %s, %s, %s, %s)",
                           [(r.ref, *r.fields) for r in rows])
        cursor.executemany("INSERT INTO ted_search_entry (ref, kind, name, boost, path, display, folded) "
                           "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                           [(r.ref, r.kind, r.name, r.boost, r.path, r.display, fast_fold(r.display))
                            for r in rows])
        cursor.executemany("INSERT INTO ted_search_facet (ref, facet, value, label) VALUES (%s, %s, %s, %s)",
                           list(facets))
        cursor.executemany("INSERT INTO ted_search_term (word, stem, df) VALUES (%s, %s, %s)", list(terms))
        _finish(cursor)


def _finish(cursor) -> None:  # noqa: ANN001 - a DB-API cursor
    if is_postgres():
        cursor.execute(
            "UPDATE ted_search SET tsv = setweight(to_tsvector('simple', coalesce(name, '')), 'A') || "
            "setweight(to_tsvector('simple', coalesce(aliases, '')), 'B') || "
            "setweight(to_tsvector('simple', coalesce(body, '')), 'C') || "
            "setweight(to_tsvector('simple', coalesce(evidence, '')), 'D')")
    else:
        cursor.execute("INSERT INTO ted_search (ted_search) VALUES ('optimize')")


def match(expression: str, limit: int = MAX_MATCHES) -> list[tuple[str, float]]:
    """All rows matching a rendered expression, with their text relevance (higher is better)."""
    if not expression:
        return []
    sql = _PG_MATCH if is_postgres() else _SQLITE_MATCH
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit])
            return [(ref, float(score)) for ref, score in cursor.fetchall()]
    except DatabaseError:
        # The renderers only emit quoted letter/digit tokens, so this is not expected;
        # a broken index must still not turn a user query into a server error.
        return []


_W = WEIGHTS
_SQLITE_MATCH = (
    f"SELECT ref, -bm25(ted_search, 0, {_W[0]}, {_W[1]}, {_W[2]}, {_W[3]}) AS score FROM ted_search "
    "WHERE ted_search MATCH %s ORDER BY score DESC LIMIT %s"
)
# ts_rank_cd weights are listed {D, C, B, A}; scaled so that both back ends give similar magnitudes.
_PG_MATCH = (
    f"SELECT ref, 10 * ts_rank_cd('{{{_W[3] / _W[0]}, {_W[2] / _W[0]}, {_W[1] / _W[0]}, 1.0}}', tsv, q, 1) "
    "AS score FROM ted_search, to_tsquery('simple', %s) q WHERE tsv @@ q ORDER BY score DESC LIMIT %s"
)


def raw_match_sql() -> str:
    """The bare full-text query (for the latency benchmark)."""
    return _PG_MATCH if is_postgres() else _SQLITE_MATCH


def load_entries() -> dict[str, tuple[str, str, float, str]]:
    """ref → (kind, name, boost, path)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ref, kind, name, boost, path FROM ted_search_entry")
        return {ref: (kind, name, float(boost or 1.0), path or "") for ref, kind, name, boost, path in cursor}


def load_facets() -> list[tuple[str, str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ref, facet, value, label FROM ted_search_facet")
        return list(cursor.fetchall())


def load_terms() -> list[tuple[str, str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, stem, df FROM ted_search_term")
        return list(cursor.fetchall())


def load_display(refs: Sequence[str]) -> dict[str, tuple[str, str]]:
    """ref → (original text, its folded form) for the snippets of one page of results."""
    if not refs:
        return {}
    marks = ", ".join(["%s"] * len(refs))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ref, display, folded FROM ted_search_entry WHERE ref IN ({marks})", list(refs))
        return {ref: (display or "", folded or "") for ref, display, folded in cursor.fetchall()}
