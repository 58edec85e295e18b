"""Pure steps between resolution and the store: forgotten people out, attributes merged, names redacted,
confidences combined."""

from __future__ import annotations

from collections.abc import Iterable
from math import prod

from ted.graph.people import person_key
from ted.graph.redact import Redactor
from ted.graph.resolve import Cluster
from ted.kb.names import name_key
from ted.schema import EntityType, merge_attributes


def without_forgotten(clusters: list[Cluster], forgotten: set[str]) -> list[Cluster]:
    """Drop every person resolved from a forgotten name, with all their spellings.

    Done after resolution, not before, so that a new spelling in a later document
    ("Karim A.", "AIT-OUALI Karim") is recognised as the same person and dropped too."""
    if not forgotten:
        return clusters

    def is_forgotten(cluster: Cluster) -> bool:
        return cluster.type == EntityType.PERSON and any(
            name_key(n) in forgotten or person_key(n) in forgotten for r in cluster.members for n in r.names)

    return [c for c in clusters if not is_forgotten(c)]


def attributes(cluster: Cluster) -> dict:
    merged: dict = dict(cluster.attributes)  # the gazetteer's acronym beats what documents spell
    for record in sorted(cluster.members, key=lambda r: (not r.primary, r.id)):
        merge_attributes(merged, record.attributes or {})
    for key, value in cluster.attributes.items():
        if value is None:  # the gazetteer knows better: no such attribute
            merged.pop(key, None)
    return merged


def scrub(value: object, redact: Redactor) -> object:
    """Redact forgotten names inside attribute values (e.g. a programme's speakers)."""
    if not redact:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [scrub(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, redact) for k, v in value.items()}
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
