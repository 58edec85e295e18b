"""Entity resolution: which mentions, across all documents, are one real thing.

Pure Python over plain records so it can be tested without a database.
Mentions are joined (union-find) when they share a collection reference, or
when their types agree and one of their names matches under the type's
matching key (see ``match_keys``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ted.graph.names import name_key, slugify


@dataclass
class MentionRecord:
    id: int
    type: str
    name: str
    aliases: list[str]
    attributes: dict
    ref: str = ""
    primary: bool = False


@dataclass
class Cluster:
    type: str
    name: str
    id: str
    members: list[MentionRecord] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        names = {n for m in self.members for n in [m.name, *m.aliases]}
        return sorted(n for n in names if n != self.name)


def match_keys(record: MentionRecord) -> set[str]:
    """Keys under which two mentions of the same type are the same entity."""
    keys = {name_key(n) for n in [record.name, *record.aliases]}
    acronym = record.attributes.get("acronym") if isinstance(record.attributes, dict) else None
    if isinstance(acronym, str):
        keys.add(name_key(acronym))
    return {k for k in keys if k}


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
    records = sorted(records, key=lambda r: r.id)
    uf = UnionFind(len(records))
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
    groups: dict[int, list[MentionRecord]] = defaultdict(list)
    for index, record in enumerate(records):
        groups[uf.find(index)].append(record)
    return name_clusters(list(groups.values()))


def canonical_name(members: list[MentionRecord]) -> str:
    primaries = [m.name for m in members if m.primary]
    if primaries:
        return Counter(primaries).most_common(1)[0][0]
    counts = Counter(m.name for m in members)
    # Most frequent, then the one with most capitals-and-accents information (not ALL CAPS), then longest.
    return max(counts, key=lambda n: (counts[n], not n.isupper(), n != n.lower(), len(n), n))


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
        clusters.append(Cluster(type_, name, ident, members))
    return clusters
