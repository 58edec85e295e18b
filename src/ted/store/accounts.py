"""Accounts kept beside Django's users: a role each, claims of person pages, API tokens.

Roles are ordered: a curator can do what a member can, an admin what a curator can. Claims and
tokens name entities by id, not by foreign key: the graph's tables are rebuilt wholesale, and an
entity's id (``type:slug``) is what stays the same across rebuilds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    MEMBER = "member", "membre"
    CURATOR = "curator", "curateur"
    ADMIN = "admin", "administrateur"


ROLE_RANK = {Role.MEMBER: 1, Role.CURATOR: 2, Role.ADMIN: 3}


class Profile(models.Model):
    """A user's role. A user without a profile (one signed in by OIDC for the first time) is a member."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ted_profile")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)


class Claim(models.Model):
    """A member's request to be the person of a page; a curator approves or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", "en attente"
        APPROVED = "approved", "approuvée"
        REJECTED = "rejected", "refusée"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ted_claims")
    entity_id = models.CharField(max_length=255, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One person page has at most one approved owner, and a user claims a page once.
            models.UniqueConstraint(fields=["entity_id"], condition=models.Q(status="approved"),
                                    name="store_claim_one_owner"),
            models.UniqueConstraint(fields=["user", "entity_id"], name="store_claim_once"),
        ]


class ApiToken(models.Model):
    """A bearer token for the API's write endpoints; only its SHA-256 is stored (shown once at creation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ted_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
