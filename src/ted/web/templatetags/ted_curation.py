"""The curation panel of an entity page: what the signed-in account may do there.

An inclusion tag rather than view code, so that every entity page gets it from its template; it
renders nothing for anonymous visitors (no form, hence no CSRF cookie on their pages).
"""

from __future__ import annotations

from typing import Any

from django import template

from ted.schema import RELATION_LABELS, EntityType, RelationType, label
from ted.services import accounts
from ted.store.accounts import Claim, Role

register = template.Library()

# What a member may change on the page they own (issue 11: title, organisation, skills, summary).
MEMBER_ATTRIBUTES = {"titles": "Titre ou fonction", "summary": "Présentation"}
MEMBER_RELATIONS = {RelationType.MEMBER_OF: "Organisation", RelationType.HAS_SKILL: "Compétence"}


def _facts(entity: dict[str, Any]) -> list[dict[str, str]]:
    """The entity's relations as (type, source, target) triples with a label, for the forms' choices."""
    facts = []
    for section in entity.get("sections", []):
        for item in section["items"]:
            source, target = ((entity["id"], item["id"]) if item["direction"] == "out" else (item["id"], entity["id"]))
            facts.append({"value": f"{item['relation']}|{source}|{target}",
                          "label": f"{RELATION_LABELS.get(item['relation'], item['relation'])} — {item['name']}"})
    return facts


@register.inclusion_tag("ted/curation/panel.html", takes_context=True)
def curation_panel(context: template.Context, entity: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    role = accounts.role_of(user)
    if role is None:
        return {"show": False}
    curator = accounts.has_role(user, Role.CURATOR)
    owner = entity["type"] == EntityType.PERSON and accounts.owned_person(user) == entity["id"]
    claim = accounts.claim_of(user, entity["id"]) if entity["type"] == EntityType.PERSON else None
    can_claim = (entity["type"] == EntityType.PERSON and not curator and claim is None
                 and accounts.owned_person(user) is None)
    history = []
    if curator or owner:
        from ted.services import curation

        history = [{"id": d.id, "text": curation.describe(d), "author": d.author, "note": d.note,
                    "created": d.created_at, "undone": d.undone_at, "problem": d.problem}
                   for d in curation.history(entity["id"])]
    return {
        "show": True, "entity": entity, "curator": curator, "owner": owner, "claim": claim,
        "claim_pending": claim is not None and claim.status == Claim.Status.PENDING, "can_claim": can_claim,
        "facts": _facts(entity), "history": history, "csrf_token": context.get("csrf_token"),
        "attributes": sorted((entity.get("attributes") or {}).keys()),
        "documents": sorted({e["document"] for e in entity.get("evidence", [])}),
        "types": [(t.value, label(t)) for t in EntityType if t.value != entity["type"]],
        "relation_types": [(t.value, RELATION_LABELS.get(t.value, t.value)) for t in RelationType],
        "member_attributes": MEMBER_ATTRIBUTES.items(), "member_relations": MEMBER_RELATIONS.items(),
    }
