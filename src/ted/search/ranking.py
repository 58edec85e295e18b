"""How much each piece of a person's evidence is about a topic: concepts, fields and coverage.

A topic is cut into concepts (:func:`ted.search.expand.groups_for`: the words, their thesaurus
synonyms and aliases, the narrower skills of a field). Every entity is a small structured
document with weighted fields, kept in memory per index generation:

* ``NAME``: its name, aliases and acronym;
* ``DECLARED``: what it says it is about: a project's or event's themes and the skills it is
  about (a startup's stack);
* ``SUMMARY``: its short descriptions (a project's mission, a person's job titles).

The long text of documents (a profile, a project's page, minutes) is matched in the full-text
index, one query per concept, and counts as a weaker ``TEXT`` field of the entities the document
is about. A unit's *relevance* is the share of the topic's concepts it holds, each concept
weighted by its rarity (IDF over entities and documents) and by the best field it was found in:

    r(u) = Σ_c idf(c) · w(u, c) / Σ_c idf(c)

so that a startup declaring the theme counts fully, a page merely using the word counts half,
and a paragraph pasted as a topic is carried by its rare, specific terms.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ted.kb import gazetteer
from ted.schema import E, R
from ted.search import backend
from ted.search.analyzer import STOPWORDS, analyze, words
from ted.search.expand import add_corrections, alternative, groups_for
from ted.search.expression import Group, Phrase
from ted.search.query import render
from ted.search.snapshot import Snapshot
from ted.store import models as m

NAME, DECLARED, SUMMARY = 1, 2, 4
# Weight of a concept found in each field, by type of entity. A project's name is a weaker sign than
# the themes it declares ("Données et territoires" is about data); a skill or a body is its name.
FIELD_WEIGHTS = {
    E.PROJECT: {NAME: 0.8, DECLARED: 1.0, SUMMARY: 0.7},
    E.EVENT: {NAME: 0.8, DECLARED: 1.0, SUMMARY: 0.7},
    # Job titles ("Data scientist") weigh like a page's text: a skill inferred from the title is
    # counted on its own already. A person's name says nothing of a topic.
    E.PERSON: {SUMMARY: 0.5},
}
DEFAULT_WEIGHTS = {NAME: 1.0, DECLARED: 1.0, SUMMARY: 0.7}
TEXT_WEIGHT = 0.3  # the concept is somewhere in a document's text
NARROWER = 0.6  # a tool of the field asked for (pandas for Python): a sign, not the skill itself
SUMMARY_KEYS = ("mission", "description", "summary", "titles", "title", "role", "subtitle", "resume")
DECLARED_KEYS = ("themes", "thematiques", "tags", "keywords", "topics")
DECLARED_CONFIDENCE = 0.9  # front matter (0.95) declares; a skill read in a description (0.7) summarises
# Relations read as a field of their source rather than followed as links: the skills a project or
# an event is about count as what it declares (or summarises), so its people inherit them through
# the link that ties them to it (experts.LINK_WEIGHTS).
FIELD_RELATIONS = (R.ABOUT,)
MAX_PREFIX = 64  # stems a prefix may stand for
TEXT_MATCHES = 20000


@dataclass
class Concept:
    """One concept of the topic: its alternatives (with a factor each) and its rarity."""

    label: str
    alternatives: list[tuple[tuple[Phrase, ...], float]]
    idf: float = 1.0


@dataclass
class Topic:
    concepts: list[Concept]
    groups: list[Group]  # the same concepts as search groups (for snippets and programme slots)
    relevance: dict[str, float] = field(default_factory=dict)  # entity id or "document:<id>" → r
    coverage: dict[str, float] = field(default_factory=dict)  # the same without field weights


@dataclass
class Fields:
    """Per index generation: each entity's structured fields as an inverted index, and its own pages."""

    generation: str
    types: dict[str, str]  # entity id → type
    postings: dict[str, dict[str, int]]  # stem → {entity id: field bits}
    stems: list[str]  # sorted, for prefix look-ups
    primary: dict[int, list[str]]  # document id → entities the document is about
    units: int  # entities + documents, for IDF
    own: dict[str, set[int]] = field(default_factory=dict)  # entity → its own pages (the inverse of primary)

    def __post_init__(self) -> None:
        for document, entities in self.primary.items():
            for entity_id in entities:
                self.own.setdefault(entity_id, set()).add(document)


_cache: Fields | None = None
_lock = threading.Lock()


def fields(generation: str) -> Fields:
    global _cache
    with _lock:
        if _cache is None or _cache.generation != generation:
            _cache = _load(generation)
        return _cache


def _load(generation: str) -> Fields:
    postings: dict[str, dict[str, int]] = defaultdict(dict)
    types = {}

    def add(entity_id: str, bit: int, texts: Iterable[str]) -> None:
        for text in texts:
            for token in analyze(text):
                if token not in STOPWORDS:
                    postings[token][entity_id] = postings[token].get(entity_id, 0) | bit

    for entity_id, type_, name, attributes in m.Entity.objects.values_list("id", "type", "name", "attributes"):
        types[entity_id] = type_
        attributes = attributes or {}
        if type_ != E.PERSON:
            add(entity_id, NAME, [name, *_strings(attributes.get("acronym"))])
        add(entity_id, DECLARED, [s for key in DECLARED_KEYS for s in _strings(attributes.get(key))])
        add(entity_id, SUMMARY, [s for key in SUMMARY_KEYS for s in _strings(attributes.get(key))])
    for entity_id, alias in m.Alias.objects.values_list("entity_id", "name"):
        if types.get(entity_id) not in (None, E.PERSON):
            add(entity_id, NAME, [alias])
    skills = {i: n for i, n in m.Entity.objects.filter(type=E.SKILL).values_list("id", "name")}
    for source, target, sure in m.Relation.objects.filter(type__in=FIELD_RELATIONS).values_list(
            "source_id", "target_id", "confidence"):
        if target in skills:  # a project's stack, an event's subject: declared by the page, or read in its text
            add(source, DECLARED if sure >= DECLARED_CONFIDENCE else SUMMARY, [skills[target]])
    documents = m.Document.objects.filter(status="ok").count()
    return Fields(generation, types, dict(postings), sorted(postings), _primary_documents(), len(types) + documents)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def _primary_documents() -> dict[int, list[str]]:
    """Document → the entities it is about (their profile, their project page), from primary mentions."""
    keys = set(m.Mention.objects.filter(primary=True).values_list("document_id", "line", "type"))
    primary: dict[int, list[str]] = defaultdict(list)
    for entity_id, type_, doc, line in m.EntityEvidence.objects.values_list(
            "entity_id", "entity__type", "document_id", "line"):
        if (doc, line, type_) in keys and entity_id not in primary[doc]:
            primary[doc].append(entity_id)
    return dict(primary)


def topic(text: str, snap: Snapshot, limit_words: int = 24, terms: list[tuple[str, float]] | None = None
          ) -> Topic:
    """The concepts of ``text`` (or of each of ``terms``, one concept or more each, with its weight) and
    the relevance of every entity and document that holds one."""
    if terms is None:
        groups = groups_for(words(text)[:limit_words], snap)
        weights = [1.0] * len(groups)
    else:
        pairs = [(g, weight) for term, weight in terms for g in groups_for(words(term), snap)]
        groups, weights = [g for g, _ in pairs], [w for _, w in pairs]
    if not groups:
        return Topic([], [])
    add_corrections(groups, snap)
    concepts = [Concept(g.label, _factors(g, snap)) for g in groups]
    index = fields(snap.generation)
    structured = [_structured(c, index) for c in concepts]
    texts = [_documents(g) for g in groups]
    for concept, matched, docs, weight in zip(concepts, structured, texts, weights, strict=True):
        frequency = len(matched) + len(docs)
        concept.idf = weight * math.log(1 + (index.units - frequency + 0.5) / (frequency + 0.5))
    result = Topic(concepts, groups)
    _score(result, structured, texts, index)
    return result


def _factors(group: Group, snap: Snapshot) -> list[tuple[tuple[Phrase, ...], float]]:
    """Each alternative with its weight: the narrower skills of a field count less than the field."""
    narrower = {alternative(words(name), snap) for name in gazetteer.skill_narrower(group.label)}
    return [(alt, NARROWER if alt in narrower else 1.0) for alt in group.alternatives]


def _structured(concept: Concept, index: Fields) -> dict[str, float]:
    """Entity → the best weight of a field holding the concept (any alternative)."""
    best: dict[str, float] = {}
    for alt, factor in concept.alternatives:
        for entity_id, bits in _alternative_bits(alt, index).items():
            weights = FIELD_WEIGHTS.get(index.types.get(entity_id, ""), DEFAULT_WEIGHTS)
            weight = factor * max((w for bit, w in weights.items() if bits & bit), default=0.0)
            if weight > best.get(entity_id, 0.0):
                best[entity_id] = weight
    return best


def _alternative_bits(alt: tuple[Phrase, ...], index: Fields) -> dict[str, int]:
    """Entities holding every word of the alternative in one field, with those fields' bits."""
    found: dict[str, int] | None = None
    for phrase in alt:
        for token in phrase.tokens:
            if token in STOPWORDS:
                continue
            bits = _token_bits(token, phrase.prefix and token == phrase.tokens[-1], index)
            found = bits if found is None else {e: b & bits[e] for e, b in found.items() if b & bits.get(e, 0)}
            if not found:
                return {}
    return found or {}


def _token_bits(token: str, prefix: bool, index: Fields) -> dict[str, int]:
    if not prefix:
        return index.postings.get(token, {})
    merged: dict[str, int] = {}
    start = bisect_left(index.stems, token)
    for stem in index.stems[start:start + MAX_PREFIX]:
        if not stem.startswith(token):
            break
        for entity_id, bits in index.postings[stem].items():
            merged[entity_id] = merged.get(entity_id, 0) | bits
    return merged


def _documents(group: Group) -> set[int]:
    """Documents whose text holds the concept (the full-text index, any alternative)."""
    found = set()
    for ref, _score in backend.match(render([group]), limit=TEXT_MATCHES):
        if ref.startswith("document:"):
            found.add(int(ref.split(":", 1)[1]))
    return found


def _score(result: Topic, structured: list[dict[str, float]], texts: list[set[int]], index: Fields) -> None:
    total = sum(c.idf for c in result.concepts) or 1.0
    weighted: dict[str, float] = defaultdict(float)
    covered: dict[str, float] = defaultdict(float)
    for concept, matched, docs in zip(result.concepts, structured, texts, strict=True):
        best = dict(matched)
        for doc in docs:
            ref = f"document:{doc}"
            weighted[ref] += concept.idf * TEXT_WEIGHT
            covered[ref] += concept.idf
            for entity_id in index.primary.get(doc, ()):  # the page of a project counts as its text
                best[entity_id] = max(best.get(entity_id, 0.0), TEXT_WEIGHT)
        for entity_id, weight in best.items():
            weighted[entity_id] += concept.idf * weight
            covered[entity_id] += concept.idf
    result.relevance = {ref: value / total for ref, value in weighted.items()}
    result.coverage = {ref: value / total for ref, value in covered.items()}
