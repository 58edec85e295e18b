"""The JSON API (django-ninja), described by ``/api/openapi.json``.

Invalid parameters answer 422 with a French message; no query string can cause a 500.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ted.schema import EntityType
from ted.web.entities import find_entity
from ted.web.present import entity_data, expert_dict, hit_documents, hit_url
from ted.web.searching import InvalidQuery, clean_filters, run_experts, run_experts_described, run_search

api = NinjaAPI(
    title="TED — Trouver mon Expert Data",
    version="1.0",
    description="Recherche d’entités (personnes, organisations, projets, événements, compétences), "
                "recherche d’experts et fiches d’entités avec leurs preuves documentaires.",
    openapi_url="/openapi.json",
    docs_url=None,  # Swagger UI loads scripts from a CDN and inline code, which our CSP forbids.
    urls_namespace="api",
)


class Message(Schema):
    detail: str


class HitDocumentOut(Schema):
    id: int
    path: str
    url: str


class HitOut(Schema):
    id: str
    type: str
    name: str
    score: float
    snippet: str = Field("", description="Extrait en texte brut : la phrase du document qui contient les mots "
                                          "recherchés")
    snippet_html: str = Field("", description="Le même extrait, échappé pour HTML, mots recherchés dans <mark>")
    highlights: list[list[int]] = Field(default_factory=list, description="Positions [début, fin) des mots "
                                                                          "recherchés dans « snippet »")
    url: str | None = None
    path: str | None = None
    documents: list[HitDocumentOut] = Field(default_factory=list, description="Pages de l’entité elle-même, "
                                                                              "regroupées sous ce résultat")


class FacetValue(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    total: int
    offset: int
    limit: int
    message: str | None = None
    results: list[HitOut]
    facets: dict[str, list[FacetValue]]


class SourceOut(Schema):
    document: str
    line: int | None = None
    quote: str = ""
    document_id: int | None = Field(None, description="Identifiant du document (sa page : /documents/{id})")
    url: str | None = Field(None, description="Page du document à la ligne citée")
    excerpt: str | None = Field(None, description="La citation telle qu’on la lit (sans balisage)")


class EvidenceOut(SourceOut):
    via: str | None = None
    via_name: str | None = None
    kind: str | None = None


class ReasonOut(Schema):
    kind: str
    name: str
    url: str


class ExplanationSourceOut(Schema):
    label: str
    document: str
    document_id: int
    line: int
    quote: str = ""
    url: str = Field("", description="Page du document à la ligne citée")


class ExplanationOut(Schema):
    kind: str
    sentence: str = Field(description="Pourquoi, en une phrase (« déclare la compétence … »)")
    sources: list[ExplanationSourceOut]


class ExpertOut(Schema):
    id: str
    name: str
    score: float
    url: str
    evidence: list[EvidenceOut]
    reasons: list[ReasonOut]
    role: str = Field("", description="Fonction actuelle")
    organisation: str = Field("", description="Organisation actuelle")
    explanations: list[ExplanationOut] = Field(default_factory=list, description="Une phrase par type de preuve")


class ExpertsOut(Schema):
    query: str
    message: str | None = None
    terms: list[str] = Field(default_factory=list, description="Termes clés retenus d’un texte (POST)")
    results: list[ExpertOut]


class LinkOut(Schema):
    id: str
    type: str
    name: str
    relation: str
    direction: str
    role: str
    evidence: list[SourceOut]
    added_by_curator: bool = Field(False, description="Ajoutée par un curateur : aucun document ne l'affirme")


class SectionOut(Schema):
    key: str
    title: str
    items: list[LinkOut]


class EntityOut(Schema):
    id: str
    type: str
    type_label: str
    name: str
    url: str
    aliases: list[str]
    attributes: dict[str, Any]
    confidence: float = Field(description="How sure extraction is of this entity (0–1): the documents stating it, "
                                          "each weighted by the confidence of the reader that found it")
    evidence: list[SourceOut]
    sections: list[SectionOut]
    experts: list[ExpertOut] | None = None
    ics: str | None = None


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    return JsonResponse({"detail": "Paramètres invalides.", "errors": jsonable(exc.errors)}, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> JsonResponse:
    return JsonResponse({"detail": "Ressource inconnue."}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    messages = {405: "Méthode non permise pour ce point d’accès.",
                400: "Requête invalide.", 404: "Ressource inconnue."}
    return JsonResponse({"detail": messages.get(exc.status_code, "Requête refusée.")}, status=exc.status_code)


@api.exception_handler(InvalidQuery)
def invalid_query(request: HttpRequest, exc: InvalidQuery) -> JsonResponse:
    return JsonResponse({"detail": str(exc)}, status=422)


def jsonable(errors: Any) -> Any:
    """Pydantic errors may carry exceptions or bytes; keep what JSON can say."""
    cleaned = []
    for error in errors or []:
        cleaned.append({k: (v if isinstance(v, str | int | float | bool | list | type(None)) else str(v))
                        for k, v in dict(error).items() if k != "ctx"})
    return cleaned


@api.get("/search", response={200: SearchOut, 422: Message}, summary="Rechercher des entités")
def search(
    request: HttpRequest,
    q: str = Query("", description="Mots recherchés (accents, pluriels et fautes de frappe tolérés)"),
    type: str | None = Query(None, description=f"{', '.join(EntityType)} ou document"),
    organisation: str | None = Query(None, description="Identifiant d’organisation, ex. organisation:insee"),
    skill: str | None = Query(None, description="Identifiant de compétence, ex. skill:ocr"),
    project: str | None = Query(None, description="Identifiant de projet, ex. project:formiable"),
    year: str | None = Query(None, description="Année, ex. 2023"),
    limit: str | None = Query(None, description="Nombre de résultats, de 1 à 100 (20 par défaut)"),
    offset: str | None = Query(None, description="Rang du premier résultat (0 par défaut)"),
) -> dict[str, Any]:
    """Recherche plein texte sur toutes les entités et les documents, avec facettes (type, organisation,
    compétence, projet, année)."""
    filters = clean_filters({"q": q, "type": type, "organisation": organisation, "skill": skill,
                             "project": project, "year": year, "limit": limit, "offset": offset})
    results = run_search(filters)
    return {
        "query": filters["q"], "total": results.total, "offset": filters["offset"], "limit": filters["limit"],
        "message": results.message,
        "results": [{"id": h.id, "type": h.type, "name": h.name, "score": float(h.score or 0),
                     "snippet": h.snippet or "", "snippet_html": h.snippet_html or "",
                     "highlights": [list(span) for span in h.marks], "url": hit_url(h) or None,
                     "path": getattr(h, "path", None), "documents": hit_documents(h)}
                    for h in results.results],
        "facets": {name: [{"value": str(v), "label": str(label), "count": int(n)} for v, label, n in values]
                   for name, values in (results.facets or {}).items()},
    }


@api.get("/experts", response={200: ExpertsOut, 422: Message}, summary="Trouver des experts")
def experts(
    request: HttpRequest,
    q: str = Query("", description="Sujet, ex. visualisation de données"),
    limit: str | None = Query(None, description="Nombre de personnes, de 1 à 100 (20 par défaut)"),
) -> dict[str, Any]:
    """Personnes classées pour un sujet, chacune avec ses preuves (documents, projets, événements)."""
    size = clean_filters({"limit": limit})["limit"]
    found, message = run_experts(q, limit=size)
    items = [expert_dict(expert) for expert in found]
    return {"query": q.replace("\x00", "").strip(), "message": message, "results": items}


class DescriptionIn(Schema):
    text: str = Field(description="Un paragraphe : description de projet, appel à projets…")
    limit: int | None = Field(None, description="Nombre de personnes, de 1 à 100 (20 par défaut)")


@api.post("/experts", response={200: ExpertsOut, 422: Message}, summary="Trouver des experts pour un texte")
def experts_described(request: HttpRequest, body: DescriptionIn) -> dict[str, Any]:
    """Personnes à contacter pour un paragraphe collé (ses termes clés sont renvoyés dans ``terms``), avec
    les mêmes preuves que ``GET /api/experts``. Sans cookie ni session, l’appel n’a pas besoin de jeton CSRF."""
    size = clean_filters({"limit": None if body.limit is None else str(body.limit)})["limit"]
    terms, found, message = run_experts_described(body.text, limit=size)
    return {"query": " ".join(terms), "message": message, "terms": terms,
            "results": [expert_dict(expert) for expert in found]}


@api.get("/entities/{path:entity_id}", response={200: EntityOut, 404: Message}, summary="Fiche d’une entité")
def entity(request: HttpRequest, entity_id: str) -> tuple[int, dict[str, Any]]:
    """Une entité, ses alias, attributs, preuves et relations groupées."""
    found = find_entity(entity_id)
    if found is None:
        return 404, {"detail": "Entité inconnue."}
    return 200, entity_data(found)


# Writes (curation decisions, claims), for a bearer token or a session with a role: ted/web/api_write.py.
from ted.web.api_write import refused, router  # noqa: E402 - after the read endpoints, in the schema's order

api.add_router("/", router)
api.add_exception_handler(AuthenticationError, refused)
