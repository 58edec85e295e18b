"""HTTP concerns Django does not cover by itself: security headers, request ids, caching and revalidation."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from ted.search import snapshot

# No inline scripts or styles from us; DSFR's own assets are served from 'self'.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
PAGE_MAX_AGE = 60  # seconds a browser may show a page without asking again
CALENDAR_MAX_AGE = 900  # calendar applications poll; a quarter of an hour is fresh enough
CACHED_BODY = 512 * 1024  # larger answers are computed again rather than kept in memory


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


API_ERRORS = {400: "Requête invalide.", 404: "Ressource inconnue.",
              405: "Méthode non permise pour ce point d’accès.",
              500: "Erreur interne du service : réessayez dans un instant."}


class ApiErrorMiddleware:
    """API errors answered in JSON with a French message, whoever produced them (Django, django-ninja)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and response.status_code >= 400 \
                and not response.get("Content-Type", "").startswith("application/json"):
            detail = API_ERRORS.get(response.status_code, "Requête refusée.")
            replaced = JsonResponse({"detail": detail, "status": response.status_code}, status=response.status_code)
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        return response


LIVE_PAGES = frozenset({"/sources"})  # they show the state of syncs, which changes without the graph


class GraphCacheMiddleware:
    """Cache-Control, ETag and Last-Modified from the graph's version; answers kept per process.

    Every page and API answer is a function of the index generation (rewritten with the graph),
    of the day (what is upcoming) and of the URL: the ETag is their digest and Last-Modified the
    later of the last rebuild and midnight. A client that revalidates gets a 304 without the view
    running; a 200 is kept in Django's in-memory cache under the same key, so the next request
    for that URL in this process is not computed again until the graph or the day changes.
    Placed after CommonMiddleware: the Host check runs before any cached answer is given.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.path in LIVE_PAGES:
            return self.get_response(request)
        if signed_in(request):  # a page for one account (its header, its forms) is never shared nor kept
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        version = snapshot.version()
        if version is None:  # no index yet: nothing stable to validate against
            return self._headers(request, self.get_response(request), None, None)
        generation, built = version
        self._forget_older(generation)
        today = timezone.localdate()
        # The absolute URL: calendars and pages hold links built from the Host the client used.
        key = hashlib.sha256(f"{generation}|{today}|{request.build_absolute_uri()}".encode()).hexdigest()[:32]
        etag = quote_etag(key)
        midnight = timezone.make_aware(datetime.combine(today, time.min)).astimezone(UTC)
        modified = max(built, midnight) if built else midnight
        last_modified = int(modified.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None and not_modified.status_code == 304:
            return self._headers(request, not_modified, etag, last_modified)
        cached = cache.get(f"ted:page:{key}") if request.method == "GET" else None
        if cached is not None:
            return self._headers(request, cached, etag, last_modified)
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200 and not response.streaming \
                and len(response.content) <= CACHED_BODY and not response.has_header("Set-Cookie"):
            cache.set(f"ted:page:{key}", response, timeout=24 * 3600)
        return self._headers(request, response, etag, last_modified)

    def _forget_older(self, generation: str) -> None:
        """Drop the answers kept for an older graph: unreachable already, but after ``ted forget`` they would
        still hold the name in this process's memory."""
        if getattr(self, "_generation", None) != generation:
            if getattr(self, "_generation", None) is not None:
                cache.clear()
            self._generation = generation

    @staticmethod
    def _headers(request: HttpRequest, response: HttpResponse, etag: str | None,
                 last_modified: int | None) -> HttpResponse:
        if response.status_code in (200, 304):
            if etag:
                response["ETag"] = etag
            if last_modified:
                response["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, **cache_policy(request.path))
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True) if response.status_code >= 500 else \
                patch_cache_control(response, no_cache=True)
        return response


def signed_in(request: HttpRequest) -> bool:
    """A session cookie or an API token: the answer may depend on who asks. Anonymous requests carry neither."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def cache_policy(path: str) -> dict[str, object]:
    """Pages: fresh for a minute. API answers and JSON twins: revalidated every time (an ETag makes that a
    304). Calendars: fresh for a quarter of an hour, then revalidated."""
    if path.endswith(".ics"):
        return {"max_age": CALENDAR_MAX_AGE, "must_revalidate": True}
    if path.startswith("/api/") and path != "/api/" or path.endswith(".json"):
        return {"no_cache": True}
    return {"max_age": PAGE_MAX_AGE}
