"""The sessions of a multi-part event, each an event of its own ``part_of`` the page's event.

Two layouts name a session rather than an agenda step:

- a list of titled, dated entries: "**Le virage cloud dans l'État** Lundi 29 novembre 2021, 17h-17h30"
  (a bold title, then its own day and hours), two of them at least, as conference cycles and
  forums list their talks;
- a programme slot whose bold title opens with a kind of session ("**14h : Table-ronde internationale**",
  "**9h45 – 10h40 :** Table ronde **« Data territoriale »**"): the session is named by its quoted title,
  or by the slot's title. Agenda steps ("Accueil café", "Ateliers sur les projets", "Le meet-up
  inter-communautés : venez...") are not sessions: they are plural, have an article, or are not bold.

The session kinds are data (``session_words`` in kb/fr/lexicon.yaml).
"""

from __future__ import annotations

import re

from ted.extract.cues.dates import DayMention, find_days, leading_time, moment, time_range
from ted.extract.cues.places import place_after
from ted.extract.cues.registration import registration_after
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.dates import paris, parse_when
from ted.kb.lexicon import words
from ted.kb.names import fold
from ted.schema import EntityType as E
from ted.schema import RelationType as R

QUOTED = re.compile(r"«\s*(?P<title>[^»]{3,150}?)\s*»|“(?P<title2>[^”]{3,150}?)”")
MIN_DATED = 2  # one dated entry is a deadline or a date of its own, a list of them a programme
LEAD = 12  # how far into the text after a title its day may start ("<br>Lundi 29 novembre")


@component("sessions", requires=("segments", "main_event", "reference", "event_details", "person_spans", "org_spans",
                                 "item_projects"),
           assigns=("event", "part_of", "speaker_at", "participant_in", "presented_at", "organiser_of",
                    "mentioned_events"))
def sessions(ctx: DocState) -> None:
    if ctx.main_event is None:
        _agenda(ctx)
        return
    found = sorted([*_dated_entries(ctx), *_named_slots(ctx)], key=lambda s: s[0].index)
    for number, (seg, name, start, end) in enumerate(found):
        attributes = {"start": start, **({"end": end} if end else {})}
        line = seg.line
        key = ctx.facts.entity(E.EVENT, name, line, ctx.quote(line), attributes=attributes)
        ctx.relate(R.PART_OF, key, ctx.main_event, line)
        following = found[number + 1][0].index if number + 1 < len(found) else len(ctx.segments)
        _speakers(ctx, key, seg, following)
        _named_in_title(ctx, key, seg)


def _named_in_title(ctx: DocState, session: str, seg: Segment) -> None:
    """Who a session's title names: a body ("La DILA : présentation, projets et opportunités") takes part in
    the event; a project ("Focus sur le programme TECH.GOUV") is presented at the session itself."""
    title_end = seg.line_range(0)[1]
    for start, _end, org in ctx.org_spans.get(seg.index, []):
        if start < title_end:
            ctx.relate(R.PARTICIPANT_IN, org, ctx.main_event, seg.line_at(start))
    for project in ctx.item_projects.get(seg.index, []):
        ctx.facts.statements[:] = [s for s in ctx.facts.statements
                                   if not (s.type == R.PRESENTED_AT and s.source == project
                                           and s.target == ctx.main_event and s.line == seg.line)]
        ctx.relate(R.PRESENTED_AT, project, session, seg.line)


def _speakers(ctx: DocState, session: str, first: Segment, following: int) -> None:
    """The people named in a session's own text (its slot, then what follows up to the next session or
    heading) speak at it: "Table ronde « X » avec A (DINUM) et B", "Animation par C"."""
    for seg in ctx.segments[first.index:following]:
        if seg.index > first.index and (seg.kind == "heading" or (seg.kind == first.kind and leading_time(seg.text))):
            break  # the next heading, or the programme's next timed slot ("16h30 Clôture — X"): not this session
        for start, _end, person in ctx.person_spans.get(seg.index, []):
            ctx.relate(R.SPEAKER_AT, person, session, seg.line_at(start))


def _dated_entries(ctx: DocState) -> list[tuple[Segment, str, str, str | None]]:
    found = []
    for seg in ctx.segments:
        title = _bold_title(seg)
        if seg.kind not in ("item", "paragraph") or title is None:
            continue
        rest = seg.text[len(title):]
        days = [d for d in find_days(rest, ctx.reference) if d.start <= LEAD]
        if days:
            found.append((seg, _clean(title), *moment(days[0], rest)))
        elif RANGE_AHEAD.match(rest) and (day := _section_day(ctx, seg)):
            found.append((seg, _clean(title), *_hours_of_day(day, rest)))
    return found if len(found) >= MIN_DATED else []


# "<br>de 10h à 11h, de 14h à 15h ou de 16h à 17h": a session's hours without its day.
RANGE_AHEAD = re.compile(r"^\W{0,6}(?:de\s+|entre\s+)?\d{1,2}\s?[hH:]", re.IGNORECASE)


def _section_day(ctx: DocState, seg: Segment) -> DayMention | None:
    """The day a section's short dated line gives its entries: "#### Ateliers" then "*Le 16 décembre à
    Paris*" then the workshops with their hours only."""
    for other in ctx.preceding(seg):
        if other.kind == "heading":
            return None
        if other.kind == "paragraph" and len(other.text.split()) <= 8:
            days = find_days(other.text, ctx.reference)
            if days:
                return days[0]
    return None


def _hours_of_day(day: DayMention, text: str) -> tuple[str, str | None]:
    """The day and its one time range; a session held at several times ("de 10h à 11h ou de 14h à 15h")
    keeps the day alone."""
    ranges = RANGE_ANY.findall(text[:120])
    hours = time_range(text[:120]) if len(ranges) == 1 else None
    if hours:
        return paris(day.day, *hours[0]), paris(day.day, *hours[1])
    return day.day.isoformat(), None


RANGE_ANY = re.compile(r"\d{1,2}\s?[hH:]\s?\d{0,2}\s*(?:-|–|à)\s*\d{1,2}\s?[hH:]")


def _named_slots(ctx: DocState) -> list[tuple[Segment, str, str, str | None]]:
    when = parse_when(ctx.facts.mentions[ctx.main_event].attributes.get("start"))
    if when is None:
        return []
    found = []
    for seg in ctx.segments:
        slot = leading_time(seg.text) if seg.kind in ("item", "paragraph") and seg.strong else None
        if slot is None:
            continue
        (start, end, title) = slot
        name = _session_name(title.lstrip(" :–—-"), seg)
        if name:
            found.append((seg, name, paris(when.day, *start), paris(when.day, *end) if end else None))
    return found


def _session_name(title: str, seg: Segment) -> str | None:
    """The session's name when the slot's title opens with a kind of session and is set in bold."""
    head = fold(title)
    if not any(head.startswith(w + " ") for w in words("session_words")) or not _in_bold(title, seg):
        return None
    quoted = QUOTED.search(title)
    if quoted:
        name = quoted["title"] or quoted["title2"]
        return name[:1].upper() + name[1:]
    name = _clean(re.split(r"\s*:\s", title, maxsplit=1)[0])
    if fold(name) in words("session_words"):
        # "Table ronde : quelle gouvernance … ?" — the kind alone names no session (two "Atelier : …" are two):
        # the title in bold, without the speakers after a dash.
        name = _clean(SPEAKERS_AFTER.split(_bold_part(title, seg) or title, maxsplit=1)[0])
    return name


SPEAKERS_AFTER = re.compile(r"\s[–—-]\s")


def _bold_part(title: str, seg: Segment) -> str | None:
    """The bold span the title opens with."""
    return next((span.strip() for span in seg.strong if span.strip() and title.startswith(span.strip())), None)


def _in_bold(title: str, seg: Segment) -> bool:
    """Whether the title, or a part of it, is set in bold ("**14h : Table-ronde X**", "Table ronde **« X »**")."""
    key = fold(title)[:20]
    return any(len(bold) > 3 and (key in fold(span) or bold in fold(title))
               for span in seg.strong if (bold := fold(span).strip(" :*")))


def _bold_title(seg: Segment) -> str | None:
    """The bold words a segment opens with, when they read as a title (not a label such as "Lieu :")."""
    if not seg.strong:
        return None
    first = seg.strong[0].strip()
    if not seg.text.startswith(first) or len(first.split()) < 3 or first.endswith(":") or leading_time(first):
        return None
    return first


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" :–—-*")


# "Organisé par Rennes Métropole et la Région Bretagne": who organises the entry's event.
ORGANISED_BY = re.compile(r"\b(?:co-)?(?:organisée?s?|proposée?s?)\s+par\b", re.IGNORECASE)


def _agenda(ctx: DocState) -> None:
    """A page with no event of its own (a newsletter, a news feed) listing events: an entry whose bold title opens
    with a kind of event, then its day ("**Meetup Data Rennes #9** Jeudi 17 décembre 2026 à 18 h 30, ..."), is an
    event; its paragraph says who organises it and, read by ``mentioned_event_roles``, who speaks."""
    for seg in ctx.segments:
        title = _bold_title(seg)
        if seg.kind not in ("item", "paragraph") or title is None or not _opens_on_kind(title):
            continue
        rest = seg.text[len(title):]
        days = [d for d in find_days(rest, ctx.reference) if d.start <= LEAD]
        if not days:
            continue
        start, end = moment(days[0], rest)
        attributes = {"start": start, **({"end": end} if end else {})}
        after_day = rest[days[0].end:]
        attributes |= place_after(TIME_AFTER_DAY.sub("", after_day, count=1))
        if (link := registration_after(seg, len(title))):
            attributes["registration_url"] = link
        key = ctx.facts.entity(E.EVENT, _clean(title), seg.line, ctx.quote(seg.line), attributes=attributes)
        ctx.mentioned_events.setdefault(seg.index, []).append((len(title), key))
        for cue in ORGANISED_BY.finditer(seg.text):
            sentence_end = re.search(r"[.!?](?:\s|$)", seg.text[cue.end():])
            stop = cue.end() + sentence_end.start() if sentence_end else len(seg.text)
            for span_start, _end, org in ctx.org_spans.get(seg.index, []):
                if cue.end() <= span_start < stop:
                    ctx.relate(R.ORGANISER_OF, org, key, seg.line_at(span_start))


TIME_AFTER_DAY = re.compile(r"^\s*,?\s*(?:à|de)?\s*\d{1,2}\s?[hH:]\s?\d{0,2}(?:\s*[-–à]\s*\d{1,2}\s?[hH:]\s?\d{0,2})?")


def _opens_on_kind(title: str) -> bool:
    first = fold(title).split()[0] if title.split() else ""
    return first in words("event_words")
