"""Names that layout or wording says are people, whatever their first name."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, names, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "people_cues"


@pytest.fixture(scope="module")
def facts():
    return extract_folder(FOLDER)["journee-defis.md"]


def test_a_title_and_a_known_body_after_a_name_say_person(facts) -> None:
    assert "Vola Rakotomalala" in names(facts, "person")
    insee = "Institut national de la statistique et des études économiques"
    assert ("member_of", "Vola Rakotomalala", insee) in {(str(t), s, o) for t, s, o in relations(facts)}


def test_people_after_a_bold_item_head_and_a_dash(facts) -> None:
    people = names(facts, "person")
    assert {"Ilhame Benkirane", "Gaspard Mollet", "Sixtine Arnal"} <= people
    assert not any("Cartoflux" in p or "Ministère" in p for p in people)


def test_list_items_under_a_timed_programme_slot_name_its_speakers() -> None:
    facts = extract_folder(FOLDER)["matinee-donnees.md"]
    event = "Matinée des données de santé"
    speakers = {s for t, s, o in relations(facts) if str(t) == "speaker_at" and o == event}
    assert {"Firmin Castagnet", "Zélie Fourcade", "Octavie Marchal"} <= speakers
    assert "Léandre Picard" not in speakers  # under a sentence, not a slot


def test_the_authors_of_a_work_in_a_reading_list_are_not_people_of_the_community() -> None:
    facts = extract_folder(FOLDER)["lettre-lectures.md"]
    people = names(facts, "person")
    assert {"Gaëlle Moreau", "Maxime Roux"} <= people
    assert not {"Théophane Burel", "Capucine Arnoux"} & people


def test_speakers_through_an_adverb_or_a_bracket_in_their_apposition() -> None:
    facts = extract_folder(FOLDER)["retour-atelier.md"]
    speakers = {s for t, s, o in relations(facts) if str(t) == "speaker_at"}
    assert {"Corentine Valat", "Ignace Ferrandi"} <= speakers  # "a ensuite présenté", "(AELB), a détaillé"


def test_lines_of_names_under_a_timed_heading_name_its_speakers() -> None:
    facts = extract_folder(FOLDER)["forum-geodonnees.html"]
    event = "Forum des géodonnées 2025"
    speakers = {s for t, s, o in relations(facts) if str(t) == "speaker_at" and o == event}
    # a name opening the line, after a label, or after another name and a dash
    assert {"Ambroise Keller", "Perrine Dussault", "Théo Lambertin", "Solveig Amrani", "Honoré Vasseur"} <= speakers
    assert "Ninon Ferrier" not in speakers  # a contact, in a section without a time


def test_a_directory_line_split_by_slashes_gives_the_body() -> None:
    facts = extract_folder(FOLDER, ["forum-territorial.md"])["forum-territorial.md"]
    member_of = {(s, o) for t, s, o in relations(facts) if str(t) == "member_of"}
    assert {("Ariane Follet", "Défenseur des droits"),
            ("Benoît Saulnier", "Agence nationale de la cohésion des territoires"),  # before its "(ANCT)"
            ("Coline Arnaud", "Département de la Manche"),  # "Conseil départemental de la Manche", as known
            ("Coline Arnaud", "Départements de France")} <= member_of
    assert not any(" et " in body for _, body in member_of)  # "… et vice-présidente de …" is a second role
    titles = {m.name: m.attributes.get("titles") for m in facts.of_type("person")}
    assert titles["Ariane Follet"] == ["déléguée générale à la médiation"]
    assert titles["Coline Arnaud"] == ["vice-présidente en charge du numérique",
                                       "vice-présidente de la commission numérique"]
