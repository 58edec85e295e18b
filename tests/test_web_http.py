"""HTTP behaviour: caching and revalidation, API errors in JSON and French, request ids on 500s, Host checks,
and the warning of ``ted serve`` on a network address."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from django.test import Client

from conftest import run_ted
from search_helpers import CORPUS, ingest_fixtures
from webserver import get, served


@pytest.fixture(scope="module")
def client() -> Client:
    ingest_fixtures()
    return Client(raise_request_exception=False)


def test_pages_are_fresh_for_a_minute_then_revalidated(client: Client) -> None:
    first = client.get("/recherche?q=ocr")
    assert first.status_code == 200 and first["Cache-Control"] == "max-age=60"
    assert first["ETag"].startswith('"') and first["Last-Modified"].endswith("GMT")
    again = client.get("/recherche?q=ocr", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    since = client.get("/recherche?q=ocr", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = client.get("/recherche?q=python")
    assert other["ETag"] != first["ETag"]


def test_api_and_calendars_carry_validators(client: Client) -> None:
    api = client.get("/api/search?q=ocr")
    assert api.status_code == 200 and api["Cache-Control"] == "no-cache" and api["ETag"]
    assert client.get("/api/search?q=ocr", HTTP_IF_NONE_MATCH=api["ETag"]).status_code == 304
    twin = client.get("/entites/project:lectoform.json")
    assert twin.status_code == 200 and twin["Cache-Control"] == "no-cache"
    calendar = client.get("/agenda.ics")
    assert calendar.status_code == 200 and calendar["Cache-Control"] == "max-age=900, must-revalidate"
    assert calendar["ETag"] and calendar["Last-Modified"]


def test_a_graph_rebuild_changes_the_validators(client: Client) -> None:
    from ted.services.graph import rebuild

    before = client.get("/api/search?q=ocr")
    rebuild()
    after = client.get("/api/search?q=ocr", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert json.loads(after.content)["results"] == json.loads(before.content)["results"]


def test_api_errors_are_json_in_french(client: Client) -> None:
    for path, status in (("/api/rien", 404), ("/api/entities/person:personne-inconnue", 404),
                         ("/api/search?limit=beaucoup", 422)):
        answer = client.get(path)
        assert answer.status_code == status and answer["Content-Type"].startswith("application/json"), path
        assert json.loads(answer.content)["detail"] in ("Adresse inconnue : consultez /api/ pour la liste des "
                                                         "points d’accès.", "Entité inconnue.",
                                                         "Le paramètre « limit » doit être un nombre entier.")
    posted = client.post("/api/search")
    assert posted.status_code == 405 and json.loads(posted.content)["detail"].startswith("Méthode non permise")
    foreign = client.get("/api/search?q=ocr", HTTP_HOST="evil.example")
    assert foreign.status_code == 400 and json.loads(foreign.content)["detail"] == "Requête invalide."


def test_a_foreign_host_is_refused_even_for_a_cached_page(client: Client) -> None:
    assert client.get("/agenda").status_code == 200  # now kept in the process's cache
    refused = client.get("/agenda", HTTP_HOST="evil.example")
    assert refused.status_code == 400 and b"Requ\xc3\xaate invalide" in refused.content
    assert client.get("/agenda.ics", HTTP_HOST="evil.example").status_code == 400


def test_every_answer_has_a_request_id(client: Client) -> None:
    ids = {client.get("/")["X-Request-ID"], client.get("/api/rien")["X-Request-ID"]}
    assert len(ids) == 2 and all(len(i) == 12 for i in ids)


def test_a_500_is_logged_with_the_id_its_page_shows(tmp_path: Path) -> None:
    db = tmp_path / "erreur.sqlite3"
    run_ted("ingest", str(CORPUS), db=db)
    log = tmp_path / "serve.log"
    with served(db, log) as base:
        assert get(base + "/entites/project:lectoform")[0] == 200
        with sqlite3.connect(db) as connection:  # a broken store: the kind of fault a 500 reports
            connection.execute("ALTER TABLE store_alias RENAME TO store_alias_cache")
        try:
            status, headers, body = get(base + "/entites/skill:python")
            api_status, api_headers, api_body = get(base + "/api/entities/skill:python")
        finally:
            with sqlite3.connect(db) as connection:
                connection.execute("ALTER TABLE store_alias_cache RENAME TO store_alias")
    headers, api_headers = ({k.lower(): v for k, v in h.items()} for h in (headers, api_headers))
    assert status == 500 and headers["x-request-id"] in body.decode()
    assert headers["cache-control"] == "no-store"
    assert api_status == 500 and json.loads(api_body)["request_id"] == api_headers["x-request-id"]
    written = log.read_text()
    for request_id in (headers["x-request-id"], api_headers["x-request-id"]):
        line = next(line for line in written.splitlines() if request_id in line)
        assert "ERROR django.request" in line and "Internal Server Error" in line
    assert "no such table: store_alias" in written  # the traceback follows


def test_serving_on_a_network_address_warns(tmp_path: Path) -> None:
    db = tmp_path / "reseau.sqlite3"
    run_ted("ingest", str(CORPUS / "_organisations"), db=db)
    with served(db, tmp_path / "local.log"):
        pass
    assert "Attention" not in (tmp_path / "local.log").read_text()
    with served(db, tmp_path / "open.log", "--host", "0.0.0.0"):
        pass
    shown = " ".join((tmp_path / "open.log").read_text().split())
    assert "Attention : TED écoute sur 0.0.0.0, une adresse joignable depuis le réseau" in shown
    assert "--host 127.0.0.1" in shown
