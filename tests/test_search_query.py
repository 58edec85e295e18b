"""search(): ranking, French analysis (accents, plurals, typos, acronyms), facets, filters."""

from __future__ import annotations

import pytest

from search_helpers import entity_id, ids, ingest_fixtures
from ted.search.query import SearchResults, search


@pytest.fixture(scope="module", autouse=True)
def store():
    ingest_fixtures()
    yield


def test_result_shape():
    found = search("ocr")
    assert isinstance(found, SearchResults)
    assert found.total >= len(found.results) > 0
    hit = found.results[0]
    assert hit.id and hit.type and hit.name and hit.score > 0
    assert set(found.facets) == {"type", "organisation", "skill", "project", "year"}


def test_exact_name_ranks_first():
    assert ids(search("ocr"))[0] == entity_id("OCR", "skill")
    assert ids(search("CartoViz"))[0] == "project:cartoviz"
    assert ids(search("Louis Martin"))[0] == "person:louis-martin"


def test_topic_finds_project_and_people():
    top = ids(search("ocr"))[:5]
    assert "project:lectoform" in top
    assert "person:louis-martin" in top


def test_scores_are_sorted():
    scores = [h.score for h in search("données").results]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("query", ["données", "donnees", "DONNÉES", "Donnée"])
def test_accents_and_case_are_folded(query):
    assert "skill:visualisation-de-donnees" in ids(search(query))


def test_plural_and_singular_match():
    assert "project:lectoform" in ids(search("formulaire"))
    assert "project:lectoform" in ids(search("formulaires"))
    assert "event:atelier-dataviz-raconter-les-elections-avec-des-graphiques" in ids(search("élection"))


def test_prefix_matching():
    assert "project:cartoviz" in ids(search("cartograph"))


def test_typo_is_corrected_with_a_message():
    found = search("lectofrom")
    assert ids(found)[0] == "project:lectoform"
    assert found.message and "correction" in found.message


def test_acronym_finds_the_full_name():
    assert ids(search("DINUM"))[0] == "organisation:direction-interministerielle-du-numerique"
    assert "organisation:institut-national-de-la-statistique-et-des-etudes-economiques" in ids(search("insee"))


def test_synonym_expansion():
    # "dataviz" is only in the event's name; the skill and the project say "visualisation de données".
    found = ids(search("dataviz"))
    assert "skill:visualisation-de-donnees" in found
    assert "event:atelier-dataviz-raconter-les-elections-avec-des-graphiques" in found
    assert "project:lectoform" in ids(search("reconnaissance optique de caractères"))


def test_documents_are_searchable():
    found = search("Cerfa", type="document")
    assert found.results and found.results[0].path == "notes/2024-02-01-compte-rendu.md"
    assert "Cerfa" in found.results[0].snippet


def test_snippet_shows_the_words():
    hit = next(h for h in search("manuscrits").results if h.id == "person:louis-martin")
    assert "manuscrits" in hit.snippet


def test_type_filter_and_type_facet():
    found = search("python", type="person")
    assert found.results and all(h.type == "person" for h in found.results)
    types = {value: count for value, _label, count in found.facets["type"]}
    assert types["person"] == 2 and types.get("skill") == 1  # type counts ignore the type filter


def test_facets_and_facet_filters():
    found = search("python")
    organisations = {value: (label, count) for value, label, count in found.facets["organisation"]}
    assert "organisation:direction-interministerielle-du-numerique" in organisations
    assert organisations["organisation:direction-interministerielle-du-numerique"][0] == \
        "Direction interministérielle du numérique"
    insee = "organisation:institut-national-de-la-statistique-et-des-etudes-economiques"
    filtered = search("python", organisation=insee)
    assert "person:camille-durand" in ids(filtered)
    assert "person:louis-martin" not in ids(filtered)
    assert ids(search("", skill=entity_id("OCR", "skill"), type="person")) == ["person:louis-martin"]
    assert ids(search("ocr", project="project:lectoform", type="person"))[0] == "person:louis-martin"


def test_year_facet_and_filter():
    found = search("graphiques")
    years = {value for value, _label, _count in found.facets["year"]}
    assert "2023" in years
    assert ids(search("graphiques", year=2023, type="event")) == [
        "event:atelier-dataviz-raconter-les-elections-avec-des-graphiques"]
    assert search("graphiques", year=1999).total == 0


def test_pagination():
    everything = ids(search("données", limit=50))
    assert ids(search("données", limit=2, offset=1)) == everything[1:3]


def test_no_result_gives_a_message():
    found = search("zzzqqqxxx")
    assert found.total == 0 and found.results == [] and found.message


def test_any_word_fallback():
    found = search("lectoform licorne")
    assert ids(found)[0] == "project:lectoform"
    assert found.message


def test_rebuild_invalidates_the_cache():
    from ted.search.index import rebuild_index
    from ted.store import models as m

    assert search("Zoé Lambert").total == 0
    entity = m.Entity.objects.create(id="person:zoe-lambert", type="person", name="Zoé Lambert")
    try:
        rebuild_index()
        assert ids(search("zoe lambert"))[0] == "person:zoe-lambert"
    finally:
        entity.delete()
        rebuild_index()
