"""TED at scale: synthetic corpora of growing size, ingested, re-ingested and queried.

    python benchmarks/scale.py --documents 10000 100000 [--entities 5000 100000] [--postgres] [--keep DIR]

For each size (a number of documents, or with ``--entities`` a number of entities, turned into
documents by ``synthetic.documents_for`` and reported as found), the corpus of
``benchmarks/synthetic.py`` is written, then on a fresh SQLite file (and, with ``--postgres``, a fresh
PostgreSQL database created on 127.0.0.1:5432, trust authentication, dropped afterwards):

* ``ted ingest`` of the corpus (a subprocess): wall time and peak resident memory of the process tree
  (``ingest.run_ingest``);
* the yardstick over the same texts (the ``ok`` documents' stored text): bare spaCy fr_core_news_md, NER
  only, 2 processes (``ingest.yardstick``, issue 12), and the ratio of the ingest to it (once per size);
* one profile changed (a sentence added), then ``ted ingest`` again: the one-file re-ingest, model
  load, graph and index refresh included, wall time;
* database size (SQLite: file and write-ahead log; PostgreSQL: ``pg_database_size``), entities by type;
* in process (a fresh Python process on the database, as a server thread would run them):
  ``search()`` and ``find_experts()`` over a fixed set of queries, skills and themes drawn from the
  thesaurus (``QUERY_SEED``), p50 and p95 in milliseconds after warming on 20 of them
  (``search_latency.timed``), the first expert query apart (it loads the expert graph), and the raw
  full-text query ``search()`` runs (``search_latency.raw_query``), whose p95 ``search()`` should stay within 3×.
  Wall time, and CPU time of the process (``time.process_time``), which a busy shared machine does not inflate.

Targets (issue 10): experts p95 < 20 ms in process at 5,000 entities, < 50 ms at 100,000;
(issue 12) ingest ≤ 1.2× the yardstick, peak memory < 1 GB. A benchmark: nothing asserts.
Long runs: ``nice -n 10`` in the background; each size's row is printed as soon as it is measured.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import ingest  # noqa: E402 - benchmarks/ingest.py: run_ingest, yardstick
import search_latency  # noqa: E402 - timed, percentiles, raw_query
import synthetic  # noqa: E402

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
QUERY_SEED = 7
console = Console()


def queries() -> list[str]:
    """Skills of every kind and themes from the thesaurus, the same for every size and run."""
    rng = random.Random(QUERY_SEED)
    skills = sorted(synthetic.skills())
    themes = list(synthetic.THEMES)
    return rng.sample(skills, 40) + rng.sample(themes, 20)


def measure(db: str, yardstick: bool) -> dict:
    """What is measured inside one process on ``db`` (``--measure``): counts, size, latencies, the yardstick."""
    from ted.store import database as tdb

    tdb.setup(db)
    from django.db import connection
    from django.db.models import Count

    from ted.search.experts import find_experts
    from ted.search.index import ensure_index
    from ted.search.query import search
    from ted.store import models as m

    ensure_index()
    asked = queries()
    started = time.perf_counter()
    find_experts(asked[0])
    first_experts = (time.perf_counter() - started) * 1000
    result = {
        "entities": dict(m.Entity.objects.values("type").annotate(n=Count("id")).values_list("type", "n")),
        "documents": m.Document.objects.filter(status="ok").count(),
        "experts_first_ms": first_experts,
        "experts": search_latency.percentiles(search_latency.timed(find_experts, asked)),
        "search": search_latency.percentiles(search_latency.timed(search, asked)),
        "raw": search_latency.percentiles(search_latency.timed(search_latency.raw_query, asked)),
        "experts_cpu": search_latency.percentiles(search_latency.timed(find_experts, asked, clock=time.process_time)),
        "search_cpu": search_latency.percentiles(search_latency.timed(search, asked, clock=time.process_time)),
        "listed": sum(len(find_experts(q)) for q in asked) / len(asked),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            result["bytes"] = cursor.fetchone()[0]
    else:
        path = Path(db)
        result["bytes"] = sum(p.stat().st_size for p in (path, Path(f"{db}-wal")) if p.exists())
    if yardstick:
        texts = [t for t in m.Document.objects.filter(status="ok").values_list("text", flat=True) if t.strip()]
        result["yardstick_s"] = ingest.yardstick(texts)
    return result


def measured(db: str, yardstick: bool) -> dict:
    """``measure`` in a fresh process: Django is configured once per process, and caches start empty."""
    done = subprocess.run([sys.executable, __file__, "--measure", db, *(["--yardstick"] if yardstick else [])],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"mesure de {db} en échec : {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def change_one_file(corpus: Path) -> Path:
    """Add a sentence to the first profile: a change that touches a person, their skills and the index."""
    profile = sorted((corpus / "membres").glob("*.md"))[0]
    with profile.open("a", encoding="utf-8") as out:
        out.write(f"Mise à jour du {time.strftime('%d/%m/%Y %H:%M:%S')} : intervient aussi en cartographie.\n")
    return profile


class Postgres:
    """A fresh database on the local server for one run, dropped afterwards."""

    def __init__(self, name: str) -> None:
        import psycopg

        self.name, self.psycopg = name, psycopg
        self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        self.url = f"{PG_SERVER}/{name}"

    def _admin(self, *statements: str) -> None:
        with self.psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run(label: str, documents: int, backends: list[str], work: Path, seed: int, yardstick: bool) -> list[dict]:
    corpus = work / f"corpus-{documents}"
    started = time.perf_counter()
    if corpus.exists():  # kept from an earlier run: replayed only to know who the documents name
        generated = synthetic.Corpus(documents, seed)
        for _ in generated.files():
            pass
    else:
        generated = synthetic.write(corpus, documents, seed)
    console.log(f"{label} : {documents} documents écrits sous {corpus} ({time.perf_counter() - started:.0f} s)")
    rows, floor = [], None
    for backend in backends:
        pg = Postgres(f"ted_scale_{documents}") if backend == "postgresql" else None
        db = pg.url if pg else str(work / f"scale-{documents}.sqlite3")
        try:
            first, peak = ingest.run_ingest(corpus, db)
            console.log(f"{label} / {backend} : ingest {first:.0f} s, {peak / 1024:.0f} Mo")
            change_one_file(corpus)
            again, _ = ingest.run_ingest(corpus, db)
            found = measured(db, yardstick and floor is None)
            floor = found.get("yardstick_s", floor)
        finally:
            if pg:
                pg.drop()
        row = {"label": label, "backend": backend, "documents": documents, "ingest_s": first, "peak_kb": peak,
               "reingest_s": again, "yardstick_s": floor, "expected": generated.expected(), **found}
        show([row])
        rows.append(row)
    return rows


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


METRICS = (  # (row label, how a run shows it); one column per run, so that any number of runs fits a terminal
    ("documents", lambda r: _n(r["documents"])),
    ("entités", lambda r: _n(sum(r["entities"].values()))),
    ("  personnes (nommées)", lambda r: f"{_n(r['entities'].get('person', 0))} ({_n(r['expected']['person'])})"),
    ("  projets (pages)", lambda r: f"{_n(r['entities'].get('project', 0))} ({_n(r['expected']['project'])})"),
    ("  événements (écrits)", lambda r: f"{_n(r['entities'].get('event', 0))} ({_n(r['expected']['event'])})"),
    ("  organisations, compétences", lambda r: f"{_n(r['entities'].get('organisation', 0))}, "
                                                f"{_n(r['entities'].get('skill', 0))}"),
    ("ingest", lambda r: f"{r['ingest_s']:.1f} s"),
    ("spaCy NER seul, 2 proc.", lambda r: f"{r['yardstick_s']:.1f} s" if r["yardstick_s"] else "—"),
    ("ingest / spaCy", lambda r: f"{r['ingest_s'] / r['yardstick_s']:.2f}×" if r["yardstick_s"] else "—"),
    ("1 fichier modifié, ingest", lambda r: f"{r['reingest_s']:.1f} s"),
    ("mémoire max (ingest)", lambda r: f"{r['peak_kb'] / 1024:.0f} Mo"),
    ("taille de la base", lambda r: f"{r['bytes'] / 1048576:.0f} Mo"),
    ("search() p50 / p95", lambda r: f"{r['search'][0]:.1f} / {r['search'][1]:.1f} ms"),
    ("  en temps CPU", lambda r: f"{r['search_cpu'][0]:.1f} / {r['search_cpu'][1]:.1f} ms"
     if "search_cpu" in r else "—"),
    ("plein texte brut p95 (×)", lambda r: f"{r['raw'][1]:.1f} ms ({r['search'][1] / r['raw'][1]:.1f}×)"),
    ("find_experts() p50 / p95", lambda r: f"{r['experts'][0]:.1f} / {r['experts'][1]:.1f} ms"),
    ("  en temps CPU", lambda r: f"{r['experts_cpu'][0]:.1f} / {r['experts_cpu'][1]:.1f} ms"
     if "experts_cpu" in r else "—"),
    ("1re requête d'experts", lambda r: f"{r['experts_first_ms']:.0f} ms"),
    ("experts listés / requête", lambda r: f"{r['listed']:.1f}"),
)


def show(rows: list[dict]) -> None:
    table = Table(title="TED à l'échelle (corpus synthétique)")
    table.add_column("")
    for r in rows:
        table.add_column(f"{r['label']}\n{r['backend']}", justify="right")
    for label, shown in METRICS:
        table.add_row(label, *(shown(r) for r in rows))
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="*", default=[])
    parser.add_argument("--entities", type=int, nargs="*", default=[],
                        help="sizes in entities (documents estimated by synthetic.documents_for)")
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL at 127.0.0.1:5432")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-yardstick", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write corpora and databases here and keep them")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--yardstick", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.yardstick)))
        return
    sizes = [(f"{n:,} documents".replace(",", " "), n) for n in args.documents]
    sizes += [(f"{n:,} entités".replace(",", " "), synthetic.documents_for(n)) for n in args.entities]
    if not sizes:
        parser.error("donnez au moins une taille : --documents N ... ou --entities N ...")
    backends = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.postgres else [])
    work = args.keep or Path(tempfile.mkdtemp(prefix="ted-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for label, documents in sizes:
            rows += run(label, documents, backends, work, args.seed, not args.no_yardstick)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if len(rows) > 1:
        show(rows)


if __name__ == "__main__":
    main()
