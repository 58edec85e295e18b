"""Rebuild the resolved graph (entities, aliases, relations, evidence) from all stored mentions."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from ted.extract.facts import merge_attributes
from ted.graph.names import name_key
from ted.graph.people import person_key
from ted.graph.redact import Redactor
from ted.graph.resolve import Cluster, MentionRecord, resolve
from ted.store import models as m


def load_records() -> tuple[list[MentionRecord], dict[int, int]]:
    """All mentions of readable documents.

    Records are numbered by (document path, mention key), not by database id, so that
    resolution (and therefore ids and merged attributes) does not depend on the order
    in which documents happened to be stored, e.g. after an interrupted run.
    Returns the records and a map from record number to Mention id.
    """
    rows = m.Mention.objects.filter(document__status="ok").order_by(
        "document__root", "document__path", "key").values_list(
        "id", "type", "name", "aliases", "attributes", "ref", "primary", "document__path")
    records, mention_of = [], {}
    for number, (mention_id, *fields) in enumerate(rows):
        records.append(MentionRecord(number, *fields))
        mention_of[number] = mention_id
    return records, mention_of


def without_forgotten(clusters: list[Cluster], forgotten: set[str]) -> list[Cluster]:
    """Drop every person resolved from a forgotten name, with all their spellings.

    Done after resolution, not before, so that a new spelling in a later document
    ("Karim A.", "AIT-OUALI Karim") is recognised as the same person and dropped too."""
    if not forgotten:
        return clusters

    def is_forgotten(cluster: Cluster) -> bool:
        return cluster.type == "person" and any(
            name_key(n) in forgotten or person_key(n) in forgotten for r in cluster.members for n in r.names)

    return [c for c in clusters if not is_forgotten(c)]


def rebuild_graph() -> dict[str, int]:
    """Replace the graph in one transaction; return the number of entities by type."""
    from ted.graph.curation import forgotten_keys

    records, mention_of = load_records()
    clusters = without_forgotten(resolve(records), forgotten_keys())
    redact = Redactor.from_store()  # forgotten names also leave the quotes and attributes of others
    with transaction.atomic():
        m.RelationEvidence.objects.all().delete()
        m.Relation.objects.all().delete()
        m.EntityEvidence.objects.all().delete()
        m.Alias.objects.all().delete()
        m.Entity.objects.all().delete()
        entity_of = _write_entities(clusters, mention_of, redact)
        _write_relations(entity_of, redact)
        m.State.objects.update_or_create(key="graph_dirty", defaults={"value": "0"})
    counts: dict[str, int] = defaultdict(int)
    for cluster in clusters:
        counts[cluster.type] += 1
    return dict(counts)


def _attributes(cluster: Cluster) -> dict:
    merged: dict = dict(cluster.attributes)  # the gazetteer's acronym beats what documents spell
    for record in sorted(cluster.members, key=lambda r: (not r.primary, r.id)):
        merge_attributes(merged, record.attributes or {})
    for key, value in cluster.attributes.items():
        if value is None:  # the gazetteer knows better: no such attribute
            merged.pop(key, None)
    return merged


def _scrub(value: object, redact: Redactor) -> object:
    """Redact forgotten names inside attribute values (e.g. a programme's speakers)."""
    if not redact:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_scrub(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, redact) for k, v in value.items()}
    return value


def _write_entities(clusters: list[Cluster], mention_of: dict[int, int], redact: Redactor) -> dict[int, str]:
    """Write entities, aliases and entity evidence; return Mention id → entity id."""
    entities, aliases, entity_of = [], [], {}
    for cluster in clusters:
        entities.append(m.Entity(id=cluster.id, type=cluster.type, name=cluster.name,
                                 attributes=_scrub(_attributes(cluster), redact)))
        aliases.extend(m.Alias(entity_id=cluster.id, name=a) for a in cluster.aliases)
        for record in cluster.members:
            entity_of[mention_of[record.id]] = cluster.id
    m.Entity.objects.bulk_create(entities, batch_size=500)
    m.Alias.objects.bulk_create(aliases, batch_size=500, ignore_conflicts=True)
    evidence = [m.EntityEvidence(entity_id=entity_of[mid], document_id=doc, line=line, quote=redact(quote))
                for mid, doc, line, quote in m.Mention.objects.filter(id__in=entity_of.keys()).values_list(
                    "id", "document_id", "line", "quote").iterator()]
    m.EntityEvidence.objects.bulk_create(evidence, batch_size=1000)
    return entity_of


def _write_relations(entity_of: dict[int, str], redact: Redactor) -> None:
    key_to_mention = {(doc, key): mid for mid, doc, key in
                      m.Mention.objects.values_list("id", "document_id", "key").iterator()}
    relations: dict[tuple[str, str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for doc, type_, src, tgt, line, quote in m.Statement.objects.filter(document__status="ok").values_list(
            "document_id", "type", "source_key", "target_key", "line", "quote").iterator():
        s = entity_of.get(key_to_mention.get((doc, src), -1))
        t = entity_of.get(key_to_mention.get((doc, tgt), -1))
        if s and t and s != t:
            relations[(type_, s, t)].append((doc, line, quote))
    rows = [m.Relation(type=k[0], source_id=k[1], target_id=k[2]) for k in sorted(relations)]
    m.Relation.objects.bulk_create(rows, batch_size=500)
    ids = dict(((r.type, r.source_id, r.target_id), r.id) for r in m.Relation.objects.all())
    evidence = [m.RelationEvidence(relation_id=ids[k], document_id=d, line=line, quote=redact(q))
                for k, items in relations.items() for d, line, q in items]
    m.RelationEvidence.objects.bulk_create(evidence, batch_size=1000)
