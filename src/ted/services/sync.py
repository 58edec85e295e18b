"""Configured sources and their sync: add, list, remove, and bring every due source up to date.

The same ``sync`` runs in the foreground (``ted sync``, or cron) and in the Celery worker
(``ted.services.worker``). Each source is ingested incrementally on its own, so one that
cannot be listed is recorded as failed and the others go on; the graph and the index are
refreshed once at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from ted.services.graph import refresh_graph
from ted.services.ingest import Progress, Summary, ingest, unexpected
from ted.sources import Source, open_source
from ted.sources.filtered import Filtered
from ted.store import documents
from ted.store import models as m
from ted.store.syncs import DEFAULT_EVERY, ConfiguredSource

_PERIOD = re.compile(r"^\s*(\d+)\s*(s|m|min|h|j|d)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "j": 86400, "d": 86400}
MIN_EVERY = 60


class SourceConfigError(ValueError):
    """A configured source that cannot be added or found; the message is a French sentence."""


def parse_every(text: str) -> int:
    """``6h``, ``30min``, ``1j``, ``90s`` or plain seconds → seconds (at least a minute)."""
    match = _PERIOD.match(text or "")
    if not match:
        raise SourceConfigError(f"période « {text} » illisible : écrivez par exemple 30min, 6h ou 1j")
    seconds = int(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < MIN_EVERY:
        raise SourceConfigError(f"période « {text} » trop courte : au moins une minute entre deux synchronisations")
    return seconds


def describe_every(seconds: int) -> str:
    for unit, size in (("j", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def add_source(name: str, uri: str, include: Sequence[str] = (), every: int = DEFAULT_EVERY) -> ConfiguredSource:
    """Record a source to follow; its URI is checked (kind known, path or address well formed), not fetched."""
    name = name.strip()
    if not re.fullmatch(r"[\w.-]{1,100}", name):
        raise SourceConfigError(f"nom « {name} » refusé : lettres, chiffres, « . », « - » et « _ » seulement "
                                "(100 au plus)")
    canonical = open_source(uri).uri  # UnsupportedSource (French) for an unknown kind or a malformed address
    if (same := ConfiguredSource.objects.filter(uri=canonical).first()) is not None:
        raise SourceConfigError(f"la source « {same.name} » suit déjà {canonical}")
    try:
        with transaction.atomic():
            return ConfiguredSource.objects.create(name=name, uri=canonical, include=list(include), every=every)
    except IntegrityError:
        raise SourceConfigError(f"une source s'appelle déjà « {name} » : choisissez un autre nom, ou retirez-la "
                                f"avec « ted sources remove {name} »") from None


def get_source(name: str) -> ConfiguredSource:
    found = ConfiguredSource.objects.filter(name=name).first()
    if found is None:
        known = ", ".join(ConfiguredSource.objects.values_list("name", flat=True)) or "aucune"
        raise SourceConfigError(f"aucune source ne s'appelle « {name} » (sources configurées : {known})")
    return found


def remove_source(name: str) -> int:
    """Forget a source and delete the documents it brought, with their facts; the graph is refreshed."""
    source = get_source(name)
    removed = documents.remove_source(source.uri)
    source.delete()
    refresh_graph()
    return removed


@dataclass
class SourceView:
    """A configured source as the CLI and the web page show it."""

    source: ConfiguredSource
    documents: int
    failed: int
    skipped: int

    @property
    def next_sync(self):  # noqa: ANN201 - datetime | None
        last = self.source.last_sync_at
        return None if last is None else last + timedelta(seconds=self.source.every)


def list_sources() -> list[SourceView]:
    counts: dict[tuple[str, str], int] = {}
    rows = m.Document.objects.exclude(source_uri="").values_list("source_uri", "status").annotate(n=Count("id"))
    for uri, status, n in rows:
        counts[(uri, status)] = n
    return [SourceView(s, counts.get((s.uri, "ok"), 0), counts.get((s.uri, "failed"), 0),
                       counts.get((s.uri, "skipped"), 0)) for s in ConfiguredSource.objects.all()]


def due_sources(now=None) -> list[ConfiguredSource]:  # noqa: ANN001 - datetime
    now = now or timezone.now()
    return [s for s in ConfiguredSource.objects.all()
            if s.last_sync_at is None or s.last_sync_at + timedelta(seconds=s.every) <= now]


@dataclass
class SyncResult:
    name: str
    summary: Summary | None
    error: str  # empty when the source was synced


def open_configured(source: ConfiguredSource) -> Source:
    opened = open_source(source.uri)
    return Filtered(opened, tuple(source.include)) if source.include else opened


def sync_source(source: ConfiguredSource, progress: Progress | None = None, refresh: bool = True) -> SyncResult:
    """Ingest one configured source incrementally and record how it went on its row."""
    try:
        summary = ingest([open_configured(source)], progress=progress, refresh=refresh)
    except Exception as error:  # noqa: BLE001 - one source's failure is recorded, the others go on
        message = error.args[0] if isinstance(error, ValueError) and error.args else unexpected("la synchronisation",
                                                                                               error)
        _record(source, None, f"« {source.name} » : {message}")
        return SyncResult(source.name, None, message)
    error = " ; ".join(problem.reason for problem in summary.source_errors)
    _record(source, summary, error)
    return SyncResult(source.name, summary, error)


def _record(source: ConfiguredSource, summary: Summary | None, error: str) -> None:
    now = timezone.now()
    source.last_sync_at = now
    source.last_status = "failed" if error else "ok"
    source.last_error = error
    if not error:
        source.last_success_at = now
    if summary is not None:
        source.last_counts = {"new": summary.new, "changed": summary.changed, "unchanged": summary.unchanged,
                              "removed": summary.removed, "failed": summary.failed, "skipped": summary.skipped,
                              "seconds": round(summary.seconds, 2)}
        source.last_revision = summary.revisions.get(source.uri, "")
    # saved by id: the row may have been removed meanwhile (ted sources remove during a sync)
    ConfiguredSource.objects.filter(id=source.id).update(
        last_sync_at=source.last_sync_at, last_status=source.last_status, last_error=source.last_error,
        last_success_at=source.last_success_at, last_counts=source.last_counts, last_revision=source.last_revision)


SourceDone = Callable[[SyncResult], None]


def sync(names: Sequence[str] = (), force: bool = False, progress: Progress | None = None,
         done: SourceDone | None = None) -> tuple[list[SyncResult], dict[str, int]]:
    """Sync the named sources (all of them when none is named) that are due, or all of them with ``force``;
    then refresh the graph and the index once. Returns each source's result and the entity counts."""
    chosen = [get_source(name) for name in names] if names else list(ConfiguredSource.objects.all())
    if not force:
        due = {s.id for s in due_sources()}
        chosen = [s for s in chosen if s.id in due]
    results = []
    for source in chosen:
        result = sync_source(source, progress=progress, refresh=False)
        results.append(result)
        if done:
            done(result)
    return results, refresh_graph()
