"""The page of followed sources: each one's last sync, what it brought, and why it failed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from ted.services.sync import SourceView, describe_every, list_sources

STATUS = {"ok": ("success", "à jour"), "failed": ("error", "en échec")}
COUNTS = (("new", "nouveaux"), ("changed", "modifiés"), ("removed", "supprimés"), ("failed", "en échec"))


def _row(view: SourceView) -> dict[str, Any]:
    source = view.source
    badge, label = STATUS.get(source.last_status, ("info", "jamais synchronisée"))
    counts = source.last_counts or {}
    return {
        "name": source.name, "uri": source.uri, "include": ", ".join(source.include),
        "every": describe_every(source.every), "badge": badge, "status": label,
        "last_sync": timezone.localtime(source.last_sync_at) if source.last_sync_at else None,
        "last_success": timezone.localtime(source.last_success_at) if source.last_success_at else None,
        "next_sync": timezone.localtime(view.next_sync) if view.next_sync else None,
        "documents": view.documents, "failed": view.failed, "skipped": view.skipped,
        "last_run": "" if source.last_status != "ok" else
        ", ".join(f"{counts[key]} {label}" for key, label in COUNTS if counts.get(key)) or "rien de nouveau",
        "revision": source.last_revision[:12], "error": source.last_error,
    }


@never_cache  # the state of syncs, not of the graph: never kept by the graph's page cache
def sources_page(request: HttpRequest) -> HttpResponse:
    rows = [_row(view) for view in list_sources()]
    return render(request, "ted/sources.html", {"sources": rows, "failing": [r for r in rows if r["error"]]})
