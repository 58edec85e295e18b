"""Experts on a small meetup corpus: who is listed (and who is not), and why, in words.

tests/fixtures/experts: a cartographer who declares the skill, works on a project about it and
presents a talk about it at a dataviz meetup; an MLOps engineer who speaks at the same meetup
about something else; a newsletter naming someone next to the topic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ted.search.experts import find_experts

CORPUS = Path(__file__).resolve().parent / "fixtures" / "experts"


@pytest.fixture(scope="module", autouse=True)
def store():
    from ted.services.ingest import ingest
    from ted.store import models as m

    for model in (m.RelationEvidence, m.Relation, m.EntityEvidence, m.Alias, m.Entity,
                  m.Statement, m.Mention, m.Document, m.State, m.Forgotten):
        model.objects.all().delete()
    ingest([CORPUS])
    yield


def test_a_speaker_on_another_subject_is_not_an_expert_of_the_event_topic():
    assert [e.id for e in find_experts("visualisation de données")] == ["person:ines-garnier"]
    assert [e.id for e in find_experts("mlops")] == ["person:paul-roux"]


def test_one_sentence_per_kind_of_evidence_each_on_its_cited_line():
    (ines,) = find_experts("visualisation de données")
    assert ines.role == "Cartographe" and "géographique" in ines.organisation  # IGN now, not Insee (ended 2021)
    sentences = {x.kind: x.sentence for x in ines.explanations}
    assert sentences["has_skill"] == "déclare la compétence Visualisation de données"
    assert sentences["works_on"] == "travaille sur Hydroviz, un projet sur écologie et visualisation de données"
    assert sentences["speaker_at"] == ("a présenté « Cartes et tableaux de bord » au Meetup dataviz "
                                       "du 14 janvier 2025")
    for explanation in ines.explanations:
        for source in explanation.sources:
            line = (CORPUS / source.document).read_text(encoding="utf-8").splitlines()[source.line - 1]
            assert source.quote.strip() and source.quote.strip() in line, (explanation.kind, source)
