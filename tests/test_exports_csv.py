"""CSV export: no cell a spreadsheet would run as a formula (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io

import pytest

from ted.exports.csv import export_csv, safe_cell
from ted.store import models as m

HOSTILE = [
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example")',
    "+33 1 23",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "  =1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_cell_is_written_as_text(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Camille Roussel", "Insee", "2+2", "a-b", "", 0.95])
def test_ordinary_cells_are_unchanged(value: object) -> None:
    assert safe_cell(value) == value


def test_export_of_names_beginning_with_formula_signs(clean_db) -> None:
    for number, name in enumerate(HOSTILE):
        m.Entity.objects.create(
            id=f"person:hostile-{number}", type="person", name=name, attributes={"titles": ["-1+1"]}, confidence=0.9
        )
    m.Alias.objects.create(entity_id="person:hostile-0", name="@alias")
    buffer = io.StringIO()
    assert export_csv(buffer) == len(HOSTILE)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(buffer.getvalue()))}
    for number, name in enumerate(HOSTILE):
        assert rows[f"person:hostile-{number}"]["name"] == "'" + name
    assert rows["person:hostile-0"]["aliases"] == "'@alias"
    assert rows["person:hostile-0"]["confidence"] == "0.9"  # numbers stay numbers
    # No cell of the file starts with a formula sign once the CSV quoting is read back.
    for row in rows.values():
        for value in row.values():
            assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), value
