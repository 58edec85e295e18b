"""Django settings for TED.

The database comes from ``TED_DB``: a file path (SQLite, the default
``./ted.sqlite3``) or a ``postgresql://`` URL for shared deployments.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

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
        "OPTIONS": {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }


SECRET_KEY = os.environ.get("TED_SECRET_KEY", "ted-local-instance-not-secret")
DEBUG = os.environ.get("TED_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("TED_ALLOWED_HOSTS", "*").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "dsfr",
    "ted.store",
    "ted.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "ted.web.wsgi.application"

DATABASES = {"default": database_config(os.environ.get("TED_DB") or "ted.sqlite3")}
# Keep each server thread's connection open between requests: opening one costs more than a search.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("TED_CONN_MAX_AGE", "300"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
SESSION_COOKIE_HTTPONLY = True
