"""The data model of the whole product.

Two layers, so that incremental ingestion stays simple and exact:

* ``Document`` and its ``Mention``/``Statement`` rows are what one file says,
  replaced wholesale when the file changes and deleted with it.
* ``Entity``/``Alias``/``Relation`` and their evidence are the resolved graph,
  rebuilt from all mentions by :mod:`ted.store.graph` in one transaction.

Every fact carries a ``confidence`` between 0 and 1: a mention's or a statement's is
the extraction component's that found it (``ted.extract.registry``); an entity's or
a relation's is computed from them at each rebuild (``ted.graph.assemble.combined``).
Rows stored before confidences existed hold ``UNMEASURED``, the value of a component
that declares none: not certain, not flagged as doubtful either.
"""

from __future__ import annotations

from django.db import models

from ted.extract.facts import DEFAULT_CONFIDENCE
from ted.schema import EntityType, RelationType, choices

ENTITY_CHOICES = choices(EntityType)
RELATION_CHOICES = choices(RelationType)
UNMEASURED = DEFAULT_CONFIDENCE


def confidence_field(help_text: str) -> models.FloatField:
    return models.FloatField(default=UNMEASURED, help_text=help_text)


class Document(models.Model):
    root = models.CharField(max_length=1024, help_text="Absolute path of the ingested root folder")
    path = models.CharField(max_length=1024, help_text="Path relative to the root, with forward slashes")
    format = models.CharField(max_length=16, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.BigIntegerField(default=0)
    encoding = models.CharField(max_length=32, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)
    ingested_at = models.DateTimeField(auto_now=True)
    status = models.CharField(max_length=8, default="ok", help_text="ok, failed (unreadable) or skipped (not text)")
    error = models.TextField(blank=True, help_text="Why the file could not be read; empty when it was")
    warnings = models.JSONField(default=list, blank=True)
    source_uri = models.CharField(max_length=2048, blank=True, db_index=True,
                                  help_text="The source that listed it (what ted ingest was given)")
    version = models.CharField(max_length=512, blank=True,
                               help_text="The source's version token when read (git blob id, HTTP validators)")
    revision = models.CharField(max_length=64, blank=True, help_text="Git commit it was read at")
    origin = models.CharField(max_length=2048, blank=True,
                              help_text="Where a person reads it at its source (forge URL at the commit, page URL)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["root", "path"], name="document_root_path")]

    def __str__(self) -> str:
        return self.path


class Mention(models.Model):
    """An entity as one document states it, before resolution."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mentions")
    key = models.CharField(max_length=300, help_text="Identifier of the mention inside its document")
    type = models.CharField(max_length=16, choices=ENTITY_CHOICES)
    name = models.CharField(max_length=500)
    aliases = models.JSONField(default=list, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    ref = models.CharField(max_length=300, blank=True, help_text="Collection reference, e.g. startups/pix")
    primary = models.BooleanField(default=False, help_text="The entity the document itself is about")
    line = models.IntegerField(default=1)
    quote = models.TextField(blank=True)
    confidence = confidence_field("0–1: how far the component that found it is trusted")

    class Meta:
        indexes = [models.Index(fields=["type"]), models.Index(fields=["ref"])]


class Statement(models.Model):
    """A relation as one document states it, between two of its mentions."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="statements")
    type = models.CharField(max_length=20, choices=RELATION_CHOICES)
    source_key = models.CharField(max_length=300)
    target_key = models.CharField(max_length=300)
    line = models.IntegerField(default=1)
    quote = models.TextField(blank=True)
    confidence = confidence_field("0–1: how far the component that found it is trusted")


class Entity(models.Model):
    id = models.CharField(max_length=300, primary_key=True)
    type = models.CharField(max_length=16, choices=ENTITY_CHOICES, db_index=True)
    name = models.CharField(max_length=500)
    attributes = models.JSONField(default=dict, blank=True)
    confidence = confidence_field("0–1: its mentions' confidences combined over the documents naming it")

    class Meta:
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name


class Alias(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="alias_entity_name")]


class EntityEvidence(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    line = models.IntegerField(default=1)
    quote = models.TextField(blank=True)


class Relation(models.Model):
    type = models.CharField(max_length=20, choices=RELATION_CHOICES, db_index=True)
    source = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="incoming")
    confidence = confidence_field("0–1: its statements' confidences combined over the documents stating it")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "source", "target"], name="relation_unique"),
        ]


class RelationEvidence(models.Model):
    relation = models.ForeignKey(Relation, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    line = models.IntegerField(default=1)
    quote = models.TextField(blank=True)


class State(models.Model):
    """Small key/value facts about the store (e.g. whether the graph needs a rebuild)."""

    key = models.CharField(max_length=64, primary_key=True)
    value = models.TextField(blank=True)


class Forgotten(models.Model):
    """A person who asked to be forgotten (GDPR): their names stay out of the graph and indexes."""

    key = models.CharField(max_length=500, unique=True, help_text="Normalised name (see ted.kb.names.name_key)")
    label = models.CharField(max_length=500, help_text="The name as the request gave it")
    entity_id = models.CharField(max_length=300, blank=True)
    type = models.CharField(max_length=16, default=EntityType.PERSON.value)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "forgotten person"


from ted.store.accounts import ApiToken, Claim, Profile  # noqa: E402,F401 - Django finds models in this module
from ted.store.decisions import Decision  # noqa: E402,F401 - Django finds models in this module
from ted.store.syncs import ConfiguredSource  # noqa: E402,F401 - Django finds models in this module
