"""What pages, their JSON twins and the API show of an entity, an expert or a search hit."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.urls import NoReverseMatch, reverse

from ted.schema import EntityType
from ted.search import snapshot
from ted.search.snippet import readable
from ted.store import models as m
from ted.web.documents import document_url
from ted.web.entities import entity_detail
from ted.web.searching import run_experts, valid_id


def entity_data(entity: m.Entity) -> dict[str, Any]:
    detail = entity_detail(entity)
    detail["url"] = reverse("ted:entity", args=[entity.id])
    if entity.type == EntityType.SKILL:
        experts, message = run_experts(entity.name, limit=20)
        detail["experts"] = [expert_dict(e) for e in experts]
        detail["experts_message"] = message
    if entity.type == EntityType.EVENT:
        detail["ics"] = reverse("ted:event_ics", args=[entity.id])
        detail["programme"] = programme(detail)
    return detail


def programme(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's programme with speakers and projects linked when they are known entities."""
    known = {item["name"].casefold(): item["id"] for section in detail["sections"] for item in section["items"]}
    rows = []
    for item in detail["attributes"].get("programme") or []:
        if not isinstance(item, dict):
            continue
        rows.append({
            "time": str(item.get("time") or ""), "title": str(item.get("title") or ""),
            "speakers": [{"name": str(n), "id": known.get(str(n).casefold())} for n in _names(item.get("speakers"))],
            "projects": [{"name": str(n), "id": known.get(str(n).casefold())} for n in _names(item.get("projects"))],
        })
    return rows


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value or [] if str(v).strip()]


def expert_dict(expert: Any, names: dict[str, str] | None = None) -> dict[str, Any]:
    evidence = [_as_dict(item) for item in getattr(expert, "evidence", None) or []]
    vias = [e.get("via") for e in evidence if isinstance(e.get("via"), str) and valid_id(e["via"])]
    if names is None:
        names = _entity_names(vias)
    documents = _document_ids([str(e.get("document") or "") for e in evidence])
    for item in evidence:
        via = item.get("via")
        known = isinstance(via, str) and via in names
        item["via_url"] = reverse("ted:entity", args=[via]) if known else ""
        item["via_name"] = names.get(via) or item.get("via_name") or ""
        document_id = documents.get(str(item.get("document") or ""))
        item["document_id"] = document_id
        item["url"] = document_url(document_id, item.get("line")) if document_id else ""
        item["excerpt"] = readable(str(item.get("quote") or ""))
    return {"id": expert.id, "name": expert.name, "score": round(float(expert.score), 4),
            "url": reverse("ted:entity", args=[expert.id]), "evidence": evidence, "reasons": reasons(evidence),
            **explained(expert)}


def explained(expert: Any) -> dict[str, Any]:
    """The expert's current role and body, and why, in sentences, each with its sources' addresses."""
    sentences = []
    for item in getattr(expert, "explanations", None) or []:
        explanation = _as_dict(item)
        for source in explanation.get("sources") or []:
            source["url"] = source_url(source.get("document_id"), source.get("line"))
        sentences.append(explanation)
    return {"role": getattr(expert, "role", "") or "", "organisation": getattr(expert, "organisation", "") or "",
            "explanations": sentences}


def source_url(document_id: Any, line: Any) -> str:
    """The page of a cited document at the cited line (``/documents/<id>#L<line>``), when TED serves it."""
    if not isinstance(document_id, int) or document_id <= 0:
        return ""
    try:
        url = reverse("ted:document", args=[document_id])
    except NoReverseMatch:
        return ""
    return f"{url}?ligne={line}#L{line}" if isinstance(line, int) and line > 0 else url


def _document_ids(paths: list[str]) -> dict[str, int]:
    """Readable documents' ids by path (expert evidence names its document by path, as the export does)."""
    wanted = {p for p in paths if p}
    if not wanted:
        return {}
    rows = m.Document.objects.filter(path__in=wanted, status="ok").order_by("-id").values_list("path", "id")
    return dict(rows)


def _entity_names(ids: list[str]) -> dict[str, str]:
    """Names of the entities among ``ids``, from the index's in-memory entries (a query per expert made
    a skill's page, which lists twenty experts, a third slower)."""
    snap = snapshot.current()
    if snap is None:
        return dict(m.Entity.objects.filter(id__in=ids).values_list("id", "name"))
    return {i: entry[1] for i in ids if (entry := snap.entries.get(i)) is not None and entry[0] != "document"}


def reasons(evidence: list[dict[str, Any]], size: int = 4) -> list[dict[str, str]]:
    """The distinct things an expert's rank comes through (a skill, a project...), for a one-line summary."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for item in evidence:
        key = (str(item.get("kind") or ""), str(item.get("via_name") or item.get("via") or ""))
        if key[1] and key not in seen:
            seen[key] = {"kind": key[0], "name": key[1], "url": item.get("via_url") or ""}
    return list(seen.values())[:size]


def _as_dict(item: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return dict(item)


def hit_url(hit: Any) -> str:
    """The page of a search hit: the entity's, or the document's (``document:<id>``)."""
    if hit.type == "document":
        number = str(hit.id).split(":", 1)[-1]
        return document_url(int(number)) if number.isdigit() else ""
    return reverse("ted:entity", args=[hit.id]) if hit.type in set(EntityType) and valid_id(hit.id) else ""


def hit_documents(hit: Any) -> list[dict[str, Any]]:
    """The documents folded into an entity hit (its own pages), each with its page's address."""
    return [{"id": d["id"], "path": d["path"], "url": document_url(int(d["id"]))}
            for d in getattr(hit, "documents", None) or []]


