"""``ted export --format jsonld``: the graph as schema.org JSON-LD (one document, an ``@graph``).

Person, Organization, Event and Project nodes (skills as DefinedTerm), linked with
schema.org properties; identifiers are ``urn:ted:<type>:<slug>`` IRIs. An entity's confidence is
``ted:confidence``; a relation, written as a plain property, has no node to carry its own.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, TextIO

from ted.exports.ics import http_url
from ted.exports.jsonl import entity_records, relation_records
from ted.schema import E, R

# Every entity type and every relation type has its schema.org rendering (tests/test_schema_tables.py).
SCHEMA_TYPES = {E.PERSON: "Person", E.ORGANISATION: "Organization", E.PROJECT: "Project",
                E.EVENT: "Event", E.SKILL: "DefinedTerm"}

# relation type → (property on the source node, property on the target node or None)
PROPERTIES: dict[R, tuple[str, str | None]] = {
    R.MEMBER_OF: ("memberOf", "member"),
    R.WORKS_ON: ("ted:worksOn", "contributor"),
    R.SPEAKER_AT: ("performerIn", "performer"),
    R.PARTICIPANT_IN: ("ted:participantIn", "attendee"),
    R.ORGANISER_OF: ("ted:organiserOf", "organizer"),
    R.PRESENTED_AT: ("subjectOf", "about"),
    R.HAS_SKILL: ("knowsAbout", None),
    R.ABOUT: ("about", None),
    R.PART_OF: ("ted:partOf", None),
}
# part_of by the type of its two ends (one type: see ted.schema.allows).
PART_OF = {E.ORGANISATION: ("parentOrganization", "subOrganization"),
           E.EVENT: ("superEvent", "subEvent"), E.PROJECT: ("isPartOf", "hasPart")}

CONTEXT = {"@vocab": "https://schema.org/", "ted": "urn:ted:vocab:"}


def node_id(entity_id: str) -> str:
    return f"urn:ted:{entity_id}"


def _event_fields(attributes: dict) -> dict[str, Any]:
    node: dict[str, Any] = {}
    if attributes.get("start"):
        node["startDate"] = attributes["start"]
    if attributes.get("end"):
        node["endDate"] = attributes["end"]
    if any(attributes.get(k) for k in ("location", "address", "city")):
        place: dict[str, Any] = {"@type": "Place"}
        if attributes.get("location"):
            place["name"] = attributes["location"]
        if attributes.get("address") or attributes.get("city"):
            address = {"@type": "PostalAddress"}
            if attributes.get("address"):
                address["streetAddress"] = attributes["address"]
            if attributes.get("city"):
                address["addressLocality"] = attributes["city"]
            place["address"] = address
        node["location"] = place
    registration = http_url(attributes.get("registration_url"))
    if registration:
        node["url"] = registration
    if isinstance(attributes.get("participants_count"), int):
        node["maximumAttendeeCapacity"] = attributes["participants_count"]
    return node


def entity_node(record: dict) -> dict[str, Any]:
    attributes = record.get("attributes") or {}
    node: dict[str, Any] = {"@id": node_id(record["id"]), "@type": SCHEMA_TYPES[record["type"]],
                            "identifier": record["id"], "name": record["name"]}
    alternates = list(record.get("aliases") or [])
    if record["type"] == E.ORGANISATION and attributes.get("acronym"):
        alternates.insert(0, attributes["acronym"])
    if alternates:
        node["alternateName"] = alternates
    if record["type"] == E.PERSON and attributes.get("titles"):
        node["jobTitle"] = attributes["titles"]
    if record["type"] == E.EVENT:
        node.update(_event_fields(attributes))
    for key, prop in (("mission", "description"), ("summary", "description")):
        if attributes.get(key) and prop not in node:
            node[prop] = attributes[key]
    url = http_url(attributes.get("url"))
    if url and "url" not in node:
        node["url"] = url
    if record.get("sources"):
        node["ted:source"] = record["sources"]
    if "confidence" in record:
        node["ted:confidence"] = record["confidence"]
    return node


def build_graph() -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    types: dict[str, str] = {}
    for record in entity_records():
        nodes[record["id"]] = entity_node(record)
        types[record["id"]] = record["type"]
    links: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for relation in relation_records():
        source, target = relation["source"], relation["target"]
        if source not in nodes or target not in nodes:
            continue
        forward, backward = PROPERTIES[relation["type"]]
        if relation["type"] == R.PART_OF:
            forward, backward = PART_OF.get(types[source], (forward, backward))
        links[(source, forward)].append({"@id": node_id(target)})
        if backward:
            links[(target, backward)].append({"@id": node_id(source)})
    for (entity_id, prop), values in links.items():
        nodes[entity_id][prop] = values
    return list(nodes.values())


def export_jsonld(out: TextIO) -> int:
    graph = build_graph()
    json.dump({"@context": CONTEXT, "@graph": graph}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(graph)
