"""Template helpers: French dates, safe links, facet links."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils import formats

from ted.exports.ics import http_url as _http_url
from ted.kb.dates import When, parse_when
from ted.schema import PLURALS, label
from ted.web import present

register = template.Library()


def french_day(value: When) -> str:
    day = value.day
    text = formats.date_format(day, "l j F Y")
    if day.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def french_time(value: When) -> str:
    moment = value.value
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


@register.filter
def fr_when(raw: object) -> str:
    """``2023-11-28T14:30:00+01:00`` → « mardi 28 novembre 2023 à 14 h 30 » (Europe/Paris)."""
    value = raw if isinstance(raw, When) else parse_when(raw)
    if value is None:
        return str(raw or "")
    return f"{french_day(value)} à {french_time(value)}" if value.has_time else french_day(value)


@register.filter
def fr_slot(raw: object) -> str:
    """A programme slot's time: ``14:30`` → « 14 h 30 »; ``2025-05-23T16:00`` (several days) →
    « vendredi 23 mai 2025, 16 h »."""
    text = str(raw or "")
    day, _, clock = text.rpartition("T")
    hour, _, minute = clock.partition(":")
    if not (hour.isdigit() and minute.isdigit()):
        return text
    slot = f"{int(hour)} h {minute}" if minute != "00" else f"{int(hour)} h"
    when = parse_when(day) if day else None
    return f"{french_day(when)}, {slot}" if when is not None else slot


@register.filter
def fr_span(attributes: dict) -> str:
    """An event's start and end as one French phrase."""
    start, end = parse_when(attributes.get("start")), parse_when(attributes.get("end"))
    if start is None:
        return "Date non précisée"
    if end is None:
        return fr_when(start)
    if end.day == start.day and end.has_time and start.has_time:
        return f"{french_day(start)}, de {french_time(start)} à {french_time(end)}"
    return f"du {fr_when(start)} au {fr_when(end)}"


@register.filter
def iso_when(raw: object) -> str:
    """Machine-readable value for ``<time datetime>``."""
    value = raw if isinstance(raw, When) else parse_when(raw)
    return value.value.isoformat() if value else ""


@register.filter
def http_url(raw: object) -> str:
    """The value when it is an http(s) URL, else an empty string (never a javascript: link)."""
    return _http_url(raw) or ""


@register.filter
def type_label(value: str) -> str:
    return label(value)


@register.filter
def type_plural(value: str) -> str:
    return PLURALS.get(value, value)


@register.filter
def entity_url(entity_id: str) -> str:
    return reverse("ted:entity", args=[entity_id])


@register.filter
def hit_url(hit: object) -> str:
    return present.hit_url(hit)


@register.simple_tag
def toggle_query(params: QueryDict, name: str, value: str) -> str:
    """The query string with ``name=value`` switched on (or off when it already is)."""
    data = {k: v for k, v in params.items() if k not in ("offset",) and v}
    if data.get(name) == str(value):
        data.pop(name)
    else:
        data[name] = str(value)
    return "?" + urlencode(data)


@register.simple_tag
def page_query(params: QueryDict, offset: int) -> str:
    data = {k: v for k, v in params.items() if v and k != "offset"}
    if offset:
        data["offset"] = str(offset)
    return "?" + urlencode(data)
