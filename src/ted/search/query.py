"""``search()``: one box over every entity and document, with facets, never an error.

The query string is tokenised here (letters and digits only), so search
syntax typed by users (quotes, parentheses, ``*``, ``:``, ``NEAR``, ``-``,
``AND``/``OR``) is just text. Words are expanded (synonyms, acronyms,
aliases), matched strictly first (all concepts), then with spelling
corrections, then loosely (any concept), and the message says which.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ted.schema import TYPE_LABELS
from ted.search import backend, snapshot
from ted.search.analyzer import STOPWORDS, stem, words
from ted.search.expand import add_corrections, groups_for
from ted.search.expression import Group, Phrase, to_fts5, to_tsquery
from ted.search.snippet import extract

MAX_WORDS = 24
MAX_CHARS = 2000
FEW = 3
FACETS = ("type", "organisation", "skill", "project", "year")
OWNER = "owner"  # not shown: a document's facet naming the entity the document is about (sources.py)
FACET_SIZE = 20
NAME_BONUS = 1.0
EXPANSION_WEIGHT = 0.5


@dataclass
class Hit:
    id: str
    type: str
    name: str
    score: float
    snippet: str = ""
    path: str | None = None  # documents only: path relative to the ingested root
    marks: list[tuple[int, int]] = field(default_factory=list)  # spans of the searched words in the snippet
    snippet_html: str = ""  # the snippet HTML-escaped, searched words in <mark>
    documents: list[dict[str, object]] = field(default_factory=list)  # folded results: {id, path} of own pages


@dataclass
class SearchResults:
    results: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    total: int = 0
    message: str | None = None


@dataclass
class Filters:
    type: str | None = None
    organisation: str | None = None
    skill: str | None = None
    project: str | None = None
    year: int | str | None = None

    def facet_values(self) -> dict[str, str]:
        return {k: str(v) for k, v in vars(self).items() if k != "type" and v not in (None, "")}


@dataclass
class Matches:
    """Every matching row with its final score, and how the query was understood."""

    scores: dict[str, float]
    groups: list[Group]
    message: str | None = None


def render(groups: list[Group], operator: str = "AND") -> str:
    return to_tsquery(groups, operator) if backend.is_postgres() else to_fts5(groups, operator)


def query_words(q: str | None) -> tuple[list[str], bool]:
    """The folded words of a raw query string, and whether it had to be shortened."""
    text = (q or "")[:MAX_CHARS]
    found = words(text)
    return found[:MAX_WORDS], len(found) > MAX_WORDS or len(q or "") > MAX_CHARS


def match(q: str | None, snap: snapshot.Snapshot) -> Matches:
    """Score every row for ``q``: strict, then corrected, then loose."""
    found, truncated = query_words(q)
    groups = groups_for(found, snap)
    note = "Requête tronquée à ses premiers mots. " if truncated else ""
    if not groups:
        return Matches({}, [], None)
    scores = _combined(groups, snap)
    if len(scores) < FEW:
        corrected = add_corrections(groups, snap)
        if corrected:
            more = _combined(groups, snap)
            if len(more) > len(scores):
                scores = more
                note += f"Résultats incluant des corrections : {', '.join(corrected)}. "
    if not scores and len(groups) > 1:
        scores = _combined(groups, snap, "OR")
        if scores:
            note += "Aucun résultat ne contient tous les mots : résultats contenant certains d'entre eux. "
    return Matches(scores, groups, note.strip() or None)


def _combined(groups: list[Group], snap: snapshot.Snapshot, operator: str = "AND") -> dict[str, float]:
    """Rows matching the expanded query; those matching the words as typed score higher.

    Full-text engines weigh every query term alike (a rare synonym would even
    weigh more), so the typed words are matched a second time on their own and
    the expanded match only adds ``EXPANSION_WEIGHT`` of its score.
    """
    expanded = _scored(render(groups, operator), groups, snap)
    if all(len(g.alternatives) <= 1 for g in groups):
        return expanded
    typed = [Group(g.label, g.alternatives[:1]) for g in groups]
    exact = _scored(render(typed, operator), typed, snap)
    return {ref: exact.get(ref, 0.0) + EXPANSION_WEIGHT * score for ref, score in expanded.items()}


def _scored(expression: str, groups: list[Group], snap: snapshot.Snapshot) -> dict[str, float]:
    """Text relevance × evidence boost × name bonus."""
    scores = {}
    for ref, relevance in backend.match(expression):
        entry = snap.entries.get(ref)
        if entry is not None:
            scores[ref] = relevance * entry[2] * name_bonus(snap.name_stems.get(ref, ()), groups)
    return scores


def name_coverage(name: tuple[str, ...], groups: list[Group]) -> float:
    """The share of the query's concepts found in an analysed name (any of their alternatives)."""
    if not name or not groups:
        return 0.0
    return sum(1 for g in groups if any(_in_name(alt, name) for alt in g.alternatives)) / len(groups)


def name_bonus(name: tuple[str, ...], groups: list[Group]) -> float:
    """Favour names holding the query's concepts, most of all names that are exactly the query."""
    coverage = name_coverage(name, groups)
    exact = coverage == 1.0 and len([t for t in name if t not in STOPWORDS]) <= len(groups) + 1
    return 1.0 + NAME_BONUS * coverage + (NAME_BONUS if exact else 0.0)


def _in_name(alternative: tuple[Phrase, ...], name: tuple[str, ...]) -> bool:
    return all(any(t == p.tokens[-1] or (p.prefix and t.startswith(p.tokens[-1])) for t in name)
               for p in alternative)


def search(q: str, type: str | None = None, organisation: str | None = None, skill: str | None = None,
           project: str | None = None, year: int | None = None, limit: int = 20, offset: int = 0
           ) -> SearchResults:
    """Search entities and documents; see the module docstring. Never raises on user input."""
    filters = Filters(type or None, organisation or None, skill or None, project or None, year or None)
    snap = snapshot.current()
    if snap is None:
        return SearchResults(message="L'index de recherche est vide : lancez « ted ingest » d'abord.")
    if filters.type and filters.type not in TYPE_LABELS:
        return SearchResults(message=f"Type inconnu : choisissez parmi {', '.join(TYPE_LABELS)}.")
    found, _ = query_words(q)
    if found:
        matches = match(q, snap)
    elif (q or "").strip():
        return SearchResults(message="La recherche ne contient aucun mot : saisissez des lettres ou des chiffres.")
    else:  # no words: browse everything (useful with filters), best evidenced first
        matches = Matches({ref: entry[2] for ref, entry in snap.entries.items()}, [])
    return _results(matches, filters, snap, _bounded(limit, 0, 200, 20), _bounded(offset, 0, 10**6, 0),
                    bool(found))


def _bounded(value: object, low: int, high: int, default: int) -> int:
    try:
        return max(min(int(value), high), low)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


def _results(matches: Matches, filters: Filters, snap: snapshot.Snapshot, limit: int, offset: int,
             had_words: bool) -> SearchResults:
    refs = _filtered(matches.scores, filters, snap)
    typed = [r for r in refs if not filters.type or snap.entries[r][0] == filters.type]
    ranked = sorted(typed, key=lambda r: (-matches.scores[r], snap.entries[r][1]))
    ranked, folded = _fold_documents(ranked, snap)
    page = ranked[offset:offset + limit]
    facets = _facets(typed, snap)
    facets["type"] = _type_facet(refs, snap)
    message = matches.message
    if not ranked:
        message = _empty_message(had_words, filters)
    hits = _hits(page, matches, snap)
    for hit in hits:
        hit.documents = [{"id": int(d.split(":", 1)[1]), "path": snap.entries[d][3]} for d in folded.get(hit.id, [])]
    return SearchResults(hits, facets, len(ranked), message)


def _fold_documents(ranked: list[str], snap: snapshot.Snapshot) -> tuple[list[str], dict[str, list[str]]]:
    """Drop the documents that are the own page of an entity also found, and say under which entity.

    A profile or a project page matches whatever its entity matches; listed twice, the same
    thing would take two places on the page.
    """
    found = set(ranked)
    folded: dict[str, list[str]] = {}
    kept = []
    for ref in ranked:
        owner = next((value for facet, value, _ in snap.facets.get(ref, ()) if facet == OWNER and value in found),
                     None) if snap.entries[ref][0] == "document" else None
        if owner is None:
            kept.append(ref)
        else:
            folded.setdefault(owner, []).append(ref)
    return kept, folded


def _empty_message(had_words: bool, filters: Filters) -> str:
    if not had_words and not any(vars(filters).values()):
        return "Saisissez un ou plusieurs mots à rechercher."
    if any(vars(filters).values()):
        return "Aucun résultat avec ces filtres : retirez un filtre ou changez de mots."
    return "Aucun résultat : essayez d'autres mots, moins de mots ou un terme plus général."


def _filtered(scores: dict[str, float], filters: Filters, snap: snapshot.Snapshot) -> list[str]:
    wanted = filters.facet_values()
    if not wanted:
        return list(scores)
    kept = []
    for ref in scores:
        values = {(facet, value) for facet, value, _ in snap.facets.get(ref, ())}
        if all((facet, value) in values for facet, value in wanted.items()):
            kept.append(ref)
    return kept


def _facets(refs: list[str], snap: snapshot.Snapshot) -> dict[str, list[tuple[str, str, int]]]:
    counts: dict[str, Counter[str]] = {f: Counter() for f in FACETS if f != "type"}
    for ref in refs:
        for facet, value, _ in snap.facets.get(ref, ()):
            if facet in counts:
                counts[facet][value] += 1
    result = {}
    for facet, counter in counts.items():
        items = counter.most_common(FACET_SIZE) if facet != "year" else sorted(counter.items(), reverse=True)
        result[facet] = [(value, snap.labels.get((facet, value), value), n) for value, n in items]
    return result


def _type_facet(refs: list[str], snap: snapshot.Snapshot) -> list[tuple[str, str, int]]:
    counts = Counter(snap.entries[r][0] for r in refs)
    return [(t, TYPE_LABELS.get(t, t), n) for t, n in counts.most_common()]


def _hits(page: list[str], matches: Matches, snap: snapshot.Snapshot) -> list[Hit]:
    concepts = [[t for alt in g.alternatives for p in alt for t in p.tokens]
                + [stem(w) for w in g.label.split() if w not in STOPWORDS] for g in matches.groups]
    stems = [s for concept in concepts for s in concept]
    display = backend.load_display(page)
    hits = []
    for ref in page:
        kind, name, _, path = snap.entries[ref]
        text, folded = display.get(ref, ("", ""))
        shown = extract(text, stems, folded, name, concepts)
        hits.append(Hit(id=ref, type=kind, name=name, score=round(matches.scores[ref], 4), snippet=shown.text,
                        path=path or None, marks=shown.marks, snippet_html=shown.html))
    return hits
