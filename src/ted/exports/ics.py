"""iCalendar (RFC 5545) for TED's events: ``ted export --format ics``, ``/agenda.ics`` and one file per event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TextIO

from icalendar import Calendar, Event

from ted.kb.dates import event_span
from ted.schema import EntityType, RelationType
from ted.store import models as m

PRODID = "-//TED Trouver mon Expert Data//agenda//FR"


def http_url(value: object) -> str | None:
    """``value`` when it is an http(s) URL, else None (documents may hold anything)."""
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        text = value.strip()
        if not any(c.isspace() or ord(c) < 32 for c in text):
            return text
    return None


def speakers_by_event(event_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    rows = m.Relation.objects.filter(type=RelationType.SPEAKER_AT, target_id__in=event_ids).values_list(
        "target_id", "source__name").order_by("source__name")
    for event_id, name in rows:
        found.setdefault(event_id, []).append(name)
    return found


def _description(entity: m.Entity, speakers: list[str], page_url: str | None) -> str:
    attributes = entity.attributes or {}
    lines: list[str] = []
    if speakers:
        lines.append("Intervenants : " + ", ".join(speakers))
    for item in attributes.get("programme") or []:
        if not isinstance(item, dict):
            continue
        who = ", ".join(str(s) for s in item.get("speakers") or [])
        text = " ".join(p for p in (str(item.get("time") or ""), str(item.get("title") or "")) if p)
        lines.append(f"- {text}" + (f" ({who})" if who else ""))
    registration = http_url(attributes.get("registration_url"))
    if registration:
        lines.append(f"Inscription : {registration}")
    if page_url:
        lines.append(f"Fiche TED : {page_url}")
    return "\n".join(lines)


def event_component(entity: m.Entity, speakers: list[str], stamp: dt.datetime,
                    page_url: str | None = None) -> Event | None:
    """A VEVENT for ``entity``; None when the event has no usable start date."""
    attributes = entity.attributes or {}
    start, end = event_span(attributes)
    if start is None:
        return None
    event = Event()
    event.add("uid", f"{entity.id}@ted")
    event.add("dtstamp", stamp)
    event.add("summary", entity.name)
    event.add("dtstart", start.value)
    if end is not None and end.has_time == start.has_time and end.as_datetime() >= start.as_datetime():
        # DTEND of an all-day event is exclusive: the day after the last day.
        event.add("dtend", end.value if end.has_time else end.day + dt.timedelta(days=1))
    elif not start.has_time:
        event.add("dtend", start.day + dt.timedelta(days=1))
    place = ", ".join(str(attributes[k]) for k in ("location", "address", "city") if attributes.get(k))
    if place:
        event.add("location", place)
    url = http_url(attributes.get("registration_url")) or page_url
    if url:
        event.add("url", url)
    description = _description(entity, speakers, page_url)
    if description:
        event.add("description", description)
    return event


def build_calendar(events: Iterable[m.Entity], page_url: Callable[[m.Entity], str] | None = None,
                   name: str = "TED — agenda des événements data") -> tuple[Calendar, int]:
    """A VCALENDAR holding every dated event; returns it with the number of events."""
    events = list(events)
    speakers = speakers_by_event([e.id for e in events])
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    count = 0
    for entity in events:
        component = event_component(entity, speakers.get(entity.id, []), stamp,
                                    page_url(entity) if page_url else None)
        if component is not None:
            calendar.add_component(component)
            count += 1
    calendar.add_missing_timezones()
    return calendar, count


def all_events() -> list[m.Entity]:
    return list(m.Entity.objects.filter(type=EntityType.EVENT).order_by("id"))


def export_ics(out: TextIO) -> int:
    calendar, count = build_calendar(all_events())
    out.write(calendar.to_ical().decode("utf-8"))
    return count
