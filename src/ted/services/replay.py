"""Replaying curation decisions at every graph rebuild (called by ``ted.services.graph``).

Documents are the truth about what they say; decisions are the truth about what curators
decided. Neither is folded into the other: a rebuild resolves every stored mention afresh, then
replays every decision that was not undone, in the order they were taken, so that a merge, a
rejected fact or an added relation survives any re-ingest, and an undo is exact (the graph is
rebuilt without that decision). Each replay writes back, on the decision itself, what it applied
to or why it could not (orphaned: reported by ``ted curate list`` and the ingest summary).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from ted.graph.decisions import Outcome, Plan, Target, curated_attributes
from ted.graph.decisions import replay as replay_clusters
from ted.graph.redact import Redactor
from ted.graph.resolve import Cluster
from ted.schema import allows
from ted.store import models as m
from ted.store.decisions import Decision, active

CURATOR_CONFIDENCE = 1.0  # a fact a curator adds is stated by someone who checked it


def plans(redact: Redactor) -> list[Plan]:
    """The decisions to replay. One naming a forgotten person is deleted: no name is kept in clear."""
    found = []
    for decision in active():
        targets = [Target.from_dict(t) for t in decision.targets or []]
        if redact and _names_forgotten(decision, targets, redact):
            decision.delete()
            continue
        found.append(Plan(decision.id, decision.kind, targets, dict(decision.payload or {})))
    return found


def _names_forgotten(decision: Decision, targets: list[Target], redact: Redactor) -> bool:
    """Whether the decision is about a forgotten person (then it goes); their name leaves its note either way."""
    values = [v for v in (decision.payload or {}).values() if isinstance(v, str)]
    if any(redact.is_name(n) for n in [*(n for t in targets for n in t.names), *values]):
        return True
    note = redact(decision.note) if decision.note else ""
    if note != decision.note:
        Decision.objects.filter(id=decision.id).update(note=note)
    return False


def curate(clusters: list[Cluster], redact: Redactor) -> tuple[list[Cluster], list[Outcome]]:
    """The clusters after every decision's entity changes, and the outcomes to finish after writing."""
    return replay_clusters(clusters, plans(redact))


def finish(outcomes: list[Outcome], clusters: list[Cluster], mention_of: dict[int, int]) -> None:
    """After the graph is written: apply relation decisions, drop relations a retype made impossible,
    mark what each decision changed and record the orphans."""
    _drop_impossible(outcomes)
    relations_of = _moved_relations(outcomes, clusters, mention_of)
    now = timezone.now()
    for outcome in outcomes:
        relations: list[list[str]] = []
        withdrawn: list[list[int]] = []
        if outcome.relation and not outcome.problem:
            type_, source, target = outcome.relation
            key = (type_, source.id, target.id)
            outcome.problem, withdrawn = _apply_relation(outcome.kind, key, source, target)
            if outcome.kind == "add_relation" and not outcome.problem:
                relations.append(list(key))
        if outcome.kind in ("add_attribute", "hide") and not outcome.relation and not outcome.problem:
            outcome.problem = _apply_attribute(outcome)
        existing = _existing(relations_of.get(outcome.id, set()))
        relations += [list(k) for k in sorted(existing) if list(k) not in relations]
        applied = {"entities": [c.id for c in outcome.clusters], "relations": relations, "withdrawn": withdrawn}
        Decision.objects.filter(id=outcome.id).update(problem=outcome.problem, checked_at=now,
                                                      applied={} if outcome.problem else applied)


def _apply_relation(kind: str, key: tuple[str, str, str], source: Cluster, target: Cluster
                    ) -> tuple[str, list[list[int]]]:
    """(problem, withdrawn lines): a relation added, or rejected or hidden with the lines that stated it."""
    type_, source_id, target_id = key
    rows = m.Relation.objects.filter(type=type_, source_id=source_id, target_id=target_id)
    if kind == "add_relation":
        if not allows(type_, source.type, target.type):
            return f"la relation {type_} ne relie pas un(e) {source.type} à un(e) {target.type}", []
        if not rows.exists():
            m.Relation.objects.create(type=type_, source_id=source_id, target_id=target_id,
                                      confidence=CURATOR_CONFIDENCE)
        return "", []
    if not rows.exists():
        return (f"aucun document n'affirme plus la relation {type_} de « {source.name} » "
                f"vers « {target.name} »"), []
    # Expert finding must not cite these lines as the person's own words on the topic either.
    withdrawn = sorted({(doc, line) for doc, line in m.RelationEvidence.objects.filter(
        relation__in=rows).values_list("document_id", "line")})
    rows.delete()  # reject or hide: the fact leaves pages, search, experts and exports with its evidence
    return "", [list(pair) for pair in withdrawn]


def _apply_attribute(outcome: Outcome) -> str:
    entity = m.Entity.objects.filter(id=outcome.clusters[0].id).first() if outcome.clusters else None
    if entity is None:
        return "l'entité n'existe plus"
    payload = outcome.payload
    if outcome.kind == "hide" and payload.get("attribute") not in (entity.attributes or {}):
        return f"aucun document ne donne plus l'attribut « {payload.get('attribute')} » de « {entity.name} »"
    entity.attributes = curated_attributes(entity.attributes or {}, outcome.kind, payload)
    entity.save(update_fields=["attributes"])
    return ""


def _drop_impossible(outcomes: list[Outcome]) -> None:
    """Relations a retyped entity can no longer hold (a person's skills once it is an organisation)."""
    retyped = {c.id for o in outcomes if o.kind == "retype" and not o.problem for c in o.clusters}
    if not retyped:
        return
    rows = m.Relation.objects.filter(source_id__in=retyped) | m.Relation.objects.filter(target_id__in=retyped)
    for relation in rows.select_related("source", "target"):
        if not allows(relation.type, relation.source.type, relation.target.type):
            relation.delete()


def _moved_relations(outcomes: list[Outcome], clusters: list[Cluster],
                     mention_of: dict[int, int]) -> dict[str, set[tuple[str, str, str]]]:
    """Decision id → the relations whose statements have an end in a mention the decision moved
    (merged in, split off, retyped): those relations were changed by it."""
    moved: dict[int, set[str]] = defaultdict(set)
    for outcome in outcomes:
        if not outcome.problem:
            for record_id in outcome.moved:
                moved[mention_of[record_id]].add(outcome.id)
    if not moved:
        return {}
    entity_of = {mention_of[r.id]: c.id for c in clusters for r in c.members}
    documents = set(m.Mention.objects.filter(id__in=moved).values_list("document_id", flat=True))
    mention_at = {(doc, key): mid for mid, doc, key in m.Mention.objects.filter(
        document_id__in=documents).values_list("id", "document_id", "key")}
    found: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for doc, type_, src, tgt in m.Statement.objects.filter(document_id__in=documents).values_list(
            "document_id", "type", "source_key", "target_key"):
        ends = mention_at.get((doc, src)), mention_at.get((doc, tgt))
        deciding = moved.get(ends[0], set()) | moved.get(ends[1], set())
        if deciding and ends[0] in entity_of and ends[1] in entity_of:
            for decision in deciding:
                found[decision].add((type_, entity_of[ends[0]], entity_of[ends[1]]))
    return found


def _existing(keys: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    if not keys:
        return set()
    sources = {k[1] for k in keys}
    return {k for k in m.Relation.objects.filter(source_id__in=sources).values_list("type", "source_id", "target_id")
            if k in keys}
