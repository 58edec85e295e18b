"""No query string, however hostile, makes search() or find_experts() raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_helpers import entity_id, ingest_fixtures
from ted.search.experts import find_experts
from ted.search.query import SearchResults, search

HOSTILE = [
    '"', '""', '"ocr', 'ocr"', "(", ")", "((ocr", "ocr)", "*", "ocr*", "*ocr", ":", "name:ocr", "ocr:",
    "NEAR", "NEAR(ocr python)", "NEAR(ocr python, 2)", "-", "-ocr", "ocr -python", "AND", "OR", "NOT",
    "ocr AND", "OR ocr", "ocr NOT python", "ocr OR OR python", "^ocr", "ocr + python", "{ocr}", "[ocr]",
    "ocr & python | data", "'; DROP TABLE store_entity; --", "ocr' OR '1'='1", "\\", "%", "_", "%%%",
    "😀", "données 🚀 ocr", "\x00", "ocr\x00python", "\u202e", "ʻokina", "日本語", "Ω≈ç√", "l'Insee",
    "aujourd'hui", "c'est-à-dire", "  ", "\t\n", "a" * 10_000, "ocr " * 3000, "é" * 5000,
    "x" * 200 + " python", "1", "2023", "0" * 100, ".", "...", "#", "@", "<script>alert(1)</script>",
    "col:ocr*", '"ocr" NEAR/2 "python"', "ocr*:*", "!!ocr", "ocr<->python", "ocr:* & python",
]


@pytest.fixture(scope="module", autouse=True)
def store():
    ingest_fixtures()
    yield


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_never_raises(query):
    found = search(query)
    assert isinstance(found, SearchResults)
    assert found.results or found.message  # results, or a clear message
    assert isinstance(find_experts(query), list)


@pytest.mark.parametrize("query", ["NEAR(ocr python)", '"ocr', "ocr)", "-ocr", "ocr*", "ocr:"])
def test_syntax_characters_are_just_text(query):
    assert entity_id("OCR", "skill") in [h.id for h in search(query).results]


def test_hostile_filters_and_paging():
    for kwargs in ({"type": "'; --"}, {"organisation": '"'}, {"year": "abc"}, {"skill": "*"},
                   {"limit": -5}, {"offset": -1}, {"limit": "x"}, {"limit": 10**9}):
        assert isinstance(search("ocr", **kwargs), SearchResults)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text(query):
    found = search(query)
    assert isinstance(found, SearchResults)
    assert found.total >= len(found.results)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(['"', "(", ")", "*", ":", "NEAR", "-", "AND", "OR", "NOT", "^", "ocr",
                                 "données", "python", "'", "+", "😀", "é"]), max_size=12))
def test_any_mix_of_syntax(parts):
    query = " ".join(parts)
    assert isinstance(search(query), SearchResults)
    assert isinstance(search("".join(parts)), SearchResults)
