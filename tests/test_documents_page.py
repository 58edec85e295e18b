"""A page for every source document: its lines numbered as the file, the cited one marked, its metadata, a
JSON twin; every evidence link and document result leads there; a forgotten person never shows on it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import FIXTURES
from ingest_helpers import ingest_folders
from ted.store import models as m

CORPUS = (FIXTURES / "web", FIXTURES / "evidence")
LEGACY = {"compte-rendu-cp1252.txt"}


@pytest.fixture(scope="module")
def client() -> Client:
    ingest_folders(*CORPUS)
    return Client()


def document(path: str) -> m.Document:
    return m.Document.objects.get(path=path)


def test_the_page_numbers_lines_as_the_file_and_marks_the_cited_one(client: Client) -> None:
    doc = document("agenda/2035-03-13-atelier-ocr-formulaires.md")
    page = client.get(f"/documents/{doc.id}", {"ligne": 19}).content.decode()
    row = re.search(r'<li id="L19"[^>]*>(.*?)</li>', page, re.DOTALL)
    assert row and 'class="ted-line--cited"' in row.group(0) and 'aria-current="location"' in row.group(0)
    assert "présentation du projet Lecteur de formulaires par Camille Dupont (Insee)" in row.group(1)
    assert "- 14 h 15" not in page  # the list marker is Markdown, not text
    assert 'id="L2"' in page and "title : Atelier « Lire les formulaires scannés »" in page  # front matter, keyed
    assert "agenda/2035-03-13-atelier-ocr-formulaires.md" in page and str(FIXTURES / "web") in page
    assert "Markdown (utf-8)" in page and doc.sha256[:12] in page
    assert 'href="#L19"' in page  # "Aller à la ligne citée"


def test_the_json_twin_has_each_line_as_text_and_as_written(client: Client) -> None:
    doc = document("agenda.html")
    data = client.get(f"/documents/{doc.id}.json").json()
    assert data == client.get(f"/documents/{doc.id}", {"format": "json"}).json()
    assert data["numbered"] and data["format"] == "html" and data["path"] == "agenda.html"
    assert set(data) >= {"title", "root", "origin", "version", "ingested_at", "encoding", "lines"}
    row = data["lines"][10]
    assert row["number"] == 11 and row["source"].strip().startswith("<tr><td>10h00</td>")
    assert row["text"] == "10h00 Ouverture Claire Dubois (IGN)"
    assert not any("<" in line["text"] for line in data["lines"])
    assert client.get("/documents/999999").status_code == 404
    assert client.get("/documents/999999.json").json()["status"] == 404


def test_a_legacy_encoding_is_shown_decoded(client: Client) -> None:
    doc = document("compte-rendu-cp1252.txt")
    data = client.get(f"/documents/{doc.id}.json").json()
    assert data["encoding"] == "cp1252"
    assert data["lines"][6]["text"].startswith("Hélène Dufresne présente l’état d’avancement")


def test_every_evidence_link_of_an_entity_page_opens_the_line_that_holds_its_quote(client: Client) -> None:
    checked = 0
    for entity in m.Entity.objects.all():
        page = client.get(f"/entites/{entity.id}").content.decode()
        for doc_id, line in re.findall(r'href="/documents/(\d+)\?ligne=(\d+)#L\2"', page):
            data = client.get(f"/documents/{doc_id}.json", {"ligne": line}).json()
            assert data["cited"] == int(line)
            checked += 1
        for item in client.get(f"/entites/{entity.id}.json").json()["evidence"]:
            source = client.get(f"/documents/{item['document_id']}.json").json()["lines"][item["line"] - 1]
            assert item["quote"].strip() in source["source"], (entity.id, item)
            assert item["url"] == f"/documents/{item['document_id']}?ligne={item['line']}#L{item['line']}"
    assert checked > 20


def test_document_results_link_to_their_page_and_own_pages_are_folded(client: Client) -> None:
    found = client.get("/api/search", {"q": "Camille Dupont", "limit": 50}).json()["results"]
    person = next(h for h in found if h["type"] == "person")
    profile = document("_authors/camille.dupont.md")
    assert {"id": profile.id, "path": profile.path, "url": f"/documents/{profile.id}"} in person["documents"]
    assert all(h["id"] != f"document:{profile.id}" for h in found)  # not listed a second time
    documents = client.get("/api/search", {"q": "formulaires", "type": "document"}).json()["results"]
    assert documents and all(h["url"] == f"/documents/{h['id'].split(':')[1]}" for h in documents)
    page = client.get("/recherche", {"q": "formulaires", "type": "document"}).content.decode()
    assert re.search(r'<h3[^>]*><a href="/documents/\d+">', page)


def test_a_forgotten_person_is_not_on_any_document_page() -> None:
    """Lino Garrigues is named in full, by initials, surname first and misspelt in the fixtures' other pages."""
    from ted.services.forget import forget

    ingest_folders(FIXTURES / "forget")
    try:
        _forget_and_check(forget)
    finally:  # the module's other tests read the web fixtures
        ingest_folders(*CORPUS)


def _forget_and_check(forget) -> None:  # noqa: ANN001 - ted.services.forget.forget
    client = Client()
    profile = document("_authors/lino.garrigues.md")
    notes = document("notes/2025-02-03-reunion-cartographie.md")
    assert "Lino Garrigues" in client.get(f"/documents/{notes.id}").content.decode()  # before: shown
    forget("Lino Garrigues")
    assert client.get(f"/documents/{profile.id}").status_code == 404
    assert client.get(f"/documents/{profile.id}.json").status_code == 404
    shown = 0
    for doc in m.Document.objects.filter(status="ok"):
        for url in (f"/documents/{doc.id}", f"/documents/{doc.id}.json"):
            answer = client.get(url)
            assert answer.status_code == 200, url
            body = answer.content.decode().casefold()
            assert not re.search(r"\bgarr?igu|\blino\b|\bl\. garrigues", body), url
            shown += 1
    assert shown >= 8
    assert "[personne effacée]" in client.get(f"/documents/{notes.id}").content.decode()


@pytest.mark.parametrize("topic", ["ocr", "visualisation de données", "cartographie", "formulaires"])
def test_every_expert_evidence_link_opens_the_line_that_holds_its_quote(client: Client, topic: str) -> None:
    experts = client.get("/api/experts", {"q": topic}).json()["results"]
    items = [item for expert in experts for item in expert["evidence"]]
    assert items, f"no expert evidence for {topic!r}"
    for item in items:
        assert item["url"] == f"/documents/{item['document_id']}?ligne={item['line']}#L{item['line']}", item
        lines = client.get(f"/documents/{item['document_id']}.json").json()["lines"]
        assert item["quote"].strip()[:80] in lines[item["line"] - 1]["source"], item


def test_expert_evidence_from_a_legacy_encoding_quotes_the_line_as_written(client: Client) -> None:
    experts = client.get("/api/experts", {"q": "cartographie"}).json()["results"]
    items = [item for expert in experts for item in expert["evidence"] if item["document"] in LEGACY]
    assert items
    for item in items:
        lines = client.get(f"/documents/{item['document_id']}.json").json()["lines"]
        assert item["quote"].strip()[:80] in lines[item["line"] - 1]["source"], item


def test_an_html_page_is_shown_line_by_line_without_what_a_browser_hides(client: Client) -> None:
    from ted.web.documents import _html_text

    page = ["<html>", "<head>", "<title>Titre</title>", "<style>", "a { color: red }", "</style>", "</head>",
            "<body>", "<script>", "var x = 1;", "</script>", "<p>Bonjour <b>à tous</b></p>", "</body>"]
    assert _html_text(page) == ["", "", "Titre", "", "", "", "", "", "", "", "", "Bonjour à tous", ""]
    one_line = "<html><head><meta charset=utf-8></head><body><h1>Titre</h1><p>Texte <script>a=1;</script>ici</p>"
    assert _html_text([one_line]) == ["Titre Texte ici"]
