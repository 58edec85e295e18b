"""Layout cues for relations: tables read through their header, co-organisers, titles that end with a body,
participant lists of a project meeting, head counts, untimed agendas and programmes over several days.

Each test runs the real pipeline (spaCy included) over one of the suite's own documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import entity, extract_folder, names, relations
from ted.extract.facts import Facts
from ted.sources import read_file

ROOT = Path(__file__).resolve().parent / "fixtures" / "extract"
FILES = ("defis_table.md", "agenda_table.html", "copil_minutes.txt", "hackathon_two_days.md", "webinar_agenda.md",
         "retour_atelier.md", "forum_programme.html", "minutes_bare_labels.txt", "team_unit.html",
         "atelier_fiche.md", "agenda_days_table.md", "seminaire_participation.html",
         "startups_table.html", "table_ronde_labels.md", "reseau_table_roles.md")


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    return extract_folder(ROOT, FILES)





def test_table_columns_give_projects_teams_and_bodies(extracted: dict[str, Facts]) -> None:
    """"Défi | Administration porteuse | Équipe": each row's people and body work on its project."""
    facts = extracted["defis_table.md"]
    assert {"Sillage", "DataJust", "Vigie-Crues"} <= names(facts, "project")
    rels = relations(facts)
    for person in ("Inès Moreau", "Baptiste Lemoine", "Chloé Vidal"):
        assert ("works_on", person, "Sillage") in rels
        assert ("member_of", person, "Ministère de la Transition écologique") in rels
    for person in ("Romain Caillaud", "Sonia Haddou"):  # "A, B" in one cell
        assert ("works_on", person, "DataJust") in rels and ("member_of", person, "Ministère de la Justice") in rels
    assert ("works_on", "Ministère de la Justice", "DataJust") in rels
    assert ("works_on", "Service central d'hydrométéorologie", "Vigie-Crues") in rels
    assert not any(r[0] == "works_on" and r[1] == "Paul Girard" and r[2] != "Vigie-Crues" for r in rels)
    assert not facts.of_type("event")


def test_html_agenda_table(extracted: dict[str, Facts]) -> None:
    """"Horaire | Séquence | Intervenant(e)s": timed slots with their titles, speakers and projects."""
    facts = extracted["agenda_table.html"]
    event = entity(facts, "event", "Journée « Justice et données » 2024")
    slots = {item["time"]: item for item in event.attributes["programme"]}
    assert slots["09:30"] == {"time": "09:30", "title": "Accueil café", "speakers": [], "projects": []}
    assert slots["10:30"]["title"] == "Présentation de Judilibre"
    assert slots["10:30"]["speakers"] == ["Antoine Rivière", "Leïla Benhamou"]
    assert slots["10:30"]["projects"] == ["Judilibre"]
    rels = relations(facts)
    for person in ("Antoine Rivière", "Leïla Benhamou", "Hélène Vasseur", "Thomas Nguyen", "Mathilde Carrel"):
        assert ("speaker_at", person, event.name) in rels
    assert ("member_of", "Antoine Rivière", "Cour de cassation") in rels
    assert ("member_of", "Leïla Benhamou", "Etalab") in rels  # the second person of the cell, own body
    assert ("presented_at", "Judilibre", event.name) in rels
    # Dated by the sentence that names "une journée", not by the page.
    assert event.attributes["start"] == "2024-06-18T09:30:00+02:00"
    assert "participants_count" not in event.attributes  # "une centaine": no figure


def test_co_organiser_in_a_clause(extracted: dict[str, Facts]) -> None:
    """"Le ministère de la Justice organise, avec Etalab, une journée ...": both organise it."""
    facts = extracted["agenda_table.html"]
    rels = relations(facts)
    event = "Journée « Justice et données » 2024"
    assert ("organiser_of", "Ministère de la Justice", event) in rels
    assert ("organiser_of", "Etalab", event) in rels
    assert not any(r[0] == "organiser_of" and r[1] == "Cour de cassation" for r in rels)


def test_title_ending_with_a_body(extracted: dict[str, Facts]) -> None:
    """"Mathilde Carrel, cheffe du service de l'expérience numérique du ministère de la Justice"."""
    facts = extracted["agenda_table.html"]
    titles = entity(facts, "person", "Mathilde Carrel").attributes["titles"]
    assert any(t.startswith("cheffe du service de l'expérience numérique") for t in titles)
    assert ("member_of", "Mathilde Carrel", "Ministère de la Justice") in relations(facts)


def test_title_tail_units() -> None:
    from ted.extract.cues.affiliations import analyse

    _, org, known = analyse("responsable de la cellule data de la Direction des achats de l'État", parenthesised=False)
    assert known is not None and known.acronym == "DAE"
    assert analyse("cheffe du Pôle data", parenthesised=False)[1] is None  # a unit alone is no body
    assert analyse("chef du bureau des données", parenthesised=False)[1] is None


def test_project_committee_minutes(extracted: dict[str, Facts]) -> None:
    """"COPIL Opale": the participants (even "Karim A.") and their bodies work on Opale; the agenda is untimed."""
    facts = extracted["copil_minutes.txt"]
    event = entity(facts, "event", "COPIL Opale – 3 avril 2024")
    rels = relations(facts)
    for person in ("Karim Amrani", "Julie Bernard", "Sébastien Morel", "Nora Kaci"):
        assert ("participant_in", person, event.name) in rels
        assert ("works_on", person, "Opale") in rels
    assert ("member_of", "Karim Amrani", "Direction générale des Entreprises") in rels
    for body in ("Direction générale des Entreprises", "Etalab", "Direction générale des Finances publiques"):
        assert ("works_on", body, "Opale") in rels
    assert [item["title"] for item in event.attributes["programme"]] == [
        "Point d'avancement du prototype", "Choix du moteur d'OCR", "Calendrier de l'expérimentation"]
    assert all(item["time"] is None for item in event.attributes["programme"])


def test_meeting_titles_naming_a_project() -> None:
    from ted.extract.relations.meetings import project_in_title

    assert project_in_title("Comité de pilotage du projet Opale du 3 avril 2024") == "Opale"
    assert project_in_title("Kick-off Cartosol") == "Cartosol"
    assert project_in_title("COPIL de la communauté data santé") is None
    assert project_in_title("COPIL DINUM") is None
    assert project_in_title("COPIL 12 mars 2024") is None


def test_programme_over_two_days(extracted: dict[str, Facts]) -> None:
    facts = extracted["hackathon_two_days.md"]
    event = entity(facts, "event", "Hackathon Données de santé 2025")
    times = [item["time"] for item in event.attributes["programme"]]
    assert times[:3] == ["2025-05-22T09:00", "2025-05-22T10:00", "2025-05-22T18:00"]
    assert times[3:] == ["2025-05-23T09:30", "2025-05-23T15:00", "2025-05-23T17:00"]
    assert all(set(item) == {"time", "title", "speakers", "projects"} for item in event.attributes["programme"])
    assert event.attributes["participants_count"] == 120  # "Plus de 120 participants inscrits"
    rels = relations(facts)
    assert ("organiser_of", "Plateforme des données de santé", event.name) in rels  # "en partenariat avec"


def test_untimed_agenda_and_event_day(extracted: dict[str, Facts]) -> None:
    facts = extracted["webinar_agenda.md"]
    event = entity(facts, "event", "Webinaire : les modèles de langue dans les services publics")
    assert event.attributes["start"] == "2024-09-26T11:00:00+02:00"  # not the page's date
    assert event.attributes["end"] == "2024-09-26T12:30:00+02:00"
    assert len(facts.of_type("event")) == 1  # "un webinaire le jeudi 26 septembre" is this one
    items = event.attributes["programme"]
    assert [item["speakers"] for item in items] == [["Claire Dubois"], ["Mehdi Saïdi"], []]
    assert items[1]["projects"] == ["Albert"]
    assert event.attributes["participants_count"] == 40  # "Plus de 40 personnes"
    rels = relations(facts)
    assert ("organiser_of", "Institut national de l'audiovisuel", event.name) in rels


def test_head_counts() -> None:
    from ted.extract.entities.events import _count_pattern
    from ted.kb.names import fold

    def count(text: str) -> str | None:
        match = _count_pattern().search(fold(text))
        return match.group(1) if match else None

    assert count("1 200 participants") == "1 200"
    assert count("45 participant·es") == "45"
    assert count("une trentaine d'experts") is None


def test_cells_keep_empty_columns() -> None:
    from ted.extract.layout.tables import cells, column_role

    text = "9h30 |  | Accueil"
    assert [text[s:e] for s, e in cells(text)] == ["9h30", "", "Accueil"]
    assert column_role("Administration porteuse") == "organisation"
    assert column_role("Intervenant(e)s") == "people"
    assert column_role("Nom du projet") == "project"
    assert column_role("Porteur de projet") == "people"
    assert column_role("Remarques") is None


def test_reader_keeps_empty_cells(tmp_path: Path) -> None:
    page = tmp_path / "agenda.md"
    page.write_text("# Agenda\n\n| Horaire | Séquence | Intervenants |\n|---|---|---|\n| 9h30 |  | Ana Lopez |\n"
                    "| 12h00 | Déjeuner |  |\n", encoding="utf-8")
    doc = read_file(page, str(tmp_path), "agenda.md")
    rows = [b.text for b in doc.blocks if b.kind == "table"]
    assert rows[1] == "9h30 |  | Ana Lopez" and rows[2].startswith("12h00 | Déjeuner |")


def test_report_with_talk_verbs_and_same_day_hours(extracted: dict[str, Facts]) -> None:
    """"Agathe Morin a présenté Opendatascope", "Rémi Caron, chef de projet ..., a expliqué": they spoke."""
    facts = extracted["retour_atelier.md"]
    event = entity(facts, "event", "Atelier open data du 12 mars 2024")
    assert event.attributes["start"] == "2024-03-12T14:00:00+01:00"  # "Le mardi 12 mars, de 14h à 17h"
    assert event.attributes["end"] == "2024-03-12T17:00:00+01:00"
    rels = relations(facts)
    assert ("speaker_at", "Agathe Morin", event.name) in rels and ("speaker_at", "Rémi Caron", event.name) in rels
    assert not any(r[0] == "speaker_at" and r[1] == "Sofia Ricci" for r in rels)
    assert ("presented_at", "Opendatascope", event.name) in rels
    assert ("works_on", "Agathe Morin", "Opendatascope") in rels


def test_event_page_with_a_date_line_a_venue_line_and_talk_projects(extracted: dict[str, Facts]) -> None:
    facts = extracted["forum_programme.html"]
    event = entity(facts, "event", "Forum des données territoriales 2025")
    assert event.attributes["start"] == "2025-06-05T09:30:00+02:00"
    assert event.attributes["end"] == "2025-06-05T17:00:00+02:00"
    assert event.attributes["location"].startswith("Centre d'études et d'expertise sur les risques")
    assert event.attributes["city"] == "Bron"
    rels = relations(facts)
    assert ("presented_at", "Territoria", event.name) in rels  # "Territoria : le tableau de bord ..."
    assert ("works_on", "Yann Kerouac", "Territoria") in rels
    assert not any(r[0] == "presented_at" and r[1] in ("Accueil", "Ouverture") for r in rels)
    assert ("member_of", "Louise Barbier", "Centre d'études et d'expertise sur les risques, l'environnement, "
            "la mobilité et l'aménagement") in rels  # ", directrice des territoires du Cerema" in the cell
    assert ("organiser_of", "Banque des Territoires", event.name) in rels  # "... rassemblent ..."


def test_bodies_that_meet_organise_nothing() -> None:
    from ted.kb.lexicon import says_organises

    assert says_organises(" et l'ANCT réunissent les producteurs de données")
    assert not says_organises(", de l'Insee et de la DINUM se réunissent chaque mois")


def test_minutes_with_bare_labels_and_a_renumbered_list(extracted: dict[str, Facts]) -> None:
    """"Présents" and "Ordre du jour" without a colon still head their lists; the numbered sections after
    them ("1. Epicast" again) are no agenda items."""
    facts = extracted["minutes_bare_labels.txt"]
    event = entity(facts, "event", "Point mensuel du réseau data santé – 6 février 2025")
    rels = relations(facts)
    assert ("participant_in", "Clémence Royer", event.name) in rels
    assert [item["title"] for item in event.attributes["programme"]] == [
        "Epicast : bilan du premier trimestre (Hugo Tessier)", "Questions diverses"]
    assert ("presented_at", "Epicast", event.name) in rels and ("speaker_at", "Hugo Tessier", event.name) in rels


def test_team_page_of_a_unit_named_in_its_heading(extracted: dict[str, Facts]) -> None:
    """<title> "Cellule données ouvertes — Cerema", <h1> "La cellule données ouvertes du Cerema": the unit."""
    facts = extracted["team_unit.html"]
    rels = relations(facts)
    unit = "Cellule données ouvertes du Cerema"
    assert {r[1] for r in rels if r[0] == "member_of" and r[2] == unit} == {"Margaux Pelletier", "Samir Ouali"}
    assert any(r[0] == "part_of" and r[1] == unit and r[2].startswith("Centre d'études") for r in rels)
    assert ("works_on", unit, "Ouvrecol") in rels


def test_key_value_table_and_organisers_label(extracted: dict[str, Facts]) -> None:
    """"Date | Mardi 14 mai 2024, 14h-17h", "Intervenants | A (X), B (Y)": read as labelled lines."""
    facts = extracted["atelier_fiche.md"]
    event = entity(facts, "event", "Atelier data et territoires")
    assert event.attributes["start"] == "2024-05-14T14:00:00+02:00"
    assert event.attributes["end"] == "2024-05-14T17:00:00+02:00"
    assert event.attributes["city"] == "Paris"
    rels = relations(facts)
    assert ("speaker_at", "Paul Martin", event.name) in rels and ("speaker_at", "Léa Petit", event.name) in rels
    assert ("member_of", "Léa Petit", "Institut national de la statistique et des études économiques") in rels
    organisers = {r[1] for r in rels if r[0] == "organiser_of"}
    assert {"Direction interministérielle du numérique", "Institut national de la statistique et des études "
            "économiques"} <= organisers
    assert ("works_on", "Office français de la biodiversité", "Carto-Eau") in rels
    assert ("works_on", "Inès Lambert", "Carto-Eau") in rels
    assert ("presented_at", "Datafluides", event.name) in rels


def test_agenda_table_with_a_date_column(extracted: dict[str, Facts]) -> None:
    """"Date | Horaire | Séquence | Intervenants" over two days: dated slots, and no tour stages."""
    facts = extracted["agenda_days_table.md"]
    event = entity(facts, "event", "Rencontres nationales de la donnée 2025")
    assert [(i["time"], i["title"]) for i in event.attributes["programme"]] == [
        ("2025-04-03T09:30", "Ouverture"), ("2025-04-03T14:00", "Atelier open data"),
        ("2025-04-04T10:00", "Conclusion")]
    assert len(facts.of_type("event")) == 1


def test_bodies_taking_part_and_a_definition_list(extracted: dict[str, Facts]) -> None:
    """"organisé par la DITP avec la participation de la DGFiP et de l'Urssaf"."""
    facts = extracted["seminaire_participation.html"]
    event = entity(facts, "event", "Séminaire « IA et administration »")
    assert event.attributes["start"].startswith("2024-10-10")  # <dt>Date</dt><dd>Jeudi 10 octobre 2024</dd>
    rels = relations(facts)
    assert ("organiser_of", "Direction interministérielle de la transformation publique", event.name) in rels
    assert ("participant_in", "Direction générale des Finances publiques", event.name) in rels
    assert ("participant_in", "Urssaf Caisse nationale", event.name) in rels
    assert not any(r[0] == "organiser_of" and r[1] == "Direction générale des Finances publiques" for r in rels)
    for person in ("Sophie Lemaire", "Antoine Faure", "Nadia Chaib"):
        assert ("speaker_at", person, event.name) in rels


def test_bare_body_in_apposition() -> None:
    """", de la DINUM, a présenté", " – Ministère des Armées": the body is the person's, without a title;
    an enumeration (", la DINUM, l'Insee") is not."""
    from ted.extract.cues.affiliations import affiliation

    assert affiliation(", de la DINUM, a présenté")[1] == "DINUM"
    assert affiliation(", Insee, explique")[1] == "Insee"
    assert affiliation(" – Ministère des Armées")[1] == "Ministère des Armées"
    assert affiliation(", la DINUM, l'Insee")[1] is None
    assert affiliation(", Paris, le 3 mai")[1] is None


def test_html_table_without_header_cells_and_breaks_in_cells(extracted: dict[str, Facts]) -> None:
    """A first row of <td> is the header; "Lucie Moreau<br>Thomas Blanc" are two people; "Signal Conso" in a
    project column is a project, though written like a name."""
    facts = extracted["startups_table.html"]
    assert {"Mon Espace Collectivité", "Signal Conso"} <= names(facts, "project")
    rels = relations(facts)
    assert ("works_on", "Lucie Moreau", "Mon Espace Collectivité") in rels
    assert ("works_on", "Thomas Blanc", "Mon Espace Collectivité") in rels
    assert ("works_on", "Amel Ziani", "Signal Conso") in rels
    assert "Lucie Moreau Thomas Blanc" not in names(facts, "person")


def test_more_organiser_wordings() -> None:
    from ted.extract.relations.eventroles import ORGANISER_BEFORE
    from ted.kb.lexicon import says_organises

    assert ORGANISER_BEFORE.search("Un atelier en co-organisation avec la ")
    assert ORGANISER_BEFORE.search("Le ministère de la Justice organise, avec ")
    assert not ORGANISER_BEFORE.search("La DINUM organise, avec le soutien de la ")
    assert says_organises(" et Etalab vous donnent rendez-vous le 12 mars")


def test_moderator_and_witness_labels(extracted: dict[str, Facts]) -> None:
    facts = extracted["table_ronde_labels.md"]
    event = "Table ronde : la donnée au service des territoires"
    rels = relations(facts)
    for person in ("Camille Perrot", "Léon Marchal", "Odile Faure"):
        assert ("speaker_at", person, event) in rels


def test_table_with_a_role_column(extracted: dict[str, Facts]) -> None:
    facts = extracted["reseau_table_roles.md"]
    assert entity(facts, "person", "Rachid Benali").attributes["titles"] == ["Chief data officer"]
    assert ("member_of", "Sophie Weber", "Ministère de l'Intérieur") in relations(facts)
