"""Events inside a document: the dated stages of a tour (each ``part_of`` the tour) and events it
mentions in passing ("l'atelier d'idéation du 16 mai 2022").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from ted.extract.cues.dates import (
    MONTHS,
    WEEKDAYS,
    DayMention,
    end_phrase,
    find_days,
    leading_time,
    moment,
    start_phrase,
)
from ted.extract.cues.organisations import lookup
from ted.extract.cues.person_names import person_name
from ted.extract.cues.places import place_after
from ted.extract.cues.registration import registration_after
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.dates import paris
from ted.kb.lexicon import event_title_word, words
from ted.kb.names import fold
from ted.schema import EntityType as E
from ted.schema import RelationType as R

POSTCODE_CITY = re.compile(r"\b\d{5}\s+(?P<city>[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)*)")
STAGE_HEADING = re.compile(r"\b(?:etapes?|calendrier|dates|sessions|escales|villes|tournee|itineraire)\b")
STAGE_WORD = re.compile(r"^\s*(?:étape|etape|escale|session)\s*\d*\b", re.IGNORECASE)
CITY_BEFORE = re.compile(r"(?P<city>[A-ZÀ-Ý][\w'’-]+(?:[ -](?:sur|en|de|[A-ZÀ-Ý][\w'’-]+))*)\s*\(\s*(?:le\s+)?$")
TOWN_AFTER = re.compile(r"^\s*,?\s*à\s+(?P<city>[A-ZÀ-Ý][\w'’-]+(?:[ -](?:sur|en|de|[A-ZÀ-Ý][\w'’-]+))*)")
STAGE = re.compile(r"^\s*(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?\d", re.IGNORECASE)
EVENT_KINDS = (r"atelier|journée|webinaire|meetup|meet-up|séminaire|conférence|hackathon|rencontre|réunion|"
               r"bootcamp|forum|table ronde|cérémonie|clôture|lancement")
# Words that end a name: verbs, conjunctions, and months (a date inside would run two phrases together).
NOT_NAME = (r"se|s['’]|aura|sera|est|a|ont|sont|qui|que|tiendra|lieu|prochain|prochaine|et|ou|avant|après|"
            r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre")


@cache
def _mentioned_pattern() -> re.Pattern[str]:
    """"l'atelier d'idéation du 16 mai", "le prochain atelier 10% se tiendra le jeudi 30 mars": a kind of event,
    a few words of name, an optional verb that dates it (``event_date_cues``), then the day."""
    verbs = "|".join(re.escape(v) for v in sorted(words("event_date_cues"), key=len, reverse=True)
                     if not v.endswith((" le", " les", " du", " à", ":")) and " " in v)
    return re.compile(
        rf"(?P<name>\b(?:{EVENT_KINDS})\b(?:\s+(?!(?:{NOT_NAME})\b)[^\s,.;:()!?]+){{0,8}}?)"
        rf"(?:\s+(?:{verbs})|\s*,?\s+c['’]est)?\s+(?:du|le|les|des)\s+$", re.IGNORECASE)  # "X, c'est le 14 février"


@component("other_events", requires=("segments", "main_event", "reference", "org_spans"),
           assigns=("event", "part_of", "mentioned_events", "organiser_of"))
def other_events(ctx: DocState) -> None:
    _stages(ctx)
    _mentioned(ctx)
    _named(ctx)
    _dated_sections(ctx)


# A date line under a heading: "🗓 Jeudi 15 janvier 2026 · 12h30", "12/02/2026, 12h30", "Le 4 juin 2025".
DATE_LINE_LEAD = re.compile(r"^[^\w]*(?:(?i:le|date)\s*:?\s*)?")
TIME_AFTER_DAY = re.compile(r"^\s*(?:[·,|–—-]|à|de)?\s*(?P<h>[01]?\d|2[0-3])\s?[hH:]\s?(?P<m>[0-5]\d)?")
NAME_CUT = re.compile(r"\s+[—–]\s+|\s*:\s+|\s+-\s+")


def _dated_sections(ctx: DocState) -> None:
    """A page of episodes ("## Midi #12 — Ortho-Vigie : …" then "🗓 Jeudi 15 janvier 2026 · 12h30"): each
    section whose first line is only a date is an event named by its heading's head; two at least."""
    found = [(seg, date) for seg, date in _date_headed(ctx)]
    if len(found) < 2:
        return
    for heading, (line_seg, day) in found:
        name, *rest = NAME_CUT.split(heading.text, maxsplit=1)
        name = name.strip(" *")
        if len(name) < 3 or _is_main(ctx, name):
            continue
        time = TIME_AFTER_DAY.match(line_seg.text[day.end:])
        start = paris(day.day, int(time["h"]), int(time["m"] or 0)) if time else moment(day, line_seg.text)[0]
        key = ctx.facts.entity(E.EVENT, name, heading.line, ctx.quote(heading.line), attributes={"start": start})
        ctx.mentioned_events.setdefault(heading.index, []).append((0, key))
        if rest and (project := _episode_project(rest[0])):
            ctx.relate(R.PRESENTED_AT, ctx.project(project, heading.line), key, heading.line)


def _episode_project(subject: str) -> str | None:
    """"Ortho-Vigie : repérer les nouvelles constructions", "LitsOuverts, les coulisses d'un jeu de données": an
    episode's subject that opens on a short proper name, then a colon or a comma, presents that project."""
    head = re.match(r"^\s*(?P<head>[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý0-9][\w'’-]*){0,2})\s*[:,]\s+\S", subject)
    if head is None or person_name(head["head"]) is not None or lookup(head["head"]) is not None:
        return None
    name = head["head"]
    return name if fold(name) not in words("noise") and fold(name) not in words("event_words") else None


def _date_headed(ctx: DocState) -> list[tuple[Segment, tuple[Segment, DayMention]]]:
    found = []
    for heading, following in zip(ctx.segments, ctx.segments[1:], strict=False):
        if heading.kind != "heading" or heading.level < 2 or following.kind not in ("paragraph", "meta", "item"):
            continue
        lead = DATE_LINE_LEAD.match(following.text).end()
        days = find_days(following.text, ctx.reference)
        if days and days[0].start <= lead + 1 and len(following.text) - days[0].end <= 25:
            found.append((heading, (following, days[0])))
    return found


@dataclass
class Stage:
    seg: Segment
    day: DayMention
    label: str  # what the stage is called after the date: "Lyon, Hôtel de Région : open data"
    city: str | None = None


def stage_rows(ctx: DocState) -> list[Stage]:
    """The dated stages of the document: list items, rows or headings that carry a date, or a sentence
    that enumerates them ("Les étapes : Lyon (4 février), Nantes (11 mars)"); two at least, or none."""
    stages = []
    slots = _programme_slots(ctx)
    for seg in ctx.segments:
        if seg.kind not in ("item", "table", "heading", "paragraph", "meta") or seg.index in slots:
            continue
        days = find_days(seg.text, ctx.reference)
        # A stage opens with its date, or sits in a list of stages ("Étape 2 – Lille – 4 avril").
        staged = seg.kind in ("item", "table") and any(STAGE_HEADING.search(fold(h)) for h in seg.section[-1:])
        if days and ((STAGE.match(seg.text) and days[0].start <= 12) or staged or STAGE_WORD.match(seg.text)):
            stages.append(_row_stage(seg, days[0]))
        elif len(days) >= 2 and STAGE_HEADING.search(fold(seg.text)):
            stages.extend(_enumerated(seg, days))
    return stages if len(stages) >= 2 else []


def _programme_slots(ctx: DocState) -> set[int]:
    """Rows that open with a day then a time ("Jeudi 3 avril | 9h30 | Ouverture") where one day holds several:
    the slots of a programme over a few days, not the stages of a tour (one stage a day)."""
    timed: dict[dt.date, list[int]] = {}
    for seg in ctx.segments:
        days = find_days(seg.text, ctx.reference) if seg.kind in ("item", "table", "paragraph") else []
        if days and days[0].start <= 12 and leading_time(seg.text[days[0].end:].lstrip(" |:–—-,")):
            timed.setdefault(days[0].day, []).append(seg.index)
    if not any(len(rows) > 1 for rows in timed.values()):
        return set()
    return {index for rows in timed.values() for index in rows}


WEEKDAY_FIRST = re.compile(r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+", re.IGNORECASE)
WEEKDAY = re.compile(r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le)$", re.IGNORECASE)


def _row_stage(seg: Segment, day: DayMention) -> Stage:
    # "**Lyon** – 12 mars 2025, Hôtel de Région": a short name before the date is the stage's town,
    # not the venue written after it.
    prefix = STAGE_WORD.sub("", seg.text[:day.start]).strip(" :–—-|,")
    prefix = re.split(r"\s*[|,(–—:]\s*|\s-\s", prefix, maxsplit=1)[0]
    town = prefix if prefix and len(prefix.split()) <= 3 and prefix[:1].isupper() and not WEEKDAY.match(prefix) \
        else None
    label = f"{seg.text[:day.start]} {seg.text[day.end:]}" if day.start > 12 or town else seg.text[day.end:]
    label = STAGE_WORD.sub("", label).strip(" :–—-|,")
    return Stage(seg, day, label, town or _stage_city(seg, day.end if day.start <= 12 else 0))


def _enumerated(seg: Segment, days: list[DayMention]) -> list[Stage]:
    """"Lyon (4 février), Nantes (11 mars)" or "le 4 février à Lyon, le 11 mars à Nantes"."""
    found = []
    for day in days:
        before = CITY_BEFORE.search(seg.text[:day.start])
        after = TOWN_AFTER.match(seg.text[day.end:])
        city = (after["city"] if after else None) or (before["city"] if before else None)
        if city:
            found.append(Stage(seg, day, city, city))
    return found


def _stages(ctx: DocState) -> None:
    """A dated list (the stages of a tour, the sessions of a cycle): one event each, part of the main one."""
    stages = stage_rows(ctx)
    if not stages or ctx.main_event is None:
        return
    series = ctx.facts.mentions[ctx.main_event].name
    hours = _stage_hours(ctx)
    for stage in stages:
        place = re.split(r"\s*[|,:(]\s*|\s[–—-]\s", stage.label, maxsplit=1)[0].strip() if stage.label else ""
        if not place:
            continue
        name = stage.label if event_title_word(stage.label) else f"{series} — {place}"
        day = stage.day
        start_time = day.time or (hours[0] if hours else None)
        attributes = {"start": paris(day.day, *start_time) if start_time else day.day.isoformat()}
        if hours and hours[1] and start_time and hours[1] > start_time:
            attributes["end"] = paris(day.day, *hours[1])
        if stage.city:
            attributes["city"] = stage.city
        line = stage.seg.line_at(day.start)
        key = ctx.facts.entity(E.EVENT, name, line, ctx.quote(line), attributes=attributes)
        ctx.relate(R.PART_OF, key, ctx.main_event, line)


def _stage_hours(ctx: DocState) -> tuple[tuple[int, int] | None, tuple[int, int] | None] | None:
    """"Chaque étape commence à 9h30 et se termine à 17h": the hours every stage shares."""
    for seg in ctx.segments:
        if (start := start_phrase(seg.text)):
            return start, end_phrase(seg.text)
    return None


def _stage_city(seg: Segment, after: int) -> str | None:
    for ent in seg.ents:
        if ent.label == "LOC" and ent.start >= after:
            return ent.text
    first = re.split(r"\s*[|,(–—:]\s*|\s-\s", seg.text[after:].strip(" :–—-|,"), maxsplit=1)[0]
    if 1 <= len(first.split()) <= 3 and all(t[:1].isupper() or t in ("de", "sur", "en", "la", "le") for t in
                                             first.split()) and first[:1].isupper():
        return first  # "Nantes | Médiathèque ...": a town's name opens the stage
    match = POSTCODE_CITY.search(seg.text)
    return match["city"] if match else None


def _mentioned(ctx: DocState) -> None:
    """"l'atelier d'idéation du 16 mai 2022": an event of its own, unless it is the document's event."""
    main_start = ctx.facts.mentions[ctx.main_event].attributes.get("start", "")[:10] if ctx.main_event else ""
    for seg in ctx.segments:
        if seg.kind == "heading" and (seg.index == 0 or ctx.main_event is not None):
            continue  # a title, or a page's own programme; a newsletter's "Retour sur l'atelier du 14 mars" is not
        for day in find_days(seg.text, ctx.reference):
            match = _mentioned_pattern().search(seg.text[max(0, day.start - 100):day.start].replace("’", "'"))
            if not match or day.day.isoformat() == main_start:
                continue
            written = re.sub(r"\s*(?:,|à|de|dès|des)?\s*\d{1,2}\s?[h:H]\s?\d{0,2}$", "", seg.text[day.start:day.end])
            written = WEEKDAY_FIRST.sub("", written)  # "du mardi 24 mars": the name keeps the date
            name = f"{match['name'].strip()} du {written.strip(' .,;')}"
            name = name[0].upper() + name[1:]
            start, end = moment(day, seg.text)
            attributes = {"start": start, **({"end": end} if end else {})}
            attributes |= place_after(seg.text[day.end:])
            if (link := registration_after(seg, day.end)):
                attributes["registration_url"] = link
            key = ctx.facts.entity(E.EVENT, name, seg.line_at(day.start), ctx.quote(seg.line_at(day.start)),
                                   attributes=attributes)
            ctx.mentioned_events.setdefault(seg.index, []).append((day.start, key))


NAMED_KINDS = EVENT_KINDS + r"|challenge|datathon|concours|hackathon"
QUOTE_OPEN, QUOTE_CLOSE = "«“\"", "»”\""


@cache
def _named_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"La DINUM organise un Challenge Green Data for Health": a body, an organising verb, then an event's
    kind and its proper name; "le webinaire sera consacré à « L'acquisition de données par drones »": a kind
    and the quoted title it is given."""
    verbs = "|".join(re.escape(v) for v in sorted(words("organiser_verbs"), key=len, reverse=True))
    organised = re.compile(
        rf"\b(?:{verbs})\s+(?:un|une|le|la|les|son|sa|leur|ses|leurs)\s+(?:\w+\s+)?"
        rf"(?P<name>(?i:{NAMED_KINDS})\s+(?:[«“\"]\s*[^»”\"]{{3,100}}[»”\"]|"
        rf"(?:[A-ZÀ-Ý0-9#][\w'’#.-]*)(?:\s+(?:de|du|des|for|of|the|la|le|et|and|[A-ZÀ-Ý0-9#][\w'’#.-]*)){{0,8}}))")
    devoted = re.compile(
        rf"\b(?P<kind>{EVENT_KINDS})\s+(?:sera|est|était|a été|seront)\s+(?:consacrée?s?|dédiée?s?)\s+(?:à|au|aux)\s+"
        rf"[{QUOTE_OPEN}]\s*(?P<title>[^{QUOTE_CLOSE}]{{3,100}}?)\s*[{QUOTE_CLOSE}]", re.IGNORECASE)
    return organised, devoted


# A named edition: a proper name and its year, after a preposition ("un pavillon à Viva Technology 2023",
# "lors du Forum Data 2024"). Only where the same sentence gives the day, so a year alone names no event.
EDITION = re.compile(r"\b(?:à|au|aux|lors d[eu]s?|pendant|pour)\s+(?:la\s+|le\s+|l['’])?"
                     r"(?P<name>[A-ZÀ-Ý][\w'’-]*(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|de|du|des|la|le|for|of)){0,5}\s+20\d\d)\b")


def _editions(ctx: DocState, seg: Segment) -> None:
    for match in EDITION.finditer(seg.text):
        name = match["name"]
        first = fold(name.split()[0])
        if first in MONTHS or re.fullmatch(WEEKDAYS, first) or _is_main(ctx, name):
            continue
        if find_days(seg.text[_sentence_start(seg.text, match.start()):match.end()], ctx.reference):
            _named_event(ctx, seg, name, match.start("name"))


# A standing group meets on a day: "le réseau des data scientists de l'Insee recevra le 29 mars …", "la
# communauté des géomaticiens se réunira le 4 juin": the meeting is named "Rencontre du <group> du <day>".
GATHERING = re.compile(r"\b(?P<article>le|la|l['’])\s*(?P<group>(?:réseau|communauté|club|collectif|cercle)\s+"
                       r"[^,.;:()!?]{3,80}?)\s+(?:recevra|accueillera|se réunira|se retrouvera|organisera)\s+"
                       r"(?=le\s|ce\s|les\s)", re.IGNORECASE)


def _gatherings(ctx: DocState, seg: Segment) -> None:
    for match in GATHERING.finditer(seg.text):
        days = find_days(seg.text[match.end():match.end() + 40], ctx.reference)
        if not days or days[0].start > 12:
            continue
        day = seg.text[match.end() + days[0].start:match.end() + days[0].end]
        day = re.sub(r"\s+(?:à|de|dès)\s.*$|\s+20\d\d$", "", day)  # "29 mars de 14h00" → "29 mars"
        of = "de la" if match["article"].lower() == "la" else "du"
        _named_event(ctx, seg, f"Rencontre {of} {match['group']} du {day}", match.start())


def _sentence_start(text: str, at: int) -> int:
    stop = text.rfind(". ", 0, at)
    return stop + 2 if stop >= 0 else 0


def _named(ctx: DocState) -> None:
    """Events named by their kind and a proper name or quoted title, dated or not (see ``_named_patterns``);
    a body right before the organising verb organises it."""
    organised, devoted = _named_patterns()
    for seg in ctx.segments:
        if seg.kind in ("heading", "code"):
            continue
        for match in organised.finditer(seg.text):
            name = _trim_name(match["name"])
            if len(name.split()) >= 2 and not _is_main(ctx, name):
                key = _named_event(ctx, seg, name, match.start())
                _organiser_before(ctx, seg, key, match.start())
        for match in devoted.finditer(seg.text):
            name = f"{match['kind'].capitalize()} « {match['title'].strip()} »"
            _named_event(ctx, seg, name, match.start())
        _editions(ctx, seg)
        _gatherings(ctx, seg)


def _trim_name(name: str) -> str:
    words_ = name.split()
    while words_ and fold(words_[-1]) in ("de", "du", "des", "for", "of", "the", "la", "le", "et", "and"):
        words_.pop()
    return " ".join(words_).strip(" .,;:!?")


def _is_main(ctx: DocState, name: str) -> bool:
    main = ctx.facts.mentions.get(ctx.main_event or "")
    return main is not None and fold(name) in fold(" ".join([main.name, *main.aliases]))


def _named_event(ctx: DocState, seg: Segment, name: str, at: int) -> str:
    """The event, with the day its sentence gives ("Le jeudi 6 avril de 11h00 à 12h00, le webinaire ...")."""
    sentence = seg.text[_sentence_start(seg.text, at):]
    sentence = sentence[:sentence.find(". ") + 1 or len(sentence)]
    attributes: dict[str, str] = {}
    days = find_days(sentence, ctx.reference)
    if days:
        start, end = moment(days[0], sentence)
        if end is None and days[0].last is not None:  # "du 14 au 17 juin"
            end = days[0].last.isoformat()
        attributes = {"start": start, **({"end": end} if end else {})}
    if (link := registration_after(seg, at)):
        attributes["registration_url"] = link
    line = seg.line_at(at)
    key = ctx.facts.entity(E.EVENT, name[0].upper() + name[1:], line, ctx.quote(line), attributes=attributes)
    ctx.mentioned_events.setdefault(seg.index, []).append((at, key))
    return key


def _organiser_before(ctx: DocState, seg: Segment, event: str, verb_at: int) -> None:
    """"Le ministère de la Transition écologique organise un Challenge ...": the body ending right before."""
    for start, end, org in ctx.org_spans.get(seg.index, []):
        between = seg.text[end:verb_at]
        if start < verb_at and len(between.split()) <= 1 and not re.search(r"[.;!?]", between):
            ctx.relate(R.ORGANISER_OF, org, event, seg.line_at(start))
