"""Expert finding: people ranked for a topic, each with the evidence that explains the rank.

Two sources of evidence are added up:

* **Documents** (Balog et al.'s "Model 2", document-centric):
  ``p(q|ca) = Σ_d p(q|d) · p(d|ca)`` where ``p(q|d)`` is the document's
  full-text relevance to the topic (normalised to [0, 1]) and ``p(d|ca)`` the
  strength of the person's association with the document (shared between the
  people it mentions: ``1/√n``).
* **The graph**: the topic's relevance to the entities a person is linked to,
  weighted by the kind of link: a declared or inferred skill counts most,
  then the projects they work on and the events they speak at (themselves
  relevant when they are *about* a matching skill), participation, and an
  organisation's relevance only weakly.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from ted.search import snapshot
from ted.search.query import match

MIN_RELEVANCE = 0.05
MAX_EVIDENCE = 8
DOCUMENT_WEIGHT = 1.0
SELF_WEIGHT = 0.6
# Relation from a person → weight of the target's relevance.
LINK_WEIGHTS = {"has_skill": 1.2, "works_on": 0.9, "speaker_at": 0.9, "presented_at": 0.6,
                "participant_in": 0.5, "organiser_of": 0.5, "member_of": 0.15}
# Relevance flowing from a skill or a project to the projects and events about it.
PROPAGATION = {"about": 0.8, "presented_at": 0.6, "part_of": 0.5}
KIND_OF_LINK = {"has_skill": "compétence", "works_on": "projet", "speaker_at": "intervention",
                "presented_at": "présentation", "participant_in": "participation",
                "organiser_of": "organisation d'événement", "member_of": "organisation"}


@dataclass
class Evidence:
    document: str  # path relative to its ingested root
    line: int
    quote: str
    via: str  # entity id (or document ref) the evidence came through
    via_name: str
    kind: str  # compétence, projet, intervention, participation, organisation, document, profil
    weight: float = 0.0


@dataclass
class Expert:
    id: str
    name: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class _Graph:
    """Per index generation: people, their links, and who appears in which document."""

    generation: str
    people: dict[str, str]  # id → name
    links: dict[str, list[tuple[str, str]]]  # person → [(relation type, target)]
    propagation: list[tuple[str, str, str]]  # (type, from, to): relevance of `from` flows to `to`
    in_document: dict[int, list[str]]  # document id → people


_cache: _Graph | None = None
_lock = threading.Lock()


def find_experts(topic: str, limit: int = 20) -> list[Expert]:
    """People ranked for ``topic`` (best first), with their evidence; never raises on user input."""
    snap = snapshot.current()
    if snap is None:
        return []
    relevance = _relevance(topic, snap)
    if not relevance:
        return []
    graph = _graph(snap.generation)
    _propagate(relevance, graph)
    contributions = _contributions(relevance, graph)
    ranked = sorted(contributions.items(), key=lambda item: -sum(w for w, _, _ in item[1]))
    ranked = ranked[:max(min(int(limit or 20), 200), 0)]
    return [_expert(person, items, graph, snap) for person, items in ranked]


def _relevance(topic: str, snap: snapshot.Snapshot) -> dict[str, float]:
    scores = match(topic, snap).scores
    if not scores:
        return {}
    top = max(scores.values())
    return {ref: s / top for ref, s in scores.items() if s / top >= MIN_RELEVANCE}


def _graph(generation: str) -> _Graph:
    global _cache
    with _lock:
        if _cache is None or _cache.generation != generation:
            _cache = _load_graph(generation)
        return _cache


def _load_graph(generation: str) -> _Graph:
    from ted.store import models as m

    people = dict(m.Entity.objects.filter(type="person").values_list("id", "name"))
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    propagation = []
    for type_, source, target in m.Relation.objects.values_list("type", "source_id", "target_id"):
        if source in people:
            links[source].append((type_, target))
        if type_ == "about":  # project/event → skill: the skill's relevance flows to the project
            propagation.append((type_, target, source))
        elif type_ in ("presented_at", "part_of") and source not in people:
            propagation.append((type_, source, target))
    in_document: dict[int, list[str]] = defaultdict(list)
    for entity_id, doc in m.EntityEvidence.objects.filter(entity__type="person").values_list(
            "entity_id", "document_id").distinct():
        in_document[doc].append(entity_id)
    return _Graph(generation, people, dict(links), propagation, dict(in_document))


def _propagate(relevance: dict[str, float], graph: _Graph) -> None:
    """Projects and events about a relevant skill (or presenting a relevant project) become relevant."""
    for _ in range(2):
        for type_, origin, to in graph.propagation:
            flowed = relevance.get(origin, 0.0) * PROPAGATION[type_]
            if flowed > relevance.get(to, 0.0) and flowed >= MIN_RELEVANCE:
                relevance[to] = flowed


Contribution = tuple[float, str, str]  # (weight, kind of evidence, via: entity id or document ref)


def _contributions(relevance: dict[str, float], graph: _Graph) -> dict[str, list[Contribution]]:
    found: dict[str, list[Contribution]] = defaultdict(list)
    for ref, rel in relevance.items():
        if ref.startswith("document:"):
            people = graph.in_document.get(int(ref.split(":", 1)[1]), [])
            for person in people:
                found[person].append((DOCUMENT_WEIGHT * rel / math.sqrt(len(people)), "document", ref))
        elif ref in graph.people:
            found[ref].append((SELF_WEIGHT * rel, "profil", ref))
    for person, links in graph.links.items():
        for type_, target in links:
            rel = relevance.get(target, 0.0)
            if rel >= MIN_RELEVANCE and type_ in LINK_WEIGHTS:
                found[person].append((LINK_WEIGHTS[type_] * rel, type_, target))
    return found


def _expert(person: str, items: list[Contribution], graph: _Graph, snap: snapshot.Snapshot) -> Expert:
    items = sorted(items, key=lambda c: -c[0])
    evidence = [e for e in (_evidence(person, c, snap) for c in items[:MAX_EVIDENCE]) if e is not None]
    return Expert(id=person, name=graph.people[person], score=round(sum(c[0] for c in items), 4),
                  evidence=evidence)


def _evidence(person: str, item: Contribution, snap: snapshot.Snapshot) -> Evidence | None:
    from ted.store import models as m

    weight, kind, via = item
    via_name = snap.entries.get(via, ("", via, 0.0, ""))[1]
    if kind == "document":
        row = m.EntityEvidence.objects.filter(entity_id=person, document_id=int(via.split(":", 1)[1]))
        label = "document"
    elif kind == "profil":
        row = m.EntityEvidence.objects.filter(entity_id=person)
        label = "profil"
    else:
        row = m.RelationEvidence.objects.filter(relation__type=kind, relation__source_id=person,
                                                relation__target_id=via)
        label = KIND_OF_LINK[kind]
    found = row.select_related("document").order_by("document__path", "line").first()
    if found is None:
        return None
    return Evidence(document=found.document.path, line=found.line, quote=found.quote, via=via,
                    via_name=via_name, kind=label, weight=round(weight, 4))
