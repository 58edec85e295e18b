"""Expert ranking, explanations in words and query by description, on the small search corpus."""

from __future__ import annotations

from datetime import date

import pytest

from search_helpers import CORPUS, ingest_fixtures
from ted.search.analyzer import fold
from ted.search.experts import find_experts, find_experts_described
from ted.search.explain import french_date, period_at


@pytest.fixture(scope="module", autouse=True)
def store():
    ingest_fixtures()
    yield


def _line(document: str, line: int) -> str:
    return (CORPUS / document).read_text(encoding="utf-8").splitlines()[line - 1]


def test_people_without_evidence_of_the_topic_are_not_listed():
    found = {e.id for e in find_experts("visualisation de données")}
    assert "person:camille-durand" in found
    # Hugo Petit (a lawyer) and Sophie Bernard (OCR project) never touch the topic.
    assert not found & {"person:hugo-petit", "person:sophie-bernard"}
    assert [e.id for e in find_experts("droit")] == ["person:hugo-petit"]


def test_every_listed_expert_has_evidence_naming_the_topic():
    for topic, words in (("ocr", ("ocr", "caracteres")), ("dataviz", ("visualisation", "dataviz", "graphique"))):
        for expert in find_experts(topic):
            said = [fold(f"{e.quote} {e.via_name}") for e in expert.evidence]
            assert any(w in text for text in said for w in words), (topic, expert.id, said)


def test_a_declared_skill_ranks_above_a_project_member():
    ranked = [e.id for e in find_experts("reconnaissance optique de caractères")]
    assert ranked[:2] == ["person:louis-martin", "person:sophie-bernard"]


def test_explanations_are_french_sentences_citing_their_line():
    camille = next(e for e in find_experts("visualisation de données") if e.id == "person:camille-durand")
    assert camille.role == "Data scientist" and "score" not in " ".join(x.sentence for x in camille.explanations)
    sentences = {x.kind: x for x in camille.explanations}
    skill = sentences["has_skill"]
    assert skill.sentence == "déclare la compétence Visualisation de données"
    assert "Visualisation de données" in _line(skill.sources[0].document, skill.sources[0].line)
    project = sentences["works_on"]
    # Her mission on CartoViz ended in June 2024: it reads as past, with its period.
    assert project.sentence.startswith("a travaillé sur CartoViz, un projet sur cartographie")
    assert project.sentence.endswith("(2021–2024)")
    assert all(s.document_id > 0 and s.line >= 1 for x in camille.explanations for s in x.sources)


def test_current_organisation_is_one_whose_period_is_open():
    hugo = find_experts("droit")[0]
    assert hugo.role == "Juriste" and "statistique" in hugo.organisation.lower()


def test_period_of_a_yaml_list_item():
    lines = ["---", "missions:", "  - start: 2021-09-01", "    end: 2024-06-30", "    startups:",
             "      - cartoviz", "    employer: Insee", "  - start: 2025-01-01", "    employer: Dinum", "---"]
    period = period_at(lines, 6)
    assert (period.start, period.end, period.years()) == ("2021-09-01", "2024-06-30", "2021–2024")
    assert period.past(date(2025, 1, 1)) and not period.past(date(2024, 1, 1))
    assert period_at(lines, 7).end == "2024-06-30"
    assert period_at(lines, 9).start == "2025-01-01" and not period_at(lines, 9).past()
    assert period_at(lines, 2).start == "" and period_at(lines, 99).start == ""


def test_french_date():
    assert french_date("2025-01-14T18:30:00+01:00") == "14 janvier 2025"
    assert french_date("2024-06-01") == "1er juin 2024"
    assert french_date("bientôt") == "bientôt"


def test_query_by_description_extracts_terms_and_ranks():
    text = ("Nous cherchons qui sait faire des cartes interactives et des tableaux de bord "
            "pour les collectivités, avec un peu de Python.")
    terms, found = find_experts_described(text)
    assert "Visualisation de données" in terms and "Python" in terms
    assert found[0].id == "person:camille-durand"
    assert "person:hugo-petit" not in {e.id for e in found}
    assert find_experts_described("") == ([], []) and find_experts_described("le la les de") == ([], [])


def test_a_paragraph_keeps_its_subject_words_not_its_verbs_and_adverbs():
    # "conçoit" and "manquent" are in the index (Camille's profile, CartoViz's page): only their part of
    # speech keeps them out.
    terms, found = find_experts_described("Les agents territoriaux manquent d'outils : nous cherchons "
                                          "rapidement qui conçoit des cartes interactives.")
    assert {"cartes", "interactives"} <= set(terms)
    assert not {"manquent", "concoit", "rapidement"} & set(terms)
    assert found and found[0].id == "person:camille-durand"


def test_an_event_whose_name_holds_its_date_is_not_dated_twice_and_takes_its_article():
    from ted.search.explain import Cited, explain

    entities = {"person:a": ("person", "Alix Bret", {}),
                "event:r": ("event", "Réunion mensuelle — 14 janvier 2025", {"start": "2025-01-14"}),
                "event:m": ("event", "Meetup MLOps", {"start": "2026-09-24T18:30:00+02:00"})}
    cited = [Cited("participant_in", "event:r", entities["event:r"][1], "cr.txt", 1, 3, "Présents : Alix Bret"),
             Cited("participant_in", "event:m", "Meetup MLOps", "mlops.md", 2, 5, "Alix Bret")]
    _, _, sentences = explain("person:a", cited, lambda path: (), entities.get, [])
    assert [x.sentence for x in sentences] == [
        "a participé à la Réunion mensuelle — 14 janvier 2025 et au Meetup MLOps du 24 septembre 2026"]
