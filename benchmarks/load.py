"""Load test: a real ``ted serve`` on 127.0.0.1, hit by threads with a fixed number of requests.

    python benchmarks/load.py [--db DB] [--threads 8] [--requests 400] [--no-ingest]

Without ``--db``, the demo corpus (src/ted/demo) is ingested into a temporary SQLite file.
The server is started on a free port of 127.0.0.1 (never another interface) with as many
server threads as client threads. Three kinds of requests, each alone and then during an
ingest (a second copy of the demo corpus under another folder, ingested again and again
into the same database until the requests are done: extraction, graph rebuild and index
rebuild all compete with the server for the machine's cores and the database):

* search: ``/api/search?q=`` over a fixed list of queries (words, names, typos);
* experts: ``/api/experts?q=`` over a fixed list of topics;
* entities: the HTML page of every entity in turn (``/entites/<id>``).

Each kind is run twice: ``repeated`` cycles over its fixed list of URLs (after the first
request for a URL, the server answers from its per-process cache until the graph changes),
``distinct`` adds a unique, ignored ``_`` parameter to every URL, so that every answer is
computed: the cost of the views themselves.

Each client thread keeps one HTTP/1.1 connection open, as a browser or a script would.
Prints, per kind, URL mix and phase, the number of requests, errors, requests per second,
and p50/p95/max latency in milliseconds. A benchmark, not a test: nothing asserts timings.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "ted" / "demo"
HOST = "127.0.0.1"  # localhost only, whatever the arguments
QUERIES = ["ocr", "visualisation de données", "dataviz", "cartographie", "python", "données ouvertes", "Insee",
           "DINUM", "anonymisation", "llm", "Camille Roussel", "traitement automatique des langues", "mlops",
           "atelier", "data scientist", "géographie", "cartografie", "visualisaton", "open data", "hydrologie"]
TOPICS = ["visualisation de données", "ocr", "cartographie", "python", "anonymisation", "llm", "mlops",
          "traitement automatique des langues", "statistique", "open data"]


def ted(*args: str, db: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TED_DB"}
    return subprocess.run([sys.executable, "-m", "ted", *args, "--db", db], capture_output=True, text=True,
                          env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(db: str, threads: int, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "TED_DB"}
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "ted", "serve", "--host", HOST, "--port", str(port),
                                    "--threads", str(threads), "--db", db], stdout=output, stderr=subprocess.STDOUT,
                                   env=env)
    deadline = time.monotonic() + 120
    while "TED est servi sur" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"ted serve did not start:\n{log.read_text()}")
        time.sleep(0.1)
    return process, port


def entity_paths(db: str) -> list[str]:
    lines = ted("export", "--format", "jsonl", db=db).stdout.splitlines()
    return [f"/entites/{quote(record['id'])}" for record in map(json.loads, lines) if record["kind"] == "entity"]


class Client(threading.local):
    """One keep-alive connection per client thread."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
                self.connection.request("GET", path, headers={"Host": "localhost"})
                response = self.connection.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status, (time.perf_counter() - started) * 1000
            except (OSError, http.client.HTTPException):
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
                if attempt:
                    return 0, (time.perf_counter() - started) * 1000
        return 0, 0.0


def run(paths: list[str], requests: int, threads: int, port: int, distinct: bool) -> dict[str, float]:
    client = Client(port)
    wanted = [paths[i % len(paths)] for i in range(requests)]
    if distinct:
        stamp = time.monotonic_ns()
        wanted = [f"{path}{'&' if '?' in path else '?'}_={stamp}-{i}" for i, path in enumerate(wanted)]
    for path in paths[:threads]:  # warm each kind (caches, the first connection)
        client.get(path)
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(client.get, wanted))
    elapsed = time.perf_counter() - started
    latencies = sorted(ms for _status, ms in results)
    return {"n": len(results), "errors": sum(1 for status, _ in results if status != 200),
            "rps": len(results) / elapsed, "p50": statistics.median(latencies),
            "p95": latencies[max(round(0.95 * len(latencies)) - 1, 0)], "max": latencies[-1]}


class Ingesting:
    """``ted ingest`` of a second copy of the demo corpus, restarted until stopped (fresh content each time)."""

    def __init__(self, db: str, folder: Path) -> None:
        self.db, self.folder, self.runs = db, folder, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Ingesting:
        self._thread.start()
        time.sleep(3)  # past the start-up: spaCy loading, then extraction and rebuilds
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            shutil.rmtree(self.folder, ignore_errors=True)
            shutil.copytree(DEMO, self.folder)
            for path in sorted(self.folder.rglob("*.md"))[:10]:  # changed files: extraction and rebuild again
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nRévision {self.runs}.\n")
            try:
                ted("ingest", str(self.folder), db=self.db)
            except subprocess.CalledProcessError as error:
                print(f"ingest failed ({error.returncode}): {error.stderr.strip()[-2000:]}", file=sys.stderr)
                self._stop.wait(1)
                continue
            self.runs += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="an ingested database (default: the demo corpus in a temporary file)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="requests per kind and phase")
    parser.add_argument("--no-ingest", action="store_true", help="skip the phase during an ingest")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ted-load-"))
    try:
        db = args.db or str(work / "load.sqlite3")
        if not args.db:
            ted("ingest", str(DEMO), db=db)
        kinds = {"search": [f"/api/search?q={quote(q)}" for q in QUERIES],
                 "experts": [f"/api/experts?q={quote(q)}" for q in TOPICS],
                 "entities": entity_paths(db)}
        server, port = start_server(db, args.threads, work / "serve.log")
        try:
            print(f"{args.threads} threads, {args.requests} requests per line, {os.cpu_count()} cores, {db}")
            print(f"{'kind':<10}{'urls':<10}{'phase':<16}{'n':>6}{'err':>5}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
                  f"{'max ms':>9}")
            phases = [("alone", None)] + ([] if args.no_ingest else [("during ingest", work / "copy")])
            for phase, folder in phases:
                context = Ingesting(db, folder) if folder else None
                if context:
                    context.__enter__()
                try:
                    for kind, paths in kinds.items():
                        for mix in ("distinct", "repeated"):
                            r = run(paths, args.requests, args.threads, port, mix == "distinct")
                            print(f"{kind:<10}{mix:<10}{phase:<16}{r['n']:>6}{r['errors']:>5}{r['rps']:>9.1f}"
                                  f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['max']:>9.1f}", flush=True)
                finally:
                    if context:
                        context.__exit__()
                        print(f"({context.runs} ingest runs completed during this phase)")
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
