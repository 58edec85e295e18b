"""An event page's programme: timed lines ("**14h30 :** Mots d'ouverture par ...", "9h30 - 12h : Ateliers"),
the rows of an agenda table ("Horaire | Séquence | Intervenant(e)s"), or, when nothing is timed, the items
of an untimed agenda ("Ordre du jour :", "Au programme").

Each timed line is a slot; the list items right under it belong to it (the
projects of a demo slot, the communities of a meet-up slot). Over several days,
a day heading ("**Jeudi 22 mai**", "Jour 2") dates the slots under it: the
items then carry a ``date`` (ISO day) besides their ``time``. Untimed items
have a ``time`` of None.
"""

from __future__ import annotations

import datetime as dt
import re

from ted.extract.cues.dates import find_days, leading_time
from ted.extract.layout.segments import Segment
from ted.extract.layout.tables import Table, row_time, row_title, tables
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import agenda_heading

DAY_NUMBER = re.compile(r"^\s*(?:jour|journée|j)\s*(?P<n>\d)\b", re.IGNORECASE)
MAX_DAY_HEADING_WORDS = 8
MAX_AGENDA_ITEM_WORDS = 30  # longer items are the minutes' own paragraphs, not agenda points


def programme(ctx: DocState) -> list[tuple[Segment, list[Segment]]]:
    """Timed programme lines, each with the list items that follow it (the projects of a demo slot...)."""
    entries: list[tuple[Segment, list[Segment] | None]] = []
    timed_rows = _timed_rows(ctx)
    for seg in ctx.segments:
        if seg.kind == "meta":
            continue
        if seg.kind != "heading" and (seg.index in timed_rows or leading_time(seg.text)):
            entries.append((seg, []))
        elif seg.kind == "heading":
            if entries and entries[-1][1] is not None:
                entries.append((seg, None))  # a heading closes the current slot
        elif seg.kind == "item" and entries and (children := entries[-1][1]) is not None \
                and not leading_time(seg.text):
            children.append(seg)
    return [(s, items) for s, items in entries if items is not None]


def _timed_rows(ctx: DocState) -> dict[int, Table]:
    """Table rows whose time column holds a time, by segment index."""
    return {seg.index: table for table in tables(ctx.segments) for seg in table.rows if row_time(table, seg)}


@component("programme", requires=("main_event", "reference", "person_spans", "item_projects"),
           assigns=("event_details",))
def record_programme(ctx: DocState) -> None:
    if ctx.main_event is None:
        return
    timed_rows = _timed_rows(ctx)
    days = _day_headings(ctx)
    items = []
    for seg, children in programme(ctx):
        table = timed_rows.get(seg.index)
        if table is not None:
            start, _end = row_time(table, seg) or ((0, 0), None)
            title = row_title(table, seg)
        else:
            start, _end, title = leading_time(seg.text)
        item = _item(ctx, f"{start[0]:02d}:{start[1]:02d}", title, [seg, *children])
        if (day := _row_day(ctx, table, seg) or _day_of(days, seg.index)) is not None:
            item["date"] = day.isoformat()
        items.append(item)
    if not items:
        items = [_item(ctx, None, title, [seg]) for seg, title in untimed_agenda(ctx)]
    if items:
        # The export contract's items are exactly {time, title, speakers, projects}: on a programme
        # spanning several days the day goes into the time, as an ISO local date-time.
        several_days = len({item.get("date") for item in items}) > 1
        for item in items:
            day = item.pop("date", None)
            if several_days and day and item["time"]:
                item["time"] = f"{day}T{item['time']}"
        ctx.facts.mentions[ctx.main_event].attributes.setdefault("programme", items)


def _item(ctx: DocState, time: str | None, title: str, segs: list[Segment]) -> dict:
    speakers = [ctx.facts.mentions[k].name for _, _, k in ctx.person_spans.get(segs[0].index, [])]
    projects = [ctx.facts.mentions[k].name for seg in segs for k in ctx.item_projects.get(seg.index, [])]
    return {"time": time, "title": title, "speakers": list(dict.fromkeys(speakers)),
            "projects": list(dict.fromkeys(projects))}


# ------------------------------------------------------------------ days


def _day_headings(ctx: DocState) -> list[tuple[int, dt.date]]:
    """(segment index, day) of the headings or short bold lines that open a day of the programme."""
    first = _event_day(ctx)
    found = []
    for seg in ctx.segments:
        if seg.kind not in ("heading", "paragraph") or len(seg.text.split()) > MAX_DAY_HEADING_WORDS:
            continue
        if seg.kind == "paragraph" and not (seg.strong or seg.text.rstrip().endswith(":")):
            continue
        if leading_time(seg.text):
            continue
        mentions = find_days(seg.text, first or ctx.reference)
        if len(mentions) == 1 and mentions[0].start <= 12:
            found.append((seg.index, mentions[0].day))
        elif first is not None and (number := DAY_NUMBER.match(seg.text)):
            found.append((seg.index, first + dt.timedelta(days=int(number["n"]) - 1)))
    return found


def _row_day(ctx: DocState, table: Table | None, seg: Segment) -> dt.date | None:
    """The day in an agenda table's date column ("Jeudi 22 mai | 9h30 | Accueil")."""
    for start, end in table.cells_of(seg, "date") if table is not None else []:
        mentions = find_days(seg.text[start:end], _event_day(ctx) or ctx.reference)
        if mentions:
            return mentions[0].day
    return None


def _event_day(ctx: DocState) -> dt.date | None:
    start = str(ctx.facts.mentions[ctx.main_event].attributes.get("start") or "") if ctx.main_event else ""
    try:
        return dt.date.fromisoformat(start[:10]) if start else None
    except ValueError:
        return None


def _day_of(days: list[tuple[int, dt.date]], index: int) -> dt.date | None:
    current = None
    for heading, day in days:
        if heading > index:
            break
        current = day
    return current


# ------------------------------------------------------------------ untimed agendas


def untimed_agenda(ctx: DocState) -> list[tuple[Segment, str]]:
    """The items of an untimed agenda (list items under "Ordre du jour :") or of an untimed agenda table."""
    found = []
    for seg in ctx.segments:
        if seg.kind == "item" and seg.level <= 1 and seg.section and agenda_heading(seg.section[-1]):
            title = re.sub(r"^\s*\d+[.)]\s*", "", seg.text).strip()
            if title and len(title.split()) <= MAX_AGENDA_ITEM_WORDS:
                found.append((seg, title))
    if found:
        return found
    for table in tables(ctx.segments):
        if table.columns("title") and not table.timed and any(agenda_heading(h) for h in table.header.section[-1:]):
            found.extend((seg, title) for seg in table.rows if (title := row_title(table, seg)))
    return found
