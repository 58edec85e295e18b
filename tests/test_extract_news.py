"""News, directories and announcements without front matter (tests/fixtures/extract/news).

Directory lines ("Nom — titre, SIGLE (Ministère ...)"), job phrases naming bodies the gazetteer does not
know ("interne au CHU de Bordeaux"), registration links written as bare addresses, news about a contest
("Les lauréats du hackathon X 2025", award headings, "L'équipe de A (Org) a présenté X") and plain-text
webinar announcements. These run the real pipeline (spaCy included) through ``Extractor``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import entity, extract_folder, names, relations
from ted.extract.facts import Facts

ROOT = Path(__file__).resolve().parent / "fixtures" / "extract" / "news"


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    return extract_folder(ROOT, recursive=False)





def acronym_of(facts: Facts, target: str, acronym: str) -> bool:
    return any(m.name == target and (m.attributes.get("acronym") == acronym or acronym in m.aliases)
               for m in facts.of_type("organisation"))


# ------------------------------------------------------------------ 1. directory lines


def test_directory_line_gives_title_body_and_parent(extracted: dict[str, Facts]) -> None:
    facts = extracted["annuaire_reseau.md"]
    assert entity(facts, "person", "Lucie Martin").attributes["titles"] == ["responsable de la mission données"]
    rels = relations(facts)
    bodies = [r[2] for r in rels if r[0] == "member_of" and r[1] == "Lucie Martin"]
    sdes = next((b for b in bodies if acronym_of(facts, b, "SDES")), None)
    assert sdes is not None, bodies  # the body (and the "Mission données" her title names, part of it)
    assert ("part_of", "Mission données", sdes) in rels
    assert ("part_of", sdes, "Ministère de la Transition écologique") in rels
    # The parent in brackets is never the child.
    assert ("part_of", "Ministère de la Transition écologique", sdes) not in rels


def test_directory_line_with_an_unknown_acronym(extracted: dict[str, Facts]) -> None:
    facts = extracted["annuaire_reseau.md"]
    rels = relations(facts)
    assert entity(facts, "person", "Aurélien Roux").attributes["titles"] == ["chargé d'études statistiques"]
    assert ("member_of", "Aurélien Roux", "SRISE") in rels
    assert any(r[0] == "part_of" and r[1] == "SRISE" and r[2].startswith("Ministère de l'Agriculture") for r in rels)


def test_directory_lines_are_no_projects(extracted: dict[str, Facts]) -> None:
    facts = extracted["annuaire_reseau.md"]
    assert not names(facts, "project")


def test_directory_dash_and_colon_forms(extracted: dict[str, Facts]) -> None:
    facts = extracted["annuaire_reseau.md"]
    rels = relations(facts)
    assert entity(facts, "person", "Olivier Lambert").attributes["titles"] == ["administrateur des données"]
    assert ("member_of", "Olivier Lambert", "Direction des affaires juridiques") in rels
    assert entity(facts, "person", "Camille Rousseau").attributes["titles"] == ["data scientist"]
    assert any(r[0] == "member_of" and r[1] == "Camille Rousseau" and "entreprises" in r[2].lower() for r in rels)


# ------------------------------------------------------------------ 2. job phrases


@pytest.mark.parametrize(("person", "title", "body"), [
    ("Antoine Meyer", "interne", "CHU de Bordeaux"),
    ("Hélène Garnier", "juriste", "Doctrine"),
    ("Yanis Brunet", "doctorant", "Université de Strasbourg"),
    ("Sophie Marchand", "cadre de santé", "Hôpital Foch"),
])
def test_job_phrase_names_a_body_outside_the_gazetteer(extracted: dict[str, Facts], person: str, title: str,
                                                       body: str) -> None:
    facts = extracted["equipe_projet.md"]
    assert entity(facts, "person", person).attributes["titles"] == [title]
    assert ("member_of", person, body) in relations(facts)


def test_job_phrase_with_known_bodies(extracted: dict[str, Facts]) -> None:
    facts = extracted["equipe_projet.md"]
    rels = relations(facts)
    assert entity(facts, "person", "Claire Dubois").attributes["titles"] == ["ingénieure de recherche"]
    assert any(r[0] == "member_of" and r[1] == "Claire Dubois" and acronym_of(facts, r[2], "Inria") for r in rels)
    assert any(r[0] == "member_of" and r[1] == "Maxime Fabre" and acronym_of(facts, r[2], "AP-HP") for r in rels)


# ------------------------------------------------------------------ 3. registration


def test_labelled_bare_registration_address(extracted: dict[str, Facts]) -> None:
    facts = extracted["webinaire.txt"]
    event = next(iter(facts.of_type("event")))
    assert event.attributes["registration_url"] == "https://www.ign.fr/agenda/webinaire-geoplateforme-14-octobre"


def test_registration_label_on_the_line_above(extracted: dict[str, Facts]) -> None:
    """"Inscriptions :" then the address; a newsletter sign-up on a ticketing site earlier is not it."""
    facts = extracted["rencontre_inscription.md"]
    event = next(iter(facts.of_type("event")))
    assert event.attributes["registration_url"] == (
        "https://evenements.numerique.gouv.fr/rencontre-administrateurs-2025/formulaire")


def test_bare_ticketing_address_and_place_after_the_hour(extracted: dict[str, Facts]) -> None:
    facts = extracted["meetup_annonce.txt"]
    event = next(iter(facts.of_type("event")))
    assert event.attributes["registration_url"] == "https://www.meetup.com/python-donnees-publiques/events/301234567/"
    assert event.attributes["start"] == "2025-12-04T19:00:00+01:00"
    assert event.attributes["city"] == "Bordeaux"


def test_link_on_a_form_site(extracted: dict[str, Facts]) -> None:
    facts = extracted["atelier_inscription.md"]
    event = next(iter(facts.of_type("event")))
    assert event.attributes["registration_url"] == "https://framaforms.org/atelier-donnees-collectivites-1712"
    assert event.attributes["city"] == "Nantes"


def test_report_without_a_link_has_no_registration(extracted: dict[str, Facts]) -> None:
    facts = extracted["retour_journee.md"]
    assert "registration_url" not in next(iter(facts.of_type("event"))).attributes


# ------------------------------------------------------------------ 4. news about an event


def test_news_title_lead_in_is_dropped(extracted: dict[str, Facts]) -> None:
    facts = extracted["laureats_hackathon.md"]
    event = entity(facts, "event", "Hackathon Santé Numérique 2025")
    assert event.attributes["start"] == "2025-06-05"
    assert event.attributes["city"] == "Lyon"
    assert event.attributes["participants_count"] == 120
    assert names(facts, "event") == {"Hackathon Santé Numérique 2025"}


def test_report_title(extracted: dict[str, Facts]) -> None:
    facts = extracted["retour_journee.md"]
    event = entity(facts, "event", "Journée des données publiques 2025")
    assert event.attributes["start"] == "2025-03-18"
    assert event.attributes["city"] == "Marseille"
    assert event.attributes["participants_count"] == 250


# ------------------------------------------------------------------ 5. projects in news


def test_award_headings_name_projects(extracted: dict[str, Facts]) -> None:
    facts = extracted["laureats_hackathon.md"]
    event = "Hackathon Santé Numérique 2025"
    assert {"MédiCarte", "Triage IA", "Pharmaveille"} <= names(facts, "project")
    assert not {"MédiCarte", "Pharmaveille"} & names(facts, "organisation")
    rels = relations(facts)
    for project in ("MédiCarte", "Triage IA", "Pharmaveille"):
        assert ("presented_at", project, event) in rels


def test_award_teams_work_on_their_project(extracted: dict[str, Facts]) -> None:
    facts = extracted["laureats_hackathon.md"]
    rels = relations(facts)
    for person, project in (("Sarah Benoit", "MédiCarte"), ("Julien Caron", "MédiCarte"),
                            ("Inès Moulin", "Triage IA"), ("Romain Vidal", "Triage IA"),
                            ("Léa Fontaine", "Pharmaveille")):
        assert ("works_on", person, project) in rels
    for person in ("Sarah Benoit", "Julien Caron"):
        assert any(r[0] == "member_of" and r[1] == person and "Hospices" in r[2] for r in rels)
    assert ("member_of", "Léa Fontaine", "Université de Lyon") in rels
    assert not any(r[0] == "works_on" and r[1] == "Léa Fontaine" and r[2] != "Pharmaveille" for r in rels)


def test_team_sentence_in_a_report(extracted: dict[str, Facts]) -> None:
    facts = extracted["retour_journee.md"]
    rels = relations(facts)
    assert ("presented_at", "Juridata", "Journée des données publiques 2025") in rels
    for person in ("Karim Haddad", "Élise Marchal"):
        assert ("works_on", person, "Juridata") in rels
        assert ("member_of", person, "Cour des comptes") in rels


# ------------------------------------------------------------------ 6. plain-text webinar


def test_plain_text_webinar(extracted: dict[str, Facts]) -> None:
    facts = extracted["webinaire.txt"]
    event = next(iter(facts.of_type("event")))
    assert event.name.startswith("Webinaire : publier des données géographiques")
    assert event.attributes["start"] == "2025-10-14T11:00:00+02:00"
    assert event.attributes["end"] == "2025-10-14T12:00:00+02:00"
    rels = relations(facts)
    assert entity(facts, "person", "Marion Lefort").attributes["titles"] == ["cheffe de produit"]
    assert ("speaker_at", "Marion Lefort", event.name) in rels
    assert ("speaker_at", "Bruno Schmitt", event.name) in rels
    assert any(r[0] == "member_of" and r[1] == "Marion Lefort" and acronym_of(facts, r[2], "IGN") for r in rels)
    assert any(r[0] == "member_of" and r[1] == "Bruno Schmitt" and acronym_of(facts, r[2], "DREAL") for r in rels)


# ------------------------------------------------------------------ variants of each layout


def test_directory_variants(extracted: dict[str, Facts]) -> None:
    facts = extracted["annuaire_membres.md"]
    rels = relations(facts)
    drieets = next(r[2] for r in rels if r[0] == "member_of" and r[1] == "Marc Petit")
    assert acronym_of(facts, drieets, "DRIEETS")
    assert ("part_of", drieets, "Préfecture de la région Île-de-France") in rels
    # Words of the parent's name are not parts of the body.
    assert not any(r[0] == "part_of" and r[2] == drieets for r in rels)
    assert any(r[0] == "member_of" and r[1] == "Romain Lefèvre" and acronym_of(facts, r[2], "DGAC") for r in rels)
    assert ("part_of", "Direction générale de l'aviation civile", "Ministère chargé des Transports") in rels
    assert ("member_of", "Julie Bernard", "Direction régionale de l'Insee") in rels
    assert "Direction" not in names(facts, "organisation")
    assert entity(facts, "person", "Sébastien Morin").attributes["titles"] == ["géomaticien"]
    assert ("member_of", "Sébastien Morin", "Agence régionale de santé Bretagne") in rels
    assert not names(facts, "project")


@pytest.mark.parametrize(("person", "title", "body"), [
    ("Thomas Girard", "data scientist", "CHU de Nantes"),
    ("Emma Leroy", "chargée de mission", "Etalab"),
    ("Inès Roy", "professeure", "Université Paris-Saclay"),
    ("Nicolas Faure", "data analyst", "Ville de Paris"),
    ("Marie Dumas", "développeuse", "Scaleway"),
])
def test_job_phrase_variants(extracted: dict[str, Facts], person: str, title: str, body: str) -> None:
    facts = extracted["groupe_sante.md"]
    assert entity(facts, "person", person).attributes["titles"] == [title]
    assert ("member_of", person, body) in relations(facts)


def test_markdown_announcement_without_heading(extracted: dict[str, Facts]) -> None:
    facts = extracted["webinaire_api.md"]
    event = entity(facts, "event", "Webinaire : les API de l'Insee pour les collectivités")
    assert event.attributes["start"] == "2025-11-06T14:00:00+01:00"
    assert event.attributes["end"] == "2025-11-06T15:30:00+01:00"
    assert event.attributes["registration_url"] == "https://www.insee.fr/fr/information/webinaire-api"
    rels = relations(facts)
    assert ("speaker_at", "Claire Petit", event.name) in rels and ("member_of", "Claire Petit", "Etalab") in rels
    assert ("speaker_at", "Laura Mercier", event.name) in rels


def test_report_variants(extracted: dict[str, Facts]) -> None:
    facts = extracted["bilan_datathon.md"]
    event = entity(facts, "event", "Datathon Eau 2024")
    assert event.attributes["start"] == "2024-04-12" and event.attributes["end"] == "2024-04-14"
    assert event.attributes["city"] == "Toulouse" and "location" not in event.attributes
    assert event.attributes["participants_count"] == 80
    rels = relations(facts)
    for person, project in (("Lucas Bernard", "AquaVeille"), ("Chloé Simon", "AquaVeille"),
                            ("Hugo Blanc", "Nappes Ouvertes")):
        assert ("works_on", person, project) in rels
        assert ("presented_at", project, event.name) in rels
    assert ("member_of", "Lucas Bernard", "Météo-France") in rels


def test_award_list_items_and_title_tail(extracted: dict[str, Facts]) -> None:
    facts = extracted["laureats_liste.md"]
    event = entity(facts, "event", "Hackathon Mobilités Durables 2025")  # ": les lauréats" dropped
    assert event.attributes["start"] == "2025-05-22" and event.attributes["end"] == "2025-05-23"
    assert event.attributes["city"] == "Grenoble" and event.attributes["participants_count"] == 65
    rels = relations(facts)
    for person, project in (("Manon Giraud", "VéloFlux"), ("Quentin Lemaire", "BusMeteo"),
                            ("Anaïs Robin", "BusMeteo"), ("Pierre Noël", "Covoit'Data")):
        assert ("works_on", person, project) in rels
        assert ("presented_at", project, event.name) in rels
    assert ("member_of", "Manon Giraud", "Grenoble-Alpes Métropole") in rels
    assert not any(r[0] == "works_on" and r[1] == "Manon Giraud" and r[2] != "VéloFlux" for r in rels)


def test_directory_line_with_contact_and_dash_before_the_body(extracted: dict[str, Facts]) -> None:
    facts = extracted["referents_ia.md"]
    rels = relations(facts)
    assert entity(facts, "person", "Élodie Faure").attributes["titles"] == ["cheffe du datalab"]
    assert ("member_of", "Élodie Faure", "SG") in rels and ("part_of", "SG", "Ministère de la Culture") in rels
    assert entity(facts, "person", "Hugo Renaud").attributes["titles"] == ["chargé de mission données"]
    assert any(r[0] == "member_of" and r[1] == "Hugo Renaud" and acronym_of(facts, r[2], "DINUM") for r in rels)
    assert entity(facts, "person", "Lucas Moreau").attributes["titles"] == ["référent IA"]


def test_reservation_on_a_ticketing_site(extracted: dict[str, Facts]) -> None:
    facts = extracted["atelier_reservation.md"]
    event = next(iter(facts.of_type("event")))
    assert event.attributes["registration_url"] == "https://www.billetweb.fr/atelier-dataviz-rennes"
    assert event.attributes["start"] == "2025-12-03T09:30:00+01:00"
    assert event.attributes["city"] == "Rennes"


def test_report_with_the_town_before_the_days(extracted: dict[str, Facts]) -> None:
    facts = extracted["retour_datathon.md"]
    event = entity(facts, "event", "Datathon Énergie 2024")
    assert event.attributes["start"] == "2024-11-14" and event.attributes["end"] == "2024-11-15"
    assert event.attributes["city"] == "Nantes" and event.attributes["participants_count"] == 90
    rels = relations(facts)
    assert ("presented_at", "WattCarte", event.name) in rels
    for person, body in (("Julie Perrot", "CHU de Nantes"), ("Bastien Roy", "Université de Nantes")):
        assert ("works_on", person, "WattCarte") in rels and ("member_of", person, body) in rels


def test_plain_text_webinar_with_mixed_speaker_lines(extracted: dict[str, Facts]) -> None:
    facts = extracted["webinaire_rgpd.txt"]
    event = next(iter(facts.of_type("event")))
    assert event.attributes["start"] == "2025-11-27T10:00:00+01:00"
    assert event.attributes["end"] == "2025-11-27T11:30:00+01:00"
    assert event.attributes["registration_url"] == "https://framaforms.org/webinaire-rgpd-ia-1730"
    rels = relations(facts)
    for person in ("Sandrine Aubert", "Mathieu Caron", "Karine Lopez"):
        assert ("speaker_at", person, event.name) in rels
    assert ("member_of", "Mathieu Caron", "Ministère de la Justice") in rels
    assert ("member_of", "Karine Lopez", "France Travail") in rels
    assert entity(facts, "person", "Karine Lopez").attributes["titles"] == ["data scientist"]
