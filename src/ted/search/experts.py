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

import hashlib
import math
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ted.graph.redact import Redactor
from ted.kb.names import fast_fold
from ted.schema import E, R
from ted.search import ranking, snapshot
from ted.search.analyzer import STOPWORDS, analyze, fold, stem, words
from ted.search.describe import key_terms, term_weight
from ted.search.explain import Cited, Explanation, explain
from ted.search.expression import Group
from ted.search.query import name_coverage
from ted.sources.decode import NotText, Unreadable, decode
from ted.store import models as m
from ted.store.decisions import withdrawn_lines
from ted.store.forgotten import redactor

MIN_RELEVANCE = 0.05
# Files whose lines (and folded lines) stay in memory: an expert list reads about 45 (profiles, programmes,
# pages quoted); 256 were read again on almost every query of a 3,333-document corpus. Lines of 2,048
# files of a few kB are tens of MB at most.
FILES_CACHED = 2048
MIN_SHARE = 0.2
MAX_EVIDENCE = 8
WHY_DOCUMENTS = 3
WHY_KINDS = {R.WORKS_ON: "sujet du projet", R.SPEAKER_AT: "sujet de l'événement",
             R.PRESENTED_AT: "sujet de l'événement", R.PARTICIPANT_IN: "sujet de l'événement",
             R.ORGANISER_OF: "sujet de l'événement"}
DECAY = 0.4
SAME_KIND_DECAY = 0.25
# What each piece of a person's evidence is worth when it holds the whole topic in its best field.
# A declared skill, their own pages and titles, then their projects (a startup's themes and stack
# count as the person's own), talks, the events they attend or organise, a body they work for.
SELF_WEIGHT = 1.0
DOCUMENT_WEIGHT = 0.5  # a page naming the person among others (shared: 1/√n)
LINK_WEIGHTS = {R.HAS_SKILL: 1.0, R.WORKS_ON: 0.8, R.SPEAKER_AT: 0.8, R.PRESENTED_AT: 0.6,
                R.PARTICIPANT_IN: 0.4, R.ORGANISER_OF: 0.5, R.MEMBER_OF: 0.15}
# Relevance flowing from a project to the event it is presented at, from a part to its whole.
PROPAGATION = {R.PRESENTED_AT: 0.4, R.PART_OF: 0.5}
# A speaker whose slot is not about the topic keeps this share of the event's relevance.
OTHER_SLOT = 0.0  # a speaker whose own slot is about something else is no expert of the topic
UNPLACED_SPEAKER = 0.5
# Evidence that supports a rank but does not list anyone alone: a page naming the person among
# others, the body they work for. Someone is listed for what they declare, make, present or attend.
SUPPORTING = ("document", R.MEMBER_OF)
# An attended event whose relevance a page's text alone gives (at most ranking.TEXT_WEIGHT) is no topic of theirs.
PARTICIPATION_FLOOR = 0.4 * ranking.TEXT_WEIGHT
KIND_OF_LINK = {"document": "document", "profil": "profil",
                R.HAS_SKILL: "compétence", R.WORKS_ON: "projet", R.SPEAKER_AT: "intervention",
                R.PRESENTED_AT: "présentation", R.PARTICIPANT_IN: "participation",
                R.ORGANISER_OF: "organisation d'événement", R.MEMBER_OF: "organisation"}


@dataclass
class Evidence:
    document: str  # path relative to its ingested root
    line: int
    quote: str
    via: str  # entity id (or document ref) the evidence came through
    via_name: str
    kind: str  # compétence, projet, intervention, participation, organisation, document, profil
    weight: float = 0.0
    document_id: int = 0


@dataclass
class Expert:
    id: str
    name: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    role: str = ""  # current job title
    organisation: str = ""  # the body they work for now
    explanations: list[Explanation] = field(default_factory=list)  # one sentence per kind of evidence


# A name's analysed words, as a set and as one string (" w1 w2 ...") a prefix pattern can search at once.
_Words = tuple[frozenset[str], str]


@dataclass
class _Graph:
    """Per index generation: people, their links, and who appears in which document."""

    generation: str
    people: dict[str, str]  # id → name
    links: dict[str, list[tuple[str, str]]]  # person → [(relation type, target)]
    propagation: list[tuple[str, str, str]]  # (type, from, to): relevance of `from` flows to `to`
    in_document: dict[int, list[str]]  # document id → people
    programmes: dict[str, list[dict]] = field(default_factory=dict)  # event id → programme items
    redact: Redactor = field(default_factory=Redactor)  # names of forgotten people
    # Evidence rows, sorted by (document path, line): loaded once per generation rather than queried
    # for every contribution of every expert (a query per evidence line made /experts ten times slower).
    entity_rows: dict[str, list[_Row]] = field(default_factory=dict)  # entity → its evidence
    relation_rows: dict[tuple[str, str, str], _Row] = field(default_factory=dict)  # (type, source, target) → first
    # A person's relations with their confidence: a skill declared in front matter (0.95) counts more
    # than one inferred from a job title (0.7).
    confidence: dict[tuple[str, str], float] = field(default_factory=dict)  # (person, target) → best
    documents: dict[str, _Document] = field(default_factory=dict)  # path → readable document
    # What explanations say of people, projects and events (titles, themes, missions, dates, programmes),
    # loaded once per generation: two queries per expert made an expert list three times slower.
    described: dict[str, tuple[str, str, dict]] = field(default_factory=dict)  # id → (type, name, attributes)
    linked: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # target → [(type, person)]
    # (document id, line) stating a relation a curator rejected or hid: never quoted as evidence.
    withdrawn: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    # Per event, filled on first use: folded speaker name → their slots' analysed texts. Folding every
    # speaker of every relevant programme on every query was 80% of an expert query at 10,000 documents.
    slots: dict[str, dict[str, list[_Words]]] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)  # person → folded name, filled on first use
    targets: dict[str, frozenset[str]] = field(default_factory=dict)  # person → what they link to, on first use
    # Per entity, on first use: the rows to read for evidence in the order they are read (its own pages first),
    # and each quote's analysed words; sorting a busy event's hundreds of rows on every query showed.
    ordered: dict[str, list[_Row]] = field(default_factory=dict)
    quoted: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for person, links in self.links.items():
            for type_, target in links:
                self.linked.setdefault(target, []).append((type_, person))


@dataclass(frozen=True)
class _Document:
    id: int
    root: str
    path: str
    sha256: str


@dataclass(frozen=True)
class _Row:
    document: _Document
    line: int
    quote: str


_cache: _Graph | None = None
_lock = threading.Lock()


def find_experts(topic: str, limit: int = 20) -> list[Expert]:
    """People ranked for ``topic`` (best first), with their evidence; never raises on user input.

    Only people with a piece of evidence holding enough of the topic are listed."""
    snap = snapshot.current()
    if snap is None:
        return []
    found = ranking.topic(topic, snap)
    return _ranked(found, snap, limit, _topic_stems(topic) + _alternative_stems(found.groups))


def find_experts_described(text: str, limit: int = 20) -> tuple[list[str], list[Expert]]:
    """The key terms of a pasted paragraph, and the people ranked for them."""
    snap = snapshot.current()
    if snap is None:
        return [], []
    terms = key_terms(text, snap)
    if not terms:
        return [], []
    found = ranking.topic("", snap, terms=[(term, term_weight(term)) for term in terms])
    return terms, _ranked(found, snap, limit, _topic_stems(" ".join(terms)) + _alternative_stems(found.groups))


def _ranked(found: ranking.Topic, snap: snapshot.Snapshot, limit: int, stems: list[str]) -> list[Expert]:
    if not found.relevance:
        return []
    graph = _graph(snap.generation)
    relevance = _eligible(found)
    _propagate(relevance, graph)
    contributions = _contributions(relevance, graph, found.groups, ranking.fields(snap.generation).primary)
    totals = {person: combined(items) for person, items in contributions.items() if _direct(items)}
    ranked = sorted(totals, key=lambda person: (-totals[person], graph.people[person]))
    ranked = ranked[:max(min(int(limit or 20), 200), 0)]
    experts = [_expert(person, contributions[person], totals[person], graph, snap, stems) for person in ranked]
    return [expert for expert in experts if expert.evidence]  # nobody is listed without a line to show


def _direct(items: list[Contribution]) -> bool:
    """Whether one piece of evidence is the person's own: not only pages naming them or their employer,
    and an event they attended only if the event is about the topic (not merely its page using a word)."""
    return any(kind not in SUPPORTING and not (kind == R.PARTICIPANT_IN and weight <= PARTICIPATION_FLOOR)
               for weight, kind, _ in items)


def _eligible(found: ranking.Topic) -> dict[str, float]:
    """Units holding at least ``MIN_SHARE`` of what the best unit holds of the topic (rarity-weighted).

    A long pasted paragraph is matched by nobody in full; a person whose evidence holds only its
    commonest word is not an expert of it."""
    best = max(found.coverage.values(), default=0.0)
    return {ref: rel for ref, rel in found.relevance.items()
            if found.coverage.get(ref, 0.0) >= MIN_SHARE * best and rel >= MIN_RELEVANCE}


def combined(items: list[Contribution]) -> float:
    """Kinds of evidence summed best first, each worth ``DECAY`` times the one before; within a kind,
    each further item is worth ``SAME_KIND_DECAY`` times the one before.

    Different kinds of evidence (a declared skill, a project, a talk) confirm each other; four
    projects about the topic say little more than one, and should not outweigh a declared skill.
    """
    if len(items) == 1:  # most people of a large corpus: the same number, without the grouping
        return items[0][0]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for weight, kind, _via in items:
        by_kind[kind].append(weight)
    kinds = [_decayed(weights, SAME_KIND_DECAY) for weights in by_kind.values()]
    return _decayed(kinds, DECAY)


def _decayed(weights: list[float], decay: float) -> float:
    return sum(weight * decay ** rank for rank, weight in enumerate(sorted(weights, reverse=True)))


def _alternative_stems(groups: list[Group]) -> list[str]:
    """The stems of the topic's synonyms and narrower skills, so that a quote may show them."""
    return list(dict.fromkeys(t for g in groups for alt in g.alternatives for p in alt for t in p.tokens
                              if len(t) >= 2 and t not in STOPWORDS))


def _topic_stems(topic: str) -> list[str]:
    return [stem(w) for w in words(topic)[:24] if w not in STOPWORDS and len(w) >= 2]


def _graph(generation: str) -> _Graph:
    global _cache
    with _lock:
        if _cache is None or _cache.generation != generation:
            _cache = _load_graph(generation)
        return _cache


def _load_graph(generation: str) -> _Graph:
    people = dict(m.Entity.objects.filter(type=E.PERSON).values_list("id", "name"))
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    propagation = []
    confidence: dict[tuple[str, str], float] = {}
    for type_, source, target, sure in m.Relation.objects.values_list("type", "source_id", "target_id",
                                                                     "confidence"):
        if source in people:
            links[source].append((type_, target))
            confidence[(source, target)] = max(confidence.get((source, target), 0.0), float(sure or 0.7))
        if type_ in (R.PRESENTED_AT, R.PART_OF) and source not in people:
            propagation.append((type_, source, target))
    in_document: dict[int, list[str]] = defaultdict(list)
    for entity_id, doc in m.EntityEvidence.objects.filter(entity__type=E.PERSON).values_list(
            "entity_id", "document_id").distinct():
        in_document[doc].append(entity_id)
    programmes = {event_id: attributes.get("programme") for event_id, attributes in m.Entity.objects.filter(
        type=E.EVENT).values_list("id", "attributes") if isinstance((attributes or {}).get("programme"), list)}
    entity_rows, relation_rows, documents = _evidence_rows()
    described = {i: (t, n, a or {}) for i, t, n, a in m.Entity.objects.exclude(type=E.SKILL).values_list(
        "id", "type", "name", "attributes")}
    return _Graph(generation, people, dict(links), propagation, dict(in_document), programmes,
                  redactor(), entity_rows, relation_rows, confidence, documents, described,
                  withdrawn=withdrawn_lines())


def _evidence_rows() -> tuple[dict[str, list[_Row]], dict[tuple[str, str, str], _Row], dict[str, _Document]]:
    documents = {doc_id: _Document(doc_id, root, path, sha) for doc_id, root, path, sha in
                 m.Document.objects.filter(status="ok").values_list("id", "root", "path", "sha256")}
    entity_rows: dict[str, list[_Row]] = defaultdict(list)
    for entity_id, doc, line, quote in m.EntityEvidence.objects.values_list(
            "entity_id", "document_id", "line", "quote").order_by("document__path", "line"):
        if doc in documents:
            entity_rows[entity_id].append(_Row(documents[doc], line, quote))
    relation_rows: dict[tuple[str, str, str], _Row] = {}
    for type_, source, target, doc, line, quote in m.RelationEvidence.objects.values_list(
            "relation__type", "relation__source_id", "relation__target_id", "document_id", "line", "quote"
            ).order_by("document__path", "line"):
        if doc in documents:
            relation_rows.setdefault((type_, source, target), _Row(documents[doc], line, quote))
    return dict(entity_rows), relation_rows, {d.path: d for d in documents.values()}


def _propagate(relevance: dict[str, float], graph: _Graph) -> None:
    """Projects and events about a relevant skill (or presenting a relevant project) become relevant."""
    for _ in range(2):
        for type_, origin, to in graph.propagation:
            flowed = relevance.get(origin, 0.0) * PROPAGATION[type_]
            if flowed > relevance.get(to, 0.0) and flowed >= MIN_RELEVANCE:
                relevance[to] = flowed


Contribution = tuple[float, str, str]  # (weight, kind of evidence, via: entity id or document ref)


def _contributions(relevance: dict[str, float], graph: _Graph, groups: list[Group],
                   primary: dict[int, list[str]]) -> dict[str, list[Contribution]]:
    found: dict[str, list[Contribution]] = defaultdict(list)
    covered = _Coverage(groups)
    # The hottest loop of an expert query (every link of every relevant unit): names bound once.
    linked, programmes, confidence, speaker = graph.linked.get, graph.programmes, graph.confidence.get, R.SPEAKER_AT
    for target, target_rel in relevance.items():  # from what is relevant to the people linked to it
        links = linked(target)
        if not links:
            continue
        slots = _slots(target, graph) if target in programmes else None
        for type_, person in links:
            rel = target_rel
            if slots is not None and type_ == speaker:
                rel = _speaker_relevance(_folded_name(person, graph), slots, groups, rel, covered)
            if rel >= MIN_RELEVANCE and type_ in LINK_WEIGHTS:
                found[person].append((LINK_WEIGHTS[type_] * rel * confidence((person, target), 0.7), type_, target))
    for ref, rel in relevance.items():
        if ref in graph.people:  # their job titles and their own pages
            found[ref].append((SELF_WEIGHT * rel, "profil", ref))
        elif ref.startswith("document:"):
            document = int(ref.split(":", 1)[1])
            people = graph.in_document.get(document)
            if not people:
                continue
            about = set(primary.get(document, ()))
            for person in people:
                # A page already counted as a person's own, or as the page of their project or event.
                if person in about or not about.isdisjoint(_targets(person, graph)):
                    continue
                found[person].append((DOCUMENT_WEIGHT * rel / math.sqrt(len(people)), "document", ref))
    return found


def _speaker_relevance(key: str, slots: dict[str, list[_Words]], groups: list[Group],
                       event_rel: float, covered: _Coverage) -> float:
    """A speaker is an expert of what their own slot of the programme is about, not of the whole event.

    ``key``: the speaker's folded name; ``slots``: the event's (:func:`_slots`); ``covered``: the query's
    ``name_coverage`` on sets of words."""
    own = slots.get(key)
    if not own:
        return event_rel * UNPLACED_SPEAKER
    best = max(covered(words_) for words_ in own)
    return max(best, event_rel * OTHER_SLOT)


class _Coverage:
    """``query.name_coverage`` for one query's groups, on a name's set of words (its value depends on nothing
    else): the same number, but a name holding none of the query's words, most programme slots of a large
    corpus, is answered by one set test instead of a scan of every alternative."""

    def __init__(self, groups: list[Group]) -> None:
        self.groups = groups
        lasts = [(p.tokens[-1], p.prefix) for g in groups for alt in g.alternatives for p in alt]
        self.exact = frozenset(last for last, _ in lasts)
        prefixes = sorted({last for last, prefix in lasts if prefix})
        self.prefixed = re.compile(" (?:" + "|".join(map(re.escape, prefixes)) + ")") if prefixes else None
        # An alternative without phrases matches any name: then nothing can be ruled out early.
        self.screen = all(alt for g in groups for alt in g.alternatives)

    def __call__(self, words_: _Words) -> float:
        found, spaced = words_
        if self.screen and found.isdisjoint(self.exact) and not (self.prefixed and self.prefixed.search(spaced)):
            return 0.0
        return name_coverage(tuple(found), self.groups)


def _slots(event: str, graph: _Graph) -> dict[str, list[_Words]]:
    """The event's programme read once per generation: each speaker's (folded name) slots' analysed words."""
    found = graph.slots.get(event)
    if found is None:
        found = {}
        for item in graph.programmes[event]:
            if isinstance(item, dict):
                tokens = frozenset(analyze(_slot_text(item)))
                text = (tokens, "".join(" " + t for t in tokens))
                for key in dict.fromkeys(fold(str(s)) for s in item.get("speakers") or []):
                    found.setdefault(key, []).append(text)
        graph.slots[event] = found  # a race computes the same value twice, harmlessly
    return found


def _targets(person: str, graph: _Graph) -> frozenset[str]:
    found = graph.targets.get(person)
    if found is None:
        found = graph.targets[person] = frozenset(target for _, target in graph.links.get(person, ()))
    return found


def _folded_name(person: str, graph: _Graph) -> str:
    key = graph.folded.get(person)
    if key is None:
        key = graph.folded[person] = fold(graph.people[person])
    return key


def _slot_text(item: dict) -> str:
    return " ".join([str(item.get("title") or ""), *[str(p) for p in item.get("projects") or []]])


def _expert(person: str, items: list[Contribution], total: float, graph: _Graph, snap: snapshot.Snapshot,
            stems: list[str]) -> Expert:
    evidence: list[Evidence] = []
    cited: list[Cited] = []
    seen: set[tuple[str, int]] = set()
    for item in sorted(items, key=lambda c: -c[0]):
        for found in (_evidence(person, item, snap, stems, graph), _why(item, snap, stems, graph)):
            if found is not None and (found.document, found.line) not in seen \
                    and not graph.redact.mentions(found.document):
                seen.add((found.document, found.line))
                found.quote = graph.redact(found.quote)
                evidence.append(found)
                if found.kind == KIND_OF_LINK.get(item[1], item[1]):  # the link itself, not its subject
                    cited.append(Cited(item[1], item[2], found.via_name, found.document, found.document_id,
                                       found.line, found.quote, graph.confidence.get((person, item[2]), 0.95)))
        if len(evidence) >= MAX_EVIDENCE:
            break
    memberships = [(graph.described.get(target, ("", target, {}))[1], row.document.path, row.line)
                   for type_, target in graph.links.get(person, ()) if type_ == R.MEMBER_OF
                   and (row := graph.relation_rows.get((type_, person, target))) is not None]
    role, organisation, explanations = explain(person, cited, lambda path: _lines_of(path, graph),
                                               graph.described.get, memberships)
    return Expert(id=person, name=graph.people[person], score=round(total, 4), evidence=evidence,
                  role=graph.redact(role), organisation=organisation, explanations=explanations)


def _lines_of(path: str, graph: _Graph) -> tuple[str, ...]:
    document = graph.documents.get(path)
    return _file_lines(document.root, document.path, document.sha256) if document else ()


def _evidence(person: str, item: Contribution, snap: snapshot.Snapshot, stems: list[str], graph: _Graph
              ) -> Evidence | None:
    """The document, line and quote behind one contribution."""
    weight, kind, via = item
    via_name = snap.entries.get(via, ("", via, 0.0, ""))[1]
    label = KIND_OF_LINK.get(kind, kind)
    if kind == "profil":
        return _profile_evidence(person, weight, snap, stems, graph)
    row = _source_row(person, kind, via, graph)
    if row is None:
        return None
    line, quote = row.line, row.quote
    if kind == "document":  # show the line that speaks of the topic, when there is one
        line, quote = topic_line(row.document, stems, graph.redact) or (line, quote)
        if (row.document.id, line) in graph.withdrawn:
            return None
    return Evidence(document=row.document.path, line=line, quote=quote, via=via, via_name=via_name,
                    kind=label, weight=round(weight, 4), document_id=row.document.id)


def _profile_evidence(person: str, weight: float, snap: snapshot.Snapshot, stems: list[str], graph: _Graph
                      ) -> Evidence | None:
    """The line of the person's own pages (or a line naming them, such as their title) that holds the topic;
    None rather than a line that does not (their name at the top of their profile explains nothing)."""
    own = ranking.fields(snap.generation).own.get(person, set())
    rows = _own_first(person, own, graph)
    # A quote's word holds the topic when it is one of its stems or starts with one of 3 letters or more.
    exact, prefixes = frozenset(stems), tuple(s for s in stems if len(s) >= 3)
    for row in rows:
        if (row.document.id, row.line) not in graph.withdrawn and any(
                token in exact or token.startswith(prefixes) for token in _quote_words(row.quote, graph)):
            return _profile(person, weight, row.document, row.line, row.quote)
    for document in {row.document.id: row.document for row in rows if row.document.id in own}.values():
        found = topic_line(document, stems, graph.redact)
        if found is not None and (document.id, found[0]) not in graph.withdrawn:
            return _profile(person, weight, document, *found)
    return None


def _own_first(entity: str, own: set[int], graph: _Graph) -> list[_Row]:
    """The entity's evidence rows, those of its own pages first (a stable sort: otherwise by path and line).
    ``own`` is fixed for a generation, as the rows are."""
    found = graph.ordered.get(entity)
    if found is None:
        rows = graph.entity_rows.get(entity, [])
        found = graph.ordered[entity] = sorted(rows, key=lambda r: r.document.id not in own)
    return found


def _quote_words(quote: str, graph: _Graph) -> list[str]:
    found = graph.quoted.get(quote)
    if found is None:
        found = graph.quoted[quote] = analyze(quote)
    return found


def _profile(person: str, weight: float, document: _Document, line: int, quote: str) -> Evidence:
    return Evidence(document=document.path, line=line, quote=quote, via=person, via_name="", kind="profil",
                    weight=round(weight, 4), document_id=document.id)


def _why(item: Contribution, snap: snapshot.Snapshot, stems: list[str], graph: _Graph) -> Evidence | None:
    """For a project or event, the line of its own documents that speaks of the topic."""
    weight, kind, via = item
    if kind not in WHY_KINDS:
        return None
    own = ranking.fields(snap.generation).own.get(via, set())
    # Its own page first (a startup's page), then the pages that mention it (its members' profiles).
    first = {row.document.id: row for row in _own_first(via, own, graph)}
    for row in list(first.values())[:WHY_DOCUMENTS]:
        if graph.redact.mentions(row.document.path):
            continue
        found = topic_line(row.document, stems, graph.redact)
        if found is not None:
            name = snap.entries.get(via, ("", via, 0.0, ""))[1]
            return Evidence(document=row.document.path, line=found[0], quote=found[1], via=via, via_name=name,
                            kind=WHY_KINDS[kind], weight=round(weight, 4), document_id=row.document.id)
    return None


def _source_row(person: str, kind: str, via: str, graph: _Graph) -> _Row | None:
    """The first evidence row (by document path and line) behind one contribution."""
    if kind == "document":
        document = int(via.split(":", 1)[1])
        return next((r for r in graph.entity_rows.get(person, []) if r.document.id == document), None)
    if kind == "profil":
        return next(iter(graph.entity_rows.get(person, [])), None)
    return graph.relation_rows.get((kind, person, via))


def topic_line(document, stems: list[str], redact: Redactor | None = None  # noqa: ANN001 - a Document
               ) -> tuple[int, str] | None:
    """The line of the original file that holds most of the topic's stems (None if unreadable).

    The file on disk still names forgotten people: the whole file goes through ``redact`` (so
    that a first name alone is replaced where the file also names the person in full)."""
    lines = _file_lines(document.root, document.path, document.sha256)
    if redact:
        lines = redact.lines(lines)
    long = [s for s in stems if len(s) >= 3]
    # A short stem ("ia") is found as a word, not inside others ("social", "média").
    short = re.compile(r"\b(?:" + "|".join(map(re.escape, {s for s in stems if len(s) < 3})) + r")\b") \
        if any(len(s) < 3 for s in stems) else None
    best, best_count = None, 0
    for number, (text, folded) in enumerate(zip(lines, _folded(lines), strict=True), 1):
        count = sum(1 for s in long if s in folded) + (len(short.findall(folded)) if short else 0)
        if count > best_count:
            best, best_count = (number, text.strip()[:300]), count
    return best


@lru_cache(maxsize=FILES_CACHED)
def _folded(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Folded once per file, not once per query (folding was a third of an expert query's time)."""
    return tuple(fast_fold(text) for text in lines)


@lru_cache(maxsize=FILES_CACHED)
def _file_lines(root: str, path: str, sha256: str) -> tuple[str, ...]:
    try:
        data = (Path(root) / path).read_bytes()
    except OSError:
        return ()
    if hashlib.sha256(data).hexdigest() != sha256:  # changed since ingestion: its lines no longer match
        return ()
    # Decoded and split as ingestion did (legacy encodings detected, lines cut at "\n" only), or a cp1252
    # file's quote reads "d\ufffdavancement" and a form feed would shift every later line number.
    try:
        return tuple(decode(data).text.split("\n"))
    except (NotText, Unreadable):
        return ()
