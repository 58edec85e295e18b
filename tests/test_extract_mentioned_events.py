"""Events a news post mentions in passing: a kind of event, a few words of name, an optional dating verb, a day."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "mentioned"


@pytest.fixture(scope="module")
def events() -> dict[str, dict]:
    facts = extract_folder(FOLDER)["lettre-mars.md"]
    return {m.name: m.attributes for m in facts.of_type("event")}


def test_an_announced_event_with_its_hours(events) -> None:
    assert events["Atelier du réseau du 24 mars"] == {"start": "2026-03-24T09:30:00+01:00",
                                                      "end": "2026-03-24T12:00:00+01:00"}


def test_an_announced_events_programme_says_what_it_is_about() -> None:
    facts = extract_folder(FOLDER)["lettre-mars.md"]
    about = {o for t, s, o in relations(facts) if str(t) == "about" and s == "Atelier du réseau du 24 mars"}
    assert {"PostgreSQL", "Gouvernance des données"} <= about  # "qualité des données" is a narrower term
    assert not any(s.startswith("Webinaire") for t, s, _ in relations(facts) if str(t) == "about")


def test_a_named_webinar_and_a_past_meeting(events) -> None:
    assert events["Webinaire de présentation des nouveaux jeux de données du 31 mars"]["start"] == "2026-03-31"
    assert events["Rencontre régionale du 10 février"]["start"] == "2026-02-10"
    assert events["Rencontre régionale du 10 février"]["city"] == "Rennes"  # the place ends at the colon


def test_two_events_joined_by_and_are_not_one_name(events) -> None:
    assert not any(" et de la " in name for name in events), list(events)


def test_people_speak_at_the_mentioned_event_whose_text_names_them() -> None:
    facts = extract_folder(FOLDER)["lettre-reseau-juin.md"]
    speakers = {(s, o) for t, s, o in relations(facts) if str(t) == "speaker_at"}
    assert {("Apolline Rigaud", "Rencontre du réseau du 17 juin"),
            ("Maxence Chevalier", "Rencontre du réseau du 17 juin")} <= speakers
    assert ("Honorine Lacombe", "Atelier du 20 mai") in speakers  # the section its heading names
    assert not any(person == "Clotaire Vasseur" for person, _ in speakers)  # publishes, does not speak


def test_a_mentioned_event_takes_its_place_and_registration_link() -> None:
    facts = extract_folder(FOLDER)["saison-2026.md"]
    found = {m.name: m.attributes for m in facts.of_type("event")}
    launch = found["Journée de lancement du réseau du 5 février"]  # "X, c'est le 5 février"
    assert launch["location"] == "Lieu de la Transformation publique"
    assert launch["registration_url"] == "https://www.eventbrite.fr/e/journee-de-lancement-2026"
    assert found["Atelier de travail du 12 mars"]["location"] == "Maison des Sciences"  # "le 12 mars dernier, à la"
    assert "registration_url" not in found["Atelier de travail du 12 mars"]


def test_events_named_by_kind_and_proper_name_or_quoted_title() -> None:
    facts = extract_folder(FOLDER)["breves.md"]
    found = {m.name: m.attributes for m in facts.of_type("event")}
    assert "Hackathon Données Climat" in found  # "X organise un Hackathon Données Climat"
    assert ("organiser_of", "Direction interministérielle du numérique", "Hackathon Données Climat") in {
        (str(t), s, o) for t, s, o in relations(facts)}
    webinar = found["Webinaire « La qualité des données de référence »"]  # "le webinaire sera consacré à « ... »"
    assert webinar == {"start": "2025-11-18T14:00:00+01:00", "end": "2025-11-18T15:30:00+01:00",
                       "registration_url": "https://webinaires.example.org/qualite"}  # a bare address, labelled
    assert len(found) == 2  # "une rencontre des usagers", "un atelier pour ...": no name, no event


def test_a_newsletter_agenda_lists_events_with_their_details() -> None:
    facts = extract_folder(FOLDER)["agenda-lettre.md"]
    found = {m.name: m.attributes for m in facts.of_type("event")}
    assert found["Atelier « Cartes accessibles »"] == {
        "start": "2026-06-09T14:00:00+02:00", "end": "2026-06-09T16:00:00+02:00",
        "registration_url": "https://forms.example.org/cartes"}
    meetup = found["Meetup Géodata Nantes #4"]
    assert (meetup["location"], meetup["address"], meetup["city"]) == (
        "Maison des Associations", "12 rue Arthur III", "Nantes")  # a venue, then its street
    assert len(found) == 2  # "**Le saviez-vous ?**" then a day is no event
    rels = {(str(t), s, o) for t, s, o in relations(facts)}
    assert {("organiser_of", "Nantes Métropole", "Meetup Géodata Nantes #4"),
            ("organiser_of", "Région Pays de la Loire", "Meetup Géodata Nantes #4"),
            ("speaker_at", "Perrine Lacaze", "Atelier « Cartes accessibles »")} <= rels


@pytest.fixture(scope="module")
def geomatique():
    return extract_folder(FOLDER, ["infolettre-geomatique.md"])["infolettre-geomatique.md"]


def test_a_named_edition_with_its_year_is_an_event_over_its_days(geomatique) -> None:
    events = {m.name: m.attributes for m in geomatique.of_type("event")}
    assert events["Géodatadays 2025"] == {"start": "2025-06-03", "end": "2025-06-05"}
    # a report's year names no event ("Le rapport annuel 2024 … sera publié le 20 mai")
    assert not any("2024" in name for name in events)


def test_a_group_that_receives_a_guest_holds_a_meeting_where_the_guest_speaks(geomatique) -> None:
    meeting = "Rencontre du réseau des géomaticiens de l'État du 15 mai"
    events = {m.name: m.attributes for m in geomatique.of_type("event")}
    assert events[meeting] == {"start": "2025-05-15T10:00:00+02:00", "end": "2025-05-15T12:00:00+02:00"}
    assert ("speaker_at", "Jeanne Morel", meeting) in {(str(t), s, o) for t, s, o in relations(geomatique)}


def test_a_page_of_episodes_each_dated_under_its_heading() -> None:
    facts = extract_folder(FOLDER, ["cafes-data-replays.md"])["cafes-data-replays.md"]
    events = {m.name: m.attributes for m in facts.of_type("event")}
    assert events["Café data n°7"] == {"start": "2026-02-03T09:00:00+01:00"}
    assert events["Café data n°8"] == {"start": "2026-03-10T09:00:00+01:00"}
    speakers = {(s, o) for t, s, o in relations(facts) if str(t) == "speaker_at"}
    assert {("Jeanne Roux", "Café data n°7"), ("Malo Briand", "Café data n°8")} <= speakers
    assert not any(name.startswith("À propos") for name in events)
    presented = {(s, o) for t, s, o in relations(facts) if str(t) == "presented_at"}
    assert presented == {("Mobiscope", "Café data n°8")}  # "les API de l'État en pratique" names no project


def test_an_event_over_two_days_starts_and_ends_with_its_programme() -> None:
    facts = extract_folder(FOLDER, ["journees-donnees-sante.md"])["journees-donnees-sante.md"]
    event = next(m for m in facts.of_type("event") if m.name == "Journées des données de santé")
    assert (event.attributes["start"], event.attributes["end"]) == ("2025-10-09T09:15:00+02:00",
                                                                    "2025-10-10T16:30:00+02:00")
