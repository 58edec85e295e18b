"""Keeping the derived data in step: the resolved graph and the search index rebuilt from stored mentions."""

from __future__ import annotations

from collections import defaultdict

from ted.graph.assemble import without_forgotten
from ted.graph.resolve import resolve
from ted.search import index
from ted.store.forgotten import forgotten_keys, redactor
from ted.store.graph import entity_counts, graph_dirty, load_records, write_graph


def rebuild_graph() -> dict[str, int]:
    """Resolve every stored mention and replace the graph; return the number of entities by type."""
    records, mention_of = load_records()
    clusters = without_forgotten(resolve(records), forgotten_keys())
    write_graph(clusters, mention_of, redactor())  # forgotten names also leave others' quotes and attributes
    counts: dict[str, int] = defaultdict(int)
    for cluster in clusters:
        counts[cluster.type] += 1
    return dict(counts)


def refresh_graph() -> dict[str, int]:
    """Rebuild the graph and the index derived from it when documents (or curation) changed."""
    if not graph_dirty():
        return entity_counts()
    counts = rebuild_graph()
    index.rebuild_index()
    return counts


def rebuild() -> dict[str, int]:
    """Rebuild graph and index whatever the dirty flag says."""
    counts = rebuild_graph()
    index.rebuild_index()
    return counts


def ensure_index() -> None:
    """Build the search index when this database has none yet (a store ingested by an older TED)."""
    index.ensure_index()
