"""Search latency: the HTTP API, the Python call, and the raw full-text query underneath.

    python benchmarks/search_latency.py [--db DB] [--queries N] [--client]

The database must already hold an ingested corpus (``ted ingest ../shared/corpus --db DB``;
default ``$TED_DB`` or ./ted.sqlite3). A few hundred varied queries are built from
the store itself (entity names and words, two-word mixes, typos, accents removed,
acronyms, synonyms, hostile syntax). For each query it times:

* ``/api/search?q=`` over HTTP against a ``ted serve`` started for the run (or
  through Django's test Client with ``--client``);
* ``ted.search.query.search()`` in process;
* the raw full-text query ``search()`` issues (FTS5 ``MATCH`` + ``bm25``, or the
  PostgreSQL ``@@`` + ``ts_rank_cd``), with the same expression;
* a bare top-20 FTS query on the words alone (the floor);
* ``/api/search?q=`` with an empty query, which does no search: the cost of the web stack alone.

Prints p50/p95/max in milliseconds and the ratio of the API's p95 to the raw query's.
Target: p95 < 50 ms and within 3× of the raw query.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXED = ["ocr", "visualisation de données", "dataviz", "cartographie", "intelligence artificielle", "IA",
         "machine learning", "python", "données ouvertes", "Insee", "DINUM", "santé", "emploi", "formulaire",
         "traitement automatique des langues", "NLP", "programme 10%", "atelier", "data scientist",
         "ministère de l'Intérieur", "open data", "géographie", "écologie", "justice", "éducation"]
HOSTILE = ['"(*:', "NEAR(a b)", "-x", "ocr AND", '"unbalanced', "a" * 2000, "😀 données", "x:y*",
           "OR OR OR", "((((", "'; DROP TABLE x; --", "ocr -python", "*", "NOT ocr", "^ocr"]


def build_queries(count: int, seed: int = 7) -> list[str]:
    from ted.search.analyzer import fold
    from ted.store import models as m

    rng = random.Random(seed)
    names = list(m.Entity.objects.values_list("name", flat=True))
    rng.shuffle(names)
    words = sorted({w for n in names for w in re.findall(r"\w{4,}", n)})
    queries = list(FIXED) + list(HOSTILE)
    for name in names[:count // 4]:
        queries.append(name)
    for _ in range(count // 5):
        queries.append(" ".join(rng.sample(words, 2)))
    for word in rng.sample(words, min(count // 6, len(words))):
        queries.append(_typo(word, rng))
    for name in names[count // 4:count // 4 + count // 8]:
        queries.append(fold(name))
    return queries[:count] if len(queries) >= count else queries


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def timed(function: Callable[[str], object], queries: list[str], warm: int = 20,
          clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Milliseconds per query after ``warm`` of them; ``clock=time.process_time`` for the CPU the process
    spent (what a busy, shared machine does not inflate), wall time by default."""
    for query in queries[:warm]:
        function(query)
    samples = []
    for query in queries:
        started = clock()
        function(query)
        samples.append((clock() - started) * 1000)
    return samples


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """(p50, p95, max) of ``samples`` (the p95 is the sample below which 95% of them fall)."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(round(0.95 * len(ordered))) - 1, 0)], ordered[-1]


def summary(label: str, samples: list[float]) -> tuple[str, float]:
    p50, p95, top = percentiles(samples)
    print(f"{label:<44} n={len(samples):>4}  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  max {top:7.2f} ms")
    return label, p95


def raw_query(query: str) -> object:
    """Exactly the full-text SQL search() runs first, for the same expression."""
    from ted.search import snapshot
    from ted.search.backend import match
    from ted.search.expand import groups_for
    from ted.search.query import query_words, render

    snap = snapshot.current()
    groups = groups_for(query_words(query)[0], snap)
    return match(render(groups)) if groups else []


def bare_query(query: str) -> object:
    """The floor: a plain top-20 full-text query on the stemmed words, no expansion, no Python ranking."""
    from django.db import connection

    from ted.search.analyzer import analyze
    from ted.search.backend import is_postgres

    tokens = analyze(query)[:24]
    if not tokens:
        return []
    with connection.cursor() as cursor:
        if is_postgres():
            expression = " & ".join(f"'{t}'" for t in tokens)
            cursor.execute("SELECT ref FROM ted_search WHERE tsv @@ to_tsquery('simple', %s) "
                           "ORDER BY ts_rank_cd(tsv, to_tsquery('simple', %s)) DESC LIMIT 20",
                           [expression, expression])
        else:
            expression = " AND ".join(f'"{t}"' for t in tokens)
            cursor.execute("SELECT ref FROM ted_search WHERE ted_search MATCH %s ORDER BY rank LIMIT 20",
                           [expression])
        return cursor.fetchall()


def http_caller(db: str) -> tuple[Callable[[str], object], Callable[[], None]]:
    env = {**os.environ, "TED_DB": db}
    server = subprocess.Popen([sys.executable, "-m", "ted", "serve", "--port", "0", "--db", db],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = server.stdout.readline() if server.stdout else ""
    found = re.search(r"http://\S+?:(\d+)/", line)
    if not found:
        server.kill()
        raise SystemExit(f"ted serve did not start: {line!r}")
    base = f"http://127.0.0.1:{found.group(1)}/api/search?q="

    def call(query: str) -> object:
        try:
            with urllib.request.urlopen(base + urllib.parse.quote(query), timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:  # 422 (query refused with a message) is an answer
            if error.code != 422:
                raise RuntimeError(f"HTTP {error.code} for {query!r}") from None
            return None

    return call, server.kill


def client_caller() -> tuple[Callable[[str], object], Callable[[], None]]:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")  # the default "testserver" is not an allowed host

    def call(query: str) -> object:
        response = client.get("/api/search", {"q": query})
        if response.status_code not in (200, 422):
            raise RuntimeError(f"HTTP {response.status_code} for {query!r}")
        return response

    return call, lambda: None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("TED_DB") or "ted.sqlite3")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--client", action="store_true", help="Django test Client instead of HTTP")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from ted.store import database as tdb

    tdb.setup(args.db)
    from ted.search.index import ensure_index
    from ted.search.query import search

    ensure_index()
    queries = build_queries(args.queries)
    print(f"{len(queries)} requêtes sur {args.db}")
    call, stop = client_caller() if args.client else http_caller(args.db)
    try:
        api = summary("/api/search (" + ("Django Client" if args.client else "HTTP, ted serve") + ")",
                      timed(call, queries))
        summary("/api/search?q= vide (coût de la pile web seule)", timed(call, [""] * len(queries)))
    finally:
        stop()
    summary("search() en Python", timed(search, queries))
    raw = summary("requête plein texte de search() (brute)", timed(raw_query, queries))
    summary("requête plein texte nue (top 20)", timed(bare_query, queries))
    ratio = api[1] / raw[1] if raw[1] else float("inf")
    verdict = "OK" if api[1] < 50 and ratio <= 3 else "au-dessus de l'objectif"
    print(f"p95 API / p95 brute = {ratio:.1f}× ; objectif p95 < 50 ms et ≤ 3× : {verdict}")


if __name__ == "__main__":
    main()
