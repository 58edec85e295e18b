"""A forgotten person (GDPR) is gone from search results, snippets, documents and expert evidence."""

from __future__ import annotations

import json

import pytest

from search_helpers import ingest_fixtures
from ted.search.experts import find_experts
from ted.search.query import search

curation = pytest.importorskip("ted.services.forget")


@pytest.fixture(scope="module", autouse=True)
def store():
    ingest_fixtures()
    assert any(h.id == "person:louis-martin" for h in search("Louis Martin").results)
    curation.forget("Louis Martin")
    yield
    ingest_fixtures()  # leave a store where nobody is forgotten


def _everything(found) -> str:  # noqa: ANN001 - SearchResults
    return json.dumps([vars(h) for h in found.results], ensure_ascii=False).lower()


@pytest.mark.parametrize("query", ["Louis Martin", "louis", "martin", "LOUIS MARTIN", "louis.martin"])
def test_name_finds_nothing_about_them(query):
    found = search(query)
    assert "louis" not in _everything(found)
    assert all(h.id != "person:louis-martin" for h in found.results)


def test_their_profile_page_is_out_of_the_index():
    assert all(h.path != "_authors/louis.martin.md" for h in search("", type="document", limit=200).results)


def test_other_results_still_there_without_the_name():
    found = search("formulaires scannés")
    assert any(h.id == "project:lectoform" for h in found.results)
    assert "louis" not in _everything(found)


def test_not_an_expert_and_not_in_evidence():
    experts = find_experts("ocr")
    assert all(e.id != "person:louis-martin" for e in experts)
    for expert in experts:
        for evidence in expert.evidence:
            assert "louis" not in evidence.quote.lower()
