"""What the web shows about one entity: its relations grouped by meaning, with evidence.

One function builds a plain dict used by the HTML page, its JSON twin and the API,
so the three always agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ted.schema import RELATION_LABELS, E, R, label
from ted.search.snippet import readable
from ted.store import models as m
from ted.store.decisions import added_relations
from ted.web.documents import document_url
from ted.web.searching import valid_id

# A section gathers relations by (direction, relation type, type of the other end).
# "out": this entity is the source; "in": it is the target. None matches any type.
# Every entity type has its sections, and every relation the schema allows lands in one of them
# at both ends (tests/test_schema_tables.py); the rest would show under "Autres liens".
Rule = tuple[str, R, E | None]
SECTIONS: dict[E, list[tuple[str, str, list[Rule]]]] = {
    E.PERSON: [
        ("organisations", "Organisations", [("out", R.MEMBER_OF, None)]),
        ("projects", "Projets", [("out", R.WORKS_ON, None)]),
        ("events", "Événements", [("out", R.SPEAKER_AT, None), ("out", R.PARTICIPANT_IN, None),
                                  ("out", R.ORGANISER_OF, None)]),
        ("skills", "Compétences", [("out", R.HAS_SKILL, None)]),
    ],
    E.ORGANISATION: [
        ("parents", "Rattachée à", [("out", R.PART_OF, None)]),
        ("children", "Sous-organisations", [("in", R.PART_OF, E.ORGANISATION)]),
        ("members", "Membres", [("in", R.MEMBER_OF, None)]),
        ("projects", "Projets", [("out", R.WORKS_ON, None)]),
        ("events", "Événements", [("out", R.ORGANISER_OF, None), ("out", R.PARTICIPANT_IN, None)]),
    ],
    E.PROJECT: [
        ("team", "Équipe", [("in", R.WORKS_ON, E.PERSON)]),
        ("organisations", "Organisations", [("in", R.WORKS_ON, E.ORGANISATION)]),
        ("events", "Événements", [("out", R.PRESENTED_AT, None)]),
        ("skills", "Thèmes et compétences", [("out", R.ABOUT, None)]),
        ("parents", "Fait partie de", [("out", R.PART_OF, None)]),
        ("children", "Sous-projets", [("in", R.PART_OF, None)]),
    ],
    E.EVENT: [
        ("speakers", "Intervenants", [("in", R.SPEAKER_AT, None)]),
        ("organisers", "Organisateurs", [("in", R.ORGANISER_OF, None)]),
        ("participants", "Participants", [("in", R.PARTICIPANT_IN, None)]),
        ("projects", "Projets présentés", [("in", R.PRESENTED_AT, None)]),
        ("skills", "Thèmes", [("out", R.ABOUT, None)]),
        ("parents", "Fait partie de", [("out", R.PART_OF, None)]),
        ("children", "Sessions", [("in", R.PART_OF, None)]),
    ],
    E.SKILL: [
        ("people", "Personnes qui déclarent cette compétence", [("in", R.HAS_SKILL, None)]),
        ("topics", "Projets et événements sur ce thème", [("in", R.ABOUT, None)]),
    ],
}


def _links(entity: m.Entity) -> list[tuple[str, m.Relation, m.Entity]]:
    out = [("out", r, r.target) for r in entity.outgoing.select_related("target")]
    incoming = [("in", r, r.source) for r in entity.incoming.select_related("source")]
    return out + incoming


def _section_key(sections: list[tuple[str, str, list[Rule]]], direction: str, relation: m.Relation,
                 other: m.Entity) -> str:
    for key, _title, rules in sections:
        for rule_direction, rule_type, other_type in rules:
            if (rule_direction == direction and rule_type == relation.type
                    and other_type in (None, other.type)):
                return key
    return "other"


def evidence_item(document_id: int, path: str, line: int, quote: str) -> dict[str, Any]:
    """One piece of evidence: the export contract's document path, line and quote, plus the document's page
    at that line and the quote as a person reads it."""
    return {"document": path, "line": line, "quote": quote, "document_id": document_id,
            "url": document_url(document_id, line), "excerpt": readable(quote)}


def relation_evidence(relation_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Relation id → its evidence (by document path and line), each item with its document's page."""
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for rel_id, doc_id, path, line, quote in m.RelationEvidence.objects.filter(relation_id__in=relation_ids) \
            .values_list("relation_id", "document_id", "document__path", "line", "quote") \
            .order_by("relation_id", "document__path", "line"):
        evidence[rel_id].append(evidence_item(doc_id, path, line, quote))
    return evidence


def entity_detail(entity: m.Entity) -> dict[str, Any]:
    """The entity, its aliases, evidence and grouped relations, as plain data."""
    sections = SECTIONS.get(entity.type, [])
    links = _links(entity)
    evidence = relation_evidence([relation.id for _, relation, _ in links])
    added = added_relations()  # stated by a curator, not by a document: shown as such
    grouped: dict[str, list[dict]] = defaultdict(list)
    for direction, relation, other in links:
        grouped[_section_key(sections, direction, relation, other)].append({
            "id": other.id, "type": other.type, "name": other.name,
            "relation": relation.type, "direction": direction,
            "role": RELATION_LABELS.get(relation.type, relation.type),
            "evidence": evidence.get(relation.id, []),
            "added_by_curator": (relation.type, relation.source_id, relation.target_id) in added,
        })
    titles = [(key, title) for key, title, _ in sections] + [("other", "Autres liens")]
    return {
        "id": entity.id, "type": entity.type, "type_label": label(entity.type),
        "name": entity.name,
        "aliases": sorted(entity.aliases.values_list("name", flat=True)),
        "attributes": entity.attributes or {},
        "confidence": entity.confidence,
        "evidence": [
            evidence_item(doc_id, path, line, quote)
            for doc_id, path, line, quote in entity.evidence.values_list(
                "document_id", "document__path", "line", "quote").order_by("document__path", "line")
        ],
        "sections": [
            {"key": key, "title": title,
             "items": sorted(grouped[key], key=lambda item: (item["name"].casefold(), item["id"]))}
            for key, title in titles if grouped.get(key)
        ],
    }


def find_entity(entity_id: str) -> m.Entity | None:
    if not valid_id(entity_id):
        return None
    return m.Entity.objects.filter(id=entity_id).first()
