"""Pairs of entities the resolver kept apart but whose names are close: the review queue's likely duplicates.

Resolution joins people only on safe rules (same key, abbreviations, one slip in a long word), and
other types on exact keys or the gazetteer; it keeps apart 'Dupont'/'Dupond' and 'François'/'Françoise'
on purpose. These near misses are worth a curator's look, ranked by how similar the names are
(RapidFuzz, 0–100 on folded names). Pure: names in, pairs out, no database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ted.graph import people
from ted.kb.names import fold

PERSON_MIN = 85.0  # one or two letters apart in a full name
OTHER_MIN = 90.0  # organisations, projects, events, skills: word order and small words aside
MAX_BUCKET = 2000  # a bucket larger than this is compared on its first names only (quadratic cost)
MAX_OWNERS = 10  # entities sharing one name key: a few pairs say enough, all of them would cost a product


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


SCORERS = {"person": fuzz.ratio}  # a slip in a full name; other types: word order aside


def near_duplicates(entities: list[Named], limit: int = 50) -> list[NearPair]:
    """The most similar pairs of distinct entities of one type, best first (one pair per two entities).

    Each bucket's distinct keys are compared at once (RapidFuzz's ``cdist``, in C, with the threshold
    as cut-off), so a thousand people cost one matrix, not a million Python calls.
    """
    buckets: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entity in entities:
        for key in _keys(entity):
            buckets[_bucket(entity.type, key)][key].add(entity.id)
    best: dict[tuple[str, str], NearPair] = {}
    for (type_, _), owners in buckets.items():
        keys = sorted(owners)[:MAX_BUCKET]
        threshold = PERSON_MIN if type_ == "person" else OTHER_MIN
        scores = process.cdist(keys, keys, scorer=SCORERS.get(type_, fuzz.token_sort_ratio),
                               score_cutoff=threshold, workers=1)
        for i, j in zip(*scores.nonzero(), strict=True):
            if i > j:
                continue
            for id_a in sorted(owners[keys[i]])[:MAX_OWNERS]:
                for id_b in sorted(owners[keys[j]])[:MAX_OWNERS]:
                    pair = tuple(sorted((id_a, id_b)))
                    score = float(scores[i, j])
                    if id_a != id_b and (pair not in best or best[pair].similarity < score):
                        best[pair] = NearPair(pair[0], pair[1], type_, round(score, 1), (keys[i], keys[j]))
    return sorted(best.values(), key=lambda p: (-p.similarity, p.a, p.b))[:limit]
