"""Front matter no convention knows: what the page is about and what its keys say, inferred.

When no convention of ``kb/fr/frontmatter.yaml`` applies, the page's kind (person, project,
organisation, event, or a post that only has authors) comes from its layout or type key and
its folders (``_membres/x.md``, ``content/equipe/x.md``, ``layout: event``), else from the
shapes of its values (a person's name under a name key beside a role or an employer; a date
under a start key, or a date beside a place or a registration link). Its keys are read by
family (``kb/fr/frontmatter_keys.yaml``: role, poste, fonction... are one family), lists of
mappings recursively with the same families, and each family gives the entities and relations
the page's kind takes from it, only those ``ted.schema.allows``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ted.extract.cues.affiliations import affiliation
from ted.extract.cues.organisations import split_bodies
from ted.extract.cues.person_names import NAME, person_name
from ted.extract.facts import Facts
from ted.kb.dates import parse_iso
from ted.kb.gazetteer import find_skills, lookup_skill
from ted.kb.lexicon import first_names, words
from ted.kb.names import fold
from ted.kb.references import family_links, key_families, key_form, list_pages, name_families, page_keys, page_kinds
from ted.schema import EntityType as E
from ted.schema import allows
from ted.sources.document import SourceDocument

# A title that gives a short name, then what it is: "Transformers : Une IA open-source pour l'analyse de texte".
SUBTITLED = re.compile(r"^(?P<name>[^\s:][^:]{0,30}?)\s*[:–—]\s+(?P<subtitle>\S.{10,})$")
MAX_DEPTH = 3  # mappings inside mappings: a project's team member's employer, no further
PERSON_FAMILIES = ("role", "organisations", "projects", "skills")  # a person's name beside one of these: a profile
MAX_NAME_WORDS = 12  # a longer project value is a sentence saying what someone does, not a project's name
PAGE_ENTITIES = (E.PERSON, E.PROJECT, E.ORGANISATION, E.EVENT)  # a page's own entity; a post has none


def infer_frontmatter(doc: SourceDocument, facts: Facts) -> str | None:
    """Facts of front matter no convention applies to; return the key of the page's own entity, if any."""
    if doc.format == "html" or not isinstance(doc.metadata, dict) or not doc.metadata:
        return None  # no front matter: an HTML page's head (its <title>, its author) is no front matter
    if fold(doc.stem) in list_pages():
        return None  # a section's list page is none of its items
    return _Reader(doc, facts).page()


def infer_unread(doc: SourceDocument, facts: Facts, main: str, kind: str, read: set[str]) -> None:
    """The families of the keys a known convention left unread, joined to the page's entity ``main``."""
    meta = doc.metadata if isinstance(doc.metadata, dict) else {}
    # A site's tags (its rubrics: "Innovation publique", "Formation") are no skills where a convention knows
    # the site and left them out.
    unread = set(meta) - set(_keys(meta, "tags"))
    rest = {key: value for key, value in meta.items() if key in unread and key_form(key) not in read}
    if rest and kind in PAGE_ENTITIES:
        _Reader(doc, facts)._links(kind, main, rest, 0, 1)


def page_kind(doc: SourceDocument) -> str | None:
    """What the page is, from its layout or type key, then its folders (nearest first)."""
    for key, value in doc.metadata.items():
        if key_form(key) in page_keys() and isinstance(value, str):
            form = key_form(value)
            if kind := _kind_of(form) or next((k for t in form.split("_") if (k := _kind_of(t))), None):
                return kind
    for folder in reversed(doc.path.split("/")[:-1]):
        if kind := _kind_of(key_form(folder.lstrip("_"))):
            return kind
    return None


def _kind_of(word: str) -> str | None:
    return next((kind for kind, kind_words in page_kinds().items() if word in kind_words), None)


def registration_url(mapping: dict) -> tuple[str, str] | None:
    """(address, top-level key) of a registration link the front matter gives: under a registration key,
    in a mapping of labels (``liens: {inscription: https://...}``) or as a label/value pair
    (``informations: [{intitule: Inscription, lien: https://...}]``)."""
    for key in _keys(mapping, "registration"):
        value = mapping[key]
        inner = [v for item in (value if isinstance(value, list) else [value]) if isinstance(item, dict)
                 for v in item.values()]  # inscription: {lien: https://...}
        if url := _first_url(value) or _first_url(inner):
            return url, key
    for key, value in mapping.items():
        items = value if isinstance(value, list) else [value]
        for item in (i for i in items if isinstance(i, dict)):
            if url := _labelled_registration(item):
                return url, key
    return None


def _labelled_registration(item: dict) -> str | None:
    for key in _keys(item, "registration"):
        if url := _first_url(item[key]):
            return url
    label = next((_text(item[k]) for k in _keys(item, "label") if isinstance(item[k], str)), "")
    if not label or not _says_register(label):
        return None
    return next((url for k in _keys(item, "value") if (url := _first_url(item[k]))), None)


def _says_register(label: str) -> bool:
    key = " ".join(fold(label).split())
    return any(word in key for word in words("registration_labels")) and not any(
        other in key for other in words("registration_not"))


# ------------------------------------------------------------------ values


def _keys(mapping: dict, family: str, exclude: str | None = None) -> list[str]:
    """The mapping's keys of a family, in the family's order of preference."""
    forms = {key_form(k): k for k in mapping}
    excluded = set(key_families().get(exclude, ())) if exclude else set()
    return [forms[k] for k in key_families()[family] if k in forms and k not in excluded]


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def _scalars(value: Any) -> list[str]:
    """The filled-in text values of a field (a value or a list of them), placeholders left out."""
    items = value if isinstance(value, list) else [value]
    return [text for item in items if (text := _text(item)) and not _placeholder(text)]


def _placeholder(text: str) -> bool:
    """"à définir", "N/A", "?": a field not filled in yet."""
    return fold(text).strip(" .?!-–—/") in words("placeholder_values")


def _url(text: str) -> str | None:
    return text if text.startswith(("http://", "https://")) and " " not in text else None


def _first_url(value: Any) -> str | None:
    return next((url for text in _scalars(value) if (url := _url(text))), None)


def _date(text: str) -> str | None:
    return parse_iso(text) if any(c.isdigit() for c in text) else None


def _repository_field(meta: dict) -> bool:
    """A code repository's address, or the field for it left empty: a site's project template gives every
    project page the key (a Hugo archetype, a Jekyll collection's defaults), filled or not yet. A value
    that is no address (an author's handle) says nothing."""
    return any(_first_url(meta[k]) or meta[k] in (None, "", []) for k in _keys(meta, "repository"))


CLOSING_BODY = re.compile(r"\((?P<body>[^()]{2,80})\)\s*$")


@dataclass
class _Reader:
    doc: SourceDocument
    facts: Facts

    # -------------------------------------------------------------- the page's entity

    def page(self) -> str | None:
        meta = self.doc.metadata
        trusted = page_kind(self.doc)  # the page says what it is: no value need prove it
        kind = trusted or self._shape_kind(meta)
        if kind == E.EVENT and not self._start(meta):
            kind = None  # an agenda's report with only its publication date: the event finders read its title
        named = self._main_name(kind, meta, trusted=trusted is not None) if kind in PAGE_ENTITIES else None
        if kind is None or named is None:
            self._links("post", None, meta, 0, 1)  # a post, or a page of unknown kind: only its authors
            return None
        name, original, line = named
        if kind == E.PROJECT and (titled := SUBTITLED.match(name)) and titled["name"][:1].isupper():
            name = titled["name"]  # "Transformers : Une IA open-source pour ..." is Transformers
        main = self.facts.entity(kind, name, line, self.doc.quote(line),
                                 attributes=self._attributes(kind, meta, line, nested=False),
                                 aliases=[original] if original != name else [], ref=self._ref(kind))
        self.facts.primary = main
        self._links(kind, main, meta, 0, line)
        return main

    def _ref(self, kind: str) -> str:
        """A Jekyll collection's item is referenced by "collection/stem" (as the conventions' refs are:
        ``startups: [pix]`` is ``_startups/pix.md``), when its collection says what it is."""
        parts = self.doc.path.split("/")
        folder = parts[-2] if len(parts) > 1 else ""
        if folder.startswith("_") and _kind_of(key_form(folder.lstrip("_"))) == kind:
            return f"{folder.lstrip('_')}/{self.doc.stem}"
        return ""

    def _shape_kind(self, meta: dict) -> str | None:
        """A page that does not say what it is: a profile by its person's name, an event by its date, an
        organisation by its acronym, a project by its code repository."""
        person = self._person_name(meta, nested=False)
        if person and fold(person[0].split()[0]) in first_names() and any(_keys(meta, f) for f in PERSON_FAMILIES):
            return E.PERSON
        if self._start(meta):
            return E.EVENT
        if any(_scalars(meta[k]) for k in _keys(meta, "acronym")) and self._plain_name(E.ORGANISATION, meta):
            return E.ORGANISATION
        if _repository_field(meta) and self._plain_name(E.PROJECT, meta):
            return E.PROJECT  # a page that gives its code's repository presents what the code makes
        return None

    def _start(self, meta: dict) -> str | None:
        """The day (and time) under a start key. A bare "date" is when the page was published (Jekyll, Hugo),
        even on an agenda's page or beside a place: a meetup's report, a tour or a week of talks published on
        one day and held on others."""
        return next((d for k in _keys(meta, "start") for t in _scalars(meta[k]) if (d := _date(t))), None)

    def _main_name(self, kind: str, meta: dict, trusted: bool) -> tuple[str, str, int] | None:
        if kind == E.PERSON:
            return self._person_name(meta, nested=False, any_case=trusted)
        return self._plain_name(kind, meta)

    def _plain_name(self, kind: str, meta: dict, nested: bool = False, base: int = 1) -> tuple[str, str, int] | None:
        families = name_families(kind) or ["name", "title"]
        for family in families:
            for key in _keys(meta, family):
                if (texts := _scalars(meta[key])) and not _url(texts[0]):
                    return texts[0], texts[0], self._line(key, texts[0], base, nested)
        return None

    def _person_name(self, meta: dict, nested: bool, base: int = 1,
                     any_case: bool = False) -> tuple[str, str, int] | None:
        """A person's name: first and last name joined, else the first name key (or a person page's title)
        that reads as a person's name, capitalised ("Tous les membres du réseau" is none); a title key that
        also names a job ("titre") is the job's. On a page that says it is a person's (``any_case``), a name
        typed in lower case ("victor journé") is one when it opens on a known first name."""
        first = next((t for k in _keys(meta, "first_name") for t in _scalars(meta[k])[:1]), None)
        last_key = next((k for k in _keys(meta, "last_name") if _scalars(meta[k])), None)
        candidates = []
        if first and last_key:
            last = _scalars(meta[last_key])[0]
            candidates.append((f"{first} {last}", last_key, last))
        families = ["name"] if nested else ["name", "title"]  # a nested person's "title" is a job (Docusaurus)
        candidates += [(t, k, t) for f in families for k in _keys(meta, f, exclude="role")
                       for t in _scalars(meta[k])[:1]]
        for text, key, written in candidates:
            named = person_name(text)
            if named is None and any_case and fold(text.split()[0]) in first_names():
                named = person_name(text, strict_case=False)
            if named:
                return named[0], named[1], self._line(key, written, base, nested)
        return None

    def _line(self, key: str, value: str, base: int, nested: bool) -> int:
        start = base if nested else self.doc.line_of(key)
        return self.doc.find_line(value, start)

    # -------------------------------------------------------------- attributes

    def _attributes(self, kind: str, mapping: dict, base: int, nested: bool) -> dict:
        attributes: dict[str, Any] = {}
        if kind == E.PERSON:
            roles = _keys(mapping, "role") + ([k for k in _keys(mapping, "title")] if nested else [])
            titles = [t for k in dict.fromkeys(roles) for t in _scalars(mapping[k]) if not _url(t)]
            if titles:
                attributes["titles"] = titles
        if kind in (E.PERSON, E.PROJECT, E.ORGANISATION):
            for attribute, family in (("url", "url"), ("repository", "repository")):
                if kind != E.PROJECT and attribute == "repository":
                    continue
                if url := next((u for k in _keys(mapping, family) if (u := _first_url(mapping[k]))), None):
                    attributes[attribute] = url
        if kind == E.ORGANISATION and (acronym := next((t for k in _keys(mapping, "acronym")
                                                        for t in _scalars(mapping[k])), None)):
            attributes["acronym"] = acronym
        if kind == E.EVENT:
            attributes.update(self._event_fields(mapping))
        return attributes

    def _event_fields(self, meta: dict) -> dict:
        """Start, end, place (a schema.org ``location`` mapping too) and registration."""
        fields: dict[str, Any] = {}
        for attribute, family in (("start", "start"), ("end", "end")):
            if found := next((d for k in _keys(meta, family) for t in _scalars(meta[k]) if (d := _date(t))), None):
                fields[attribute] = found
        for family in ("location", "address", "city"):
            for key in _keys(meta, family):
                value = meta[key]
                if isinstance(value, dict):  # schema.org's location: {name, address, city}
                    fields.update({f: t for f, t in self._place(value).items() if f not in fields})
                elif (texts := _scalars(value)) and family not in fields:
                    fields[family] = texts[0]
        if found := registration_url(meta):
            fields["registration_url"] = found[0]
        return fields

    def _place(self, value: dict) -> dict:
        place = {}
        for attribute, families in (("location", ("name", "location")), ("address", ("address",)),
                                    ("city", ("city",))):
            text = next((t for f in families for k in _keys(value, f) for t in _scalars(value[k])[:1]), None)
            if text:
                place[attribute] = text
        return place

    # -------------------------------------------------------------- related entities

    def _links(self, kind: str, main: str | None, mapping: dict, depth: int, base: int) -> None:
        """Each family the kind of entity takes: one entity per value, joined to ``main`` as the data says."""
        for family, rule in family_links(kind).items():
            if family == "authors" and depth > 0:
                continue  # who wrote the page is said once, at its top
            for key in _keys(mapping, family):
                start = self.doc.line_of(key) if depth == 0 else base
                value = mapping[key]
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict):
                        self._mapping_item(kind, main, family, rule, item, depth, start)
                    elif text := _text(item):
                        self._value(main, rule, text, start)

    def _value(self, main: str | None, rule: dict, text: str, start: int) -> None:
        if _placeholder(text) or _url(text):
            return
        type_ = rule["type"]
        line = self.doc.find_line(text, start)
        if type_ == E.PERSON:
            self._person_value(main, rule, text, line)
        elif type_ == E.ORGANISATION:
            for name in split_bodies(text):
                self._relate(main, rule, self._entity(E.ORGANISATION, name, line), line)
        elif type_ == E.SKILL:
            for name in self._skills(text, weak=rule.get("weak", False)):
                self._relate(main, rule, self._entity(E.SKILL, name, line), line)
        elif len(text.split()) <= MAX_NAME_WORDS and ". " not in text:
            self._relate(main, rule, self._entity(type_, text, line), line)

    def _person_value(self, main: str | None, rule: dict, text: str, line: int) -> None:
        """"Marie Dupont", "Marie Dupont (DINUM)", "Marie Dupont, cheffe de projet à l'Insee"."""
        found = NAME.match(text)
        named = person_name(found.group()) if found else None
        if named is None:
            return
        titles, org_text, _ = affiliation(text[found.end():])
        if org_text is None and (closing := CLOSING_BODY.search(text[found.end():])):
            org_text = closing["body"]  # "Oriane Castagne — data scientist (Cerema)": the body closes the value
        attributes = {"titles": [titles]} if titles else None
        person = self.facts.entity(E.PERSON, named[0], line, self.doc.quote(line), attributes=attributes,
                                   aliases=[named[1]] if named[1] != named[0] else [])
        self._relate(main, rule, person, line)
        for org in split_bodies(org_text) if org_text else []:
            self._relate(person, {"relation": "member_of"}, self._entity(E.ORGANISATION, org, line), line)

    def _mapping_item(self, kind: str, main: str | None, family: str, rule: dict, item: dict, depth: int,
                      start: int) -> None:
        """A mapping in a list (``equipe: [{nom: X, role: Y, structure: Z}]``): one entity read with the same
        families; a mapping with no name of its own gives its fields to the entity it belongs to."""
        if depth >= MAX_DEPTH:
            return
        first = next((t for v in item.values() if (t := _text(v))), "")
        base = self.doc.find_line(first, start) if first else start
        type_ = rule["type"]
        if type_ == E.PERSON:
            named = self._person_name(item, nested=True, base=base)
        elif type_ == E.SKILL:  # skills: [{nom: Python, niveau: expert}]: the name as any skill value
            if named := self._plain_name(type_, item, nested=True, base=base):
                self._value(main, rule, named[0], base)
            return
        else:
            named = self._plain_name(type_, item, nested=True, base=base)
        if named is None:
            if main is not None and family != "authors":
                self._links(kind, main, item, depth + 1, base)  # missions: [{employeur: X, startups: [Y]}]
            return
        name, original, line = named
        entity = self.facts.entity(type_, name, line, self.doc.quote(line),
                                   attributes=self._attributes(type_, item, line, nested=True),
                                   aliases=[original] if original != name else [])
        self._relate(main, rule, entity, line)
        self._links(type_, entity, item, depth + 1, base)

    def _skills(self, text: str, weak: bool) -> list[str]:
        """A skill field's value; a weak one ("tags") only when the thesaurus knows it or one of its skills."""
        if not weak or lookup_skill(text):
            return [text]
        return list(dict.fromkeys(match.name for match in find_skills(text)))

    def _entity(self, type_: str, name: str, line: int) -> str:
        return self.facts.entity(type_, name, line, self.doc.quote(line))

    def _relate(self, main: str | None, rule: dict, other: str, line: int) -> None:
        relation = rule.get("relation")
        if main is None or not relation:
            return
        source, target = (other, main) if rule.get("direction") == "in" else (main, other)
        mentions = self.facts.mentions
        if allows(relation, mentions[source].type, mentions[target].type):
            self.facts.relate(relation, source, target, line, self.doc.quote(line),
                              inherited=rule.get("inherited", True))
