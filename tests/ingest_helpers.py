"""In-process ingestion of a few folders into the test store (graph and search index), for page and API checks."""

from __future__ import annotations

from pathlib import Path


def ingest_folders(*folders: Path) -> None:
    """Empty the in-process store and ingest ``folders`` (each its own root)."""
    from ted.services.ingest import ingest
    from ted.store import models as m

    for model in (m.RelationEvidence, m.Relation, m.EntityEvidence, m.Alias, m.Entity,
                  m.Statement, m.Mention, m.Document, m.State, m.Forgotten, m.Decision):
        model.objects.all().delete()
    ingest(list(folders))
