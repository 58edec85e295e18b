"""Single sign-on through OpenID Connect (ProConnect, or any provider), with mozilla-django-oidc.

On only when ``TED_OIDC_CLIENT_ID`` is set (see ``ted.settings.oidc_settings``). A person signing in
for the first time gets an account with the member role, named after their email; an account with
the same email (a local one made by ``ted user create --email``) is the same person, because the
provider vouches for the email (ProConnect does). Roles are given in TED (``ted user set-role``),
never taken from the provider's claims.
"""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ted.services import accounts


def username_from_claims(email: str | None, claims: dict[str, Any] | None = None) -> str:
    """The email when there is one (what people recognise in ``ted user list``), else the subject."""
    subject = str((claims or {}).get("sub") or "")
    return (email or f"oidc-{subject}")[:150]


class TedOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email") or claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]):  # noqa: ANN201 - a QuerySet of users
        email = claims.get("email")
        if email:
            return self.UserModel.objects.filter(email__iexact=email)
        return self.UserModel.objects.filter(username=username_from_claims(None, claims))

    def create_user(self, claims: dict[str, Any]):  # noqa: ANN201 - the new user
        user = self.UserModel.objects.create_user(username_from_claims(claims.get("email"), claims),
                                                  email=claims.get("email") or "")
        self.update_user(user, claims)
        accounts.ensure_profile(user)
        return user

    def update_user(self, user, claims: dict[str, Any]):  # noqa: ANN001, ANN201
        first = str(claims.get("given_name") or "")[:150]
        last = str(claims.get("usual_name") or claims.get("family_name") or "")[:150]
        if (first, last) != (user.first_name, user.last_name) and (first or last):
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
        return user
