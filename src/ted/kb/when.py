"""Event dates as TED stores them (ISO 8601 text) turned into Python values in Europe/Paris."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


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
