"""``ted export --format jsonl``: the export contract of TED.md (entities first, then relations).

Every line ends with the fact's ``confidence`` (0–1, three decimals), a field added to the
contract after the others so that their order never changes. An entity or a relation that a
curation decision changed then says so: ``"curated": true`` and the ids of those ``decisions``
(``ted curate list``); lines no decision touched are unchanged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from ted.store import models as m
from ted.store.decisions import marks


def shown(confidence: float) -> float:
    """A confidence as exports write it: three decimals, within [0, 1]."""
    return round(min(max(confidence, 0.0), 1.0), 3)


def entity_records() -> Iterator[dict]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for entity_id, name in m.Alias.objects.values_list("entity_id", "name").order_by("entity_id", "name"):
        aliases[entity_id].append(name)
    sources: dict[str, set[str]] = defaultdict(set)
    for entity_id, path in m.EntityEvidence.objects.values_list("entity_id", "document__path"):
        sources[entity_id].add(path)
    curated, _ = marks()
    for entity in m.Entity.objects.order_by("type", "id").iterator():
        yield _curated({
            "kind": "entity", "id": entity.id, "type": entity.type, "name": entity.name,
            "aliases": aliases.get(entity.id, []), "attributes": entity.attributes or {},
            "sources": sorted(sources.get(entity.id, ())), "confidence": shown(entity.confidence),
        }, curated.get(entity.id))


def _curated(record: dict, decisions: list[str] | None) -> dict:
    """The record, with ``curated`` and the decisions' ids when curation changed it."""
    if decisions:
        record.update(curated=True, decisions=list(decisions))
    return record


def relation_evidence(relation_ids: Iterable[int] | None = None) -> dict[int, list[dict]]:
    """Relation id → its evidence as the contract writes it, by document path and line (all relations'
    when ``relation_ids`` is None)."""
    rows = m.RelationEvidence.objects.all()
    if relation_ids is not None:
        rows = rows.filter(relation_id__in=list(relation_ids))
    evidence: dict[int, list[dict]] = defaultdict(list)
    for rel_id, path, line, quote in rows.values_list(
            "relation_id", "document__path", "line", "quote").order_by("relation_id", "document__path", "line"):
        evidence[rel_id].append({"document": path, "line": line, "quote": quote})
    return evidence


def relation_records() -> Iterator[dict]:
    evidence = relation_evidence()
    _, curated = marks()
    for relation in m.Relation.objects.order_by("type", "source_id", "target_id").iterator():
        yield _curated({
            "kind": "relation", "type": relation.type, "source": relation.source_id,
            "target": relation.target_id, "evidence": evidence.get(relation.id, []),
            "confidence": shown(relation.confidence),
        }, curated.get((relation.type, relation.source_id, relation.target_id)))


def export_jsonl(out) -> int:
    count = 0
    for record in [*entity_records(), *relation_records()]:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
