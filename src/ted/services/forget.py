"""The right to be forgotten (GDPR): a curation that survives re-ingestion.

A forgotten person is remembered by the normalised keys of every name they were
known by; the graph rebuild drops any mention carrying one of those names, so
the person stays out of the graph, the search index and the exports on every
later ingest, whatever document names them again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ted.kb.names import name_key
from ted.schema import EntityType
from ted.services.graph import refresh_graph
from ted.store import models as m
from ted.store.forgotten import forget_names
from ted.store.graph import set_graph_dirty


@dataclass
class ForgetResult:
    label: str
    entity_id: str | None
    names: list[str]


class NotFound(LookupError):
    pass


def find_person(name_or_id: str) -> m.Entity | None:
    entity = m.Entity.objects.filter(id=name_or_id).first()
    if entity is not None:
        return entity
    key = name_key(name_or_id)
    for candidate in m.Entity.objects.filter(type=EntityType.PERSON):
        names = [candidate.name, *candidate.aliases.values_list("name", flat=True)]
        if key in {name_key(n) for n in names}:
            return candidate
    return None


def forget(name_or_id: str) -> ForgetResult:
    """Record the erasure request and remove the person from the graph and indexes now."""
    entity = find_person(name_or_id)
    if entity is None and name_or_id.startswith(f"{EntityType.PERSON}:"):
        raise NotFound(f"aucune personne n'a l'identifiant « {name_or_id} »")
    names = [name_or_id] if entity is None else [entity.name, *entity.aliases.values_list("name", flat=True)]
    with transaction.atomic():
        forget_names(names, entity.id if entity else None)
        set_graph_dirty(True)
    refresh_graph()
    return ForgetResult(name_or_id, entity.id if entity else None, names)
