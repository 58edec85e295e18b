"""An event page's timed programme: "**14h30 :** Mots d'ouverture par ...", "9h30 - 12h : Ateliers".

Each timed line is a slot; the list items right under it belong to it (the
projects of a demo slot, the communities of a meet-up slot).
"""

from __future__ import annotations

from ted.extract.context import Context
from ted.extract.text import Segment
from ted.extract.textdates import leading_time


def programme(ctx: Context) -> list[tuple[Segment, list[Segment]]]:
    """Timed programme lines, each with the list items that follow it (the projects of a demo slot...)."""
    entries: list[tuple[Segment, list[Segment]]] = []
    for seg in ctx.segments:
        if seg.kind == "meta":
            continue
        if seg.kind != "heading" and leading_time(seg.text):
            entries.append((seg, []))
        elif seg.kind == "heading":
            if entries and entries[-1][1] is not None:
                entries.append((seg, None))  # a heading closes the current slot
        elif seg.kind == "item" and entries and entries[-1][1] is not None and not leading_time(seg.text):
            entries[-1][1].append(seg)
    return [(s, items) for s, items in entries if items is not None]


def record_programme(ctx: Context) -> None:
    if ctx.event is None:
        return
    items = []
    for seg, children in programme(ctx):
        start, _end, title = leading_time(seg.text)
        speakers = [ctx.facts.mentions[k].name for _, _, k in ctx.person_spans.get(seg.index, [])]
        projects = [ctx.facts.mentions[k].name for child in [seg, *children]
                    for k in ctx.item_projects.get(child.index, [])]
        items.append({"time": f"{start[0]:02d}:{start[1]:02d}", "title": title,
                      "speakers": list(dict.fromkeys(speakers)), "projects": list(dict.fromkeys(projects))})
    if items:
        ctx.facts.mentions[ctx.event].attributes.setdefault("programme", items)

