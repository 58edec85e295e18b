"""Front-matter dates, machine-written or typed by a person."""

import pytest

from ted.kb.dates import parse_iso


@pytest.mark.parametrize("text,expected", [
    ("2023-11-28 14:30:00 +01:00", "2023-11-28T14:30:00+01:00"),
    ("2022-05-16T13:00:00+01:00", "2022-05-16T14:00:00+02:00"),  # same instant, Paris summer time
    ("2020-01-19 00:00:00 +01:00", "2020-01-19"),  # midnight: a day without a time
    ("2024-07-02T09:30:00", "2024-07-02T09:30:00+02:00"),  # naive: Paris, summer offset
    ("jeudi 3 octobre 2024 à 18h30", "2024-10-03T18:30:00+02:00"),
    ("03/10/2024", "2024-10-03"),
    ("12 décembre 2025 14:00", "2025-12-12T14:00:00+01:00"),
    ("demain", None),
    ("à définir", None),
])
def test_parse_front_matter_dates(text: str, expected: str | None) -> None:
    assert parse_iso(text) == expected
