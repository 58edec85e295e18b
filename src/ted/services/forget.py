"""The right to be forgotten (GDPR): a curation that survives re-ingestion.

A forgotten person is remembered by keyed digests of every way their name is written
(``ted.store.forgotten``), never by the name itself. The graph rebuild drops every
person resolved from one of those names (typos and initials included), turns the
documents about them into tombstones, redacts the others, then rewrites graph and
index in one transaction; SQLite's ``secure_delete`` and a WAL checkpoint take the
bytes out of the database file.

A name must designate one person: an identifier, or a full name. A first name or a
surname alone, or a name several people share, lists the candidates and changes
nothing (``choose`` confirms the only candidate of a partial name, for scripts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from ted.crashpoint import reached
from ted.graph.people import person_key
from ted.graph.redact import tokens
from ted.kb.names import name_key
from ted.schema import EntityType
from ted.services.graph import refresh_graph
from ted.store import forgotten
from ted.store import models as m
from ted.store.graph import set_graph_dirty

_ID = re.compile(r"^[a-z]+:\S+$")


@dataclass
class Candidate:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    documents: int = 0


@dataclass
class ForgetResult:
    label: str
    entity_id: str | None
    names: list[str]


class NotFound(LookupError):
    pass


class Ambiguous(LookupError):
    """The name does not designate one person: the candidates, and why."""

    def __init__(self, query: str, candidates: list[Candidate], reason: str) -> None:
        super().__init__(reason)
        self.query = query
        self.candidates = candidates


def _names(entity: m.Entity) -> list[str]:
    return [entity.name, *entity.aliases.values_list("name", flat=True)]


def _candidate(entity: m.Entity) -> Candidate:
    documents = m.EntityEvidence.objects.filter(entity=entity).values("document_id").distinct().count()
    return Candidate(entity.id, entity.name, sorted(set(_names(entity)) - {entity.name}), documents)


def find_people(query: str) -> tuple[list[m.Entity], list[m.Entity]]:
    """(exact, partial): people one of whose names is ``query``, and those whose names hold all its words."""
    keys = {name_key(query), person_key(query)} - {""}
    wanted = set(tokens(query))
    exact, partial = [], []
    for person in m.Entity.objects.filter(type=EntityType.PERSON).prefetch_related("aliases").order_by("name"):
        names = [person.name, *(a.name for a in person.aliases.all())]
        if keys & {k for n in names for k in (name_key(n), person_key(n))}:
            exact.append(person)
        elif wanted and any(wanted <= set(tokens(n)) for n in names):
            partial.append(person)
    return exact, partial


def resolve_request(name_or_id: str, choose: bool = False) -> m.Entity | None:
    """The person ``name_or_id`` designates, or None for a full name nobody in the graph bears yet.

    Raises :class:`NotFound` for an unknown identifier and :class:`Ambiguous` when the name is
    partial or shared (unless ``choose`` and exactly one person matches).
    """
    query = " ".join(name_or_id.split())
    if _ID.match(query):  # an identifier, never a name to remember
        entity = m.Entity.objects.filter(id=query, type=EntityType.PERSON).first()
        if entity is None:
            raise NotFound(f"aucune personne n'a l'identifiant « {query} »" if query.startswith("person:")
                           else f"« {query} » n'est pas l'identifiant d'une personne : seules les personnes "
                                "peuvent être effacées")
        return entity
    exact, partial = find_people(query)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise Ambiguous(query, [_candidate(e) for e in exact], "plusieurs personnes portent ce nom")
    if len(tokens(query)) < 2 or partial:
        if choose and len(partial) == 1:
            return partial[0]
        reason = ("nom incomplet" if partial
                  else "un prénom ou un nom seul ne suffit pas, et personne ne le porte")
        raise Ambiguous(query, [_candidate(e) for e in partial], reason)
    return None


def forget(name_or_id: str, choose: bool = False) -> ForgetResult:
    """Record the erasure request, then purge the store and rebuild graph and index now."""
    entity = resolve_request(name_or_id, choose)
    names = [" ".join(name_or_id.split())] if entity is None else _names(entity)
    with transaction.atomic():
        forgotten.remember(names)
        forgotten.check_everything()
        set_graph_dirty(True)
    reached("forget:recorded")
    refresh_graph()
    return ForgetResult(name_or_id, entity.id if entity else None, names)
