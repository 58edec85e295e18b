"""The ingestion run: list sources → hash → read → extract → store per batch → rebuild the graph.

Each batch of documents is written in one transaction together with a
``graph_dirty`` flag, and the graph is rebuilt in another; a run killed at any
moment leaves the previous consistent state plus whole batches, and the next
run picks up what is left (changed hashes, the dirty flag).

No document can stop a run: any exception while reading, parsing, extracting or
storing one document (a library's error, ``RecursionError``, ``MemoryError``) makes
that document ``failed`` with a French sentence, and the run goes on.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ted.crashpoint import reached
from ted.extract.facts import Facts
from ted.plugins import load_plugins
from ted.services.graph import refresh_graph
from ted.sources import (
    Item,
    ReadError,
    Revalidating,
    SkipFile,
    Source,
    SourceDocument,
    SourceError,
    open_source,
    read_item,
)
from ted.sources.cache import use_cache_dir
from ted.store import decisions, documents
from ted.store import models as m

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
    orphaned: list[Problem] = field(default_factory=list)  # curation decisions whose target is gone (by id)
    source_errors: list[Problem] = field(default_factory=list)  # sources that could not be listed at all
    revisions: dict[str, str] = field(default_factory=dict)  # git commit read, by source URI

    @property
    def processed(self) -> int:
        return self.new + self.changed


@dataclass
class Pending:
    item: Item
    data: bytes
    sha: str
    existing_id: int | None
    source_uri: str = ""

    @property
    def place(self) -> documents.Place:
        return documents.Place(self.item.root, self.item.path, self.sha, len(self.data), self.existing_id,
                               self.source_uri, _version(self.item), getattr(self.item, "revision", ""),
                               getattr(self.item, "origin", ""))


def _version(item: Item) -> str:
    """The version token kept for items that can be revalidated by it (git blobs, web pages); a file's
    (mtime, size) is never compared, so it is neither read (a stat) nor written."""
    if not isinstance(item, Revalidating):
        return ""
    try:
        return item.version
    except OSError:
        return ""


Progress = Callable[[int, int], None]  # (done, total)


def ingest(paths: Sequence[Path | str | Source], progress: Progress | None = None, extractor=None,
           refresh: bool = True) -> Summary:
    """Ingest the sources ``paths`` names (local folders or files, or anything ``open_source`` opens).

    Raises ``UnsupportedSource`` before touching the store when a spec names an unknown kind of source.
    A source that cannot be listed (``SourceError``: a site down, a repository that does not exist) is
    reported in ``summary.source_errors`` and left as stored; the others are ingested. ``refresh=False``
    leaves the graph to the caller (``ted sync`` refreshes it once after all its sources).
    """
    started = time.perf_counter()
    summary = Summary()
    summary.warnings += [Problem("greffons", problem, "warning") for problem in load_plugins()]
    use_cache_dir(sources_cache())
    opened = [open_source(p) if isinstance(p, (Path, str)) else p for p in paths]
    sources, listed, origins = _list(opened, summary)
    summary.warnings += [Problem(p.path, p.reason, "skipped") for source in sources for p in source.problems]
    pending = _triage(listed, summary, origins)
    reached("ingest:listed")
    _remove_deleted(sources, listed, summary)
    reached("ingest:removed")
    if pending:
        if extractor is None:
            from ted.extract.pipeline import Extractor

            extractor = Extractor()
        done = 0
        for start in range(0, len(pending), BATCH):
            batch = pending[start:start + BATCH]
            _process_batch(batch, extractor, summary)
            reached("ingest:batch-committed")
            done += len(batch)
            if progress:
                progress(done, len(pending))
    if refresh:
        summary.entities = refresh_graph()
    summary.orphaned = [Problem(d.id, d.problem, "orphaned") for d in decisions.orphaned()]
    summary.seconds = time.perf_counter() - started
    return summary


def sources_cache() -> Path:
    """Git clones live beside the database: ``<file>-sources`` for SQLite, in TED's home for PostgreSQL."""
    from django.conf import settings

    from ted.settings import secret_key_file

    secret = secret_key_file(settings.TED_DB)
    return secret.with_name(secret.name.removesuffix("-secret") + "-sources")


def _list(sources: list[Source], summary: Summary) -> tuple[list[Source], list[Item], list[str]]:
    """The sources that could be listed, their items, and the URI of the source of each item."""
    kept: list[Source] = []
    listed: list[Item] = []
    origins: list[str] = []
    for source in sources:
        try:
            items = list(source.items())
        except SourceError as error:
            summary.source_errors.append(Problem(source.uri, str(error), "failed"))
            continue
        kept.append(source)
        listed += items
        origins += [source.uri] * len(items)
        if commit := getattr(source, "commit", ""):
            summary.revisions[source.uri] = commit
    return kept, listed, origins


def _unchanged_at_source(item: Item, stored: m.Document | None) -> bool:
    """The source says the item is the version stored (same git blob, HTTP 304) without handing its bytes."""
    return bool(stored is not None and stored.version and isinstance(item, Revalidating)
                and not item.changed_since(stored.version))


def _triage(listed: list[Item], summary: Summary, origins: list[str]) -> list[Pending]:
    known = documents.known(i.root for i in listed)
    pending = []
    unchanged: set[tuple[str, str]] = set()
    for item, origin in zip(listed, origins, strict=True):
        doc = known.get((item.root, item.path))
        try:
            if _unchanged_at_source(item, doc):
                # a 304 for a page whose listed date moved still records the new version
                _keep_unchanged(item, doc, _version(item), summary, unchanged)
                continue
            data = item.read()
        except OSError as error:
            summary.failed += 1
            summary.problems.append(Problem(item.path, f"lecture impossible ({error.strerror or error})", "failed"))
            continue
        except Exception as error:  # noqa: BLE001 - a source's bug on one item must not stop the run
            summary.failed += 1
            summary.problems.append(Problem(item.path, unexpected("la lecture", error), "failed"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if doc is not None and doc.sha256 == sha:
            _keep_unchanged(item, doc, _version(item) or doc.version, summary, unchanged)
            continue
        pending.append(Pending(item, data, sha, doc.id if doc else None, origin))
    _repeat_warnings(unchanged, summary)
    return pending


def _keep_unchanged(item, doc, version: str | None, summary: Summary,  # noqa: ANN001 - Item, Document
                    unchanged: set[tuple[str, str]]) -> None:
    """An item read before and unchanged: its new version token kept, its old problem counted again."""
    if version != doc.version:
        documents.remember_version(doc.id, version)
    summary.unchanged += 1
    if doc.status != "ok":
        _count_problem(summary, Problem(item.path, doc.error, doc.status), count=False)
    unchanged.add((item.root, item.path))


def _repeat_warnings(unchanged: set[tuple[str, str]], summary: Summary) -> None:
    """What was cut or flattened in an unchanged document is said again on every run, until the file changes."""
    if not unchanged:
        return
    rows = m.Document.objects.filter(root__in={root for root, _ in unchanged}, status="ok").values_list(
        "root", "path", "warnings")
    for root, path, warnings in rows:
        if warnings and (root, path) in unchanged:
            summary.warnings += [Problem(path, warning, "warning") for warning in warnings]


def _remove_deleted(sources: list[Source], listed: list[Item], summary: Summary) -> None:
    roots = {root for s in sources if (root := s.prune_root) is not None}
    summary.removed += documents.remove_missing(roots, {(i.root, i.path) for i in listed})


def unexpected(stage: str, error: BaseException) -> str:
    """A sentence for an error no reader or component anticipated, naming what to do."""
    if isinstance(error, RecursionError):
        return f"{stage} a échoué : le document imbrique trop de niveaux (listes, balises, en-tête) ; simplifiez-le"
    if isinstance(error, MemoryError):
        return f"{stage} a échoué : mémoire insuffisante pour ce document ; découpez-le en plusieurs fichiers"
    detail = " ".join(str(error).split())[:300]
    return (f"{stage} a échoué sur une erreur inattendue ({type(error).__name__}{' : ' + detail if detail else ''}) ; "
            "vérifiez le fichier, et signalez l'erreur s'il est correct")


def _process_batch(batch: list[Pending], extractor, summary: Summary) -> None:
    readable: list[tuple[Pending, SourceDocument]] = []
    problems: list[tuple[Pending, Problem]] = []
    for pending in batch:
        try:
            readable.append((pending, read_item(pending.item, pending.data)))
        except (ReadError, SkipFile) as error:
            kind = "skipped" if isinstance(error, SkipFile) else "failed"
            problems.append((pending, Problem(pending.item.path, str(error), kind)))
        except Exception as error:  # noqa: BLE001 - one hostile file must not stop the run
            problems.append((pending, Problem(pending.item.path, unexpected("la lecture", error), "failed")))
    facts_by_key, failed = _extract(extractor, [d for _, d in readable])
    problems += [(p, Problem(p.item.path, failed[(d.root, d.path)], "failed"))
                 for p, d in readable if (d.root, d.path) in failed]
    readable = [(p, d) for p, d in readable if (d.root, d.path) not in failed]
    stored: list[tuple[Pending, SourceDocument]] = []
    with documents.batch():
        for item, doc in readable:
            try:
                with transaction.atomic():  # a savepoint: a document the database refuses fails alone
                    documents.save(item.place, doc, facts_by_key.get((doc.root, doc.path), Facts()))
                stored.append((item, doc))
            except Exception as error:  # noqa: BLE001 - e.g. a value the database refuses
                problems.append((item, Problem(item.item.path, unexpected("l'enregistrement", error), "failed")))
        for item, problem in problems:
            documents.save_problem(item.place, problem.kind, problem.reason)
        reached("ingest:batch-written")  # inside the batch's transaction, before it commits
    for item, doc in stored:
        summary.words += len(doc.text.split())
        summary.warnings += [Problem(doc.path, warning, "warning") for warning in doc.warnings]
        if item.existing_id:
            summary.changed += 1
        else:
            summary.new += 1
    for _, problem in problems:
        _count_problem(summary, problem)


Key = tuple[str, str]  # (root, path): two sources may hold the same relative path


def _extract(extractor, docs: list[SourceDocument]) -> tuple[dict[Key, Facts], dict[Key, str]]:
    """Facts of each document, and the reason of those whose extraction raised.

    The extractor stops a failing component for its document alone; should an error escape it
    anyway, the batch is extracted again one document at a time, so that only the guilty one fails.
    """
    try:
        return {(d.root, d.path): facts for d, facts in extractor.extract_many(docs)}, {}
    except Exception as error:  # noqa: BLE001 - retried document by document below
        if len(docs) == 1:
            return {}, {(docs[0].root, docs[0].path): unexpected("l'extraction", error)}
    facts: dict[Key, Facts] = {}
    failed: dict[Key, str] = {}
    for doc in docs:
        try:
            facts.update({(d.root, d.path): f for d, f in extractor.extract_many([doc])})
        except Exception as error:  # noqa: BLE001 - this document fails, the run goes on
            failed[(doc.root, doc.path)] = unexpected("l'extraction", error)
    return facts, failed


def _count_problem(summary: Summary, problem: Problem, count: bool = True) -> None:
    summary.problems.append(problem)
    if not count:
        summary.still_failing += problem.kind == "failed"
        return
    if problem.kind == "skipped":
        summary.skipped += 1
    else:
        summary.failed += 1
