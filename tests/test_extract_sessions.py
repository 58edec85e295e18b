"""Sessions of a multi-part event: titled, dated entries and named programme slots become events of their own,
part of the page's event; agenda steps and one-off dates do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "sessions"


@pytest.fixture(scope="module")
def facts():
    return extract_folder(FOLDER)


def _events(facts, path: str) -> dict[str, dict]:
    return {m.name: m.attributes for m in facts[path].of_type("event")}


def test_titled_dated_entries_are_sessions_with_their_hours(facts) -> None:
    events = _events(facts, "cycle-conferences.md")
    assert events["Ouvrir les données de santé sans risque"]["start"] == "2026-03-16T12:30:00+01:00"
    assert events["Ouvrir les données de santé sans risque"]["end"] == "2026-03-16T13:15:00+01:00"
    assert events["Les API géographiques de l’IGN, mode d’emploi"]["start"] == "2026-03-17T12:30:00+01:00"
    assert events["Mesurer l’impact d’un service public numérique"]["end"] == "2026-03-19T19:00:00+01:00"
    parts = {s for t, s, o in relations(facts["cycle-conferences.md"]) if t == "part_of"}
    assert len(parts) == 3


def test_named_slots_are_sessions_and_agenda_steps_are_not(facts) -> None:
    events = _events(facts, "journee-programme.md")
    assert events["Partager les données entre collectivités"]["start"] == "2026-05-21T10:00:00+02:00"
    assert events["L'intelligence artificielle au service des territoires"]["end"] == "2026-05-21T15:30:00+02:00"
    names = set(events)
    assert not any(n.startswith(("Accueil", "Ateliers", "Le meet-up", "Clôture")) for n in names), names
    parts = {(s, o) for t, s, o in relations(facts["journee-programme.md"]) if t == "part_of"}
    assert ("Partager les données entre collectivités", "Journée nationale des données territoriales") in parts


def test_a_single_dated_line_is_no_session(facts) -> None:
    assert not any(t == "part_of" for t, _, _ in relations(facts["echeances.md"]))
    assert "Date limite de dépôt des candidatures" not in _events(facts, "echeances.md")


def test_people_named_in_a_session_speak_at_it(facts) -> None:
    speakers = {(s, o) for t, s, o in relations(facts["journee-programme.md"]) if t == "speaker_at"}
    assert ("Lucie Fabre", "Partager les données entre collectivités") in speakers
    assert ("Marc Dumont", "Partager les données entre collectivités") in speakers
    assert not any(o == "L'intelligence artificielle au service des territoires" for _, o in speakers)


def test_entries_with_hours_take_their_day_from_the_section(facts) -> None:
    events = _events(facts, "salon-recrutement.md")
    assert events["Construire son CV numérique"]["start"] == "2026-05-12"  # held twice: the day alone
    assert events["Préparer un entretien technique"]["start"] == "2026-05-12T11:00:00+02:00"
    assert events["Négocier sa mobilité"]["start"] == "2026-05-12"


def test_bodies_named_in_session_titles_take_part_and_projects_are_presented_there(facts) -> None:
    rels = {(str(t), s, o) for t, s, o in relations(facts["salon-recrutement.md"])}
    main = "Salon du recrutement numérique public 2026"
    assert ("participant_in", "Direction générale des Finances publiques", main) in rels
    assert ("participant_in", "Institut national de la statistique et des études économiques", main) in rels
    presented = {(s, o) for t, s, o in rels if t == "presented_at"}
    assert ("France Services", "Le programme France Services vu de l'intérieur") in presented
    assert ("France Services", main) not in presented


def test_an_organiser_no_list_knows_is_named_after_organise_par(facts) -> None:
    rels = {(str(t), s, o) for t, s, o in relations(facts["salon-recrutement.md"])}
    assert ("organiser_of", "Fabrique des emplois publics", "Salon du recrutement numérique public 2026") in rels


def test_slots_that_open_on_a_kind_of_session_keep_their_whole_title(facts) -> None:
    events = _events(facts, "rencontre-donnees-sante.html")
    # Two "Atelier : …" at the same hour are two sessions, named by their whole bold title.
    assert {"Atelier : pseudonymiser sans perdre l'information", "Atelier : documenter un entrepôt de données"} \
        <= set(events)
    assert "Atelier" not in events


def test_a_sessions_speakers_stop_at_the_next_timed_slot(facts) -> None:
    found = relations(facts["rencontre-donnees-sante.html"])
    assert ("speaker_at", "Firmin Lacaze", "Atelier : documenter un entrepôt de données") in found
    # "16h30 Clôture — Hermine …" is a slot of its own, not the last workshop's.
    assert not any(t == "speaker_at" and s == "Hermine Duroc-Alvès" and o.startswith("Atelier") for t, s, o in found)


def test_an_address_over_several_lines_ends_at_each_line(facts) -> None:
    event = _events(facts, "rencontre-donnees-sante.html")["Rencontre Données de santé 2026"]
    assert event["city"] == "Lyon"  # not "Lyon Tram T1" from the line below
    assert event["address"] == "20 rue du Lac, 69003 Lyon"
    assert event["location"] == "Hôtel de la Métropole, salle Confluence"
