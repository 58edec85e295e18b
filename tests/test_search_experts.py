"""find_experts(): people ranked for a topic, each with the evidence that explains the rank."""

from __future__ import annotations

import pytest

from search_helpers import entity_id, ingest_fixtures
from ted.search.experts import Expert, find_experts


@pytest.fixture(scope="module", autouse=True)
def store():
    ingest_fixtures()
    yield


def test_skill_and_project_make_the_expert():
    found = find_experts("ocr")
    assert found and isinstance(found[0], Expert)
    assert found[0].id == "person:louis-martin"
    kinds = {e.kind for e in found[0].evidence}
    assert {"compétence", "projet"} <= kinds
    skill = next(e for e in found[0].evidence if e.kind == "compétence")
    assert skill.via == entity_id("OCR", "skill")
    assert skill.document == "_authors/louis.martin.md" and skill.line > 1 and "OCR" in skill.quote


def test_project_member_ranks_below_the_skilled_person():
    ranked = [e.id for e in find_experts("ocr")]
    assert ranked.index("person:louis-martin") < ranked.index("person:sophie-bernard")
    sophie = next(e for e in find_experts("ocr") if e.id == "person:sophie-bernard")
    assert any(e.via == "project:lectoform" for e in sophie.evidence)


def test_only_people_are_returned():
    assert all(e.id.startswith("person:") for e in find_experts("python"))


def test_french_topic_with_accents_and_synonym():
    for topic in ("visualisation de données", "visualisation des donnees", "dataviz"):
        found = find_experts(topic)
        assert found and found[0].id == "person:camille-durand", topic
        assert all(e.evidence for e in found)


def test_scores_are_sorted_and_explained():
    found = find_experts("python")
    assert [e.score for e in found] == sorted((e.score for e in found), reverse=True)
    for expert in found:
        assert expert.evidence
        for evidence in expert.evidence:
            assert evidence.document and evidence.line >= 1 and evidence.kind and evidence.via


def test_unrelated_person_is_not_an_expert():
    assert "person:hugo-petit" not in [e.id for e in find_experts("ocr")]


def test_unknown_topic_and_limit():
    assert find_experts("zzzqqqxxx") == []
    assert find_experts("") == []
    assert len(find_experts("python", limit=1)) == 1
