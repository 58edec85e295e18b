"""Accounts, roles, claims of person pages and API tokens: the one place that writes them.

Anonymous visitors read; a member may claim their own person page and, once a curator has
approved the claim, edit it; a curator takes every curation decision and decides claims; an admin
also manages accounts. Django's superusers count as admins. Every refusal is a French sentence
(``AccountError``) that the CLI, the pages and the API show as it is.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from ted.schema import EntityType
from ted.store import models as m
from ted.store.accounts import ROLE_RANK, ApiToken, Claim, Profile, Role

User = AbstractBaseUser | AnonymousUser
TOKEN_PREFIX = "ted_"


class AccountError(Exception):
    """A refused account operation, said in French."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str  # French label, as lists show it
    email: str
    person: str | None
    active: bool
    code: str = ""  # member, curator, admin ("" when inactive)


def parse_role(value: str) -> Role:
    """``member``/``curator``/``admin``, or their French names (``membre``, ``curateur``, ``administrateur``)."""
    folded = value.strip().casefold()
    for role in Role:
        if folded in (role.value, str(role.label)):
            return role
    raise AccountError(f"rôle inconnu « {value} » : choisissez member (membre), curator (curateur) ou admin "
                       "(administrateur)")


def role_of(user: User | None) -> Role | None:
    """The user's role; None for an anonymous visitor or a deactivated account."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    profile = Profile.objects.filter(user_id=user.pk).values_list("role", flat=True).first()
    return Role(profile) if profile else Role.MEMBER


def has_role(user: User | None, role: Role) -> bool:
    current = role_of(user)
    return current is not None and ROLE_RANK[current] >= ROLE_RANK[role]


def _user(username: str):  # noqa: ANN202 - the configured user model
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise AccountError(f"aucun compte « {username} »")
    return found


def create_user(username: str, role: Role, password: str | None = None, email: str = "") -> tuple[object, str]:
    """A local account with ``role``; a random password is made (and returned) when none is given."""
    username = username.strip()
    if not username or len(username) > 150:
        raise AccountError("un nom de compte non vide de 150 caractères au plus est nécessaire")
    model = get_user_model()
    if model.objects.filter(username=username).exists():
        raise AccountError(f"le compte « {username} » existe déjà")
    password = password or secrets.token_urlsafe(12)
    with transaction.atomic():
        user = model.objects.create_user(username=username, email=email, password=password)
        Profile.objects.create(user=user, role=role)
    return user, password


def set_role(username: str, role: Role) -> None:
    user = _user(username)
    Profile.objects.update_or_create(user=user, defaults={"role": role})


def set_password(username: str, password: str) -> None:
    user = _user(username)
    user.set_password(password)
    user.save(update_fields=["password"])


def remove_user(username: str) -> None:
    """Delete the account with its claims and tokens; curation decisions keep its name as their author."""
    _user(username).delete()


def ensure_profile(user: object, role: Role = Role.MEMBER) -> None:
    """Give a user signed in by single sign-on a profile (member) the first time."""
    Profile.objects.get_or_create(user=user, defaults={"role": role})


def accounts() -> list[Account]:
    owned = dict(Claim.objects.filter(status=Claim.Status.APPROVED).values_list("user_id", "entity_id"))
    return [Account(u.username, str(Role(role_of(u)).label) if role_of(u) else "inactif", u.email, owned.get(u.pk),
                    u.is_active, role_of(u) or "")
            for u in get_user_model().objects.order_by("username")]


# API tokens: shown once, stored as a SHA-256 digest (a stolen database holds no usable token).
def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(username: str, label: str = "") -> str:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=_user(username), digest=_digest(raw), label=label[:100])
    return raw


def revoke_tokens(username: str) -> int:
    return ApiToken.objects.filter(user=_user(username)).delete()[0]


def user_for_token(raw: str) -> object | None:
    """The active user a bearer token belongs to, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


# Claims of person pages.
def owned_person(user: User | None) -> str | None:
    """The id of the person page whose claim by ``user`` a curator approved."""
    if user is None or not user.is_authenticated:
        return None
    return Claim.objects.filter(user_id=user.pk, status=Claim.Status.APPROVED).values_list(
        "entity_id", flat=True).first()


def claim_of(user: User | None, entity_id: str) -> Claim | None:
    if user is None or not user.is_authenticated:
        return None
    return Claim.objects.filter(user_id=user.pk, entity_id=entity_id).first()


def can_edit_person(user: User | None, entity_id: str) -> bool:
    """A curator edits any page; a member only the person page they own."""
    return has_role(user, Role.CURATOR) or (role_of(user) is not None and owned_person(user) == entity_id)


def request_claim(user: User, entity_id: str, message: str = "") -> Claim:
    if role_of(user) is None:
        raise AccountError("connectez-vous pour revendiquer une page")
    if not m.Entity.objects.filter(id=entity_id, type=EntityType.PERSON).exists():
        raise AccountError(f"« {entity_id} » n’est pas la page d’une personne")
    if owned_person(user):
        raise AccountError("votre compte est déjà rattaché à une page")
    if Claim.objects.filter(entity_id=entity_id, status=Claim.Status.APPROVED).exists():
        raise AccountError("cette page est déjà rattachée à un autre compte")
    try:
        claim, _ = Claim.objects.get_or_create(user=user, entity_id=entity_id,
                                               defaults={"message": message.strip()[:2000]})
    except IntegrityError:
        raise AccountError("cette page est déjà revendiquée par ce compte") from None
    return claim


def pending_claims() -> list[Claim]:
    return list(Claim.objects.filter(status=Claim.Status.PENDING).select_related("user").order_by("created"))


def decide_claim(curator: User, claim_id: int, approve: bool) -> Claim:
    if not has_role(curator, Role.CURATOR):
        raise AccountError("seul un curateur peut approuver ou refuser une revendication")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None or claim.status != Claim.Status.PENDING:
            raise AccountError("cette revendication n’existe pas ou a déjà été traitée")
        if approve and (owned_person(claim.user) or Claim.objects.filter(
                entity_id=claim.entity_id, status=Claim.Status.APPROVED).exists()):
            raise AccountError("ce compte ou cette page est déjà rattaché ailleurs : refusez cette revendication")
        claim.status = Claim.Status.APPROVED if approve else Claim.Status.REJECTED
        claim.decided_by = curator
        claim.decided_at = timezone.now()
        claim.save()
    return claim
