"""Keeping the derived data in step: the resolved graph and the search index rebuilt from stored mentions.

The graph, the purge of forgotten people and the index are written in one transaction with
the ``graph_dirty`` flag cleared last: a run killed at any moment leaves either the previous
graph and index with the flag still set (the next run rebuilds both), or the new ones.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from ted.crashpoint import reached
from ted.graph.assemble import split_forgotten
from ted.graph.resolve import Cluster, resolve
from ted.search import index
from ted.services import replay
from ted.store import forgotten
from ted.store.graph import entity_counts, graph_dirty, load_records, set_graph_dirty, write_graph


def rebuild_graph() -> dict[str, int]:
    """Resolve every stored mention and replace the graph; return the number of entities by type.

    People who asked to be forgotten are dropped after resolution (so every spelling of them
    goes), and the stored documents are purged of them before the graph is written. Curation
    decisions are then replayed (``ted.services.replay``): entity decisions on the clusters,
    relation decisions on the written relations.
    """
    redact = forgotten.redactor()
    records, mention_of = load_records()
    clusters, dropped = split_forgotten(resolve(records), redact.is_name)
    if redact and _purge(dropped, mention_of):
        redact = forgotten.redactor()
        records, mention_of = load_records()
        clusters, _ = split_forgotten(resolve(records), redact.is_name)
    reached("graph:purged")
    clusters, outcomes = replay.curate(clusters, redact)  # curators' decisions, replayed on every rebuild
    write_graph(clusters, mention_of, redact)  # forgotten names also leave others' quotes and attributes
    replay.finish(outcomes, clusters, mention_of)
    reached("graph:written")
    counts: dict[str, int] = defaultdict(int)
    for cluster in clusters:
        counts[cluster.type] += 1
    return dict(counts)


def _purge(dropped: list[Cluster], mention_of: dict[int, int]) -> bool:
    """Remember the spellings resolution found for forgotten people (typos, initials), then purge the store."""
    forgotten.remember({name for cluster in dropped for record in cluster.members for name in record.names})
    ids = {mention_of[record.id] for cluster in dropped for record in cluster.members}
    return forgotten.purge(forgotten.redactor(), ids)


def refresh_graph() -> dict[str, int]:
    """Rebuild the graph and the index derived from it when documents (or curation) changed."""
    if not graph_dirty():
        return entity_counts()
    return rebuild()


def rebuild() -> dict[str, int]:
    """Rebuild graph and index whatever the dirty flag says, in one transaction that clears the flag."""
    with transaction.atomic():
        counts = rebuild_graph()
        index.rebuild_index()
        reached("index:written")
        set_graph_dirty(False)
    reached("graph:committed")
    if forgotten.any_forgotten():
        forgotten.release_disk()  # the pages that held a forgotten name leave the write-ahead log too
    return counts


def ensure_index() -> None:
    """Build the search index when this database has none yet (a store ingested by an older TED)."""
    index.ensure_index()
