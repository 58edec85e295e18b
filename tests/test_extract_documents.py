"""Free-text extraction on the suite's own documents, one per layout the community writes in.

These run the real pipeline (spaCy ``fr_core_news_md`` included) through ``Extractor``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import entity, extract_folder, names, relations
from ted.extract.facts import Facts

ROOT = Path(__file__).resolve().parent / "fixtures" / "extract"


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    return extract_folder(ROOT)





def test_minutes_with_attendance_and_chat(extracted: dict[str, Facts]) -> None:
    facts = extracted["minutes_chat.txt"]
    event = "Réunion du groupe de travail TAL du 12 février 2024"
    assert entity(facts, "event", event).attributes["start"] == "2024-02-12T10:05:00+01:00"
    people = {"Aurélie Vasseur", "Thomas Legrand", "Julien Roche", "Marc Delorme", "Karim Ait-Ouali"}
    assert people <= names(facts, "person")
    rels = relations(facts)
    for person in ("Aurélie Vasseur", "Thomas Legrand", "Nadia Benali", "Julien Roche", "Karim Ait-Ouali"):
        assert ("participant_in", person, event) in rels
    for excused in ("Marc Delorme", "Sophie Tanguy"):
        assert not any(r[1] == excused and r[0] == "participant_in" for r in rels)
    assert "Vous" not in names(facts, "person")
    assert ("speaker_at", "Nadia Benali", event) in rels
    assert ("presented_at", "Tabulator", event) in rels
    assert any(r[0] == "works_on" and r[2] == "Tabulator" and "statistiques" in r[1] for r in rels)
    # The quote of each relation is its own line of the file.
    line = next(s for s in facts.statements if s.type == "participant_in").line
    assert line == 3


def test_meetup_with_toml_front_matter_and_programme(extracted: dict[str, Facts]) -> None:
    facts = extracted["meetup_toml.md"]
    event = entity(facts, "event", "Meetup Dataviz publique #4")
    attributes = event.attributes
    assert attributes["start"] == "2024-01-22T18:30:00+01:00"  # not the publication date
    assert attributes["participants_count"] == 43
    assert attributes["city"] == "Paris" and attributes["location"] == "Maison de la Data"
    assert attributes["registration_url"].startswith("https://www.eventbrite.fr/")
    slots = {item["time"]: item for item in attributes["programme"]}
    assert slots["18:45"]["speakers"] == ["Jeanne Morel"] and slots["18:45"]["projects"] == ["Graphigouv"]
    assert entity(facts, "person", "Jeanne Morel").attributes["titles"] == ["cheffe de projet data"]
    rels = relations(facts)
    assert ("speaker_at", "Hugo Lefèvre", event.name) in rels
    assert ("member_of", "Hugo Lefèvre", "Santé publique France") in rels
    assert ("presented_at", "Graphigouv", event.name) in rels
    assert any(r[0] == "organiser_of" and r[1] == "Direction interministérielle du numérique" for r in rels)


def test_html_team_page(extracted: dict[str, Facts]) -> None:
    facts = extracted["team.html"]
    assert {"Élodie Marchetti", "Bastien Ollivier", "Yasmine Haddad"} <= names(facts, "person")
    assert "Élodie MARCHETTI" in entity(facts, "person", "Élodie Marchetti").aliases
    assert entity(facts, "person", "Bastien Ollivier").attributes["titles"] == ["Data scientist"]
    members = {r[1] for r in relations(facts) if r[0] == "member_of"}
    assert members == {"Élodie Marchetti", "Bastien Ollivier", "Yasmine Haddad"}
    assert not facts.of_type("event")


def test_interview_portrait(extracted: dict[str, Facts]) -> None:
    facts = extracted["portrait.md"]
    person = entity(facts, "person", "Camille Durand")
    assert facts.primary == person.key and person.attributes["titles"] == ["data scientist"]
    rels = relations(facts)
    assert ("member_of", "Camille Durand", "Direction générale des Finances publiques") in rels
    assert ("works_on", "Camille Durand", "Lexiscan") in rels
    assert any(r[0] == "has_skill" and r[1] == "Camille Durand" for r in rels)
    assert not facts.of_type("event")


def test_tour_with_dated_stages(extracted: dict[str, Facts]) -> None:
    facts = extracted["tour.md"]
    tour = entity(facts, "event", "Tour de France de la donnée publique 2024")
    assert "start" not in tour.attributes  # its dates are its stages'
    stages = [m for m in facts.of_type("event") if m.key != tour.key]
    assert {m.attributes.get("city") for m in stages} == {"Lyon", "Lille", "Bordeaux"}
    bordeaux = next(m for m in stages if m.attributes.get("city") == "Bordeaux")
    assert bordeaux.attributes["start"] == "2024-05-16T14:00:00+02:00"  # summer time
    assert all(("part_of", m.name, tour.name) in relations(facts) for m in stages)
    assert "Tour de France" not in names(facts, "organisation")


def test_committee_minutes_with_lists_and_zoom_chat(extracted: dict[str, Facts]) -> None:
    facts = extracted["committee_minutes.txt"]
    event = entity(facts, "event", "Comité de la communauté data santé – 5 octobre 2023")
    assert event.attributes["start"] == "2023-10-05"
    rels = relations(facts)
    for person in ("Claire Fontaine", "Mehdi Larbi", "Anne-Sophie Bertin"):
        assert ("participant_in", person, event.name) in rels
    assert not any(r[0] == "participant_in" and r[1] == "Olivier Garnier" for r in rels)  # excused
    assert ("speaker_at", "Claire Fontaine", event.name) in rels
    assert entity(facts, "person", "Mehdi Larbi").attributes["titles"] == ["chef du bureau des données"]
    assert any(r[0] == "member_of" and r[1] == "Mehdi Larbi" and "statistiques" in r[2] for r in rels)


def test_html_tour_with_a_table_of_stages(extracted: dict[str, Facts]) -> None:
    facts = extracted["tour_table.html"]
    tour = entity(facts, "event", "Data Tour 2024 : la data publique en régions")  # the h1, not <title>
    stages = {m.attributes.get("city"): m for m in facts.of_type("event") if m.key != tour.key}
    assert set(stages) == {"Nantes", "Strasbourg"}
    assert stages["Nantes"].attributes["start"] == "2024-03-12"
    assert not facts.of_type("person")  # "Médiathèque Jacques Demy" is a place
    assert ("organiser_of", "Direction interministérielle du numérique", tour.name) in relations(facts)


def test_interview_in_questions_and_answers(extracted: dict[str, Facts]) -> None:
    facts = extracted["interview_qa.md"]
    person = entity(facts, "person", "Léa Rousseau")
    assert facts.primary == person.key
    assert person.attributes["titles"] == ["cheffe du pôle data science"]
    rels = relations(facts)
    assert any(r[0] == "member_of" and r[1] == "Léa Rousseau" and "Entreprises" in r[2] for r in rels)
    assert {r[2] for r in rels if r[0] == "has_skill"} >= {"Traitement automatique des langues"}


def test_toml_event_table_and_labelled_speakers(extracted: dict[str, Facts]) -> None:
    facts = extracted["webinar_toml_table.md"]
    event = entity(facts, "event", "Webinaire : l'open data dans les collectivités")
    assert event.attributes["start"] == "2024-02-06T11:00:00+01:00"  # [event] start, not the page's date
    assert event.attributes["end"] == "2024-02-06T12:30:00+01:00"
    rels = relations(facts)
    assert ("speaker_at", "Marie Dupont", event.name) in rels and ("speaker_at", "Jean Valjean", event.name) in rels
    assert ("member_of", "Marie Dupont", "Etalab") in rels


def test_numbered_stages_with_the_date_last(extracted: dict[str, Facts]) -> None:
    facts = extracted["tour_numbered_stages.md"]
    tour = entity(facts, "event", "Tournée de l'IA publique")
    stages = {m.attributes.get("city"): m.attributes["start"] for m in facts.of_type("event") if m.key != tour.key}
    assert stages == {"Rennes": "2024-03-12", "Lille": "2024-04-04", "Marseille": "2024-05-16"}
    assert ("organiser_of", "Etalab", tour.name) in relations(facts)  # [event] organisateur


def test_html_team_list_and_card(extracted: dict[str, Facts]) -> None:
    facts = extracted["team_list.html"]
    titles = {m.name: m.attributes.get("titles") for m in facts.of_type("person")}
    assert titles == {"Hélène Dupuis": ["cheffe du pôle data"], "Karim Bensaid": ["data engineer"],
                      "Lucie Ferrand": ["designer de services"], "Marc-Antoine Leroy": ["Développeur"]}
    rels = relations(facts)
    assert {r[1] for r in rels if r[0] == "member_of" and r[2] == "Pôle data de l'ANCT"} == set(titles)
    assert ("part_of", "Pôle data de l'ANCT", "Agence nationale de la cohésion des territoires") in rels
    assert ("works_on", "Pôle data de l'ANCT", "TerriMap") in rels


def test_meetup_report_with_speaker_list_and_linked_projects(extracted: dict[str, Facts]) -> None:
    facts = extracted["meetup_report.md"]
    event = entity(facts, "event", "Meetup IA & administration du 5 décembre")
    assert event.attributes["start"] == "2023-12-05" and event.attributes["participants_count"] == 70
    rels = relations(facts)
    for person in ("Sarah Cohen", "Hugo Bernard", "Amina Diallo"):
        assert ("speaker_at", person, event.name) in rels
    assert ("member_of", "Sarah Cohen", "Ministère des Armées") in rels
    assert entity(facts, "person", "Amina Diallo").attributes["titles"] == ["data scientist"]
    assert {"Albert", "Lexidata"} <= {r[1] for r in rels if r[0] == "presented_at"}
    assert ("organiser_of", "Lab IA", event.name) in rels
    assert not any(r[0] == "speaker_at" and r[1] in ("Julie Garnier", "Thomas Roux") for r in rels)


def test_minutes_with_teams_chat_and_affiliation_clauses(extracted: dict[str, Facts]) -> None:
    facts = extracted["network_minutes_teams.txt"]
    event = entity(facts, "event", "Réunion mensuelle du réseau des AMDAC – 14/03/2024")
    assert event.attributes["start"] == "2024-03-14"
    rels = relations(facts)
    participants = {r[1] for r in rels if r[0] == "participant_in" and r[2] == event.name}
    assert participants == {"Jean Dupont", "Marie Curie", "Ahmed Benali"}  # not the ministry he works at
    assert ("member_of", "Ahmed Benali", "Ministère de la Culture") in rels
    assert ("works_on", "Marie Curie", "Catalogue") in rels
    next_meeting = entity(facts, "event", "Réunion du 11 avril")  # year from the meeting's own date
    assert next_meeting.attributes["start"] == "2024-04-11T14:00:00+02:00"


def test_project_page_carried_by_bodies_and_a_team(extracted: dict[str, Facts]) -> None:
    facts = extracted["projets/cartosol.md"]
    rels = relations(facts)
    workers = {r[1] for r in rels if r[0] == "works_on" and r[2] == "Cartosol"}
    assert {"Direction interministérielle du numérique", "Louise Marchand", "Hugo Perrin"} <= workers
    assert ("part_of", "Gendarmerie nationale", "Ministère de l'Intérieur") in rels
    # "(DINUM)" spells out the body just named: it is not a sub-organisation of it.
    assert not any(r[0] == "part_of" and r[1] == "Direction interministérielle du numérique" for r in rels)


def test_speakers_listed_in_front_matter(extracted: dict[str, Facts]) -> None:
    facts = extracted["webinar_speakers_front_matter.md"]
    rels = relations(facts)
    assert ("speaker_at", "Marie Dupont", "Webinaire DSFR et data") in rels
    assert ("member_of", "Jean Martin", "Direction interministérielle du numérique") in rels
    jean = next(s for s in facts.statements if s.type == "member_of" and "Jean" in facts.mentions[s.source].name)
    assert jean.line == 6  # the list item's own line


def test_stages_enumerated_in_a_sentence(extracted: dict[str, Facts]) -> None:
    facts = extracted["tour_in_prose.md"]
    stages = {m.attributes.get("city"): m.attributes["start"] for m in facts.of_type("event")
              if m.name != "La tournée des données 2024"}
    assert stages == {"Lille": "2024-02-06T10:00:00+01:00", "Rouen": "2024-03-12T10:00:00+01:00",
                      "Caen": "2024-04-09T10:00:00+02:00"}


def test_project_page_prose_says_what_the_project_is_about(tmp_path) -> None:
    from conftest import run_ted

    page = tmp_path / "startups" / "tableau-communes.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: Tableau des communes\nmission: Aider les petites communes grâce à la "
                    "visualisation de données budgétaires.\nincubator: dinum\n---\n", encoding="utf-8")
    db = tmp_path / "p.sqlite3"
    run_ted("ingest", str(tmp_path / "startups"), db=db)
    out = run_ted("export", "--format", "jsonl", db=db).stdout
    about = '"type": "about", "source": "project:tableau-des-communes", "target": "skill:visualisation-de-donnees"'
    assert about in out
