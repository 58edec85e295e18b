"""The web's door to :mod:`ted.search`, with input validation shared by pages and API.

Pages and the API validate parameters here, then call :mod:`ted.search`; an
error inside search becomes a message for the user, never a 500.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from ted.schema import EntityType
from ted.search.experts import find_experts, find_experts_described
from ted.search.query import FACETS, SearchResults, search

log = logging.getLogger(__name__)

MAX_QUERY = 1000
MAX_DESCRIPTION = 5000  # a paragraph: a project description, a call for projects
MAX_LIMIT = 100
MAX_OFFSET = 10_000
# Control characters (NUL included) never reach the database or the index.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SEARCH_TYPES = [*(t.value for t in EntityType), "document"]
_ID = re.compile(r"^[a-z]+:[^\s\x00-\x1f\x7f]{1,290}$")


class InvalidQuery(ValueError):
    """A request parameter that cannot be searched; the message is for the user (French)."""


def clean_text(value: str | None) -> str:
    return _CONTROL.sub(" ", value or "").strip()


def valid_id(value: str) -> bool:
    return bool(_ID.match(value or ""))


def clean_filters(params: dict[str, Any]) -> dict[str, Any]:
    """Validate search parameters; raise :class:`InvalidQuery` with a French message."""
    q = clean_text(params.get("q"))
    if len(q) > MAX_QUERY:
        raise InvalidQuery(f"La requête est trop longue ({len(q)} caractères, {MAX_QUERY} au plus).")
    type_ = clean_text(params.get("type")) or None
    if type_ and type_ not in SEARCH_TYPES:
        raise InvalidQuery(f"Type inconnu : choisissez parmi {', '.join(SEARCH_TYPES)}.")
    filters: dict[str, Any] = {"q": q, "type": type_}
    for name in ("organisation", "skill", "project"):
        value = clean_text(params.get(name)) or None
        if value and (len(value) > 300 or not valid_id(value)):
            raise InvalidQuery(f"Filtre « {name} » invalide : un identifiant comme « {name}:nom » est attendu.")
        filters[name] = value
    filters["year"] = _int(params.get("year"), "year", 1000, 9999, None)
    filters["limit"] = _int(params.get("limit"), "limit", 1, MAX_LIMIT, 20)
    filters["offset"] = _int(params.get("offset"), "offset", 0, MAX_OFFSET, 0)
    return filters


def _int(raw: Any, name: str, low: int, high: int, default: int | None) -> int | None:
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise InvalidQuery(f"Le paramètre « {name} » doit être un nombre entier.") from None
    if not low <= value <= high:
        raise InvalidQuery(f"Le paramètre « {name} » doit être compris entre {low} et {high}.")
    return value


def run_search(filters: dict[str, Any]) -> SearchResults:
    """Search with validated ``filters``; never raises on odd input."""
    if not filters["q"] and not any(filters.get(f) for f in FACETS):
        return SearchResults(message=None)
    try:
        return search(**filters)
    except Exception:  # noqa: BLE001 - a query must answer, not crash the page
        log.exception("search failed for %r", filters)
        return SearchResults(message="La recherche n’a pas pu aboutir pour cette requête ; reformulez-la.")


def run_experts(topic: str, limit: int = 20) -> tuple[list[Any], str | None]:
    """Experts for ``topic`` and a message for the user when there is something to say."""
    topic = clean_text(topic)
    if not topic:
        return [], None
    if len(topic) > MAX_QUERY:
        raise InvalidQuery(f"Le sujet est trop long ({len(topic)} caractères, {MAX_QUERY} au plus).")
    try:
        return list(find_experts(topic, limit=limit)), None
    except Exception:  # noqa: BLE001
        log.exception("expert finding failed for %r", topic)
        return [], "La recherche d’experts n’a pas pu aboutir pour ce sujet ; reformulez-le."


def run_experts_described(text: str, limit: int = 20) -> tuple[list[str], list[Any], str | None]:
    """Key terms of a pasted paragraph, the experts for them, and a message when there is something to say."""
    text = clean_text(text)
    if not text:
        return [], [], None
    if len(text) > MAX_DESCRIPTION:
        raise InvalidQuery(f"Le texte est trop long ({len(text)} caractères, {MAX_DESCRIPTION} au plus).")
    try:
        terms, found = find_experts_described(text, limit=limit)
    except Exception:  # noqa: BLE001
        log.exception("expert finding failed for a description of %d characters", len(text))
        return [], [], "La recherche d’experts n’a pas pu aboutir pour ce texte ; reformulez-le."
    if not terms:
        return [], [], "Aucun terme de ce texte n’est connu de TED : décrivez le sujet avec d’autres mots."
    return terms, list(found), None
