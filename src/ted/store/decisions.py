"""Curation decisions as data: what curators decided, stored apart from what documents say.

A decision names its targets by the keys a rebuild keeps (the entity id as the export writes it,
its type, its names and aliases) and never by a foreign key: the graph's tables are replaced at
every rebuild, and the decision is replayed on the new graph (``ted.services.replay``). What a
replay found is written back: the entities and relations the decision now applies to (the
export's ``curated`` marks), or, when its target no longer exists, why (``problem``): the
decision is then *orphaned*, kept and reported, and applies again if its target comes back.
"""

from __future__ import annotations

import secrets
from collections import defaultdict

from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    MERGE = "merge", "fusion"
    SPLIT = "split", "séparation"
    RENAME = "rename", "renommage"
    RETYPE = "retype", "changement de type"
    REJECT_ENTITY = "reject_entity", "rejet d'une entité"
    REJECT_RELATION = "reject_relation", "rejet d'une relation"
    ADD_RELATION = "add_relation", "ajout d'une relation"
    ADD_ATTRIBUTE = "add_attribute", "ajout d'un attribut"
    HIDE = "hide", "masquage"


def new_id() -> str:
    """A short id people can type (``ted curate undo 3f9a1b2c``), unique across instances that exchange files."""
    while True:
        ident = secrets.token_hex(4)
        if not Decision.objects.filter(id=ident).exists():
            return ident


class Decision(models.Model):
    id = models.CharField(max_length=32, primary_key=True, default=new_id)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    targets = models.JSONField(default=list, help_text="[{id, type, name, aliases}]: how to find each entity again")
    payload = models.JSONField(default=dict, blank=True, help_text="What the decision says (alias, name, type...)")
    author = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.CharField(max_length=150, blank=True)
    problem = models.TextField(blank=True,
                               help_text="Why the last replay could not apply it (orphaned); empty if applied")
    applied = models.JSONField(default=dict, blank=True,
                               help_text="{entities: [ids], relations: [[type, source, target]]} after the last replay")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at", "id"])]

    @property
    def orphaned(self) -> bool:
        return bool(self.problem) and self.undone_at is None

    def __str__(self) -> str:
        return f"{self.id} {self.kind}"


def active() -> list[Decision]:
    """Decisions to replay, in the order they were taken."""
    return list(Decision.objects.filter(undone_at__isnull=True).order_by("created_at", "id"))


def orphaned() -> list[Decision]:
    return [d for d in active() if d.problem]


def marks() -> tuple[dict[str, list[str]], dict[tuple[str, str, str], list[str]]]:
    """(entity id → decision ids, (type, source, target) → decision ids): what curation changed, for exports."""
    entities: dict[str, list[str]] = defaultdict(list)
    relations: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for decision in active():
        for entity_id in (decision.applied or {}).get("entities", []):
            if decision.id not in entities[entity_id]:
                entities[entity_id].append(decision.id)
        for key in (decision.applied or {}).get("relations", []):
            if decision.id not in relations[tuple(key)]:
                relations[tuple(key)].append(decision.id)
    return dict(entities), dict(relations)


def added_relations() -> set[tuple[str, str, str]]:
    """(type, source, target) of the relations curators added (no document states them)."""
    return {tuple(key) for d in active() if d.kind == Kind.ADD_RELATION and not d.problem
            for key in (d.applied or {}).get("relations", [])}


def withdrawn_lines() -> frozenset[tuple[int, int]]:
    """(document id, line) of the evidence of relations curators rejected or hid: expert finding does not
    quote them as what a person's own page says on a topic."""
    return frozenset((doc, line) for d in active() if not d.problem
                     for doc, line in (d.applied or {}).get("withdrawn", []))
