"""The line a fact cites is the line that states it."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import extract_folder
from ted.sources import read_file

FOLDER = Path(__file__).resolve().parent / "fixtures" / "evidence"


def test_a_fact_from_an_html_table_row_cites_the_row() -> None:
    facts = extract_folder(FOLDER)["agenda.html"]
    cited = {(str(s.type), facts.mentions[s.source].name): (s.line, s.quote) for s in facts.statements}
    line, quote = cited[("speaker_at", "Claire Dubois")]
    assert (line, quote.strip()) == (11, "<tr><td>10h00</td><td>Ouverture</td><td>Claire Dubois (IGN)</td></tr>")
    assert cited[("speaker_at", "Marc Lefèvre")][0] == 12


def test_the_page_title_is_read_on_its_own_line() -> None:
    doc_lines = (FOLDER / "agenda.html").read_text(encoding="utf-8").splitlines()
    doc = read_file(FOLDER / "agenda.html", str(FOLDER), "agenda.html")
    assert "<title>" in doc_lines[doc.metadata_lines["title"] - 1]
