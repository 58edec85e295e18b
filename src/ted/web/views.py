"""HTML pages (DSFR) and their JSON twins. Views stay short: data comes from entities/searching."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ted.exports.ics import all_events, build_calendar
from ted.kb.dates import is_upcoming, parse_when
from ted.schema import EntityType, RelationType
from ted.store import models as m
from ted.web.api import api
from ted.web.entities import find_entity
from ted.web.present import entity_data, expert_dict
from ted.web.requestid import request_id
from ted.web.searching import FACETS, InvalidQuery, clean_filters, run_experts, run_experts_described, run_search

FACET_TITLES = {"type": "Type", "organisation": "Organisation", "skill": "Compétence",
                "project": "Projet", "year": "Année"}
JSON_OPTIONS = {"ensure_ascii": False, "indent": 1}


def home(request: HttpRequest) -> HttpResponse:
    counts = dict(m.Entity.objects.values_list("type").annotate(n=Count("id")))
    upcoming, _past, _undated = split_agenda()
    return render(request, "ted/home.html", {"counts": counts, "upcoming": upcoming[:3]})


def search_page(request: HttpRequest) -> HttpResponse:
    try:
        filters = clean_filters(request.GET.dict())
    except InvalidQuery as error:
        return render(request, "ted/search.html", {"error": str(error), "q": request.GET.get("q", "")[:200]},
                      status=400)
    results = run_search(filters)
    asked = bool(filters["q"]) or any(filters.get(f) for f in FACETS)
    context = {
        "asked": asked, "q": filters["q"], "filters": filters, "results": results,
        "facets": facet_blocks(results, filters),
        "previous": max(filters["offset"] - filters["limit"], 0) if filters["offset"] else None,
        "next": (filters["offset"] + filters["limit"]
                 if filters["offset"] + filters["limit"] < results.total else None),
        "first": filters["offset"] + 1, "last": filters["offset"] + len(results.results),
    }
    return render(request, "ted/search.html", context)


def facet_blocks(results: Any, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Facets as the template shows them: a title and values with their count and state."""
    blocks = []
    for name in FACETS:
        values = (results.facets or {}).get(name) or []
        active = filters.get(name)
        items = [{"value": str(value), "label": str(label), "count": count,
                  "active": active is not None and str(active) == str(value)} for value, label, count in values]
        if items:
            blocks.append({"name": name, "title": FACET_TITLES[name], "items": items})
    return blocks


def entity_page(request: HttpRequest, entity_id: str) -> HttpResponse:
    if request.GET.get("format") == "json":
        return entity_json(request, entity_id)
    entity = find_entity(entity_id)
    if entity is None:
        raise Http404("Entité inconnue")
    detail = entity_data(entity)
    return render(request, "ted/entity.html", {"entity": detail, "title": detail["name"]})


def entity_json(request: HttpRequest, entity_id: str) -> JsonResponse:
    entity = find_entity(entity_id)
    if entity is None:
        return JsonResponse({"detail": "Entité inconnue."}, status=404)
    return JsonResponse(entity_data(entity), json_dumps_params=JSON_OPTIONS)


def experts_page(request: HttpRequest) -> HttpResponse:
    """A topic (``q``) or a pasted paragraph (``description``, its key terms shown)."""
    q, description = request.GET.get("q", ""), request.GET.get("description", "")
    terms: list[str] = []
    try:
        if description.strip() and not q.strip():
            terms, experts, message = run_experts_described(description)
        else:
            experts, message = run_experts(q)
    except InvalidQuery as error:
        return render(request, "ted/experts.html", {"error": str(error)}, status=400)
    context = {"q": q.replace("\x00", "").strip(), "description": description.replace("\x00", "").strip(),
               "terms": terms, "experts": [expert_dict(e) for e in experts], "message": message}
    return render(request, "ted/experts.html", context)


def split_agenda() -> tuple[list[dict], list[dict], list[dict]]:
    """Events that have not ended yet (soonest first), past ones (latest first), undated ones."""
    now = timezone.now()
    upcoming, past, undated = [], [], []
    for event in m.Entity.objects.filter(type=EntityType.EVENT):
        attributes = event.attributes or {}
        item = {"id": event.id, "name": event.name, "attributes": attributes,
                "start": parse_when(attributes.get("start"))}
        state = is_upcoming(attributes, now)
        (undated if state is None else upcoming if state else past).append(item)
    upcoming.sort(key=lambda e: e["start"].as_datetime())
    past.sort(key=lambda e: e["start"].as_datetime(), reverse=True)
    undated.sort(key=lambda e: e["name"].casefold())
    return upcoming, past, undated


def agenda(request: HttpRequest) -> HttpResponse:
    upcoming, past, undated = split_agenda()
    years: dict[int, list[dict]] = {}
    for item in past:
        years.setdefault(item["start"].day.year, []).append(item)
    return render(request, "ted/agenda.html", {"upcoming": upcoming, "past": past, "past_years": years.items(),
                                               "undated": undated, "today": timezone.localdate()})


def _ics_response(events: list[m.Entity], request: HttpRequest, filename: str) -> HttpResponse:
    calendar, _count = build_calendar(
        events, page_url=lambda e: request.build_absolute_uri(reverse("ted:entity", args=[e.id])))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def agenda_ics(request: HttpRequest) -> HttpResponse:
    return _ics_response(all_events(), request, "agenda-ted.ics")


def event_ics(request: HttpRequest, entity_id: str) -> HttpResponse:
    entity = find_entity(entity_id)
    if entity is None or entity.type != EntityType.EVENT or parse_when((entity.attributes or {}).get("start")) is None:
        raise Http404("Événement inconnu ou sans date")
    return _ics_response([entity], request, "evenement-ted.ics")


def organisations(request: HttpRequest) -> HttpResponse:
    """The organisation chart: top-level organisations with their sub-organisations, nested."""
    orgs = {o.id: o for o in m.Entity.objects.filter(type=EntityType.ORGANISATION)}
    children: dict[str, list[str]] = {}
    has_parent: set[str] = set()
    for child, parent in m.Relation.objects.filter(
            type=RelationType.PART_OF, source__type=EntityType.ORGANISATION,
            target__type=EntityType.ORGANISATION).values_list("source_id", "target_id"):
        children.setdefault(parent, []).append(child)
        has_parent.add(child)
    members = dict(m.Relation.objects.filter(type=RelationType.MEMBER_OF).values_list("target_id")
                   .annotate(n=Count("id")))

    def node(org_id: str, seen: frozenset[str]) -> dict[str, Any]:
        kids = [c for c in children.get(org_id, []) if c not in seen and c in orgs]
        return {"id": org_id, "name": orgs[org_id].name, "members": members.get(org_id, 0),
                "children": sorted((node(c, seen | {c}) for c in kids), key=lambda n: n["name"].casefold())}

    roots = sorted((node(o, frozenset({o})) for o in orgs if o not in has_parent), key=lambda n: n["name"].casefold())
    return render(request, "ted/organisations.html", {"roots": roots})


EXAMPLES = {"/api/search": "/api/search?q=ocr&type=project", "/api/experts": "/api/experts?q=visualisation",
            "/api/entities/{entity_id}": None}


def api_docs(request: HttpRequest) -> HttpResponse:
    """A readable page generated from the OpenAPI document (Swagger UI would need inline scripts)."""
    schema = api.get_openapi_schema()
    operations = []
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append({
                "method": method.upper(), "path": route, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [{"name": p["name"], "where": "chemin" if p["in"] == "path" else "requête",
                                "required": p.get("required", False),
                                "description": p.get("description") or p.get("schema", {}).get("description", "")}
                               for p in operation.get("parameters", [])],
                "example": EXAMPLES.get(route),
            })
    return render(request, "ted/api.html", {"operations": operations, "title": "API"})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "ted/accessibilite.html", {"operator": settings.TED_OPERATOR})


# The DSFR's mandatory pages. The operator (publisher) of the instance comes from the settings.
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "ted/mentions_legales.html", {"operator": settings.TED_OPERATOR})


def personal_data(request: HttpRequest) -> HttpResponse:
    return render(request, "ted/donnees_personnelles.html", {"operator": settings.TED_OPERATOR})


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "ted/cookies.html", {"csrf_cookie": settings.CSRF_COOKIE_NAME,
                                                "session_cookie": settings.SESSION_COOKIE_NAME})


def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "ted/plan_du_site.html")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def json_error(request: HttpRequest, status: int, detail: str) -> JsonResponse:
    body = {"detail": detail, "status": status}
    if status >= 500:
        body["request_id"] = request_id(request)
    return JsonResponse(body, status=status, json_dumps_params=JSON_OPTIONS)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return json_error(request, 400, "Requête invalide.")
    return render(request, "ted/400.html", status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return json_error(request, 404, "Adresse inconnue : consultez /api/ pour la liste des points d’accès."
                          if request.path.startswith("/api/") else "Entité inconnue.")
    return render(request, "ted/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: the request id ties a user's report to the log line ``RequestIdMiddleware`` wrote."""
    if wants_json(request):
        return json_error(request, 500, "Erreur interne du service : réessayez dans un instant ; si elle persiste, "
                                        f"signalez-la avec l’identifiant {request_id(request)}.")
    try:
        return render(request, "ted/500.html", {"request_id": request_id(request)}, status=500)
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        return HttpResponse(f"Erreur interne du service (requête {request_id(request)}).", status=500,
                            content_type="text/plain; charset=utf-8")
