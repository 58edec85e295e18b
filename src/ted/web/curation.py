"""Curation screens: the review queue, the merge page, and the actions on every entity page.

Curators only (``role_required``). The screens read the store and the resolver's near misses
(``ted.graph.suggest``); every decision goes through ``ted.services.curation``, the same functions
``ted curate`` and the API call, so the three cannot disagree. Each action is a POST that first
shows a confirmation page (what will change, a "Confirmer" button: no script needed) and runs only
when confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Min
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ted.graph.suggest import Named, near_duplicates
from ted.schema import RELATION_LABELS, EntityType, RelationType, label
from ted.services import accounts, curation
from ted.services.curation import Ambiguous, CurationError, NotFound
from ted.store import models as m
from ted.store.accounts import Role
from ted.store.decisions import Decision
from ted.web.accounts import forbidden, role_required, to_login
from ted.web.entities import entity_detail, find_entity
from ted.web.templatetags.ted_curation import MEMBER_ATTRIBUTES, MEMBER_RELATIONS

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



# ---------------------------------------------------------------- decisions, through ted.services.curation

@dataclass(frozen=True)
class Action:
    """One kind of form: the service function, the fields it takes, what the confirmation page says."""

    call: Callable[..., Any]
    fields: tuple[str, ...]
    question: str


def _relation(form: dict[str, str]) -> tuple[str, str, str]:
    parts = form.get("fact", "").split("|")
    if len(parts) != 3:
        raise CurationError("choisissez un lien dans la liste")
    return parts[0], parts[1], parts[2]


def _on_relation(action: str, fact: str, note: str, author: str) -> Decision:
    type_, source, target = _relation({"fact": fact})
    if action == "reject":
        return curation.reject_relation(type_, source, target, note, author)
    if action == "hide":
        return curation.hide_relation(type_, source, target, note, author)
    raise CurationError("choisissez de rejeter ou de masquer le lien")


ACTIONS: dict[str, Action] = {
    "merge": Action(curation.merge, ("a", "b"), "Fusionner {b} dans {a} ?"),
    "split": Action(curation.split, ("entity", "alias"), "Séparer le nom « {alias} » de {entity} ?"),
    "split_document": Action(lambda entity, document, note, author: curation.split(entity, "", note, author,
                                                                                   document=document),
                             ("entity", "document"), "Séparer de {entity} ses mentions dans « {document} » ?"),
    "rename": Action(curation.rename, ("entity", "name"), "Renommer {entity} en « {name} » ?"),
    "retype": Action(curation.retype, ("entity", "type"), "Changer le type de {entity} en {type} ?"),
    "reject_entity": Action(curation.reject_entity, ("entity",), "Rejeter {entity} et tous ses liens ?"),
    "add_relation": Action(curation.add_relation, ("relation", "source", "target"),
                           "Ajouter le lien {relation} de {source} vers {target} ?"),
    "add_attribute": Action(curation.add_attribute, ("entity", "attribute", "value"),
                            "Donner à {attribute} de {entity} la valeur « {value} » ?"),
    "hide_attribute": Action(curation.hide_attribute, ("entity", "attribute"),
                             "Masquer l’information {attribute} de {entity} ?"),
    "relation": Action(_on_relation, ("action", "fact"), "{action_label} le lien {fact_label} ?"),
    "undo": Action(lambda decision, note, author: curation.undo(decision, author), ("decision",),
                   "Annuler la décision {decision} ?"),
}
MEMBER_KINDS = {"add_attribute", "add_relation", "hide_attribute", "relation"}


def member_may(user: Any, kind: str, form: dict[str, str]) -> bool:
    """What the owner of a person page may do there, and nothing else (the forms offer no more)."""
    own = accounts.owned_person(user)
    if own is None or kind not in MEMBER_KINDS:
        return False
    if kind == "add_attribute":
        return form.get("entity") == own and form.get("attribute") in MEMBER_ATTRIBUTES
    if kind == "hide_attribute":
        return form.get("entity") == own
    if kind == "add_relation":
        return form.get("source") == own and form.get("relation") in MEMBER_RELATIONS
    type_, source, target = (form.get("fact", "").split("|") + ["", "", ""])[:3]
    return form.get("action") == "hide" and own in (source, target)


def _form(request: HttpRequest, action: Action) -> dict[str, str]:
    form = {name: request.POST.get(name, "").strip()[:2000] for name in (*action.fields, "note", "suivant")}
    if not url_has_allowed_host_and_scheme(form["suivant"], allowed_hosts={request.get_host()}) \
            or not form["suivant"].startswith("/"):
        form["suivant"] = ""  # only a page of this site, never a javascript: or foreign URL
    if "fact" in form:
        type_, _source, _target = (form["fact"].split("|") + ["", "", ""])[:3]
        form["fact_label"] = f"{RELATION_LABELS.get(type_, type_)} ({form['fact'].replace('|', ', ')})"
        form["action_label"] = {"reject": "Rejeter", "hide": "Masquer"}.get(form.get("action", ""), "Corriger")
    return form


def _landing(request: HttpRequest, form: dict[str, str], decision: Decision | None) -> str:
    """Where to go after a decision: the page it names, as the rebuilt graph has it."""
    candidates = [form.get("suivant", "")]
    entities = (decision.applied or {}).get("entities", []) if decision is not None else []
    candidates += [reverse("ted:entity", args=[e]) for e in entities[:1]]
    candidates += [reverse("ted:entity", args=[form[k]]) for k in ("a", "entity", "source")
                   if form.get(k) and m.Entity.objects.filter(id=form[k]).exists()]
    for target in candidates:
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return target
    return reverse("ted:curation")


@require_POST
def curate(request: HttpRequest, kind: str) -> HttpResponse:
    """A decision form: first a confirmation page, then (``confirme``) the service function, then the page."""
    action = ACTIONS.get(kind)
    if action is None:
        raise Http404("Action inconnue")
    if accounts.role_of(request.user) is None:
        return to_login(request)
    form = _form(request, action)
    if not accounts.has_role(request.user, Role.CURATOR) and not member_may(request.user, kind, form):
        return forbidden(request, "Votre compte ne peut pas faire cette correction : un membre ne modifie que "
                                  "le titre, l’organisation, les compétences et la présentation de sa propre page, "
                                  "et peut en masquer des informations.")
    context = {"title": "Confirmer la correction", "kind": kind, "form": form, "fields": action.fields,
               "question": action.question.format_map({k: v or "?" for k, v in form.items()})}
    if request.POST.get("confirme") != "oui":
        return render(request, "ted/curation/confirm.html", context)
    try:
        decision = action.call(*(form[name] for name in action.fields), form.get("note", ""),
                               request.user.get_username())
    except (CurationError, Ambiguous, NotFound) as error:
        context["error"] = str(error)[:1].upper() + str(error)[1:]
        return render(request, "ted/curation/confirm.html", context, status=400)
    target = _landing(request, form, decision)
    return HttpResponseRedirect(f"{target}{'&' if '?' in target else '?'}decision={decision.id}")


urls += [path("curation/decider/<slug:kind>", curate, name="curate")]
