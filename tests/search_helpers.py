"""Shared set-up for the search tests: the small French fixture corpus, ingested once per module."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "fixtures" / "search"


def ingest_fixtures() -> None:
    """Empty the in-process store and ingest tests/fixtures/search (graph and search index)."""
    from ted.services.ingest import ingest
    from ted.store import models as m

    for model in (m.RelationEvidence, m.Relation, m.EntityEvidence, m.Alias, m.Entity,
                  m.Statement, m.Mention, m.Document, m.State, getattr(m, "Forgotten", None)):
        if model is not None:
            model.objects.all().delete()
    ingest([CORPUS])


def ids(results) -> list[str]:  # noqa: ANN001 - SearchResults or list of hits
    hits = getattr(results, "results", results)
    return [h.id for h in hits]


def entity_id(name: str, type_: str) -> str:
    """The id of the entity called ``name`` (or with that alias), whatever canonical name extraction chose."""
    from ted.search.analyzer import fold
    from ted.store import models as m

    for entity in m.Entity.objects.filter(type=type_).prefetch_related("aliases"):
        if fold(name) in {fold(entity.name), *(fold(a.name) for a in entity.aliases.all())}:
            return entity.id
    raise AssertionError(f"no {type_} called {name!r}")
