"""Request ids: one per request, shown on error pages and written in the log line of every 500.

Kept apart from ``middleware``: the logging configuration imports this module before Django's
apps are ready, so it must not import models.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class RequestIdMiddleware:
    """Give every request an id (``X-Request-ID``); the 500 page and the API's JSON error show it, and
    :class:`RequestIdFilter` puts it in the log line Django writes for every 500 (``django.request``),
    so a user's report leads to the traceback."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.ted_request_id = uuid.uuid4().hex[:12]
        response = self.get_response(request)
        response["X-Request-ID"] = request.ted_request_id
        return response



class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to log records (``-`` for records about no request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id(getattr(record, "request", None)) or "-"
        return True


def request_id(request: HttpRequest | None) -> str:
    return getattr(request, "ted_request_id", "")
