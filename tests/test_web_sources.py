"""The page of followed sources (/sources) and where a document came from on its page, with Django's test Client."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from test_sources_git import repo  # noqa: F401 - the bare repository fixture


@pytest.fixture
def client(clean_db) -> Client:  # noqa: ANN001 - the shared empty-store fixture (configured sources included)
    return Client()


def test_sources_page_shows_last_sync_counts_and_failures(client: Client, repo, tmp_path: Path) -> None:  # noqa: F811
    from ted.services.sync import add_source, sync
    from ted.store import models as m

    bare, work = repo
    assert "Aucune source suivie" in client.get("/sources").content.decode()
    good = add_source("communaute", f"git+file://{bare}", include=["membres/*"])
    hostile = "http://127.0.0.1:9/<b>plan</b>.xml"  # nobody listens; its name must come back escaped
    add_source("site-ferme", hostile)
    sync(force=True)

    response = client.get("/sources")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]  # the state of syncs is never served from the page cache
    page = response.content.decode()
    assert "communaute" in page and "membres/*" in page and "à jour" in page and "2 nouveaux" in page
    assert git_short(work) in page
    assert "site-ferme" in page and "en échec" in page and "injoignable" in page
    assert "&lt;b&gt;plan&lt;/b&gt;" in page and "<b>plan</b>" not in page
    assert 'href="/sources"' in client.get("/plan-du-site").content.decode()

    doc = m.Document.objects.get(source_uri=good.uri, path="membres/alice.md")
    shown = client.get(f"/documents/{doc.id}.json").json()
    assert shown["revision"] == git_full(work) and shown["source_url"] is None  # git+file: no forge to link to
    assert shown["numbered"]  # the working copy in the cache is the version read: lines are numbered


def git_full(work: Path) -> str:
    from test_sources_git import git

    return git("rev-parse", "HEAD", cwd=work)


def git_short(work: Path) -> str:
    return git_full(work)[:12]


def test_a_web_page_links_to_its_url(client: Client) -> None:
    from ted.store import models as m

    doc = m.Document.objects.create(root="https://exemple.fr/plan.xml", path="https://exemple.fr/a.html",
                                    format="html", sha256="0" * 64, text="Atelier OCR", source_uri="x",
                                    origin="https://exemple.fr/a.html")
    page = client.get(f"/documents/{doc.id}").content.decode()
    assert '<a href="https://exemple.fr/a.html" rel="noopener external">' in page
    assert "Le fichier a changé ou n’est plus lisible" in page  # a page is not a file: the stored text
