"""Signing in and out, the permissions every write checks, and claims of person pages.

Anonymous visitors get no session and no cookie: the header links to the login page, and only
pages with a form (login, curation, claims) set the CSRF cookie. Every write is a POST checked
here on the server: without a session it redirects to the login page (403 for API and JSON
callers), with a session but not the role it answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ted.schema import EntityType
from ted.services import accounts
from ted.store.accounts import Role
from ted.web.entities import find_entity

View = Callable[..., HttpResponse]


def account_context(request: HttpRequest) -> dict[str, Any]:
    """What the header shows: read lazily, so a page that does not show it does not touch the session."""
    user = getattr(request, "user", None)
    role = accounts.role_of(user)
    return {"account": {"user": user if role else None, "role": role,
                        "role_label": Role(role).label if role else "",
                        "curator": accounts.has_role(user, Role.CURATOR),
                        "person": accounts.owned_person(user) if role else None},
            "oidc_enabled": getattr(settings, "TED_OIDC_ENABLED", False),
            "oidc_name": getattr(settings, "OIDC_PROVIDER_NAME", "")}


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "ted/403.html", {"message": message, "title": "Accès refusé"}, status=403)


def to_login(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?suivant={request.get_full_path()}")


def role_required(role: Role) -> Callable[[View], View]:
    """Views for ``role`` and above: anonymous → the login page, signed in without the role → 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if accounts.role_of(request.user) is None:
                return to_login(request)
            if not accounts.has_role(request.user, role):
                return forbidden(request, f"Cette action est réservée aux comptes de rôle {role.label} ou plus.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return forbidden(request, "Le formulaire a expiré ou ne vient pas de TED : rechargez la page et recommencez.")


class LoginView(auth_views.LoginView):
    template_name = "ted/login.html"
    redirect_field_name = "suivant"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = "Connexion"
        context["sso_failed"] = self.request.GET.get("echec") == "sso"
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django's): a link or an image cannot sign someone out."""


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("suivant") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@require_POST
@role_required(Role.MEMBER)
def claim(request: HttpRequest, entity_id: str) -> HttpResponse:
    """A member asks to be the person of this page; a curator decides in the review queue."""
    entity = find_entity(entity_id)
    if entity is None or entity.type != EntityType.PERSON:
        raise Http404("Personne inconnue")
    try:
        accounts.request_claim(request.user, entity.id, request.POST.get("message", ""))
    except accounts.AccountError as error:
        return forbidden(request, str(error)[0].upper() + str(error)[1:] + ".")
    return HttpResponseRedirect(reverse("ted:entity", args=[entity.id]) + "?revendication=envoyee")


@require_POST
@role_required(Role.CURATOR)
def decide_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approuver"
    try:
        accounts.decide_claim(request.user, claim_id, approve)
    except accounts.AccountError as error:
        return forbidden(request, str(error)[0].upper() + str(error)[1:] + ".")
    return HttpResponseRedirect(reverse("ted:curation") + "#revendications")


@role_required(Role.ADMIN)
def accounts_page(request: HttpRequest) -> HttpResponse:
    """Admins: every account, its role (changed here) and the page it holds; created with ``ted user create``."""
    roles = [(role.value, role.label) for role in Role]
    return render(request, "ted/comptes.html", {"title": "Comptes", "accounts": accounts.accounts(), "roles": roles})


@require_POST
@role_required(Role.ADMIN)
def set_role(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("compte", "")
    if username == request.user.get_username():
        return forbidden(request, "Vous ne pouvez pas changer votre propre rôle : demandez-le à un autre "
                                  "administrateur, ou utilisez ted user set-role sur le serveur.")
    try:
        accounts.set_role(username, accounts.parse_role(request.POST.get("role", "")))
    except accounts.AccountError as error:
        return forbidden(request, str(error)[0].upper() + str(error)[1:] + ".")
    return HttpResponseRedirect(reverse("ted:accounts"))
