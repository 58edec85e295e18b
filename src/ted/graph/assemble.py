"""Pure steps between resolution and the store: forgotten people out, attributes merged, names redacted,
confidences combined."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from math import prod

from ted.graph.redact import Redactor
from ted.graph.resolve import Cluster
from ted.schema import EntityType, merge_attributes


def split_forgotten(clusters: list[Cluster], is_forgotten_name: Callable[[str], bool]
                    ) -> tuple[list[Cluster], list[Cluster]]:
    """(kept, dropped): every person resolved from a forgotten name is dropped, with all their spellings.

    Done after resolution, not before, so that a new spelling in a later document
    ("Karim A.", "AIT-OUALI Karim", a typo) is recognised as the same person and dropped too."""
    kept, dropped = [], []
    for cluster in clusters:
        forgotten = cluster.type == EntityType.PERSON and any(
            is_forgotten_name(n) for r in cluster.members for n in r.names)
        (dropped if forgotten else kept).append(cluster)
    return kept, dropped


def attributes(cluster: Cluster) -> dict:
    merged: dict = dict(cluster.attributes)  # the gazetteer's acronym beats what documents spell
    for record in sorted(cluster.members, key=lambda r: (not r.primary, r.id)):
        merge_attributes(merged, record.attributes or {})
    for key, value in cluster.attributes.items():
        if value is None:  # the gazetteer knows better: no such attribute
            merged.pop(key, None)
    return merged


def scrub(value: object, redact: Redactor, context: bool | None = None) -> object:
    """Redact forgotten names inside attribute values (e.g. a programme's speakers); ``context`` as
    :meth:`Redactor.__call__` takes it."""
    if not redact:
        return value
    if isinstance(value, str):
        return redact(value, context)
    if isinstance(value, list):
        return [scrub(v, redact, context) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, redact, context) for k, v in value.items()}
    return value


# No number of documents makes an extracted fact certain: combined confidences stay below this.
CEILING = 0.99


def combined(found: Iterable[tuple[str, float]]) -> float:
    """The confidence of an entity or a relation from ``(document, confidence)`` of its mentions or statements.

    Within one document, the most trusted reading counts (a page repeating a name is one witness);
    across documents, noisy-or: each document is an independent witness, and the fact is wrong only
    if every one of them is, so 1 − Π(1 − cᵢ), rounded to three decimals and never above ``CEILING``
    unless one document alone says more. One document gives its own value back: a name only the
    language model found in one page stays doubtful, the same name in three pages does not.
    """
    best: dict[str, float] = {}
    for document, confidence in found:
        best[document] = max(best.get(document, 0.0), confidence)
    if not best:
        return 0.0
    doubt = prod(1.0 - best[d] for d in sorted(best))
    return round(min(1.0 - doubt, max(CEILING, max(best.values()))), 3)


def entity_confidence(cluster: Cluster) -> float:
    return combined((r.document, r.confidence) for r in cluster.members)
