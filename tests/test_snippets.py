"""Snippets read as text: no markup, no front-matter syntax, no repeated items, the searched words marked.

Checked line by line (``readable``), on extracts (``extract``), then through the web page, the API and
the CLI over the web fixtures and, when ``../shared`` is there, a small slice of the dev corpus.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from django.test import Client
from rich.console import Console

from conftest import FIXTURES, run_ted, shared_path
from ingest_helpers import ingest_folders
from ted.kb.names import fast_fold
from ted.search.analyzer import STOPWORDS, stem, words
from ted.search.snippet import Snippet, extract, readable

# What a reader should never see in a snippet.
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|&[a-z]+;|&#\d+;")
FRONT_MATTER = re.compile(r"^…?\s*[a-z_][\w-]*:\s|[A-Za-z_][\w.-]*\s?=\s?[\"'\[]|\"[\w.-]+\"\s*:|^\s*(?:---|\+\+\+)")
MARKDOWN = re.compile(r"\*\*|__|`|(?:^|[\s…])#{1,6}\s|^…?\s*[-*+]\s|\]\(|!\[")


@pytest.mark.parametrize(("line", "shown"), [
    ('title = "Atelier OCR et extraction"', "Atelier OCR et extraction"),
    ("<!DOCTYPE html>", ""),
    ("<h1>Bonjour <b>à tous</b></h1>", "Bonjour à tous"),
    ("**15h00 :** accueil", "15h00 : accueil"),
    ("- python", "python"),
    ("  - nom: Jeanne Roux", "Jeanne Roux"),
    ("## Programme", "Programme"),
    ("| 10h00 | Ouverture |", "10h00 · Ouverture"),
    ("|---|---|", ""),
    ("title: |-", ""),
    ('"title": "Hello",', "Hello"),
    ('tags: [ocr, "dataviz"]', "ocr, dataviz"),
    ("Voir [le dépôt](https://example.org/a_(b) ) et ![carte](c.png)", "Voir le dépôt et carte"),
    ("<td>Claire &amp; Marc</td></tr>", "Claire & Marc"),
    ("Contexte : un texte ordinaire", "Contexte : un texte ordinaire"),
])
def test_a_line_as_a_person_reads_it(line: str, shown: str) -> None:
    assert readable(line) == shown


def test_a_front_matter_line_keeps_its_key_on_a_document_page() -> None:
    assert readable('lieu = "Paris"', keys=True) == "lieu : Paris"
    assert readable("  - employer: Insee", keys=True) == "employer : Insee"


def test_the_matching_sentence_with_its_words_marked() -> None:
    text = "Introduction.\n- python\n- python\n- python\nLe projet LectoForm lit les formulaires scannés. Fin."
    shown = extract(text, ["formulair", "scann"])
    assert shown.text == "…Le projet LectoForm lit les formulaires scannés. Fin."
    assert [shown.text[a:b] for a, b in shown.marks] == ["formulaires", "scannés"]
    assert extract(text, ["python"]).text.count("python") == 1  # a repeated item is shown once


def test_marks_are_the_only_markup() -> None:
    shown = extract("Le <script>alert(1)</script> projet & « [bold]OCR[/bold] » est là.", ["ocr", "projet"])
    assert "<script" not in shown.html and "&amp;" in shown.html
    assert re.sub(r"</?mark>", "", shown.html) == html.escape(shown.text)
    assert _rendered(shown.rich()) == shown.text  # Rich markup written in the text is shown, not applied
    assert _rendered(Snippet("a [b] c\\", [(3, 4)]).rich()) == "a [b] c\\"


def _rendered(markup: str) -> str:
    console = Console(record=True, width=400, file=io.StringIO())
    console.print(markup, end="")
    return console.export_text()


def test_a_long_sentence_is_cut_around_the_words_at_word_boundaries() -> None:
    sentence = " ".join(["mot"] * 80) + " cartographie " + " ".join(["fin"] * 80) + "."
    shown = extract(sentence, ["cartograph"])
    assert "cartographie" in shown.text and shown.text.startswith("…") and shown.text.endswith("…")
    assert len(shown.text) <= 230 and " mo…" not in shown.text


def test_a_long_paragraph_is_read_around_its_hit_and_never_shows_part_of_a_word() -> None:
    words_ = [f"mot{i:04d}" for i in range(600)]
    paragraph = " ".join(words_[:300]) + " la cartographie publique " + " ".join(words_[300:])
    shown = extract(paragraph + "\nFin.", ["cartograph"])
    assert "cartographie" in shown.text and shown.text.startswith("…") and shown.text.endswith("…")
    assert set(shown.text.strip("…").split()) <= set(paragraph.split())


def test_text_cut_before_is_announced() -> None:
    assert extract("la visualisation de données pour tous.", ["visualis"]).text.startswith("…")
    assert extract("Une visualisation de données pour tous.", ["visualis"]).text.startswith("Une")


def _stems(query: str) -> list[str]:
    return [stem(w) for w in words(query) if w not in STOPWORDS]


def snippet_problems(snippet: str, query: str) -> list[str]:
    """What is wrong with one plain snippet for ``query``."""
    problems = []
    for name, pattern in (("balisage", MARKUP), ("front matter", FRONT_MATTER), ("Markdown", MARKDOWN)):
        if pattern.search(snippet):
            problems.append(f"{name}: {snippet[:120]!r}")
    items = [fast_fold(i).strip(" .…") for i in re.split(r" · |(?<=[.!?]) ", snippet) if len(i.strip(" .…")) > 2]
    if len(items) != len(set(items)):
        problems.append(f"repeated item: {snippet[:120]!r}")
    return problems


def unmarked(snippet: str, marks: list[list[int]] | list[tuple[int, int]], query: str) -> list[str]:
    """Words of the snippet that start with a searched stem but are not inside a mark."""
    stems = tuple(s for s in _stems(query) if len(s) >= 2)
    missed = []
    for found in re.finditer(r"\w+", snippet):
        if fast_fold(found.group()).startswith(stems) and not any(a <= found.start() < b for a, b in marks):
            missed.append(found.group())
    return missed


def check_search(client: Client, queries: list[str]) -> None:
    """Every snippet of the API and of /recherche for ``queries`` is clean and marks the searched words."""
    marked = 0
    for query in queries:
        data = client.get("/api/search", {"q": query, "limit": 50}).json()
        assert data["results"], f"no result for {query!r}"
        for hit in data["results"]:
            snippet = hit["snippet"]
            assert not snippet_problems(snippet, query), (query, hit["id"], snippet_problems(snippet, query))
            assert not unmarked(snippet, hit["highlights"], query), (query, hit["id"], snippet)
            assert re.sub(r"</?mark>", "", hit["snippet_html"]) == html.escape(snippet)
            marked += bool(hit["highlights"])
        page = client.get("/recherche", {"q": query}).content.decode()
        for shown in re.findall(r'<p class="[^"]*ted-snippet">(.*?)</p>', page, re.DOTALL):
            assert not re.search(r"<(?!/?mark>)", shown), shown
            text = html.unescape(re.sub(r"</?mark>", "", shown))
            assert not snippet_problems(text, query), snippet_problems(text, query)
    assert marked >= len(queries), "searched words are rarely marked"


@pytest.fixture(scope="module")
def web_corpus() -> None:
    ingest_folders(FIXTURES / "web", FIXTURES / "evidence")


WEB_QUERIES = ["ocr", "formulaires scannés", "visualisation de données", "cartographie", "insee", "atelier",
               "tableaux de bord", "data scientist", "tesseract", "programme", "python", "climat"]


def test_fixture_snippets_are_clean_and_marked(web_corpus: None) -> None:
    check_search(Client(), WEB_QUERIES)


def test_cli_marks_the_words_with_rich(tmp_path) -> None:  # noqa: ANN001 - pytest's tmp_path
    db = tmp_path / "cli.sqlite3"
    run_ted("ingest", str(FIXTURES / "web"), db=db)
    shown = run_ted("search", "formulaires", db=db, env={"TERM": "xterm", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;33mformulaires" in shown  # bold yellow
    assert "<" not in re.sub(r"\x1b\[[\d;]*m", "", shown)


SHARED_QUERIES = ["atelier ocr", "programme", "visualisation de données", "python", "meetup", "open data",
                  "intelligence artificielle", "design", "hackathon", "data scientist", "algorithmes"]


def test_dev_corpus_snippets_are_clean_and_marked() -> None:
    ingest_folders(*(shared_path("corpus", name) for name in ("seeds", "numerique", "programme10pourcent")))
    check_search(Client(), SHARED_QUERIES)


BETAGOUV_QUERIES = ["python", "react", "accessibilité", "santé", "data scientist", "product owner", "django",
                    "emploi", "justice", "sécurité informatique"]


def test_betagouv_snippets_are_clean_and_marked() -> None:
    """Profiles and startups: YAML front matter everywhere, the same skills repeated by hundreds of pages."""
    ingest_folders(shared_path("corpus", "betagouv"))
    check_search(Client(), BETAGOUV_QUERIES)
