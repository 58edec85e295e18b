"""Ingestion throughput and memory on a corpus (default: ../shared/corpus).

    python benchmarks/ingest.py [CORPUS] [--bare-spacy]

Prints documents/s and words/s for a first (cold) ingest into a fresh SQLite
file, the time of a second ingest of the unchanged corpus (and its ratio to
the first), and the peak resident memory of the ingest process. With
``--bare-spacy`` it also times fr_core_news_md alone over the same texts, the
yardstick for extraction speed.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_ingest(corpus: Path, db: Path) -> tuple[float, int]:
    """Time one ``ted ingest`` subprocess; return (seconds, peak RSS in kB of that child)."""
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ted", "ingest", str(corpus), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def corpus_size(db: Path) -> tuple[int, int]:
    os.environ["TED_DB"] = str(db)
    from ted.store import database as tdb

    tdb.setup(str(db))
    from ted.store.models import Document

    texts = list(Document.objects.filter(status="ok").values_list("text", flat=True))
    return len(texts), sum(len(t.split()) for t in texts)


def bare_spacy(db: Path) -> float:
    import spacy

    from ted.store.models import Document

    texts = [t for t in Document.objects.filter(status="ok").values_list("text", flat=True) if t.strip()]
    nlp = spacy.load("fr_core_news_md")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus"
    if not corpus.exists():
        sys.exit(f"Corpus introuvable : {corpus} (donnez un dossier en argument)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        first, peak = run_ingest(corpus, db)
        second, _ = run_ingest(corpus, db)
        docs, words = corpus_size(db)
        print(f"corpus            {corpus}")
        print(f"documents         {docs}  words {words}")
        print(f"first ingest      {first:.2f} s  {docs / first:.1f} documents/s  {words / first:.0f} words/s")
        print(f"second ingest     {second:.2f} s  ({second / first:.2%} of the first; target <= 20%)")
        print(f"peak memory       {peak / 1024:.0f} MB (resident, ingest process)")
        if "--bare-spacy" in argv:
            bare = bare_spacy(db)
            print(f"bare spaCy        {bare:.2f} s over the same texts  {words / bare:.0f} words/s "
                  f"(ingest takes {first / bare:.1f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
