"""What the web shows about one entity: its relations grouped by meaning, with evidence.

One function builds a plain dict used by the HTML page, its JSON twin and the API,
so the three always agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ted.schema import RELATION_LABELS, label
from ted.store import models as m

# A section gathers relations by (direction, relation type, type of the other end).
# "out": this entity is the source; "in": it is the target. None matches any type.
Rule = tuple[str, str, str | None]
SECTIONS: dict[str, list[tuple[str, str, list[Rule]]]] = {
    "person": [
        ("organisations", "Organisations", [("out", "member_of", None)]),
        ("projects", "Projets", [("out", "works_on", None)]),
        ("events", "Événements", [("out", "speaker_at", None), ("out", "participant_in", None),
                                  ("out", "organiser_of", None)]),
        ("skills", "Compétences", [("out", "has_skill", None)]),
    ],
    "organisation": [
        ("parents", "Rattachée à", [("out", "part_of", None)]),
        ("children", "Sous-organisations", [("in", "part_of", "organisation")]),
        ("members", "Membres", [("in", "member_of", None)]),
        ("projects", "Projets", [("out", "works_on", None)]),
        ("events", "Événements", [("out", "organiser_of", None), ("out", "participant_in", None)]),
    ],
    "project": [
        ("team", "Équipe", [("in", "works_on", "person")]),
        ("organisations", "Organisations", [("in", "works_on", "organisation")]),
        ("events", "Événements", [("out", "presented_at", None)]),
        ("skills", "Thèmes et compétences", [("out", "about", None)]),
        ("parents", "Fait partie de", [("out", "part_of", None)]),
        ("children", "Sous-projets", [("in", "part_of", None)]),
    ],
    "event": [
        ("speakers", "Intervenants", [("in", "speaker_at", None)]),
        ("organisers", "Organisateurs", [("in", "organiser_of", None)]),
        ("participants", "Participants", [("in", "participant_in", None)]),
        ("projects", "Projets présentés", [("in", "presented_at", None)]),
        ("skills", "Thèmes", [("out", "about", None)]),
        ("parents", "Fait partie de", [("out", "part_of", None)]),
        ("children", "Sessions", [("in", "part_of", None)]),
    ],
    "skill": [
        ("people", "Personnes qui déclarent cette compétence", [("in", "has_skill", None)]),
        ("topics", "Projets et événements sur ce thème", [("in", "about", None)]),
    ],
}


def evidence_of(relation_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    rows = m.RelationEvidence.objects.filter(relation_id__in=relation_ids).values_list(
        "relation_id", "document__path", "line", "quote").order_by("document__path", "line")
    for rel_id, path, line, quote in rows:
        found[rel_id].append({"document": path, "line": line, "quote": quote})
    return found


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


def entity_detail(entity: m.Entity) -> dict[str, Any]:
    """The entity, its aliases, evidence and grouped relations, as plain data."""
    sections = SECTIONS.get(entity.type, [])
    links = _links(entity)
    evidence = evidence_of([relation.id for _, relation, _ in links])
    grouped: dict[str, list[dict]] = defaultdict(list)
    for direction, relation, other in links:
        grouped[_section_key(sections, direction, relation, other)].append({
            "id": other.id, "type": other.type, "name": other.name,
            "relation": relation.type, "direction": direction,
            "role": RELATION_LABELS.get(relation.type, relation.type),
            "evidence": evidence.get(relation.id, []),
        })
    titles = [(key, title) for key, title, _ in sections] + [("other", "Autres liens")]
    return {
        "id": entity.id, "type": entity.type, "type_label": label(entity.type),
        "name": entity.name,
        "aliases": sorted(entity.aliases.values_list("name", flat=True)),
        "attributes": entity.attributes or {},
        "evidence": [
            {"document": path, "line": line, "quote": quote}
            for path, line, quote in entity.evidence.values_list("document__path", "line", "quote")
            .order_by("document__path", "line")
        ],
        "sections": [
            {"key": key, "title": title,
             "items": sorted(grouped[key], key=lambda item: (item["name"].casefold(), item["id"]))}
            for key, title in titles if grouped.get(key)
        ],
    }


def find_entity(entity_id: str) -> m.Entity | None:
    from ted.web.searching import valid_id

    if not valid_id(entity_id):
        return None
    return m.Entity.objects.filter(id=entity_id).first()
