"""Pairs of entities the resolver kept apart but whose names are close: the review queue's likely duplicates.

Resolution joins people only on safe rules (same key, abbreviations, one slip in a long word), and
other types on exact keys or the gazetteer; it keeps apart 'Dupont'/'Dupond' and 'François'/'Françoise'
on purpose. These near misses are worth a curator's look, ranked by how similar the names are
(RapidFuzz, 0–100 on folded names). Pure: names in, pairs out, no database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from ted.graph import people
from ted.kb.names import fold

PERSON_MIN = 85.0  # one or two letters apart in a full name
OTHER_MIN = 90.0  # organisations, projects, events, skills: word order and small words aside
MAX_BUCKET = 2000  # a bucket larger than this is compared on its first names only (quadratic cost)


@dataclass(frozen=True)
class Named:
    id: str
    type: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class NearPair:
    a: str
    b: str
    type: str
    similarity: float
    names: tuple[str, str]


def _keys(entity: Named) -> list[str]:
    if entity.type == "person":
        return sorted({k for k in (people.person_key(n) for n in entity.names) if len(k.split()) >= 2})
    return sorted({k for k in (fold(n).strip() for n in entity.names) if len(k) >= 4})


def _bucket(entity_type: str, key: str) -> tuple:
    # People: same initials (a slip keeps them, as resolve._join_typos); others: same first letter.
    if entity_type == "person":
        return (entity_type, tuple(w[0] for w in key.split()))
    return (entity_type, key[0])


def _score(entity_type: str, a: str, b: str) -> float:
    if entity_type == "person":
        return fuzz.ratio(a, b)
    return fuzz.token_sort_ratio(a, b)


def near_duplicates(entities: list[Named], limit: int = 50) -> list[NearPair]:
    """The most similar pairs of distinct entities of one type, best first (one pair per two entities)."""
    buckets: dict[tuple, list[tuple[str, str, str]]] = defaultdict(list)
    for entity in entities:
        for key in _keys(entity):
            buckets[_bucket(entity.type, key)].append((key, entity.id, entity.type))
    best: dict[tuple[str, str], NearPair] = {}
    for members in buckets.values():
        members = members[:MAX_BUCKET]
        for n, (key_a, id_a, type_) in enumerate(members):
            threshold = PERSON_MIN if type_ == "person" else OTHER_MIN
            for key_b, id_b, _ in members[n + 1:]:
                if id_a == id_b:
                    continue
                score = _score(type_, key_a, key_b)
                pair = tuple(sorted((id_a, id_b)))
                if score >= threshold and (pair not in best or best[pair].similarity < score):
                    best[pair] = NearPair(pair[0], pair[1], type_, round(score, 1), (key_a, key_b))
    return sorted(best.values(), key=lambda p: (-p.similarity, p.a, p.b))[:limit]
