"""Dates and times as TED stores them: ISO 8601, Europe/Paris when the text gives no offset."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris(day: dt.date, hour: int | None = None, minute: int = 0) -> str:
    """ISO string for a day (and time, in Paris local time, with the offset of that date)."""
    if hour is None:
        return day.isoformat()
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).isoformat()


def parse_iso(text: str) -> str | None:
    """A machine-written date or datetime ("2023-11-28 14:30:00 +01:00", "2022-05-16T13:00:00+01:00").

    A midnight time means the author gave a day only. Naive times are Paris time.
    """
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            return None
    if moment.hour == 0 and moment.minute == 0 and moment.second == 0:
        return moment.date().isoformat()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS).isoformat()
