"""The experts page and API: explanations in words linked to their source, no raw score on the page,
query by description (page and ``POST /api/experts``), CSRF required by pages but not by the API."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, reverse

from search_helpers import ingest_fixtures
from ted.store import models as m

PARAGRAPH = ("Nous cherchons qui sait faire des cartes interactives et des tableaux de bord "
             "pour les collectivités, avec un peu de Python.")


@pytest.fixture(scope="module", autouse=True)
def store():
    ingest_fixtures()
    yield


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # answers are cached per index generation: each test reads its own
    yield


def _documents_served() -> bool:
    try:
        reverse("ted:document", args=[1])
    except NoReverseMatch:
        return False
    return True


def test_page_explains_in_sentences_linked_to_the_cited_line():
    page = Client().get("/experts", {"q": "visualisation de données"}).content.decode()
    assert "Déclare la compétence Visualisation de données" in page
    assert "A travaillé sur CartoViz" in page and "(2021–2024)" in page
    assert "Data scientist" in page
    assert "score" not in page.lower().split("<main", 1)[-1]
    profile = m.Document.objects.get(path="_authors/camille.durand.md")
    if _documents_served():
        assert f'href="/documents/{profile.id}?ligne=13#L13"' in page
    assert "_authors/camille.durand.md, ligne 13" in page


def test_api_keeps_the_score_and_adds_the_sentences():
    data = Client().get("/api/experts", {"q": "visualisation de données"}).json()
    camille = next(e for e in data["results"] if e["id"] == "person:camille-durand")
    assert isinstance(camille["score"], float) and camille["role"] == "Data scientist"
    skill = next(x for x in camille["explanations"] if x["kind"] == "has_skill")
    assert skill["sentence"] == "déclare la compétence Visualisation de données"
    assert skill["sources"][0]["document"] == "_authors/camille.durand.md" and skill["sources"][0]["line"] == 13
    assert "person:hugo-petit" not in {e["id"] for e in data["results"]}


def test_page_takes_a_description():
    page = Client().get("/experts", {"description": PARAGRAPH}).content.decode()
    assert "Termes retenus" in page and "« Visualisation de données »" in page
    assert "Camille Durand" in page and "Hugo Petit" not in page
    assert Client().get("/experts", {"description": "x" * 6000}).status_code == 400


def test_post_api_experts_without_csrf_token():
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/api/experts", json.dumps({"text": PARAGRAPH}), content_type="application/json")
    assert answer.status_code == 200
    data = answer.json()
    assert "Visualisation de données" in data["terms"] and data["results"][0]["id"] == "person:camille-durand"
    assert data["results"][0]["explanations"] and "score" in data["results"][0]
    same = client.get("/api/experts", {"q": "visualisation de données"}).json()["results"][0]
    assert set(same) == set(data["results"][0])
    assert client.post("/api/experts", json.dumps({"text": "x" * 6000}),
                       content_type="application/json").status_code == 422
    assert client.post("/api/experts", json.dumps({}), content_type="application/json").status_code == 422


def test_pages_still_require_csrf_for_posts():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/experts", {"description": PARAGRAPH}).status_code == 403
