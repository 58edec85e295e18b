"""Expert finding quality on the beta.gouv development queries: nDCG@10 per kind of query.

    python benchmarks/experts_ndcg.py [--db DB] [--corpus ../shared/corpus/betagouv] [--per-query]

Without ``--db`` the corpus is ingested with the real ``ted ingest`` into a temporary SQLite
database (about 30 s); with ``--db`` an existing database holding that corpus is reused.
Queries and relevance come from ``benchmarks/queries/betagouv.yaml`` (declared fields only,
see ``benchmarks/queries/build_betagouv.py``). TED's people are matched to profiles by name.

Baselines, computed on the same corpus, queries and cut-off:

* directory filter: people whose declared ``competences`` hold every query word (folded);
* BM25 over profiles: one document per person, their profile file (front matter and text);
* Balog's Model 2: p(q|ca) = Σ_d p(q|d)·p(d|ca) over the person's profile and their startups'
  pages (Dirichlet-smoothed query likelihood, documents associated uniformly).

Gains are linear (declared skill 2, via a startup 1); the ideal ranking uses every relevant person.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "benchmarks" / "queries" / "betagouv.yaml"
KINDS = ("skill", "theme", "techno")
CUTOFF = 10
BM25_K1, BM25_B = 1.2, 0.75
DIRICHLET_MU = 500

sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks" / "queries"))

Ranker = Callable[[str], list[str]]  # query text → profile slugs, best first


def ndcg(ranked: list[str], relevant: dict[str, int], cutoff: int = CUTOFF) -> float:
    dcg = sum(relevant.get(slug, 0) / math.log2(rank + 2) for rank, slug in enumerate(ranked[:cutoff]))
    ideal = sorted(relevant.values(), reverse=True)[:cutoff]
    best = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(ideal))
    return dcg / best if best else 0.0


class TextModels:
    """The baselines' documents, analysed with TED's own analyser (folded, stemmed, stop words out)."""

    def __init__(self, corpus: Path) -> None:
        from build_betagouv import front_matter, startups_of

        from ted.search.analyzer import STOPWORDS, analyze

        stop = {_stem(w) for w in STOPWORDS}
        self.analyze = lambda text: [t for t in analyze(text) if t not in stop]
        people = {p.stem: p for p in sorted((corpus / "_authors").glob("*.md"))}
        startups = {p.stem: p for p in sorted((corpus / "_startups").glob("*.md"))}
        self.profiles = {slug: Counter(self.analyze(p.read_text(encoding="utf-8"))) for slug, p in people.items()}
        pages = {slug: Counter(self.analyze(p.read_text(encoding="utf-8"))) for slug, p in startups.items()}
        self.declared = {slug: [str(c) for c in front_matter(p).get("competences") or []]
                         for slug, p in people.items()}
        self.documents: dict[str, list[Counter[str]]] = {}
        for slug, path in people.items():
            own = [pages[s] for s in sorted(startups_of(front_matter(path))) if s in pages]
            self.documents[slug] = [self.profiles[slug], *own]
        collection: Counter[str] = Counter()
        for counts in [*self.profiles.values(), *pages.values()]:
            collection.update(counts)
        self.collection, self.collection_size = collection, sum(collection.values())
        self.df = Counter(t for counts in self.profiles.values() for t in counts)
        self.average = sum(sum(c.values()) for c in self.profiles.values()) / max(len(self.profiles), 1)

    def directory(self, text: str) -> list[str]:
        from ted.search.analyzer import STOPWORDS, words

        wanted = [w for w in words(text) if w not in STOPWORDS]
        found = [slug for slug, skills in self.declared.items()
                 if wanted and any(all(w in words(s) for w in wanted) for s in skills)]
        return sorted(found)

    def bm25(self, text: str) -> list[str]:
        terms, n = self.analyze(text), len(self.profiles)
        scores = {}
        for slug, counts in self.profiles.items():
            length, score = sum(counts.values()), 0.0
            for term in terms:
                tf = counts.get(term, 0)
                if tf:
                    idf = math.log(1 + (n - self.df[term] + 0.5) / (self.df[term] + 0.5))
                    score += idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length / self.average))
            if score > 0:
                scores[slug] = score
        return sorted(scores, key=lambda s: (-scores[s], s))

    def model2(self, text: str) -> list[str]:
        terms = [t for t in self.analyze(text) if self.collection.get(t)]
        if not terms:
            return []
        scores = {}
        for slug, documents in self.documents.items():
            total = sum(self._likelihood(terms, d) for d in documents) / len(documents)
            if any(d.get(t) for d in documents for t in terms):
                scores[slug] = total
        return sorted(scores, key=lambda s: (-scores[s], s))

    def _likelihood(self, terms: list[str], counts: Counter[str]) -> float:
        length = sum(counts.values())
        log = sum(math.log((counts.get(t, 0) + DIRICHLET_MU * self.collection[t] / self.collection_size)
                           / (length + DIRICHLET_MU)) for t in terms)
        return math.exp(log)


def _stem(word: str) -> str:
    from ted.search.analyzer import stem

    return stem(word)


def ted_ranker(people: dict[str, str]) -> Ranker:
    """TED's find_experts, its people mapped to profiles by their folded full name."""
    from ted.search.analyzer import fold
    from ted.search.experts import find_experts

    by_name = {fold(name): slug for slug, name in people.items()}

    def rank(text: str) -> list[str]:
        return [by_name[fold(e.name)] for e in find_experts(text, limit=CUTOFF) if fold(e.name) in by_name]
    return rank


def evaluate(rankers: dict[str, Ranker], queries: list[dict], per_query: bool) -> dict[str, dict[str, float]]:
    scores: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in rankers}
    for query in queries:
        line = []
        for name, rank in rankers.items():
            value = ndcg(rank(query["text"]), query["relevant"])
            scores[name][query["kind"]].append(value)
            line.append(f"{name} {value:.2f}")
        if per_query:
            print(f"  {query['id']:10} {query['text'][:36]:36} " + "  ".join(line))
    table = {}
    for name, by_kind in scores.items():
        row = {kind: sum(v) / len(v) for kind, v in by_kind.items() if v}
        every = [v for values in by_kind.values() for v in values]
        row["all"] = sum(every) / len(every)
        table[name] = row
    return table


def print_table(table: dict[str, dict[str, float]], count: Counter[str]) -> None:
    header = ["méthode", "all", *KINDS]
    print(f"\nnDCG@{CUTOFF} ({sum(count.values())} requêtes : "
          + ", ".join(f"{count[k]} {k}" for k in KINDS) + ")")
    print(f"| {header[0]:44} | " + " | ".join(f"{h:6}" for h in header[1:]) + " |")
    print("|" + "-" * 46 + "|" + "|".join("-" * 8 for _ in header[1:]) + "|")
    for name, row in table.items():
        print(f"| {name:44} | " + " | ".join(f"{row.get(h, 0.0):6.3f}" for h in header[1:]) + " |")


def ingest(corpus: Path, db: Path) -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ted", "ingest", str(corpus), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"corpus ingéré dans {db} en {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="base déjà ingérée (sinon : ingestion dans une base temporaire)")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "betagouv"))
    parser.add_argument("--per-query", action="store_true", help="nDCG de chaque requête")
    parser.add_argument("--ted-only", action="store_true", help="sans les méthodes de référence")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "betagouv.sqlite3"
        if not args.db:
            ingest(corpus, db)
        from ted.store import database as tdb

        tdb.setup(str(db))
        rankers: dict[str, Ranker] = {}
        if not args.ted_only:
            models = TextModels(corpus)
            rankers |= {"filtre annuaire (compétences déclarées)": models.directory,
                        "BM25 sur les profils": models.bm25,
                        "Modèle 2 de Balog (profils + startups)": models.model2}
        rankers["TED"] = ted_ranker(data["people"])
        table = evaluate(rankers, data["queries"], args.per_query)
    print_table(table, Counter(q["kind"] for q in data["queries"]))


if __name__ == "__main__":
    main()
