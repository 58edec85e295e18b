"""Dates and times as French prose writes them: "le mercredi 22 janvier à 18h30", "14h30-18h", "9h30".

Only what event pages actually use is recognised, with rules rather than a
general date parser, so that "53 participants" or "saison 10" never become dates.
A day written without a year takes its year from the document's date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ted.kb.dates import paris

MONTHS = {"janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
          "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
          "janv": 1, "fevr": 2, "févr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
          "déc": 12}
WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
TIME_RE = r"(?P<{p}h>[01]?\d|2[0-3])\s?(?:h|H|:)\s?(?P<{p}m>[0-5]\d)?(?![\d])"
_TIME = re.compile(TIME_RE.format(p=""))
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_DATE = re.compile(
    rf"(?:(?P<wd>{WEEKDAYS})\s+)?(?:(?P<d0>[0-3]?\d)(?:er)?\s*(?:et|au|-|–|&)\s*(?:{WEEKDAYS}\s+)?)?"
    rf"(?P<d>[0-3]?\d)(?:er)?\s+(?P<mo>{_MONTH_ALT})\.?(?:\s+(?P<y>20\d\d|19\d\d))?"
    rf"(?:\s*(?:,\s*)?(?:à|a|de|dès|des|,)\s*{TIME_RE.format(p='t')})?", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<mo>[01]?\d)/(?P<y>20\d\d)\b"
                          r"|\b(?P<y2>20\d\d)-(?P<mo2>[01]\d)-(?P<d2>[0-3]\d)\b")
RANGE = re.compile(rf"{TIME_RE.format(p='a')}\s*(?:-|–|—|à|a|>)\s*{TIME_RE.format(p='b')}")
START_PHRASE = re.compile(
    rf"(?:d[ée]marr\w*|commen[cç]\w*|d[ée]but\w*|ouverture des portes|accueil|rendez-vous)(?:\s+[^\s\d]+){{0,3}}?"
    rf"\s+(?:à|a|dès|des)\s+"
    rf"{TIME_RE.format(p='s')}", re.IGNORECASE)
LEADING_TIME = re.compile(rf"^\s*(?:\*\*|__)?\s*{TIME_RE.format(p='')}\s*(?:(?:-|–|—|à)\s*"
                          rf"{TIME_RE.format(p='e')})?\s*(?:\*\*|__)?\s*(?::|-|–|—|\||>)?\s*(?:\*\*|__)?\s*")


@dataclass
class DayMention:
    start: int
    end: int
    day: dt.date
    time: tuple[int, int] | None
    year_given: bool
    last: dt.date | None = None  # "les 13 et 14 juin": the last day (``day`` is the first)


def hm(hour: str | None, minute: str | None) -> tuple[int, int] | None:
    if hour is None:
        return None
    return int(hour), int(minute or 0)


def infer_year(day: int, month: int, reference: dt.date | None) -> int | None:
    """The year of a day written without one: the reference's year, or the next when that is long past."""
    if reference is None:
        return None
    for year in (reference.year, reference.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate >= reference - dt.timedelta(days=183):
            return year
    return reference.year


def find_days(text: str, reference: dt.date | None = None) -> list[DayMention]:
    """Every full day written in ``text`` (year inferred from ``reference`` when missing)."""
    found = []
    for match in DAY_DATE.finditer(text):
        month = MONTHS[match["mo"].lower().rstrip(".")]
        day = int(match["d"])
        year = int(match["y"]) if match["y"] else infer_year(day, month, reference)
        if year is None:
            continue
        try:
            date = dt.date(year, month, day)
            first = dt.date(year, month, int(match["d0"])) if match["d0"] else None
        except ValueError:
            continue
        if first is not None and first < date:
            found.append(DayMention(match.start(), match.end(), first, hm(match["th"], match["tm"]),
                                    bool(match["y"]), date))
            continue
        found.append(DayMention(match.start(), match.end(), date, hm(match["th"], match["tm"]), bool(match["y"])))
    for match in NUMERIC_DATE.finditer(text):
        d, mo, y = (match["d"], match["mo"], match["y"]) if match["d"] else (match["d2"], match["mo2"], match["y2"])
        try:
            found.append(DayMention(match.start(), match.end(), dt.date(int(y), int(mo), int(d)), None, True))
        except ValueError:
            continue
    return sorted(found, key=lambda m: m.start)


def time_range(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """"14h30-18h", "de 9h30 à 12h": (start, end)."""
    match = RANGE.search(text)
    if not match:
        return None
    return hm(match["ah"], match["am"]), hm(match["bh"], match["bm"])


def start_phrase(text: str) -> tuple[int, int] | None:
    """"On démarre à 17h05", "début à 9h": the announced start time."""
    match = START_PHRASE.search(text)
    return hm(match["sh"], match["sm"]) if match else None


END_PHRASE = re.compile(rf"(?:termin\w*|fin|finit|fini\w*|cl[ôo]tur\w*|jusqu['’])(?:\s+[^\s\d]+){{0,2}}?\s*"
                        rf"(?:à|a|vers)\s+{TIME_RE.format(p='e')}", re.IGNORECASE)


def end_phrase(text: str) -> tuple[int, int] | None:
    """"se termine à 17h", "jusqu'à 18h": the announced end time."""
    match = END_PHRASE.search(text)
    return hm(match["eh"], match["em"]) if match else None


def leading_time(text: str) -> tuple[tuple[int, int], tuple[int, int] | None, str] | None:
    """A programme line's time ("**14h45 :** Démo", "9h30 - 12h : Ateliers") and the text after it."""
    match = LEADING_TIME.match(text)
    if not match or match.end() >= len(text):
        return None
    # "10 h" alone would also match a count ("10 projets"): require h/: followed by minutes or a separator.
    raw = match.group(0)
    if not re.search(r"\d\s?[h:H]", raw):
        return None
    return hm(match["h"], match["m"]), hm(match["eh"], match["em"]), text[match.end():].strip()


def times_in(text: str) -> list[tuple[int, int]]:
    return [hm(m["h"], m["m"]) for m in _TIME.finditer(text) if hm(m["h"], m["m"]) is not None]


def reference_date(metadata: dict) -> dt.date | None:
    """The document's own date (publication), used to complete days written without a year."""
    for key in ("date", "publishDate", "published", "lastmod", "updated"):
        value = metadata.get(key) if isinstance(metadata, dict) else None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
            if match:
                try:
                    return dt.date(*map(int, match.groups()))
                except ValueError:
                    continue
    return None


def moment(day: DayMention, text: str) -> tuple[str, str | None]:
    """Start and end of an occasion on ``day`` (found in ``text``): the hours written with the day ("16 mars,
    12h30-13h", "le jeudi 6 avril de 11h00 à 12h00"), its time, or the day alone."""
    hours = time_range(text[day.start:day.end + 30])
    if hours:
        return paris(day.day, *hours[0]), paris(day.day, *hours[1])
    return (paris(day.day, *day.time) if day.time else day.day.isoformat()), None
