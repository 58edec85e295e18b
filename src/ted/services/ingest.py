"""The ingestion run: list sources → hash → read → extract → store per batch → rebuild the graph.

Each batch of documents is written in one transaction together with a
``graph_dirty`` flag, and the graph is rebuilt in another; a run killed at any
moment leaves the previous consistent state plus whole batches, and the next
run picks up what is left (changed hashes, the dirty flag).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ted.extract.facts import Facts
from ted.plugins import load_plugins
from ted.services.graph import refresh_graph
from ted.sources import Item, ReadError, SkipFile, Source, SourceDocument, open_source, read_item
from ted.store import documents

BATCH = 64


@dataclass
class Problem:
    path: str
    reason: str
    kind: str  # failed | skipped


@dataclass
class Summary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    skipped: int = 0
    still_failing: int = 0  # unchanged files that failed on an earlier run and still cannot be read
    words: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return self.new + self.changed


@dataclass
class Pending:
    item: Item
    data: bytes
    sha: str
    existing_id: int | None

    @property
    def place(self) -> documents.Place:
        return documents.Place(self.item.root, self.item.path, self.sha, len(self.data), self.existing_id)


Progress = Callable[[int, int], None]  # (done, total)


def ingest(paths: Sequence[Path | str | Source], progress: Progress | None = None, extractor=None) -> Summary:
    """Ingest the sources ``paths`` names (local folders or files, or anything ``open_source`` opens).

    Raises ``UnsupportedSource`` before touching the store when a spec names an unknown kind of source.
    """
    started = time.perf_counter()
    summary = Summary()
    summary.warnings += [Problem("greffons", problem, "warning") for problem in load_plugins()]
    sources = [open_source(p) if isinstance(p, (Path, str)) else p for p in paths]
    listed = [item for source in sources for item in source.items()]
    summary.warnings += [Problem(p.path, p.reason, "skipped") for source in sources for p in source.problems]
    pending = _triage(listed, summary)
    _remove_deleted(sources, listed, summary)
    if pending:
        if extractor is None:
            from ted.extract.pipeline import Extractor

            extractor = Extractor()
        done = 0
        for start in range(0, len(pending), BATCH):
            batch = pending[start:start + BATCH]
            _process_batch(batch, extractor, summary)
            done += len(batch)
            if progress:
                progress(done, len(pending))
    summary.entities = refresh_graph()
    summary.seconds = time.perf_counter() - started
    return summary


def _triage(listed: list[Item], summary: Summary) -> list[Pending]:
    known = documents.known(i.root for i in listed)
    pending = []
    for item in listed:
        doc = known.get((item.root, item.path))
        try:
            data = item.read()
        except OSError as error:
            summary.failed += 1
            summary.problems.append(Problem(item.path, f"lecture impossible ({error.strerror or error})", "failed"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if doc is not None and doc.sha256 == sha:
            summary.unchanged += 1
            if doc.status != "ok":
                _count_problem(summary, Problem(item.path, doc.error, doc.status), count=False)
            continue
        pending.append(Pending(item, data, sha, doc.id if doc else None))
    return pending


def _remove_deleted(sources: list[Source], listed: list[Item], summary: Summary) -> None:
    roots = {root for s in sources if (root := s.prune_root) is not None}
    summary.removed += documents.remove_missing(roots, {(i.root, i.path) for i in listed})


def _process_batch(batch: list[Pending], extractor, summary: Summary) -> None:
    readable: list[tuple[Pending, SourceDocument]] = []
    outcome: list[tuple[Pending, SourceDocument | None, Problem | None]] = []
    for pending in batch:
        try:
            doc = read_item(pending.item, pending.data)
            readable.append((pending, doc))
        except (ReadError, SkipFile) as error:
            kind = "skipped" if isinstance(error, SkipFile) else "failed"
            outcome.append((pending, None, Problem(pending.item.path, str(error), kind)))
    facts_by_key = {}  # by (root, path): two sources may hold the same relative path
    for doc, facts in extractor.extract_many([d for _, d in readable]):
        facts_by_key[(doc.root, doc.path)] = facts
    with documents.batch():
        for item, doc in readable:
            documents.save(item.place, doc, facts_by_key.get((doc.root, doc.path), Facts()))
            summary.words += len(doc.text.split())
            for warning in doc.warnings:
                summary.warnings.append(Problem(doc.path, warning, "warning"))
        for item, _, problem in outcome:
            documents.save_problem(item.place, problem.kind, problem.reason)
    for item, _doc in readable:
        if item.existing_id:
            summary.changed += 1
        else:
            summary.new += 1
    for _, _, problem in outcome:
        _count_problem(summary, problem)


def _count_problem(summary: Summary, problem: Problem, count: bool = True) -> None:
    summary.problems.append(problem)
    if not count:
        summary.still_failing += problem.kind == "failed"
        return
    if problem.kind == "skipped":
        summary.skipped += 1
    else:
        summary.failed += 1
