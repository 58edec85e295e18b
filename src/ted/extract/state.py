"""The per-document state that extraction components read and fill, and the one place entities are added.

Each field is named, typed and declared by the components that assign it
(``ted.extract.registry``): the layout readers fill ``turns``, ``chat_lines`` and
``segments``; the entity finders record where in a segment they found a body or a
person (``org_spans``, ``person_spans``) so that later finders do not read the same
words again; the relation finders read them.

Adding through the context keeps names normal (canonical organisation names
from the gazetteer, "Prénom Nom" for people), keeps every spelling as an
alias, and merges mentions of one thing inside the document ("Karim A." and
"Karim Ait-Ouali"; "Gregoire MARTINON" in the chat and "Grégoire Martinon" in
the programme) before cross-document resolution sees them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from ted.extract.cues import organisations as orgs
from ted.extract.facts import Facts
from ted.extract.layout.chat import Turn
from ted.extract.layout.segments import Segment
from ted.kb.lexicon import words
from ted.kb.names import fold, name_key
from ted.schema import EntityType as E
from ted.schema import merge_attributes
from ted.sources.document import SourceDocument

# (start, end, mention key) of a name found inside a segment's text.
Span = tuple[int, int, str]


@dataclass
class DocState:
    doc: SourceDocument
    facts: Facts = field(default_factory=Facts)
    turns: list[Turn] = field(default_factory=list)  # chat copies, read before any prose
    chat_lines: set[int] = field(default_factory=set)  # lines the chat turns cover
    segments: list[Segment] = field(default_factory=list)  # the text as layout: headings, items, rows...
    reference: dt.date | None = None  # the document's own date
    main_event: str | None = None  # key of the event the document announces or reports
    portrait: str | None = None  # key of the person a portrait or interview is about
    # segment index -> key of the person a portrait *section* is about (a newsletter's "Portrait de ...")
    section_portraits: dict[int, str] = field(default_factory=dict)
    page_org: str | None = None  # key of the organisation the page presents (a team page)
    org_spans: dict[int, list[Span]] = field(default_factory=dict)  # segment index -> bodies named there
    person_spans: dict[int, list[Span]] = field(default_factory=dict)  # segment index -> people named there
    lead_orgs: dict[int, list[str]] = field(default_factory=dict)  # heading segment -> "Org - topic" orgs
    item_projects: dict[int, list[str]] = field(default_factory=dict)  # segment -> project keys named there
    maker_spans: set[tuple[int, int]] = field(default_factory=set)  # (segment, start) of a project's makers
    # segment -> (offset, event key) of the events a document mentions beside its own ("l'atelier du 14 mars")
    mentioned_events: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    # The adders' own indexes, so that one thing named twice in a document is one mention.
    org_keys: dict[str, str] = field(default_factory=dict)  # canonical name key -> mention key
    projects: dict[str, str] = field(default_factory=dict)  # name key -> mention key
    failed: str | None = None  # why extraction stopped for this document (the remaining components skip it)

    def quote(self, line: int) -> str:
        return self.doc.quote(line)

    def preceding(self, seg: Segment) -> Iterator[Segment]:
        """The segments before ``seg``, nearest first, without copying the list (finders stop early)."""
        return (self.segments[i] for i in range(seg.index - 1, -1, -1))

    def portrait_at(self, seg: Segment) -> str | None:
        """The person a portrait is about where ``seg`` stands: the page's, else its section's."""
        return self.portrait or self.section_portraits.get(seg.index)

    def relate(self, type_: str, source: str | None, target: str | None, line: int) -> None:
        if source and target and source != target:
            self.facts.relate(type_, source, target, line, self.quote(line))

    # ------------------------------------------------------------------ people

    def person(self, name: str, original: str, line: int, titles: list[str] | tuple[str, ...] = ()) -> str:
        known = self._same_person(name)
        aliases = [original] if original != name else []
        titles = [t.strip(" /|–—-") for t in titles]  # a directory line's field separators are not the title's
        attributes = {"titles": [t for t in titles if t]} if titles else None
        if known is None:
            return self.facts.entity(E.PERSON, name, line, self.quote(line), attributes=attributes,
                                     aliases=aliases)
        mention = self.facts.mentions[known]
        if _fuller(name, mention.name):  # "Karim Ait-Ouali" after "Karim A.": the full name wins
            mention.aliases.append(mention.name)
            mention.name = name
        return self._merge_into(known, name, aliases, attributes)

    def _merge_into(self, key: str, name: str, aliases: list[str], attributes: dict | None) -> str:
        mention = self.facts.mentions[key]
        self.facts.confirm(mention)  # found again: the running component's confidence if higher
        for alias in [name, *aliases]:
            if alias and alias != mention.name and alias not in mention.aliases:
                mention.aliases.append(alias)
        merge_attributes(mention.attributes, attributes or {})
        return key

    def _same_person(self, name: str) -> str | None:
        key = name_key(name)
        for mention in self.facts.of_type(E.PERSON):
            other = name_key(mention.name)
            if other == key or _abbreviates(key, other) or _abbreviates(other, key):
                return mention.key
        return None

    # ------------------------------------------------------------ organisations

    def organisation(self, text: str, line: int, known: orgs.Org | None = None) -> str | None:
        text = orgs.strip_article(" ".join(text.split()).strip(" ,;:.-–"))
        if not text or fold(text) in words("work_statuses"):
            return None  # "Indépendante", "Freelance" in a team table's body column: a status, no body
        found = known or orgs.lookup(text)
        name = found.name if found else text
        aliases = [text] if text != name else []
        acronym = found.acronym if found else None
        if found is None and orgs.is_acronym(text):
            acronym = text
        key = self.org_keys.get(name_key(name)) or self._org_by_prefix(name)
        if key is None:
            attributes = {"acronym": acronym} if acronym else None
            key = self.facts.entity(E.ORGANISATION, name, line, self.quote(line), attributes=attributes,
                                    aliases=aliases)
            self.org_keys[name_key(name)] = key
        else:
            self._merge_into(key, name, aliases, {"acronym": acronym} if acronym else None)
        if acronym:
            self.org_keys[name_key(acronym)] = key
        return key

    def merge_alias(self, key: str, name: str) -> None:
        """Another spelling of an organisation already found: an alias, and a name later mentions find it by."""
        self._merge_into(key, name, [], None)
        self.org_keys.setdefault(name_key(name), key)

    def merge_organisation(self, old: str, new: str) -> str:
        """Two mentions found to name one body ("la Direction du Numérique (DINUM)"): ``old`` becomes
        an alias of ``new`` (or the other way round when ``old`` is the page's own entity), and every
        statement and span that pointed at it moves over. Returns the key kept."""
        if old == new or old not in self.facts.mentions or new not in self.facts.mentions:
            return new
        if old == self.facts.primary:
            old, new = new, old
        gone = self.facts.mentions.pop(old)
        self._merge_into(new, gone.name, gone.aliases, gone.attributes)
        self.facts.confirm(self.facts.mentions[new], gone.confidence)
        statements = []
        for statement in self.facts.statements:
            statement.source = new if statement.source == old else statement.source
            statement.target = new if statement.target == old else statement.target
            same = next((s for s in statements
                         if (s.type, s.source, s.target) == (statement.type, statement.source, statement.target)), None)
            if same is not None:
                self.facts.confirm(same, statement.confidence)
            elif statement.source != statement.target:
                statements.append(statement)
        self.facts.statements[:] = statements
        for name, key in self.org_keys.items():
            if key == old:
                self.org_keys[name] = new
        for spans in self.org_spans.values():
            spans[:] = [(s, e, new if k == old else k) for s, e, k in spans]
        for keys in self.lead_orgs.values():
            keys[:] = [new if k == old else k for k in keys]
        self.page_org = new if self.page_org == old else self.page_org
        return new

    def _org_by_prefix(self, name: str) -> str | None:
        """"Labelia" written next to "Labelia Labs" in one document is the same organisation."""
        key = name_key(name)
        mine = None
        for other, mention_key in self.org_keys.items():
            nested = other.startswith(key + " ") or key.startswith(other + " ")
            if nested and len(min(key, other, key=len)) >= 5:
                # ... unless the gazetteer knows them apart: "ARS" (the agencies) and "ARS Occitanie",
                # "Direction du numérique" and "Direction du numérique pour l'éducation".
                # A known body never joins a shorter unknown name either: "Direction du Numérique" may be
                # any ministry's.
                mine = mine or orgs.lookup(name) or False
                theirs = orgs.lookup(self.facts.mentions[mention_key].name)
                if (mine and theirs and mine.name != theirs.name) or (mine and not theirs and len(key) > len(other)) \
                        or (theirs and not mine and len(other) > len(key)):
                    continue
                return mention_key
        return None

    # ----------------------------------------------------------------- projects

    def project(self, name: str, line: int, aliases: list[str] | tuple[str, ...] = ()) -> str:
        key = self.projects.get(name_key(name))
        if key is None:
            for alias in aliases:
                key = key or self.projects.get(name_key(alias))
        if key is not None:
            return self._merge_into(key, name, list(aliases), None)
        key = self.facts.entity(E.PROJECT, name, line, self.quote(line), aliases=list(aliases))
        for n in [name, *aliases]:
            self.projects[name_key(n)] = key
        return key


def _abbreviates(short: str, full: str) -> bool:
    """"karim a" abbreviates "karim ait ouali"."""
    s, f = short.split(), full.split()
    return (len(s) == 2 and len(f) >= 2 and len(s[1]) == 1 and s[0] == f[0] and f[1].startswith(s[1])
            and len(f[1]) > 1)


def _fuller(name: str, other: str) -> bool:
    return _abbreviates(name_key(other), name_key(name))
