"""What goes into the search index: the text of every entity and document, and their facets.

An entity is described by its name, its aliases (and acronym), its type and
attributes, the names of the entities it is related to, and its evidence:
the quotes that mention it, a few lines around each, and the whole text of
the documents that are about it (its profile or project page).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ted.schema import TYPE_LABELS, EntityType
from ted.store import models as m
from ted.store.forgotten import redactor

# Entity types that are also search facets (their facet is named after the type).
FACET_TYPES = (EntityType.ORGANISATION, EntityType.SKILL, EntityType.PROJECT)
PRIMARY_TEXT = 8000
EVIDENCE_TEXT = 12000
DOCUMENT_TEXT = 40000
DOCUMENT_BOOST = 0.5
TITLE = 90
QUOTE = 300  # extraction's longest quote (SourceDocument.quote)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass
class Source:
    ref: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # type label and attributes
    related: list[str] = field(default_factory=list)  # names of linked entities (indexed with the body)
    evidence: list[str] = field(default_factory=list)
    path: str = ""
    boost: float = 1.0
    facets: set[tuple[str, str, str]] = field(default_factory=set)  # (facet, value, label)


def flatten(value: object) -> list[str]:
    """Every string inside a JSON-like value (attributes, front matter)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in flatten(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in flatten(v)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(value)]
    return []


def evidence_boost(count: int) -> float:
    """Well-evidenced entities rank higher, with diminishing returns."""
    return 1.0 + 0.25 * math.log1p(count)


class Corpus:
    """The store loaded once, with the lookups the index builder needs."""

    def __init__(self) -> None:
        self.entities = {e.id: e for e in m.Entity.objects.all()}
        self.redact = redactor()
        # A forgotten person's own pages (their name in the path) stay out of the index altogether.
        self.documents = {d.id: d for d in m.Document.objects.filter(status="ok").only(
            "id", "path", "metadata", "text") if not self.redact.mentions(d.path)}
        self.aliases: dict[str, list[str]] = defaultdict(list)
        for entity_id, name in m.Alias.objects.values_list("entity_id", "name"):
            self.aliases[entity_id].append(name)
        self.relations = list(m.Relation.objects.values_list("type", "source_id", "target_id"))
        self.evidence: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for entity_id, doc, line, quote in m.EntityEvidence.objects.values_list(
                "entity_id", "document_id", "line", "quote"):
            if doc in self.documents:
                self.evidence[entity_id].append((doc, line, quote))
        self.primary = self._primary_documents()
        self.owners: dict[int, set[str]] = defaultdict(set)  # document → entities it is the own page of
        for entity_id, docs in self.primary.items():
            for doc in docs:
                self.owners[doc].add(entity_id)
        self.doc_years = {d.id: _years(d.metadata.get("date")) for d in self.documents.values()}
        self._lines: dict[int, list[str]] = {}

    def _primary_documents(self) -> dict[str, set[int]]:
        """Entity → documents that are about it (its own page), from primary mentions."""
        keys = set(m.Mention.objects.filter(primary=True).values_list("document_id", "line", "quote", "type"))
        primary: dict[str, set[int]] = defaultdict(set)
        for entity_id, items in self.evidence.items():
            entity = self.entities.get(entity_id)
            for doc, line, quote in items:
                if entity and (doc, line, quote, entity.type) in keys:
                    primary[entity_id].add(doc)
        return primary

    def lines(self, doc_id: int) -> list[str]:
        if doc_id not in self._lines:
            doc = self.documents.get(doc_id)
            self._lines[doc_id] = doc.text.splitlines() if doc else []
        return self._lines[doc_id]

    def context(self, doc_id: int, quote: str) -> str:
        """The quote with the text block before and after it in the document's body.

        (Evidence lines number the original file, which also holds the front
        matter, so the quote is looked up in the body text instead.)
        """
        lines = self.lines(doc_id)
        needle = quote.strip()[:80]
        for i, text in enumerate(lines if needle else ()):
            if needle in text:
                return "\n".join(lines[max(i - 1, 0):i + 2])  # lines stay apart: a heading is no sentence's start
        # Quotes are cut at QUOTE characters by extraction: a cut one ends at a word, marked "…".
        return clip(quote, len(quote) - 1) if len(quote) >= QUOTE else quote

    def document_title(self, doc: m.Document) -> str:
        meta = doc.metadata or {}
        for key in ("title", "name", "fullname"):
            if isinstance(meta.get(key), str) and meta[key].strip():
                return meta[key].strip()
        first = next((line.strip() for line in doc.text.splitlines() if len(line.strip()) >= 3), "")
        if first:  # a plain text note: its first line, shortened at a word
            return first if len(first) <= TITLE else first[:TITLE].rsplit(" ", 1)[0] + "…"
        return doc.path.rsplit("/", 1)[-1]


def _years(value: object) -> set[str]:
    return set(_YEAR.findall(value)) if isinstance(value, str) else set()


def _limited(parts: list[str], budget: int) -> list[str]:
    kept, used = [], 0
    for part in parts:
        if used >= budget:
            break
        kept.append(clip(part, budget - used))
        used += len(kept[-1])
    return kept


def clip(text: str, size: int) -> str:
    """``text`` cut to about ``size`` characters at a word boundary, marked "…" (a snippet never ends mid-word)."""
    if len(text) <= size:
        return text
    space = max(text.rfind(" ", 0, size), text.rfind("\n", 0, size))
    return text[:space if space > size // 2 else size].rstrip() + "…"


def entity_sources(corpus: Corpus) -> list[Source]:
    related = _related(corpus)
    sources = []
    for entity in corpus.entities.values():
        source = Source(ref=entity.id, kind=entity.type, name=entity.name)
        source.aliases = list(corpus.aliases.get(entity.id, []))
        source.aliases += [a for a in flatten((entity.attributes or {}).get("acronym")) if a]
        source.body = [TYPE_LABELS.get(entity.type, entity.type),
                       *map(corpus.redact, flatten(entity.attributes or {}))]
        source.related = sorted(corpus.entities[other].name for other in related[entity.id])
        source.evidence = [corpus.redact(text) for text in _entity_evidence(corpus, entity.id)]
        source.boost = evidence_boost(len({doc for doc, _, _ in corpus.evidence.get(entity.id, [])}))
        source.facets = _entity_facets(corpus, entity, related[entity.id])
        sources.append(source)
    return sources


def _related(corpus: Corpus) -> dict[str, set[str]]:
    related: dict[str, set[str]] = defaultdict(set)
    for _type, source, target in corpus.relations:
        related[source].add(target)
        related[target].add(source)
    return related


def _entity_evidence(corpus: Corpus, entity_id: str) -> list[str]:
    primary = [clip(corpus.documents[d].text, PRIMARY_TEXT) for d in sorted(corpus.primary.get(entity_id, ()))
               if d in corpus.documents]
    quotes = [corpus.context(doc, quote) for doc, _line, quote in corpus.evidence.get(entity_id, [])
              if doc not in corpus.primary.get(entity_id, ())]
    return _limited(primary, PRIMARY_TEXT * 2) + _limited(quotes, EVIDENCE_TEXT)


def _entity_facets(corpus: Corpus, entity: m.Entity, related: set[str]) -> set[tuple[str, str, str]]:
    facets = set()
    for other_id in {entity.id, *related}:
        other = corpus.entities[other_id]
        if other.type in FACET_TYPES:
            facets.add((other.type, other.id, other.name))
    years = _years((entity.attributes or {}).get("start"))
    for doc, _, _ in corpus.evidence.get(entity.id, []):
        years |= corpus.doc_years.get(doc, set())
    facets |= {("year", y, y) for y in years}
    return facets


def document_sources(corpus: Corpus) -> list[Source]:
    in_document: dict[int, set[str]] = defaultdict(set)
    for entity_id, items in corpus.evidence.items():
        for doc, _, _ in items:
            in_document[doc].add(entity_id)
    sources = []
    for doc in corpus.documents.values():
        source = Source(ref=f"document:{doc.id}", kind="document", name=corpus.redact(corpus.document_title(doc)),
                        path=doc.path, boost=DOCUMENT_BOOST)
        source.body = [TYPE_LABELS["document"], doc.path, *map(corpus.redact, flatten(doc.metadata or {}))]
        source.evidence = [corpus.redact(clip(doc.text, DOCUMENT_TEXT))]
        for entity_id in in_document[doc.id]:
            entity = corpus.entities[entity_id]
            if entity.type in FACET_TYPES:
                source.facets.add((entity.type, entity.id, entity.name))
        source.facets |= {("year", y, y) for y in corpus.doc_years.get(doc.id, set())}
        # The entities this document is the own page of: search folds the document into them.
        source.facets |= {("owner", e, corpus.entities[e].name) for e in corpus.owners.get(doc.id, ())}
        sources.append(source)
    return sources
