"""Django settings for TED.

The database comes from ``TED_DB``: a file path (SQLite, the default
``./ted.sqlite3``) or a ``postgresql://`` URL for shared deployments.

``SECRET_KEY`` comes from ``TED_SECRET_KEY``, or else from a file kept with the
instance (see ``secret_key_file``), created on first use. ``ALLOWED_HOSTS`` comes
from ``TED_ALLOWED_HOSTS`` (comma-separated), or else the loopback names; ``ted
serve`` sets it from the address it binds.

This module reads ``TED_DB`` when it is imported: import it only through Django,
after ``ted.store.database.setup`` has chosen the database.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def database_config(target: str) -> dict:
    """Turn a ``--db`` value into a Django DATABASES entry."""
    if target.startswith(("postgresql://", "postgres://")):
        url = urlparse(target)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(url.path.lstrip("/")) or "ted",
            "USER": unquote(url.username or ""),
            "PASSWORD": unquote(url.password or ""),
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(Path(target).expanduser().resolve()),
        # WAL lets the web server read while an ingest writes; the timeout
        # rides out short write locks instead of failing with "database is locked".
        # secure_delete overwrites deleted rows with zeros, so that a forgotten name
        # (``ted forget``) leaves no bytes in the file once the WAL is checkpointed.
        "OPTIONS": {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                                  "PRAGMA secure_delete=ON;"},
    }


def ted_home() -> Path:
    """Where TED keeps per-user files that belong to no SQLite file: ``$TED_HOME``, else the XDG data folder."""
    if os.environ.get("TED_HOME"):
        return Path(os.environ["TED_HOME"]).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data).expanduser() / "ted"


def secret_key_file(target: str) -> Path:
    """The file that holds the instance's secret key for the database ``target``.

    For SQLite, ``<file>-secret`` beside the database (SQLite's own companions are
    ``<file>-wal`` and ``<file>-shm``): copying or deleting the instance takes its key
    along, and ``*.sqlite3-*`` in .gitignore keeps it out of commits. A PostgreSQL URL
    has no folder of its own: one file per server and database in ``ted_home()``.
    """
    config = database_config(target)
    if config["ENGINE"].endswith("sqlite3"):
        return Path(config["NAME"] + "-secret")
    name = "-".join(part for part in ("postgresql", config["HOST"] or "local", config["PORT"], config["NAME"]) if part)
    return ted_home() / (re.sub(r"[^A-Za-z0-9._-]", "_", name) + "-secret")


def instance_secret_key(target: str) -> str:
    """``$TED_SECRET_KEY``, or the key stored for ``target``, created (mode 0600) the first time."""
    if os.environ.get("TED_SECRET_KEY"):
        return os.environ["TED_SECRET_KEY"]
    path = secret_key_file(target)
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    try:
        if not database_config(target)["ENGINE"].endswith("sqlite3"):
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written to a private temporary file (mkstemp: mode 0600), then linked into place:
        # a concurrent first use (an ingest and a server started together) never reads a
        # half-written key; the first process to link wins and the other reads its key.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(50) + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    except OSError as error:
        raise ImproperlyConfigured(f"impossible de créer la clé secrète {path} ({error.strerror or error}) ; "
                                   "définissez TED_SECRET_KEY ou rendez ce dossier accessible en écriture") from None
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"le fichier de clé secrète {path} est vide : "
                                   "supprimez-le ou définissez TED_SECRET_KEY")
    return key


def allowed_hosts_from_env() -> list[str]:
    return [h.strip() for h in os.environ.get("TED_ALLOWED_HOSTS", "").split(",") if h.strip()]


LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

TED_DB = os.environ.get("TED_DB") or "ted.sqlite3"
SECRET_KEY = instance_secret_key(TED_DB)
DEBUG = os.environ.get("TED_DEBUG") == "1"
# Only the names given, or the loopback ones: a server reached under any other name
# (DNS rebinding, forged Host headers) answers 400. ``ted serve`` widens this to the
# address it binds; behind another WSGI server, set TED_ALLOWED_HOSTS.
ALLOWED_HOSTS = allowed_hosts_from_env() or LOOPBACK_HOSTS

# Accounts (curation, claims) use Django's auth and sessions; there is no admin site and no
# flash messages. Anonymous visitors get no session and no cookie (see ted/web/accounts.py).
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "dsfr",  # the DSFR's CSS, JS and icons, served as static files
    "ted.store",
    "ted.web",
]

MIDDLEWARE = [
    "ted.web.requestid.RequestIdMiddleware",  # first: every answer, even a 400 for a foreign Host, gets its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",  # checks the Host (ALLOWED_HOSTS) before any cached answer
    "ted.web.middleware.ApiErrorMiddleware",
    "ted.web.middleware.GraphCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ted.web.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "ted.web.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "ted.web.accounts.account_context",
            ],
        },
    },
]

WSGI_APPLICATION = "ted.web.wsgi.application"

DATABASES = {"default": database_config(TED_DB)}
# Keep each server thread's connection open between requests: opening one costs more than a search.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("TED_CONN_MAX_AGE", "300"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Answers computed for the current graph, per server process (ted.web.middleware.GraphCacheMiddleware).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "OPTIONS": {"MAX_ENTRIES": 500}}}

# Errors go to stderr (the journal of `ted serve`), each 500 with the id its error page shows;
# Django's default sends them nowhere unless DEBUG.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ted.web.requestid.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [requête %(request_id)s] %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "loggers": {"ted": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
                "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("TED_STATIC_ROOT") or None
# Serve app static files straight from the installed packages (no collectstatic step).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Who runs this instance: the legal notice and the personal-data page name them (the DSFR's
# mandatory pages). TED is software; each instance's operator is the publisher, so it is set
# where the instance is deployed, never assumed.
TED_OPERATOR = {
    "name": os.environ.get("TED_OPERATOR_NAME", "").strip(),
    "address": os.environ.get("TED_OPERATOR_ADDRESS", "").strip(),
    "contact": os.environ.get("TED_OPERATOR_CONTACT", "").strip(),
    "director": os.environ.get("TED_OPERATOR_DIRECTOR", "").strip(),
    "hosting": os.environ.get("TED_OPERATOR_HOSTING", "").strip(),
}

# Accounts: local ones (``ted user create``), and OpenID Connect single sign-on (ProConnect) when
# TED_OIDC_CLIENT_ID is set. Sessions last a working day; cookies are HttpOnly and SameSite=Lax.
# ``ted serve`` speaks plain HTTP: behind a TLS proxy, TED_HTTPS=1 makes cookies Secure and trusts
# the proxy's X-Forwarded-Proto.
LOGIN_URL = "ted:login"
LOGIN_REDIRECT_URL = "ted:home"
LOGOUT_REDIRECT_URL = "ted:home"
SESSION_COOKIE_AGE = 10 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("TED_HTTPS") == "1"
if SESSION_COOKIE_SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "ted.web.accounts.csrf_failure"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]


def oidc_settings(env: dict[str, str]) -> dict[str, object]:
    """mozilla-django-oidc's settings from TED_OIDC_* variables; empty when single sign-on is off.

    ProConnect (and any OpenID Connect provider) is configured by its endpoints, a client id and
    secret; ``TED_OIDC_SCOPES`` adds claims (ProConnect: ``openid email given_name usual_name``).
    """
    client_id = env.get("TED_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        return {}
    required = {"TED_OIDC_CLIENT_SECRET", "TED_OIDC_AUTHORIZATION_ENDPOINT", "TED_OIDC_TOKEN_ENDPOINT",
                "TED_OIDC_USERINFO_ENDPOINT", "TED_OIDC_JWKS_ENDPOINT"}
    missing = sorted(name for name in required if not env.get(name, "").strip())
    if missing:
        raise ImproperlyConfigured("connexion OpenID Connect incomplète : TED_OIDC_CLIENT_ID est défini mais pas "
                                   + ", ".join(missing))
    return {
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": env["TED_OIDC_CLIENT_SECRET"].strip(),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env["TED_OIDC_AUTHORIZATION_ENDPOINT"].strip(),
        "OIDC_OP_TOKEN_ENDPOINT": env["TED_OIDC_TOKEN_ENDPOINT"].strip(),
        "OIDC_OP_USER_ENDPOINT": env["TED_OIDC_USERINFO_ENDPOINT"].strip(),
        "OIDC_OP_JWKS_ENDPOINT": env["TED_OIDC_JWKS_ENDPOINT"].strip(),
        "OIDC_RP_SIGN_ALGO": env.get("TED_OIDC_SIGN_ALGO", "RS256").strip(),
        "OIDC_RP_SCOPES": env.get("TED_OIDC_SCOPES", "openid email").strip(),
        "OIDC_USE_PKCE": env.get("TED_OIDC_PKCE", "1") != "0",
        "OIDC_PROVIDER_NAME": env.get("TED_OIDC_PROVIDER_NAME", "").strip() or "ProConnect",
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
        "LOGIN_REDIRECT_URL_FAILURE": "/connexion?echec=sso",
        "OIDC_USERNAME_ALGO": "ted.web.oidc.username_from_claims",
        "OIDC_TIMEOUT": 10,
    }


globals().update(oidc_settings(dict(os.environ)))
TED_OIDC_ENABLED = "OIDC_RP_CLIENT_ID" in globals()
if TED_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("ted.web.oidc.TedOIDCBackend")
