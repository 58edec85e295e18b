"""Curation decisions replayed on resolved clusters (pure: no database).

Resolution is redone from all mentions at every rebuild, so a curator's decision cannot be a
change made once to stored rows: it is replayed on each new set of clusters, in the order the
decisions were taken. A target is found again by its names (and aliases) within its type, the
id breaking ties; a target that cannot be found, or no longer one alone, makes the decision
*orphaned* for this rebuild (``Outcome.problem``), never silently dropped.

Entity decisions (merge, split, rename, retype, reject an entity) change the clusters before
they are written. Attribute and relation decisions (add, hide, reject) are only resolved here to
the entities they concern; they are applied to the written rows, since attributes and relations
are merged from every mention only when the graph is written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ted.graph.people import person_key
from ted.graph.resolve import Cluster, MentionRecord, canonical_name, cluster_attributes
from ted.kb.names import name_key, slugify
from ted.schema import EntityType

ENTITY_KINDS = {"merge", "split", "rename", "retype", "reject_entity", "add_attribute"}
RELATION_KINDS = {"reject_relation", "add_relation"}


@dataclass(frozen=True)
class Target:
    """An entity as a decision names it: the id it had, its type and every name it was known by."""

    id: str
    type: str
    names: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict) -> Target:
        names = [data.get("name") or "", *(data.get("aliases") or [])]
        return cls(str(data.get("id") or ""), str(data.get("type") or ""), tuple(n for n in names if n))

    @property
    def label(self) -> str:
        return self.names[0] if self.names else self.id


@dataclass
class Plan:
    """One decision as the replay reads it."""

    id: str
    kind: str
    targets: list[Target]
    payload: dict = field(default_factory=dict)


@dataclass
class Outcome:
    """What replaying one decision gave: a problem (orphaned), or what it applies to."""

    id: str
    kind: str
    problem: str = ""
    clusters: list[Cluster] = field(default_factory=list)  # entities it changed, followed to their final state
    relation: tuple[str, Cluster, Cluster] | None = None  # relation decisions: (type, source, target)
    moved: list[int] = field(default_factory=list)  # records whose entity it changed (their relations are marked)
    payload: dict = field(default_factory=dict)


def keys(name: str, type_: str) -> set[str]:
    found = {name_key(name)}
    if type_ == EntityType.PERSON:
        found.add(person_key(name))
    return found - {""}


def cluster_names(cluster: Cluster) -> list[str]:
    return [cluster.name, *cluster.aliases]


class Graph:
    """The clusters being curated, with a name index kept up to date as decisions change them."""

    def __init__(self, clusters: list[Cluster]) -> None:
        self.clusters = list(clusters)
        self.by_key: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
        self.ids = {c.id for c in self.clusters}
        self.merged_into: dict[int, Cluster] = {}
        self.alive = {id(c) for c in self.clusters}
        self.keys_of: dict[int, set[tuple[str, str]]] = {}  # id(cluster) → its buckets, to unindex it cheaply
        for cluster in self.clusters:
            self._index(cluster)

    def _index(self, cluster: Cluster) -> None:
        found = {(cluster.type, key) for name in cluster_names(cluster) for key in keys(name, cluster.type)}
        self.keys_of[id(cluster)] = found
        for bucket_key in found:
            self.by_key[bucket_key].append(cluster)

    def _unindex(self, cluster: Cluster) -> None:
        for bucket_key in self.keys_of.pop(id(cluster), set()):
            bucket = self.by_key[bucket_key]
            bucket[:] = [c for c in bucket if c is not cluster]

    def reindex(self, *clusters: Cluster) -> None:
        for cluster in clusters:
            self._unindex(cluster)
            if id(cluster) in self.alive:
                self._index(cluster)

    def find(self, target: Target) -> Cluster | str:
        """The one cluster ``target`` designates, or a French sentence saying why there is none."""
        found: list[Cluster] = []
        for name in target.names:
            for key in keys(name, target.type):
                found += [c for c in self.by_key.get((target.type, key), []) if not any(c is f for f in found)]
        if not found:
            return f"« {target.label} » ({target.id}) n'existe plus dans le graphe"
        if len(found) == 1:
            return found[0]
        same_id = [c for c in found if c.id == target.id]
        if len(same_id) == 1:
            return same_id[0]
        wanted = keys(target.label, target.type)
        by_name = [c for c in found if keys(c.name, c.type) & wanted]
        if len(by_name) == 1:
            return by_name[0]
        return (f"« {target.label} » désigne maintenant plusieurs entités "
                f"({', '.join(sorted(c.id for c in found))})")

    def new_id(self, type_: str, name: str) -> str:
        base = f"{type_}:{slugify(name)}"
        ident, n = base, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        return ident

    def remove(self, cluster: Cluster) -> None:
        """Take a merged or rejected cluster out; its id is free again (a split brings it back under it)."""
        self.clusters = [c for c in self.clusters if c is not cluster]
        self.alive.discard(id(cluster))
        self.ids.discard(cluster.id)
        self._unindex(cluster)

    def final(self, cluster: Cluster) -> Cluster | None:
        """Where a cluster ended after later decisions: itself, the one it was merged into, or None (rejected)."""
        seen = 0
        while id(cluster) in self.merged_into and seen < 10_000:
            cluster, seen = self.merged_into[id(cluster)], seen + 1
        return cluster if id(cluster) in self.alive else None


def replay(clusters: list[Cluster], plans: list[Plan]) -> tuple[list[Cluster], list[Outcome]]:
    """Apply ``plans`` in order to ``clusters``; return the curated clusters and one outcome per plan."""
    if not plans:
        return clusters, []
    graph = Graph(clusters)
    outcomes = []
    for plan in plans:
        outcome = Outcome(plan.id, plan.kind, payload=plan.payload)
        found = [graph.find(t) for t in plan.targets]
        problems = [f for f in found if isinstance(f, str)]
        if problems:
            outcome.problem = " ; ".join(problems)
        elif not plan.targets:
            outcome.problem = "la décision ne désigne aucune entité"
        else:
            outcome.problem = _apply(graph, plan, [f for f in found if isinstance(f, Cluster)], outcome)
        outcomes.append(outcome)
    for outcome in outcomes:
        outcome.clusters = [c for c in (graph.final(c) for c in outcome.clusters) if c is not None]
        if outcome.relation:
            type_, source, target = outcome.relation
            ends = graph.final(source), graph.final(target)
            if ends[0] is None or ends[1] is None:
                outcome.problem = outcome.problem or "une des deux entités a été rejetée"
                outcome.relation = None
            else:
                outcome.relation = (type_, ends[0], ends[1])
    return graph.clusters, outcomes


def _apply(graph: Graph, plan: Plan, ends: list[Cluster], outcome: Outcome) -> str:
    """Apply one decision whose targets were found; return a problem, or "" when it applied."""
    kind, payload = plan.kind, plan.payload
    if kind in RELATION_KINDS or (kind == "hide" and payload.get("relation")):
        if len(ends) != 2:
            return "une relation relie deux entités"
        if ends[0] is ends[1]:
            return "les deux extrémités désignent maintenant la même entité"
        outcome.relation = (str(payload.get("relation")), ends[0], ends[1])
        return ""
    entity = ends[0]
    if kind == "merge":
        return _merge(graph, ends, outcome)
    if kind == "split":
        return _split(graph, entity, str(payload.get("alias") or ""), str(payload.get("document") or ""), outcome)
    if kind == "rename":
        entity.name = str(payload.get("name") or entity.name)
    elif kind == "retype":
        new_type = str(payload.get("type") or "")
        if new_type == entity.type:
            return ""
        graph.ids.discard(entity.id)
        entity.type, entity.id = new_type, graph.new_id(new_type, entity.name)
        outcome.moved = [r.id for r in entity.members]
    elif kind == "reject_entity":
        graph.remove(entity)
        return ""
    elif kind in ("add_attribute", "hide"):
        pass  # attributes are merged from the mentions when written: the store changes them afterwards
    else:
        return f"type de décision inconnu « {kind} »"
    graph.reindex(entity)
    outcome.clusters = [entity]
    return ""


def curated_attributes(attributes: dict, kind: str, payload: dict) -> dict:
    """An entity's written attributes after an attribute decision: a curator's value comes first (a list
    attribute such as titles keeps what documents say after it); a hidden attribute is dropped."""
    key = str(payload.get("attribute"))
    changed = dict(attributes)
    if kind == "hide":
        changed.pop(key, None)
        return changed
    value, current = payload.get("value"), changed.get(key)
    if isinstance(current, list) or key == "titles":
        kept = current if isinstance(current, list) else []
        changed[key] = [value, *(v for v in kept if v != value)]
    else:
        changed[key] = value
    return changed


def _merge(graph: Graph, ends: list[Cluster], outcome: Outcome) -> str:
    kept, *others = ends
    for other in others:
        if other is kept:
            continue  # resolution already joined them: the decision holds
        if other.type != kept.type:
            return f"types différents ({kept.type}, {other.type}) : changez d'abord le type"
        kept.members.extend(other.members)
        for key, value in other.attributes.items():
            kept.attributes.setdefault(key, value)
        outcome.moved += [r.id for r in other.members]
        graph.remove(other)
        graph.merged_into[id(other)] = kept
    graph.reindex(kept)
    outcome.clusters = [kept]
    return ""


def in_document(record: MentionRecord, path: str) -> bool:
    """Whether a mention is in the document ``path`` (relative to its root, as exports write it)."""
    return record.document == path or record.document.endswith("/" + path.lstrip("/"))


def _split(graph: Graph, entity: Cluster, alias: str, document: str, outcome: Outcome) -> str:
    """The mentions bearing ``alias`` (or, with ``document``, those of that document) become an entity."""
    wanted = keys(alias, entity.type)
    moved = [r for r in entity.members if (in_document(r, document) if document
                                           else any(keys(n, r.type) & wanted for n in r.names))]
    if not moved:
        return (f"aucune mention de « {entity.name} » " + (f"dans {document}" if document
                                                            else f"ne porte plus le nom « {alias} »"))
    if len(moved) == len(entity.members):
        return (f"toutes les mentions de « {entity.name} » " + (f"sont dans {document}" if document
                                                                 else f"portent le nom « {alias} »")
                + " : rien à séparer")
    entity.members = [r for r in entity.members if not any(r is m for m in moved)]
    if not any(keys(n, r.type) & keys(entity.name, entity.type) for r in entity.members for n in r.names):
        entity.name = canonical_name(entity.members)  # its name left with the split mentions; the id stays
    name = alias if alias and any(n == alias for r in moved for n in r.names) else canonical_name(moved)
    part = Cluster(entity.type, name, graph.new_id(entity.type, name), moved, cluster_attributes(moved, name))
    graph.clusters.append(part)
    graph.alive.add(id(part))
    graph.reindex(entity, part)
    outcome.clusters = [entity, part]
    outcome.moved = [r.id for r in moved]
    return ""
