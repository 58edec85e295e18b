"""Build the full-text index over all entities and documents (called by ``ted ingest``)."""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from ted.search import backend, snapshot
from ted.search.analyzer import analyzed_text, stem, words
from ted.search.sources import Corpus, Source, document_sources, entity_sources

DISPLAY_TEXT = 30000


def rebuild_index() -> int:
    """Replace the search index with the current graph and documents; return the number of rows."""
    backend.ensure_schema()
    corpus = Corpus()
    sources = entity_sources(corpus) + document_sources(corpus)
    rows = [_row(s) for s in sources]
    facets = [(s.ref, facet, value, label[:500]) for s in sources for facet, value, label in sorted(s.facets)]
    terms = _terms(sources)
    with transaction.atomic():
        backend.replace_rows(rows, facets, terms)
        snapshot.new_generation()
    snapshot.invalidate()
    return len(rows)


def ensure_index() -> None:
    """Build the index if this database has none yet (e.g. a store ingested before search existed)."""
    if snapshot.current() is None:
        rebuild_index()


def _row(source: Source) -> backend.Row:
    texts = (source.name, " ".join(source.aliases), " ".join(source.body + source.related),
             " ".join(source.evidence))
    display = source.evidence[0] if source.kind == "document" else "\n".join(
        [*source.body[1:], *source.evidence, " · ".join(source.related)])
    return backend.Row(ref=source.ref, kind=source.kind, name=source.name[:500], boost=source.boost,
                       path=source.path, display=display[:DISPLAY_TEXT],
                       fields=tuple(analyzed_text(t) for t in texts))


def _terms(sources: list[Source]) -> list[tuple[str, str, int]]:
    df: Counter[str] = Counter()
    for source in sources:
        text = " ".join([source.name, *source.aliases, *source.body, *source.related, *source.evidence])
        df.update({w for w in words(text) if 3 <= len(w) <= 40 and not w.isdigit()})
    return [(w, stem(w), n) for w, n in df.items()]
