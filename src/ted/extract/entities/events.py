"""The event a document announces or reports, and its details (dates, place, head count, registration).

A document is about an event when its front matter says so (an agenda page)
or when its title names one ("Atelier ...", "Clôture ...", "Meetup ...") or it
carries a chat copy or a timed programme. Its start and end reconcile what
the page offers, most explicit first: front-matter times, an "Horaires
14h30-18h" field, a dated sentence ("aura lieu le mardi 28 novembre à
14h30"), an announced start ("On démarre à 17h05"), the programme's first
time; the day comes from the front matter, the title, such a sentence, and
only as a last resort from the page's publication date (a report dated the
day of the event). Days without a year take the document's year.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from ted.extract.cues.dates import DayMention, find_days, leading_time, reference_date, start_phrase, time_range
from ted.extract.cues.places import PLACE_AFTER, TIME_LEAD, place_after
from ted.extract.cues.registration import bare_registration_url, says_register
from ted.extract.entities.stages import POSTCODE_CITY, stage_rows
from ted.extract.layout.chat import Turn
from ted.extract.layout.segments import Segment, title_of
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.dates import paris, parse_iso
from ted.kb.lexicon import event_title_word, exact, words
from ted.kb.names import fold
from ted.schema import EntityType as E

# Head counts need a written figure ("45 participants inscrits", "plus de 40 personnes": 40); "une centaine de
# participants" gives none. "1 200 participants" is one figure; above MAX_COUNT a figure counts something else
# ("les 100 000 agents de la DGFiP").
COUNT_NUMBER = r"(?<![\d.,])(\d{1,3}(?:[\u00a0\u202f ]\d{3})+|\d{1,5})"
MAX_COUNT = 5000
ADDRESS = re.compile(r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|quai|allée|impasse|"
                     r"chemin|cours|esplanade|square|route)\s+[^,;\n]{2,60}?,?\s+(?P<cp>\d{5})\s+"
                     r"(?P<city>[A-ZÀ-Ý][\w'’ -]{1,40}?)"
                     r"(?=$|[,;.)\n]|\s{2})", re.IGNORECASE)
VENUE = re.compile(r"(?:\bà|\bau|\bà la|\bà l['’]|dans les locaux d[eu]|\bchez)\s+"
                   r"(?P<venue>[A-ZÀ-Ý][^,;.()]{2,70}?)\s*,?\s*$")
# A town named right before the day: "Organisé à Nantes les 14 et 15 novembre".
CITY_BEFORE = re.compile(r"\bà\s+(?P<city>[A-ZÀ-Ý][\w'’]+(?:[ -](?:sur|en|de|lès|[A-ZÀ-Ý][\w'’]+))*)\s*,?\s*"
                         r"(?:les?|du|ce|cet)?\s*$")
# A place's name opening the line of its address: capitalised, no figures, no sentence.
LEADING_VENUE = re.compile(r"^\s*[A-ZÀ-Ý][^\d.;:!?,]{2,100}?(?:\([^()\d]{1,40}\))?\s*[,–—-]\s*$")
LABELLED = re.compile(r"^\s*(?P<label>lieu|adresse|ville|où|date|quand|horaires?|inscriptions?)\s*:\s*(?P<value>.+)$",
                      re.IGNORECASE)
REGISTRATION = re.compile(r"inscri|billet|eventbrite|register|registration|weezevent|helloasso|framaforms|"
                          r"forms\.gle|docs\.google\.com/forms|meetup\.com/.+/events", re.IGNORECASE)
# "Compte rendu – Comité data santé": the event is the committee, not the report.
REPORT_PREFIX = re.compile(r"^\s*(?:(?:compte[- ]rendu|cr|relevé de décisions|notes?|minutes|synthèse)\s*"
                           r"(?:de la|du|de l['’]|des|de|d['’])?|retour sur (?:le|la|les|l['’])|"
                           r"(?:en )?images? (?:du|de la|de l['’]))\s*[:–—-]?\s*", re.IGNORECASE)
INFO_LABEL_KEYS = ("intitule", "label", "titre", "title", "name", "nom")
INFO_VALUE_KEYS = ("contenu", "value", "valeur", "content", "texte", "text")


# ------------------------------------------------------------------ detection


@component("main_event", requires=("segments", "turns", "primary"),
           assigns=("main_event", "event", "primary"))
def find_main_event(ctx: DocState) -> None:
    """Set ``ctx.main_event`` when the document is about one event (creating it when the front matter did not)."""
    turns = ctx.turns
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is not None:
        if primary.type == E.EVENT:
            ctx.main_event = primary.key
        return
    found = title_of(ctx.doc) or _announcement_title(ctx)
    if found is None:
        return
    title, line = found
    timed = sum(1 for s in ctx.segments if s.kind != "heading" and leading_time(s.text))
    if event_title_word(title) or turns or timed >= 3:
        name = _without_lead_in(REPORT_PREFIX.sub("", title)) or title
        name = name[:1].upper() + name[1:]
        ctx.main_event = ctx.facts.entity(E.EVENT, name, line, ctx.quote(line),
                                          aliases=[title] if name != title else [])
        ctx.facts.primary = ctx.main_event


def _announcement_title(ctx: DocState) -> tuple[str, int] | None:
    """A page with no heading that opens on a one-line announcement ("Webinaire : les API de l'Insee")."""
    first = ctx.doc.blocks[0] if ctx.doc.blocks else None
    if first is None or first.kind != "paragraph" or len(first.lines) != 1:
        return None
    line, text = first.lines[0]
    head = fold(text.split()[0]).strip(" :–—-") if text.split() else ""
    if len(text.split()) <= 15 and not text.rstrip().endswith((".", ":")) and head in words("event_words"):
        return text.strip(), line
    return None


def _without_lead_in(title: str) -> str:
    """"Les lauréats du hackathon X 2025", "Bilan du forum Y", "Hackathon X : le palmarès": the event is what
    the lead-in or the tail leaves."""
    text = title.replace("’", "'")
    for tail in sorted(exact("report_tails"), key=len, reverse=True):  # "Hackathon X 2025 : les lauréats"
        match = re.search(rf"\s*(?::|\s[–—-])\s*{re.escape(tail)}\s*[!.]?\s*$", text, re.IGNORECASE)
        if match and match.start() > 0:
            return title[:match.start()].strip()
    for lead in sorted(exact("report_lead_ins"), key=len, reverse=True):
        match = re.match(rf"\s*{re.escape(lead)}(?:\s+|(?<='))(?=\w)", text, re.IGNORECASE)
        if match:
            return title[match.end():].strip()
    return title


# ------------------------------------------------------------------ attributes


@component("event_details", requires=("main_event", "reference", "turns", "segments"),
           assigns=("event_details", "reference"))
def describe_event(ctx: DocState) -> None:
    """Start, end, count, place and registration of the document's event; minutes without a date of their
    own then take the meeting's day as the date their other days are read from."""
    if ctx.main_event is None:
        return
    mention = ctx.facts.mentions[ctx.main_event]
    attributes = mention.attributes
    _front_matter_fields(ctx, attributes)
    start, end = _when(ctx, mention.name, attributes.get("start"), ctx.turns)
    if start:
        attributes["start"] = start
    if end and not attributes.get("end"):
        attributes["end"] = end
    for key, value in _place(ctx, venue_known=bool(attributes.get("location"))).items():
        attributes.setdefault(key, value)
    count = _count(ctx)
    if count is not None:
        attributes.setdefault("participants_count", count)
    url = _registration(ctx)
    if url:
        attributes.setdefault("registration_url", url)
    if ctx.reference is None:
        ctx.reference = reference_date({"date": attributes.get("start", "")})


@component("document_date", assigns=("reference",))
def document_date(ctx: DocState) -> None:
    """The document's own date (front matter), from which days written without a year are read."""
    ctx.reference = reference_date(ctx.doc.metadata)


META_FIELDS = {
    "start": ("event_start_date", "start_date", "startDate", "start", "debut", "date_debut", "dateDebut", "begin",
              "event_date", "eventDate"),
    "end": ("event_end_date", "end_date", "endDate", "end", "fin", "date_fin", "dateFin"),
    "location": ("lieu", "location", "venue", "salle"),
    "address": ("adresse", "address"),
    "city": ("ville", "city"),
    "registration_url": ("inscription", "registration", "registration_url", "lien_inscription", "billetterie"),
}


def _front_matter_fields(ctx: DocState, attributes: dict) -> None:
    """Event fields a page's front matter gives under any common name, also inside a table ([event] start = ...)."""
    meta = ctx.doc.metadata if isinstance(ctx.doc.metadata, dict) else {}
    tables = [meta] + [v for v in meta.values() if isinstance(v, dict)]
    for attribute, keys in META_FIELDS.items():
        if attributes.get(attribute):
            continue
        for value in (t.get(k) for t in tables for k in keys):
            found = _meta_value(attribute, value)
            if found:
                attributes[attribute] = found
                break


def _meta_value(attribute: str, value: object) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    if not isinstance(value, str | int) or not str(value).strip():
        return None
    text = " ".join(str(value).split())
    if attribute in ("start", "end"):
        return parse_iso(text)
    if attribute == "registration_url":
        return text if text.startswith("http") else None
    return text


def _when(ctx: DocState, title: str, given: str | None, turns: list[Turn]) -> tuple[str | None, str | None]:
    day, time = _given(given)
    hours = _info_hours(ctx)
    dated = _dated_sentence(ctx, title)
    if hours is None and dated is not None:
        hours = _sentence_hours(ctx, dated)
    if day is None:
        titled = find_days(title, ctx.reference)
        mention = titled[0] if titled else dated
        if mention is not None:
            day, time = mention.day, mention.time
            if mention.last and not time:  # "ateliers des 13 et 14 juin": two days, no hours but the programme's
                first, last = _programme_start(ctx), _programme_end(ctx)
                return (paris(day, *first) if first else day.isoformat(),
                        paris(mention.last, *last) if first and last else mention.last.isoformat())
    elif dated is not None and dated.day == day and time is None:
        time = dated.time
    if day is None and stage_rows(ctx):
        # A tour's dates are its stages' (each an event of its own); giving the tour its first stage's day
        # would also make the two look like one event to resolution.
        return None, None
    if day is None and ctx.reference and _reads_as_report(ctx, turns):
        day = ctx.reference  # a report published on the day, as the last resort
    if day is None:
        return None, None
    if hours is None:
        hours = _same_day_hours(ctx, day)
    start_time = time or (hours[0] if hours else None) or _announced(ctx, turns) or _programme_start(ctx)
    end_time = hours[1] if hours else None
    start = paris(day, *start_time) if start_time else day.isoformat()
    end = paris(day, *end_time) if end_time and start_time and end_time > start_time else None
    return start, end


def _reads_as_report(ctx: DocState, turns: list[Turn]) -> bool:
    """A timed programme, a head count or a chat copy: the page reports (or runs) the day itself."""
    return bool(turns) or _programme_start(ctx) is not None or _count(ctx) is not None


def _given(value: str | None) -> tuple[dt.date | None, tuple[int, int] | None]:
    if not value:
        return None, None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value), None
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None, None
    return moment.date(), (moment.hour, moment.minute)


def _info_hours(ctx: DocState) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """"Horaires 14h30-18h" from a front-matter information field or a labelled line."""
    for label, value in _info_fields(ctx.doc.metadata):
        if fold(label).startswith(("horaire", "heure")) and (found := time_range(value)):
            return found
    for seg in ctx.segments:
        match = LABELLED.match(seg.text)
        if not match or not fold(match["label"]).startswith(("horaire", "date", "quand")):
            continue
        if found := time_range(match["value"]):
            return found
    return None


def _sentence_hours(ctx: DocState, dated: DayMention) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """"le jeudi 30 mars de 14h à 17h": the hours written right after the dating sentence's day."""
    for seg in ctx.segments:
        for mention in find_days(seg.text, ctx.reference):
            if mention.day == dated.day and mention.start == dated.start:
                return time_range(seg.text[mention.start:mention.end + 25])
    return None


def _same_day_hours(ctx: DocState, day: dt.date) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Hours written right after any mention of the event's day ("Le jeudi 24 septembre, de 18h30 à 21h, ...")."""
    for seg in ctx.segments:
        if seg.kind == "code":
            continue
        for mention in find_days(seg.text, ctx.reference):
            if mention.day == day and (found := time_range(seg.text[mention.start:mention.end + 25])):
                return found
    return None


def _info_fields(metadata: dict) -> list[tuple[str, str]]:
    """(label, value) pairs of front-matter information blocks and plain keys."""
    pairs = []
    for key, value in (metadata or {}).items():
        if isinstance(value, str | int | float):
            pairs.append((str(key), str(value)))
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    label = next((str(item[k]) for k in INFO_LABEL_KEYS if item.get(k)), "")
                    text = next((str(item[k]) for k in INFO_VALUE_KEYS if item.get(k)), "")
                    if label and text:
                        pairs.append((label.strip(), text.strip()))
    return pairs


def _dated_sentence(ctx: DocState, title: str = "") -> DayMention | None:
    """The first day given by a sentence that dates the event ("aura lieu le mardi 28 novembre à 14h30"),
    else by a sentence that names the event by its kind ("organise un webinaire le jeudi 26 septembre")."""
    cues = words("event_date_cues")
    kinds = {w for w in words("event_words") if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", fold(title))}
    named = None
    for seg in ctx.segments:
        if seg.kind in ("heading", "code"):
            continue
        for mention in find_days(seg.text, ctx.reference):
            around = fold(seg.text[max(0, mention.start - 40):mention.end + 30])
            if any(cue in around for cue in cues) or (mention.time and seg.kind == "meta"):
                return mention
            if named is None and seg.kind in ("paragraph", "meta") and (_names_the_event(seg.text, mention, kinds)
                                                                      or _date_line(seg, mention)):
                named = mention
    return named


MAX_DATE_LINE_WORDS = 16  # "Jeudi 11 juin 2026, de 9 h 30 à 17 h 30 — Lyon" spells its hours in words


def _date_line(seg: Segment, mention: DayMention) -> bool:
    """A short paragraph that opens on the day: the date line of an event page ("Mardi 16 mars 2027, de 9h à
    17h30"), not a publication line ("Publié le 2 mars")."""
    lead = DATE_ARTICLE.match(seg.text).end()  # "Les 9 et 10 octobre 2025, Lille", "Du 3 au 5 juin"
    return mention.start <= lead + 3 and len(seg.text.split()) <= MAX_DATE_LINE_WORDS


DATE_ARTICLE = re.compile(r"^(?:(?:le|les|du)\s+)?", re.IGNORECASE)


OTHER_OCCURRENCE = re.compile(r"\b(?:prochain|prochaine|dernier|dernière|précédent|précédente|derniers|dernières)\b",
                              re.IGNORECASE)


def _names_the_event(text: str, mention: DayMention, kinds: set[str]) -> bool:
    """The sentence holding the day names an event of the title's kind ("une journée ..., le mardi 18 juin"),
    and not another occurrence of it ("le prochain atelier du 5 mars")."""
    sentence = re.split(r"(?<=[.!?])\s+", text[:mention.start])[-1]
    if not kinds or OTHER_OCCURRENCE.search(sentence):
        return False
    folded = fold(sentence)
    return any(re.search(rf"(?<!\w){re.escape(kind)}(?!\w)", folded) for kind in kinds)


def _announced(ctx: DocState, turns: list[Turn]) -> tuple[int, int] | None:
    for turn in turns:
        if (found := start_phrase(turn.message)):
            return found
    for seg in ctx.segments:
        if (found := start_phrase(seg.text)):
            return found
    return None


def _programme_start(ctx: DocState) -> tuple[int, int] | None:
    for seg in ctx.segments:
        if seg.kind != "heading" and (found := leading_time(seg.text)):
            return found[0]
    return None


def _programme_end(ctx: DocState) -> tuple[int, int] | None:
    """The last timed slot's end, or its time ("16h00 Clôture")."""
    for seg in reversed(ctx.segments):
        if seg.kind != "heading" and (found := leading_time(seg.text)):
            return found[1] or found[0]
    return None


def _count(ctx: DocState) -> int | None:
    for seg in ctx.segments:
        for match in _count_pattern().finditer(fold(seg.text)):
            count = int(re.sub(r"\D", "", match.group(1)))
            if 0 < count <= MAX_COUNT:
                return count
    return None


@cache
def _count_pattern() -> re.Pattern[str]:
    counted = "|".join(re.escape(w) for w in sorted(words("count_words"), key=len, reverse=True))
    return re.compile(rf"{COUNT_NUMBER}\s+(?:{counted})(?![\w·])", re.IGNORECASE)


def _place(ctx: DocState, venue_known: bool = False) -> dict[str, str]:
    place: dict[str, str] = {}
    for seg in ctx.segments:
        # An address written over several lines (venue, street, then "Métro ligne 1, station …") is read line
        # by line: the line breaks end the venue's name and the town.
        match = LABELLED.match(_first_line(seg))
        if match and fold(match["label"]) in ("lieu", "ou"):
            place.setdefault("location", match["value"].strip())
        address = _address(seg)
        if address:
            start, found = address
            place.setdefault("address", found.group(0).strip())
            place.setdefault("city", found["city"].strip())
            venue = VENUE.search(seg.text[:start])
            if venue:
                place.setdefault("location", venue["venue"].strip())
            elif LEADING_VENUE.match(seg.text[:start]):  # "Institut ... (IGN), 73 avenue de Paris, ..."
                place.setdefault("location", seg.text[:start].strip(" ,–—-"))
    sentence = _sentence_place(ctx)
    if venue_known and "address" in sentence:
        sentence = {}  # the front matter's venue stands; a street in the prose may be another place's
    for key, value in sentence.items():
        place.setdefault(key, value)
    current = ctx.facts.mentions[ctx.main_event].attributes.get("address") if ctx.main_event else None
    if current and "city" not in place and (city := POSTCODE_CITY.search(str(current))):
        place["city"] = city["city"]
    return place


def _first_line(seg: Segment) -> str:
    start, end = seg.line_range(0)
    return seg.text[start:end]


def _address(seg: Segment) -> tuple[int, re.Match[str]] | None:
    """The first street address of a segment, searched in each of its lines: (offset in the segment, match)."""
    for offset, _number in seg.starts:
        start, end = seg.line_range(offset)
        if found := ADDRESS.search(seg.text[start:end]):
            return start + found.start(), found
    return None


def _sentence_place(ctx: DocState) -> dict[str, str]:
    """"aura lieu le 5 mars à Lyon", "... à 14h30 au Lieu de la transformation publique": where, after when."""
    cues = words("event_date_cues")
    for seg in ctx.segments:
        if seg.kind in ("heading", "code"):
            continue
        for mention in find_days(seg.text, ctx.reference):
            # A paragraph that opens on the day: "Jeudi 4 décembre 2025 à 19h à Bordeaux, chez Cap Sciences."
            opens = seg.kind == "paragraph" and not seg.text[:mention.start].strip()
            cued = any(cue in fold(seg.text[max(0, mention.start - 40):mention.end + 30]) for cue in cues)
            if not (opens or cued):
                continue
            after = seg.text[mention.end:]
            match = PLACE_AFTER.match(after[TIME_LEAD.match(after).end():])
            if not match and (before := CITY_BEFORE.search(seg.text[:mention.start])):
                return {"city": before["city"]}  # "Organisé à Nantes les 14 et 15 novembre 2024"
            if not match and cued:
                return {}
            if not match:
                continue
            return place_after(after)
    return {}


def _registration(ctx: DocState) -> str | None:
    for link in ctx.doc.links:
        if link.url.startswith("http") and (REGISTRATION.search(link.text) or REGISTRATION.search(link.url)):
            return link.url
    lines = ctx.doc.text.splitlines()
    for link in ctx.doc.links:  # "Inscription (gratuite, obligatoire) : <a>site.fr/x</a>": the line's label says so
        line = next((t for t in lines if link.text and link.text in t), "")
        label = LINK_LABEL.match(line.strip(" -*•>"))
        if link.url.startswith("http") and label and says_register(label["label"]):
            return link.url
    return bare_registration_url(ctx)


# A line's label before a link, with a remark in brackets: "Inscription (gratuite, obligatoire) :".
LINK_LABEL = re.compile(r"^(?:\*\*|__)?(?P<label>[^:()]{2,60}?)(?:\*\*|__)?\s*(?:\([^()]{0,60}\)\s*)?:")

