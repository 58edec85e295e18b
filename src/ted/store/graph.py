"""The resolved graph in the store: mentions read as records for resolution, and the graph written back.

:func:`write_graph` replaces entities, aliases, relations and their evidence in one
transaction; the service layer (``ted.services.graph``) decides when.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction

from ted.graph.assemble import attributes, combined, entity_confidence, scrub
from ted.graph.redact import Redactor
from ted.graph.resolve import Cluster, MentionRecord
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
        "id", "type", "name", "aliases", "attributes", "ref", "primary", "document__root", "document__path",
        "confidence")
    records, mention_of = [], {}
    for number, (mention_id, *fields, root, path, confidence) in enumerate(rows):
        # Two roots may hold the same relative path: the document is both.
        records.append(MentionRecord(number, *fields, document=f"{root}/{path}", confidence=confidence))
        mention_of[number] = mention_id
    return records, mention_of


def write_entities(clusters: list[Cluster], mention_of: dict[int, int], redact: Redactor) -> dict[int, str]:
    """Write entities, aliases and entity evidence; return Mention id → entity id."""
    entities, aliases, entity_of = [], [], {}
    for cluster in clusters:
        entities.append(m.Entity(id=cluster.id, type=cluster.type, name=cluster.name,
                                 attributes=scrub(attributes(cluster), redact),
                                 confidence=entity_confidence(cluster)))
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


def write_relations(entity_of: dict[int, str], redact: Redactor) -> None:
    key_to_mention = {(doc, key): mid for mid, doc, key in
                      m.Mention.objects.values_list("id", "document_id", "key").iterator()}
    relations: dict[tuple[str, str, str], list[tuple[int, int, str, float]]] = defaultdict(list)
    for doc, type_, src, tgt, line, quote, confidence in m.Statement.objects.filter(
            document__status="ok").values_list(
            "document_id", "type", "source_key", "target_key", "line", "quote", "confidence").iterator():
        s = entity_of.get(key_to_mention.get((doc, src), -1))
        t = entity_of.get(key_to_mention.get((doc, tgt), -1))
        if s and t and s != t:
            relations[(type_, s, t)].append((doc, line, quote, confidence))
    rows = [m.Relation(type=k[0], source_id=k[1], target_id=k[2],
                       confidence=combined((str(d), c) for d, _line, _quote, c in relations[k]))
            for k in sorted(relations)]
    m.Relation.objects.bulk_create(rows, batch_size=500)
    ids = dict(((r.type, r.source_id, r.target_id), r.id) for r in m.Relation.objects.all())
    evidence = [m.RelationEvidence(relation_id=ids[k], document_id=d, line=line, quote=redact(q))
                for k, items in relations.items() for d, line, q, _confidence in items]
    m.RelationEvidence.objects.bulk_create(evidence, batch_size=1000)


def write_graph(clusters: list[Cluster], mention_of: dict[int, int], redact: Redactor) -> None:
    """Replace the graph in one transaction and clear the ``graph_dirty`` flag."""
    with transaction.atomic():
        m.RelationEvidence.objects.all().delete()
        m.Relation.objects.all().delete()
        m.EntityEvidence.objects.all().delete()
        m.Alias.objects.all().delete()
        m.Entity.objects.all().delete()
        entity_of = write_entities(clusters, mention_of, redact)
        write_relations(entity_of, redact)
        set_graph_dirty(False)


def set_graph_dirty(dirty: bool) -> None:
    m.State.objects.update_or_create(key="graph_dirty", defaults={"value": "1" if dirty else "0"})


def graph_dirty() -> bool:
    state = m.State.objects.filter(key="graph_dirty").first()
    return state is not None and state.value == "1"


def entity_counts() -> dict[str, int]:
    return dict(Counter(m.Entity.objects.values_list("type", flat=True)))
