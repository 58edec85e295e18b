"""Entity resolution: which mentions, across all documents, are one real thing.

Pure Python over plain records so it can be tested without a database.
Mentions are joined (union-find) when they share a collection reference, or
when their types agree and one of their names matches under the type's
matching key:

- organisations and skills: the project's gazetteers first ("INSEE", "Insee"
  and the full name are one body; "Machine Learning" and "apprentissage
  automatique" one skill), then the normalised name;
- people: a key that ignores case, accents, hyphens, affiliation tags and
  surname-first order (``ted.graph.people``); then abbreviated names
  ("Karim A.") join the one full name they can stand for, in the same
  document or else in the whole corpus; then one-slip typos join
  ("Elliott"/"Elliot"), never two different names that merely share a first name;
- projects and events: the normalised name; events of one day also when one title says all
  the other says, or when one is named in passing by its kind alone ("la journée du 11
  février") and the day has one event of that kind.

A reference that no document defines ("/organisations/cour-de-cassation" with no page) is
first named from its slug and, where the front-matter mapping allows, resolves like any name.

Canonical names: the gazetteer's for organisations and skills, the properly
cased and accented spelling for people; every other spelling is an alias.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ted.graph import people
from ted.kb import lexicon
from ted.kb.gazetteer import lookup_organisation, lookup_skill, organisation_variants
from ted.kb.names import name_key, slugify
from ted.kb.references import placeholder_name
from ted.schema import EntityType


@dataclass
class MentionRecord:
    id: int
    type: str
    name: str
    aliases: list[str]
    attributes: dict
    ref: str = ""
    primary: bool = False
    document: str = ""  # the document (root and path): "same document" evidence for abbreviations
    sealed: bool | None = None  # set for references no page defines: whether only the ref identifies it
    placeholder: bool = False  # named from a slug ('Cour de cassation' for cour-de-cassation): names last
    confidence: float = 1.0  # how far the extraction that found it is trusted (0-1); plays no part in resolving

    @property
    def names(self) -> list[str]:
        return [self.name, *(a for a in self.aliases or [] if a)]

    @property
    def stand_in(self) -> bool:
        """A reference named only by its path ('anct' for incubators/anct) until its page is read:
        the ref identifies it; the name says nothing ('anct' the incubator is not ANCT)."""
        if self.sealed is not None:
            return self.sealed
        return bool(self.ref) and not self.primary and self.name == _basename(self.ref)


def _basename(ref: str) -> str:
    return ref.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Cluster:
    type: str
    name: str
    id: str
    members: list[MentionRecord] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)  # from the gazetteer: wins over the mentions'

    @property
    def aliases(self) -> list[str]:
        named = naming_members(self.members)
        names = {n for m in named for n in m.names}
        return sorted(n for n in names if n != self.name)


# ---------------------------------------------------------------- gazetteer look-ups (cached: names repeat)


@lru_cache(maxsize=20000)
def known_organisation(name: str) -> tuple[str, str | None] | None:
    """(canonical name, acronym) of a gazetteer organisation, or None."""
    match = lookup_organisation(name)
    return (match.name, match.acronym) if match else None


@lru_cache(maxsize=20000)
def known_skill(name: str) -> str | None:
    match = lookup_skill(name)
    return match.name if match else None


def gazetteer_name(record: MentionRecord) -> str | None:
    """The canonical gazetteer name a record names, trying its own name first."""
    if record.type == EntityType.ORGANISATION:
        acronym = (record.attributes or {}).get("acronym")
        for name in [*record.names, *([acronym] if isinstance(acronym, str) else [])]:
            if found := known_organisation(name):
                return found[0]
    elif record.type == EntityType.SKILL:
        for name in record.names:
            if found := known_skill(name):
                return found
    return None


# ---------------------------------------------------------------- keys


def match_keys(record: MentionRecord) -> set[str]:
    """Keys under which two mentions of the same type are the same entity."""
    if record.stand_in and record.type == EntityType.ORGANISATION:
        return set()  # incubators/anct and organisations/anct share a basename by design
    if record.type == EntityType.PERSON:
        return {k for k in (people.person_key(n) for n in record.names) if k}
    acronym = record.attributes.get("acronym") if isinstance(record.attributes, dict) else None
    names = [*record.names, *([acronym] if isinstance(acronym, str) else [])]
    canonical = None if record.stand_in else gazetteer_name(record)
    if canonical:
        # A known body: its own names join, but not a spelling the gazetteer gives to another
        # body (the "DNUM" of the ministères sociaux page is not the Interior's "DNUM").
        names = [n for n in names if _gazetteer_of(record.type, n) in (None, canonical)]
    keys = {name_key(n) for n in names}
    if canonical:
        keys.add("gazetteer " + canonical)
    return {k for k in keys if k}


def _gazetteer_of(type_: str, name: str) -> str | None:
    if type_ == EntityType.ORGANISATION:
        found = known_organisation(name)
        return found[0] if found else None
    return known_skill(name) if type_ == EntityType.SKILL else None


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(records: list[MentionRecord]) -> list[Cluster]:
    records = name_placeholders(sorted(records, key=lambda r: r.id))
    uf = UnionFind(len(records))
    _join_by_keys(records, uf)
    person_indexes = [i for i, r in enumerate(records) if r.type == EntityType.PERSON]
    _join_abbreviations(records, person_indexes, uf)
    _join_typos(records, person_indexes, uf)
    _join_events(records, uf)
    groups: dict[int, list[MentionRecord]] = defaultdict(list)
    for index, record in enumerate(records):
        groups[uf.find(index)].append(record)
    return name_clusters(list(groups.values()))


@lru_cache(maxsize=4096)
def _placeholder(ref: str) -> tuple[str, bool] | None:
    return placeholder_name(ref)


def name_placeholders(records: list[MentionRecord]) -> list[MentionRecord]:
    """References that no document defines ('/organisations/cour-de-cassation' with no page of
    its own) take a readable name from their slug: 'Cour de cassation', which then resolves like
    any name, or a name only the ref identifies ('Fabrique Justice': an incubator, not a body
    that merely shares its slug). See ``placeholders`` in kb/fr/frontmatter.yaml."""
    defined = {r.ref for r in records if r.ref and not r.stand_in}
    named = []
    for record in records:
        if record.stand_in and record.ref not in defined and (found := _placeholder(record.ref)):
            record = replace(record, name=found[0], sealed=not found[1], placeholder=True)
        named.append(record)
    return named


def _join_by_keys(records: list[MentionRecord], uf: UnionFind) -> None:
    first_by_key: dict[tuple[str, str], int] = {}
    for index, record in enumerate(records):
        tokens = [(record.type, key) for key in match_keys(record)]
        if record.ref:
            tokens.append(("ref", record.ref))
        for token in tokens:
            if token in first_by_key:
                uf.union(first_by_key[token], index)
            else:
                first_by_key[token] = index


# ---------------------------------------------------------------- people: abbreviations and typos


def _full_name_clusters(records: list[MentionRecord], indexes: list[int],
                        uf: UnionFind) -> dict[int, tuple[set[tuple[str, str]], set[str]]]:
    """Person clusters with at least one full name: root → ((first, last) name parts, documents)."""
    clusters: dict[int, tuple[set[tuple[str, str]], set[str]]] = {}
    for i in indexes:
        parts = {p for p in map(people.name_parts, records[i].names) if p}
        if parts:
            found = clusters.setdefault(uf.find(i), (set(), set()))
            found[0].update(parts)
            found[1].add(records[i].document)
    return clusters


def _join_abbreviations(records: list[MentionRecord], indexes: list[int], uf: UnionFind) -> None:
    """'Karim A.' joins the one full name it can abbreviate: in its own document if
    there is one there, else in the whole corpus. Ambiguity leaves it alone."""
    full = _full_name_clusters(records, indexes, uf)
    for i in indexes:
        record = records[i]
        if uf.find(i) in full:
            continue  # already tied to a full name
        abbreviations = [a for a in map(people.abbreviation, record.names) if a]
        if not abbreviations:
            continue
        fitting = {root for root, (parts, _docs) in full.items()
                   if any(a.fits(p) for a in abbreviations for p in parts)}
        here = {root for root in fitting if record.document and record.document in full[root][1]}
        chosen = here if here else fitting
        if len(chosen) == 1:
            uf.union(chosen.pop(), i)


def _join_typos(records: list[MentionRecord], indexes: list[int], uf: UnionFind) -> None:
    """Join full names one slip apart ('Elliott Knight' / 'Elliot Knight')."""
    buckets: dict[tuple, set[str]] = defaultdict(set)
    owner: dict[str, int] = {}
    for i in indexes:
        for name in records[i].names:
            key = people.person_key(name)
            if len(key.split()) >= 2 and not people.abbreviation(name):
                owner.setdefault(key, i)
                # Slips keep the word count and every initial: compare only within such buckets.
                buckets[tuple(w[0] for w in key.split())].add(key)
    for keys in buckets.values():
        ordered = sorted(keys)
        for n, a in enumerate(ordered):
            for b in ordered[n + 1:]:
                if people.typo_of(a, b):
                    uf.union(owner[a], owner[b])


# ---------------------------------------------------------------- events: one occasion, several titles


# Words that date or number an occasion rather than say what it is.
DATE_WORDS = frozenset({
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
    "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "er", "saison", "edition", "de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en",
    "the", "of",
})


def event_core(name: str) -> frozenset[str]:
    """'Saison 2022 : atelier d'idéation du 16 mai' → {'atelier', 'ideation'}."""
    return frozenset(w for w in name_key(name).split() if w not in DATE_WORDS and not w[:1].isdigit())


def _event_when(record: MentionRecord) -> tuple[str, str] | None:
    start = (record.attributes or {}).get("start")
    if not isinstance(start, str) or len(start) < 10:
        return None
    return start[:10], start[11:16]


def _join_events(records: list[MentionRecord], uf: UnionFind) -> None:
    """Join event titles of the same day when one says all the other says
    ('Atelier d'idéation du 16 mai' / 'Saison 2022 : atelier d'idéation du 16 mai');
    an event never gathers two different times of day."""
    by_day: dict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)
    times: dict[int, set[str]] = {}
    for i, record in enumerate(records):
        when = _event_when(record) if record.type == EntityType.EVENT else None
        if when:
            by_day[when[0]].append((i, event_core(record.name)))
            times.setdefault(uf.find(i), set()).update({when[1]} - {""})
    for events in by_day.values():
        for n, (i, core_i) in enumerate(events):
            for j, core_j in events[n + 1:]:
                small, large = sorted((core_i, core_j), key=len)
                ri, rj = uf.find(i), uf.find(j)
                if ri == rj or len(small) < 2 or not small <= large or len(times[ri] | times[rj]) > 1:
                    continue
                uf.union(ri, rj)
                times[uf.find(ri)] = times[ri] | times[rj]
        _join_passing_mentions(records, events, times, uf)
        _join_day_occasions(records, events, times, uf)


@lru_cache(maxsize=1)
def _event_kind_words() -> frozenset[str]:
    return frozenset(name_key(w) for w in lexicon.words("event_words"))


def _kinds(core: frozenset[str]) -> frozenset[str]:
    """The event-type words of a title ('journee', 'atelier'), plurals made singular."""
    return frozenset(w.removesuffix("s") for w in core if w in _event_kind_words())


def _join_passing_mentions(records: list[MentionRecord], events: list[tuple[int, frozenset[str]]],
                           times: dict[int, set[str]], uf: UnionFind) -> None:
    """An occasion named in passing by its kind and date only ('la journée du 11 février': no time,
    nothing but type words) is the event of that day of the same kind, or the day's only event
    when their kinds do not disagree. Two candidates, or none, leave it alone."""
    for i, core in events:
        kinds = _kinds(core)
        if len(core) > len(kinds) or times.get(uf.find(i)) or records[i].primary:
            continue  # the title says more than its kind, or the mention has a time of its own
        others = {uf.find(j): _kinds(other) for j, other in events
                  if uf.find(j) != uf.find(i) and len(other) > len(_kinds(other))}
        same_kind = [root for root, other in others.items() if kinds & other]
        if len(same_kind) == 1:
            uf.union(same_kind[0], i)
        elif not same_kind and len(others) == 1:
            (root, other), = others.items()
            if not kinds or not other:
                uf.union(root, i)


def _join_day_occasions(records: list[MentionRecord], events: list[tuple[int, frozenset[str]]],
                        times: dict[int, set[str]], uf: UnionFind) -> None:
    """Titles of one day that name one occasion in different words: "atelier d'idéation du 14 février" and
    "atelier de lancement du 14 février" (a kind and the day, the way an occasion is named in passing), or
    documents that each name one event that day of one kind or sharing a word of what it is ("Journée de
    lancement programme 10%", "Journée de rentrée de la saison 2023"). A document naming several events that
    day (a programme's sessions) joins none of them the second way, and a title that could be either of two
    occasions stays alone."""
    dated = [(i, core) for i, core in events if _named_by_day(records[i].name)]
    _join_unambiguous(dated, times, uf, words_too=False)
    per_document: dict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)
    for i, core in events:
        per_document[records[i].document].append((i, core))
    alone = [found[0] for found in per_document.values() if len({uf.find(i) for i, _ in found}) == 1]
    _join_unambiguous(alone, times, uf, words_too=True)


MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
          "novembre", "decembre")


def _named_by_day(name: str) -> bool:
    """"Atelier de lancement du 14 février": a kind and a day."""
    words = name_key(name).split()
    return any(w in MONTHS for w in words) and any(w[:1].isdigit() for w in words)


MAX_DAY_TITLES = 60


def _join_unambiguous(titles: list[tuple[int, frozenset[str]]], times: dict[int, set[str]], uf: UnionFind,
                      words_too: bool) -> None:
    """Join a title to its candidates, the occasions of the same kind (or, ``words_too``, sharing a word of what
    it is) whose time does not disagree, when they agree among themselves. A title that could be either of
    two occasions at different hours is ambiguous: it stays alone, and no other title joins it. A day with
    more titles than ``MAX_DAY_TITLES`` (a big corpus's busy day) is left to the other rules: the search is
    cubic in them."""
    changed = len(titles) <= MAX_DAY_TITLES
    while changed:
        changed = False
        found = {i: _candidates(i, core, titles, times, uf, words_too) for i, core in titles}
        hours = {i: set().union(times.get(uf.find(i), set()), *(times.get(r, set()) for r in found[i]))
                 for i, _ in titles}
        ambiguous = {uf.find(i) for i, _ in titles if len(hours[i]) > 1}
        for i, _ in titles:
            roots = {uf.find(r) for r in found[i]} - {uf.find(i)}
            if not roots or len(hours[i]) > 1 or (roots | {uf.find(i)}) & ambiguous:
                continue
            for root in roots:
                uf.union(uf.find(i), root)
            times[uf.find(i)] = hours[i]
            changed = True
            break  # candidates change with each join


def _candidates(i: int, core_i: frozenset[str], titles: list[tuple[int, frozenset[str]]],
                times: dict[int, set[str]], uf: UnionFind, words_too: bool) -> set[int]:
    kinds_i, ri = _kinds(core_i), uf.find(i)
    found = set()
    for j, core_j in titles:
        rj = uf.find(j)
        if ri == rj or len(times.get(ri, set()) | times.get(rj, set())) > 1:
            continue
        kinds_j = _kinds(core_j)
        if (kinds_i & kinds_j) or (words_too and (core_i - kinds_i) & (core_j - kinds_j)):
            found.add(rj)
    return found


# ---------------------------------------------------------------- naming


def naming_members(members: list[MentionRecord]) -> list[MentionRecord]:
    """The mentions whose spellings name a cluster: those that wrote a name, before names made
    from a slug, before bare slugs."""
    return ([m for m in members if not m.stand_in and not m.placeholder]
            or [m for m in members if not m.stand_in] or members)


def canonical_name(members: list[MentionRecord]) -> str:
    type_ = members[0].type
    if type_ in (EntityType.ORGANISATION, EntityType.SKILL):
        # A slug says nothing about the body ('anct' the incubator is not ANCT): never the gazetteer's.
        found = Counter(n for m in members if not m.stand_in and (n := gazetteer_name(m)))
        if found:
            return found.most_common(1)[0][0]
    members = naming_members(members)
    if type_ == EntityType.PERSON:
        return _person_name(members)
    primaries = [m.name for m in members if m.primary]
    if primaries:
        return Counter(primaries).most_common(1)[0][0]
    counts = Counter(m.name for m in members)
    # Most frequent, then the one with most capitals-and-accents information (not ALL CAPS), then longest.
    return max(counts, key=lambda n: (counts[n], not n.isupper(), n != n.lower(), len(n), n))


def _person_name(members: list[MentionRecord]) -> str:
    """A full, properly cased, accented spelling: 'Grégoire Martinon', not 'Gregoire MARTINON-SC'."""
    counts = Counter(people.clean(n) for m in members for n in m.names)
    primary = {people.clean(m.name) for m in members if m.primary}
    first_seen: dict[str, int] = {}
    for m in sorted(members, key=lambda r: r.id):
        for n in m.names:
            first_seen.setdefault(people.clean(n), m.id)

    def rank(name: str) -> tuple:
        # Full before abbreviated, the profile's own spelling, proper case, accents,
        # then the most frequent, then the first seen (stable across runs).
        return (not people.abbreviation(name), name in primary, people.well_written(name),
                people.accents(name), counts[name], -first_seen[name])

    return people.display(max(counts, key=rank))


def cluster_attributes(members: list[MentionRecord], name: str) -> dict:
    """The gazetteer's word on a known body's acronym. None means "it has none that
    documents may invent": directory pages give "MI", "C. comptes" or the name itself."""
    if members[0].type != EntityType.ORGANISATION:
        return {}
    found = known_organisation(name)
    if not found:
        return {}
    if found[1]:
        return {"acronym": found[1]}
    forms = {name_key(v) for v in organisation_variants(name)} - {name_key(name)}
    given = [a for m in members if isinstance(a := (m.attributes or {}).get("acronym"), str)]
    return {"acronym": next((a for a in given if name_key(a) in forms), None)}


def name_clusters(groups: list[list[MentionRecord]]) -> list[Cluster]:
    clusters = []
    taken: set[str] = set()
    for members in sorted(groups, key=lambda g: min(m.id for m in g)):
        type_ = members[0].type
        name = canonical_name(members)
        base = f"{type_}:{slugify(name)}"
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        clusters.append(Cluster(type_, name, ident, members, cluster_attributes(members, name)))
    return clusters
