"""Dates and times as TED stores them (ISO 8601, Europe/Paris when the text gives no offset), and read back."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
HAS_TIME = re.compile(r"\b([01]?\d|2[0-3])\s?(h|:)\s?([0-5]\d)?\b", re.IGNORECASE)


def paris(day: dt.date, hour: int | None = None, minute: int = 0) -> str:
    """ISO string for a day (and time, in Paris local time, with the offset of that date)."""
    if hour is None:
        return day.isoformat()
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).isoformat()


def parse_iso(text: str) -> str | None:
    """A front-matter date or datetime as ISO 8601.

    Machine-written forms ("2023-11-28 14:30:00 +01:00", "2022-05-16T13:00:00+01:00") are read
    directly; anything else a person typed ("jeudi 3 octobre 2024 à 18h30", "03/10/2024")
    goes through dateparser, in French. A midnight time means the author gave a day only.
    Naive times are Paris time.
    """
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            moment = _human(text)
            if moment is None:
                return None
    if moment.hour == 0 and moment.minute == 0 and moment.second == 0:
        return moment.date().isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS).isoformat()


def _human(text: str) -> dt.datetime | None:
    """A date as a person wrote it in a front-matter field, or None."""
    if len(text) > 80 or not any(c.isdigit() for c in text):
        return None
    import dateparser  # imported here: loading its language data costs time on every start

    moment = dateparser.parse(text, languages=["fr", "en"], settings={
        "TIMEZONE": "Europe/Paris", "RETURN_AS_TIMEZONE_AWARE": False, "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]})
    if moment is None:
        return None
    if not HAS_TIME.search(text):
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment.replace(tzinfo=PARIS)


# ------------------------------------------------------------------ stored dates read back


@dataclass(frozen=True)
class When:
    """A moment as a document gave it: a day alone, or an aware date-time."""

    value: dt.date | dt.datetime

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, dt.datetime)

    @property
    def day(self) -> dt.date:
        return self.value.date() if isinstance(self.value, dt.datetime) else self.value

    def as_datetime(self) -> dt.datetime:
        """An aware date-time (midnight in Paris for a day alone), for comparisons."""
        if isinstance(self.value, dt.datetime):
            return self.value
        return dt.datetime.combine(self.value, dt.time(), tzinfo=PARIS)


def parse_when(raw: object) -> When | None:
    """Parse ``2023-11-28`` or ``2023-11-28T14:30:00+01:00``; ``None`` when it is not a date."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    try:
        if len(text) <= 10:
            return When(dt.date.fromisoformat(text))
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=PARIS)
    return When(value.astimezone(PARIS))


def event_span(attributes: dict) -> tuple[When | None, When | None]:
    return parse_when(attributes.get("start")), parse_when(attributes.get("end"))


def is_upcoming(attributes: dict, now: dt.datetime) -> bool | None:
    """True when the event has not ended yet at ``now``; None without a start date."""
    start, end = event_span(attributes)
    if start is None:
        return None
    last = end or start
    if last.has_time:
        return last.as_datetime() >= now
    return last.day >= now.astimezone(PARIS).date()
