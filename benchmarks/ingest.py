"""Ingestion throughput and memory on a corpus (default: ../shared/corpus).

    python benchmarks/ingest.py [CORPUS] [--bare-spacy]

Prints documents/s and words/s for a first (cold) ingest into a fresh SQLite
file, the time of a second ingest of the unchanged corpus (and its ratio to
the first), and the peak resident memory of the ingest process (with any
processes it starts, summed). With ``--bare-spacy`` it also times the yardstick
for extraction speed over the same texts: fr_core_news_md with its NER alone
(tok2vec and ner, as ``ted.kb.language`` loads it) on 2 processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YARDSTICK_PROCESSES = 2


def run_ingest(corpus: Path, db: Path | str) -> tuple[float, int]:
    """Time one ``ted ingest`` subprocess; return (seconds, peak resident memory in kB of it and its children).

    Sampled from /proc every 0.2 s and summed over the process tree, so that an ingest spreading its
    extraction over worker processes is counted whole (``getrusage`` gives the largest single process)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "ted", "ingest", str(corpus), "--db", str(db)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(child.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if child.returncode:
        error = child.stderr.read().decode(errors="replace") if child.stderr else ""
        raise SystemExit(f"ted ingest {corpus} a échoué ({child.returncode}) : {error[-2000:]}")
    return seconds, peak


def tree_rss(pid: int) -> int:
    """Resident memory in kB of ``pid`` and all its descendants (0 once they are gone)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += parents.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def corpus_size(db: Path) -> tuple[int, int]:
    os.environ["TED_DB"] = str(db)
    from ted.store import database as tdb

    tdb.setup(str(db))
    from ted.store.models import Document

    texts = list(Document.objects.filter(status="ok").values_list("text", flat=True))
    return len(texts), sum(len(t.split()) for t in texts)


def bare_spacy(db: Path) -> float:
    """The yardstick over the texts the store holds (``corpus_size`` has pointed Django at ``db``)."""
    from ted.store.models import Document

    return yardstick([t for t in Document.objects.filter(status="ok").values_list("text", flat=True) if t.strip()])


def yardstick(texts: list[str], processes: int = YARDSTICK_PROCESSES) -> float:
    """Seconds for bare spaCy fr_core_news_md, NER only (tok2vec and ner, as TED loads it), over ``texts`` on
    ``processes`` processes: the floor issue 12 measures ``ted ingest`` against. Model loading is not timed."""
    import spacy

    from ted.kb.language import MODEL, UNUSED

    nlp = spacy.load(MODEL, exclude=list(UNUSED))  # exactly the components TED runs
    for _ in nlp.pipe(texts[:8]):  # warm
        pass
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
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
        print(f"peak memory       {peak / 1024:.0f} MB (resident, ingest process and its children)")
        if "--bare-spacy" in argv:
            bare = bare_spacy(db)
            print(f"bare spaCy NER    {bare:.2f} s over the same texts on {YARDSTICK_PROCESSES} processes  "
                  f"{words / bare:.0f} words/s "
                  f"(ingest takes {first / bare:.1f}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
