"""Curation screens: the review queue, the merge page, and the actions on every entity page.

Curators only (``role_required``). The screens read the store and the resolver's near misses
(``ted.graph.suggest``); every decision goes through ``ted.services.curation``, the same functions
``ted curate`` and the API call, so the three cannot disagree. Each action is a POST that first
shows a confirmation page (what will change, a "Confirmer" button: no script needed) and runs only
when confirmed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ted.graph.suggest import Named, near_duplicates
from ted.schema import RELATION_LABELS, EntityType, RelationType, label
from ted.services import accounts
from ted.store import models as m
from ted.store.accounts import Role
from ted.web.accounts import role_required
from ted.web.entities import entity_detail, find_entity

LOW_CONFIDENCE = 0.6  # below: a fact read from one page by a component trusted less than front matter
QUEUE_SIZE = 50
LAST_INGEST_WINDOW = timedelta(minutes=30)  # documents (re)read within this of the latest one: the last ingest


def _named_entities() -> list[Named]:
    aliases: dict[str, list[str]] = {}
    for entity_id, name in m.Alias.objects.values_list("entity_id", "name"):
        aliases.setdefault(entity_id, []).append(name)
    return [Named(i, t, (n, *aliases.get(i, ()))) for i, t, n in m.Entity.objects.values_list("id", "type", "name")]


def likely_duplicates(limit: int = QUEUE_SIZE) -> list[dict[str, Any]]:
    pairs = near_duplicates(_named_entities(), limit=limit)
    names = dict(m.Entity.objects.filter(id__in={p.a for p in pairs} | {p.b for p in pairs})
                 .values_list("id", "name"))
    return [{"a": p.a, "b": p.b, "a_name": names.get(p.a, p.a), "b_name": names.get(p.b, p.b),
             "type_label": label(EntityType(p.type)), "similarity": p.similarity} for p in pairs]


def employer_conflicts(limit: int = QUEUE_SIZE) -> list[dict[str, Any]]:
    """People linked to two organisations or more, neither part of the other: one is probably a past job."""
    parents = set(m.Relation.objects.filter(type=RelationType.PART_OF).values_list("source_id", "target_id"))
    people: dict[str, list[tuple[str, str]]] = {}
    for person, org, name in m.Relation.objects.filter(
            type=RelationType.MEMBER_OF, source__type=EntityType.PERSON, target__type=EntityType.ORGANISATION) \
            .values_list("source_id", "target_id", "target__name").order_by("source_id", "target__name"):
        people.setdefault(person, []).append((org, name))
    rows = []
    for person, orgs in people.items():
        apart = [o for o in orgs if not any((o[0], p[0]) in parents or (p[0], o[0]) in parents for p in orgs)]
        if len(apart) >= 2:
            rows.append({"id": person, "organisations": [{"id": o, "name": n} for o, n in apart]})
    names = dict(m.Entity.objects.filter(id__in=[r["id"] for r in rows]).values_list("id", "name"))
    for row in rows:
        row["name"] = names.get(row["id"], row["id"])
    return sorted(rows, key=lambda r: (-len(r["organisations"]), r["name"].casefold()))[:limit]


def low_confidence(limit: int = QUEUE_SIZE) -> list[dict[str, Any]]:
    rows = m.Relation.objects.filter(confidence__lt=LOW_CONFIDENCE).select_related("source", "target") \
        .order_by("confidence", "source_id", "type", "target_id")[:limit]
    return [{"type": r.type, "role": RELATION_LABELS.get(r.type, r.type), "source": r.source, "target": r.target,
             "confidence": round(r.confidence, 2)} for r in rows]


def new_entities(limit: int = QUEUE_SIZE) -> tuple[list[m.Entity], Any]:
    """Entities whose every piece of evidence comes from documents read by the last ingest."""
    latest = m.Document.objects.aggregate(latest=Max("ingested_at"))["latest"]
    if latest is None:
        return [], None
    since = latest - LAST_INGEST_WINDOW
    ids = m.EntityEvidence.objects.values("entity_id").annotate(first=Min("document__ingested_at"), n=Count("id")) \
        .filter(first__gte=since).values_list("entity_id", flat=True)
    older = m.Document.objects.filter(ingested_at__lt=since).exists()
    if not older:  # a first ingest: everything is new, which says nothing worth reviewing
        return [], latest
    return list(m.Entity.objects.filter(id__in=list(ids)).order_by("type", "name")[:limit]), latest


@role_required(Role.CURATOR)
def queue(request: HttpRequest) -> HttpResponse:
    fresh, latest = new_entities()
    context = {
        "title": "Curation", "claims": accounts.pending_claims(), "duplicates": likely_duplicates(),
        "conflicts": employer_conflicts(), "low": low_confidence(), "fresh": fresh, "latest": latest,
        "threshold": LOW_CONFIDENCE,
    }
    return render(request, "ted/curation/queue.html", context)


def _side(entity_id: str) -> dict[str, Any] | None:
    entity = find_entity(entity_id)
    return entity_detail(entity) if entity is not None else None


@role_required(Role.CURATOR)
def merge_page(request: HttpRequest) -> HttpResponse:
    """Two entities side by side with their evidence; the form merges B into A (A's name is kept)."""
    a, b = request.GET.get("a", "").strip(), request.GET.get("b", "").strip()
    left, right = (_side(a) if a else None), (_side(b) if b else None)
    error = None
    if (a and left is None) or (b and right is None):
        error = "Entité inconnue : vérifiez les identifiants."
    elif left and right and left["id"] == right["id"]:
        error = "Choisissez deux entités différentes."
    elif left and right and left["type"] != right["type"]:
        error = "Les deux entités n’ont pas le même type : changez d’abord le type de l’une d’elles."
    return render(request, "ted/curation/merge.html",
                  {"title": "Fusionner deux entités", "a": left, "b": right, "a_id": a, "b_id": b, "error": error},
                  status=400 if error else 200)


urls: list = [
    path("curation/fusion", merge_page, name="merge"),
]


@role_required(Role.CURATOR)
def curate(request: HttpRequest, kind: str) -> HttpResponse:
    """Placeholder until ted.services.curation lands: refuse rather than write a second implementation."""
    return render(request, "ted/403.html", {"message": "Les décisions de curation ne sont pas encore disponibles."},
                  status=503)


urls.append(path("curation/decider/<slug:kind>", curate, name="curate"))
