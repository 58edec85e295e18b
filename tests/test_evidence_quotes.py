"""Every piece of evidence cites the line that holds its quote and names what it proves, in every layout.

The check reads each document the way its page does (``/documents/<id>``, lines numbered as the file)
and, for each stored quote, looks at the cited line: it must hold the quote as written, show it as
text, and name the entity (or one end of the relation) by a name, an alias, a word of its name, or a
code the front matter refers to it by. Events are checked for the quote only: their names are made up
by extraction ("Réunion du 17 mars") and are not written as such.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from conftest import FIXTURES, shared_path
from ingest_helpers import ingest_folders
from ted.extract.layout.evidence_lines import holds_code, normal
from ted.search.snippet import readable

LAYOUTS = ["evidence", "extract", "eval/corpus", "eval3/corpus", "skills", "projects", "shared_roles",
           "frontmatter_shapes", "frontmatter_inference", "team_units", "sessions"]
SHARED = ["seeds", "numerique", "programme10pourcent", "betagouv"]


def misplaced() -> list[str]:
    """What is wrong with the stored evidence, one sentence per quote (empty when every line is right)."""
    from ted.store import models as m
    from ted.web.documents import document_data

    names = _names()
    pages: dict[int, list[dict]] = {}
    problems = []
    rows = [(e, [e], d, n, q) for e, d, n, q in m.EntityEvidence.objects.values_list(
        "entity_id", "document_id", "line", "quote")]
    rows += [(f"{t} {s} {g}", [s, g], d, n, q) for t, s, g, d, n, q in m.RelationEvidence.objects.values_list(
        "relation__type", "relation__source_id", "relation__target_id", "document_id", "line", "quote")]
    documents = {d.id: d for d in m.Document.objects.filter(status="ok")}
    for what, ends, doc_id, number, quote in rows:
        if doc_id not in pages:
            page = document_data(documents[doc_id])
            assert page["numbered"], f"{documents[doc_id].path}: the file ingested cannot be read again"
            pages[doc_id] = page["lines"]
        where = f"{documents[doc_id].path}:{number} ({what})"
        problem = _line_problem(pages[doc_id], number, quote, ends, names)
        if problem:
            problems.append(f"{where}: {problem}")
    return problems


def _line_problem(lines: list[dict], number: int, quote: str, ends: list[str],
                  names: dict[str, list[str]]) -> str | None:
    if not 1 <= number <= len(lines):
        return "line outside the document"
    line = lines[number - 1]
    if line["number"] != number or quote.strip() not in line["source"]:
        return f"quote {quote[:60]!r} not on the line ({line['source'][:60]!r})"
    shown = set(normal(line["text"]).split())
    said = normal(readable(quote)).split()
    if said and sum(w in shown for w in said) < 0.8 * len(said):
        return f"the page shows {line['text'][:60]!r} for the quote {quote[:60]!r}"
    checked = [end for end in ends if not end.startswith("event:")]
    if checked and not holds_code(line["source"]) and not any(_named(line["source"], names[e]) for e in checked):
        return f"the line {line['source'].strip()[:80]!r} names none of {checked}"
    return None


def _named(source: str, names: list[str]) -> bool:
    text = normal(source)
    words = {w for name in names for w in name.split() if len(w) >= 4}
    return any(name in text for name in names) or any(f" {w} " in text for w in words)


def _names() -> dict[str, list[str]]:
    from ted.store import models as m

    names: dict[str, list[str]] = defaultdict(list)
    for entity_id, name in m.Entity.objects.values_list("id", "name"):
        names[entity_id] += [normal(name), normal(entity_id.split(":", 1)[1].replace("-", " "))]
    for entity_id, name in m.Alias.objects.values_list("entity_id", "name"):
        names[entity_id].append(normal(name))
    return names


def test_fixture_layouts_cite_the_line_of_each_quote() -> None:
    ingest_folders(*(FIXTURES / name for name in LAYOUTS))
    problems = misplaced()
    assert not problems, f"{len(problems)} misplaced:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("folder", SHARED)
def test_dev_corpus_cites_the_line_of_each_quote(folder: str) -> None:
    ingest_folders(shared_path("corpus", folder))
    problems = misplaced()
    assert not problems, f"{len(problems)} misplaced:\n" + "\n".join(problems[:40])


def _facts(name: str):  # noqa: ANN202 - the extraction helper's Facts
    from extract_helpers import extract_folder

    return extract_folder(FIXTURES / "evidence")[name]


def _cited(name: str) -> dict[tuple[str, str], int]:
    facts = _facts(name)
    return {(str(s.type), facts.mentions[s.source].name): s.line for s in facts.statements}


def test_a_table_row_over_two_lines_cites_the_line_naming_the_speaker() -> None:
    cited = _cited("programme-sur-deux-lignes.html")
    assert cited[("speaker_at", "Gaëlle Morvan-Tissier")] == 12
    assert cited[("speaker_at", "Anatole Brisebois")] == 14


def test_a_definition_list_cites_the_description_for_the_body() -> None:
    facts = _facts("experts.html")
    lines = {m.name: m.line for m in facts.mentions.values()}
    assert lines["Séverine Achard"] == 7 and lines["Agence nationale de la cohésion des territoires"] == 8


def test_a_legacy_encoding_keeps_its_lines() -> None:
    facts = _facts("compte-rendu-cp1252.txt")
    cited = {(str(s.type), facts.mentions[s.source].name): (s.line, s.quote) for s in facts.statements}
    line, quote = cited[("speaker_at", "Hélène Dufresne")]
    assert line == 7 and quote.startswith("Hélène Dufresne présente")
    raw = (FIXTURES / "evidence" / "compte-rendu-cp1252.txt").read_bytes().decode("cp1252").splitlines()
    assert re.sub(r"\s+", " ", raw[line - 1]).strip().startswith("Hélène Dufresne")
