"""The API's write endpoints: curation decisions and claims, for a session or a bearer token with a role.

Authentication is a token made by ``ted user token NAME`` (``Authorization: Bearer ted_…``), which
acts with its account's role, or the browser's session (then the CSRF token is required, as for the
pages). Without either, every write answers 403; with a role too low, 403 as well. Each endpoint
calls the function of ``ted.services.curation`` that the CLI and the pages call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from ted.services import accounts, curation
from ted.services.curation import Ambiguous, CurationError, NotFound
from ted.store.accounts import Role
from ted.store.decisions import Decision
from ted.web.curation import member_may


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: a token from ``ted user token``, acting with its account's role."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return accounts.user_for_token(token)


AUTH = [BearerToken(), SessionAuth()]
router = Router(auth=AUTH, tags=["curation"])


class Refused(Schema):
    detail: str


class DecisionOut(Schema):
    id: str
    kind: str
    description: str = Field(description="La décision en une phrase")
    targets: list[dict[str, Any]] = Field(description="Les entités visées : id, type, nom, autres noms")
    payload: dict[str, Any]
    author: str
    note: str
    created_at: datetime
    undone_at: datetime | None = None
    applied: dict[str, Any] = Field(default_factory=dict, description="Ce à quoi elle s’applique dans le graphe "
                                                                       "reconstruit")


class Note(Schema):
    note: str = Field("", max_length=2000, description="Pourquoi (conservé dans l’historique)")


class MergeIn(Note):
    kept: str = Field(max_length=300, description="Entité gardée (identifiant ou nom)")
    other: str = Field(max_length=300, description="Entité fondue dans la première")


class SplitIn(Note):
    entity: str = Field(max_length=300)
    alias: str = Field("", max_length=500, description="Le nom dont les mentions deviennent une entité à part")
    document: str = Field("", max_length=1024, description="Ou : le document (chemin, comme dans l’export) dont "
                                                           "les mentions deviennent une entité à part")


class RenameIn(Note):
    entity: str = Field(max_length=300)
    name: str = Field(max_length=500)


class RetypeIn(Note):
    entity: str = Field(max_length=300)
    type: str = Field(max_length=32)


class EntityIn(Note):
    entity: str = Field(max_length=300)


class RelationIn(Note):
    type: str = Field(max_length=32, description="Type de relation, ex. member_of")
    source: str = Field(max_length=300)
    target: str = Field(max_length=300)


class AttributeIn(Note):
    entity: str = Field(max_length=300)
    attribute: str = Field(max_length=64)
    value: str = Field(max_length=2000)


class HideAttributeIn(Note):
    entity: str = Field(max_length=300)
    attribute: str = Field(max_length=64)


class ClaimIn(Schema):
    entity: str = Field(max_length=300, description="Identifiant de la page de personne revendiquée")
    message: str = Field("", max_length=2000)


class ClaimOut(Schema):
    id: int
    entity_id: str
    status: str


RESPONSES = {200: DecisionOut, 400: Refused, 403: Refused}


def _out(decision: Decision) -> dict[str, Any]:
    return {"id": decision.id, "kind": decision.kind, "description": curation.describe(decision),
            "targets": decision.targets or [], "payload": decision.payload or {}, "author": decision.author,
            "note": decision.note, "created_at": decision.created_at, "undone_at": decision.undone_at,
            "applied": decision.applied or {}}


def _decide(request: HttpRequest, kind: str, form: dict[str, str], call: Any, *args: str, note: str = "") -> Any:
    user = request.auth
    if not accounts.has_role(user, Role.CURATOR) and not member_may(user, kind, form):
        return Status(403, {"detail": "Ce compte ne peut pas prendre cette décision : elle est réservée aux "
                                      "curateurs (un membre ne modifie que sa propre page)."})
    try:
        return Status(200, _out(call(*args, note, user.get_username())))
    except (CurationError, Ambiguous, NotFound) as error:
        return Status(400, {"detail": str(error)[:1].upper() + str(error)[1:]})


def _curator(request: HttpRequest, call: Any, *args: str, note: str = "") -> Any:
    return _decide(request, "", {}, call, *args, note=note)


@router.post("/curation/merge", response=RESPONSES, summary="Fusionner deux entités (curateur)")
def merge(request: HttpRequest, body: MergeIn) -> Any:
    return _curator(request, curation.merge, body.kept, body.other, note=body.note)


@router.post("/curation/split", response=RESPONSES, summary="Séparer un nom d’une entité (curateur)")
def split(request: HttpRequest, body: SplitIn) -> Any:
    def split_by(entity: str, alias: str, document: str, note: str, author: str) -> Decision:
        return curation.split(entity, alias, note, author, document=document)

    return _curator(request, split_by, body.entity, body.alias, body.document, note=body.note)


@router.post("/curation/rename", response=RESPONSES, summary="Renommer une entité (curateur)")
def rename(request: HttpRequest, body: RenameIn) -> Any:
    return _curator(request, curation.rename, body.entity, body.name, note=body.note)


@router.post("/curation/retype", response=RESPONSES, summary="Changer le type d’une entité (curateur)")
def retype(request: HttpRequest, body: RetypeIn) -> Any:
    return _curator(request, curation.retype, body.entity, body.type, note=body.note)


@router.post("/curation/reject-entity", response=RESPONSES, summary="Rejeter une entité (curateur)")
def reject_entity(request: HttpRequest, body: EntityIn) -> Any:
    return _curator(request, curation.reject_entity, body.entity, note=body.note)


@router.post("/curation/reject-relation", response=RESPONSES, summary="Rejeter une relation (curateur)")
def reject_relation(request: HttpRequest, body: RelationIn) -> Any:
    return _curator(request, curation.reject_relation, body.type, body.source, body.target, note=body.note)


@router.post("/curation/hide-relation", response=RESPONSES,
             summary="Masquer une relation (curateur, ou membre pour sa propre page)")
def hide_relation(request: HttpRequest, body: RelationIn) -> Any:
    form = {"action": "hide", "fact": f"{body.type}|{body.source}|{body.target}"}
    return _decide(request, "relation", form, curation.hide_relation, body.type, body.source, body.target,
                   note=body.note)


@router.post("/curation/add-relation", response=RESPONSES,
             summary="Ajouter une relation (curateur ; membre : organisation ou compétence de sa page)")
def add_relation(request: HttpRequest, body: RelationIn) -> Any:
    form = {"relation": body.type, "source": body.source, "target": body.target}
    return _decide(request, "add_relation", form, curation.add_relation, body.type, body.source, body.target,
                   note=body.note)


@router.post("/curation/add-attribute", response=RESPONSES,
             summary="Donner une valeur à un attribut (curateur ; membre : titre et présentation de sa page)")
def add_attribute(request: HttpRequest, body: AttributeIn) -> Any:
    form = {"entity": body.entity, "attribute": body.attribute}
    return _decide(request, "add_attribute", form, curation.add_attribute, body.entity, body.attribute, body.value,
                   note=body.note)


@router.post("/curation/hide-attribute", response=RESPONSES,
             summary="Masquer un attribut (curateur, ou membre pour sa propre page)")
def hide_attribute(request: HttpRequest, body: HideAttributeIn) -> Any:
    return _decide(request, "hide_attribute", {"entity": body.entity}, curation.hide_attribute, body.entity,
                   body.attribute, note=body.note)


@router.post("/curation/decisions/{decision_id}/undo", response=RESPONSES, summary="Annuler une décision (curateur)")
def undo(request: HttpRequest, decision_id: str) -> Any:
    return _curator(request, lambda d, note, author: curation.undo(d, author), decision_id)


@router.post("/claims", response={200: ClaimOut, 400: Refused, 403: Refused},
             summary="Revendiquer sa page de personne (membre ; un curateur l’approuve)")
def claim(request: HttpRequest, body: ClaimIn) -> Any:
    try:
        made = accounts.request_claim(request.auth, body.entity, body.message)
    except accounts.AccountError as error:
        return Status(400, {"detail": str(error)[:1].upper() + str(error)[1:]})
    return Status(200, {"id": made.pk, "entity_id": made.entity_id, "status": made.status})


class ClaimDecisionIn(Schema):
    approve: bool = Field(description="true : approuver ; false : refuser")


@router.post("/claims/{claim_id}/decision", response={200: ClaimOut, 400: Refused, 403: Refused},
             summary="Approuver ou refuser une revendication (curateur)")
def decide_claim(request: HttpRequest, claim_id: int, body: ClaimDecisionIn) -> Any:
    if not accounts.has_role(request.auth, Role.CURATOR):
        return Status(403, {"detail": "Seul un curateur peut approuver ou refuser une revendication."})
    try:
        decided = accounts.decide_claim(request.auth, claim_id, body.approve)
    except accounts.AccountError as error:
        return Status(400, {"detail": str(error)[:1].upper() + str(error)[1:]})
    return Status(200, {"id": decided.pk, "entity_id": decided.entity_id, "status": decided.status})


def refused(request: HttpRequest, exc: AuthenticationError) -> JsonResponse:
    """No valid session nor token: 403 (the issue's rule for every write), with a French sentence."""
    return JsonResponse({"detail": "Authentification requise : envoyez un jeton (Authorization: Bearer …, "
                                   "créé par « ted user token ») ou connectez-vous."}, status=403)
