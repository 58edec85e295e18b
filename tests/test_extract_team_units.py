"""A team page of a unit: the unit the title names and the text attaches to its body is where the team works;
a card's job title ("Chargée de projets", "Développeur de services") is no heading over projects."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import extract_folder, names, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "team_units"
DREES = "Direction de la recherche, des études, de l'évaluation et des statistiques"


def test_the_team_works_in_the_unit_attached_to_the_titled_body() -> None:
    facts = extract_folder(FOLDER)["equipe.html"]
    rels = {(str(t), s, o) for t, s, o in relations(facts)}
    assert ("part_of", "Pôle Géodonnées & IA", DREES) in rels  # "est rattaché à"
    assert {("member_of", "Maëlys Corbière", "Pôle Géodonnées & IA"),
            ("member_of", "Basile Fournel", "Pôle Géodonnées & IA")} <= rels
    assert not names(facts, "project")  # the skills under "Chargée de projets" are not projects
    assert ("has_skill", "Maëlys Corbière", "QGIS") in rels


def test_a_job_title_naming_a_unit_makes_the_person_a_member_of_it() -> None:
    facts = extract_folder(FOLDER)["compte-rendu.md"]
    rels = {(str(t), s, o) for t, s, o in relations(facts)}
    assert {("member_of", "Léonie Garnier", "Bureau des statistiques régionales"),
            ("part_of", "Bureau des statistiques régionales", DREES)} <= rels
    assert ("member_of", "Ismaël Haddad", "Cellule cartographie de l'ANCT") in rels
    # "directrice de projet à l'Insee": no unit, the body itself.
    assert ("member_of", "Romy Castel", "Institut national de la statistique et des études économiques") in rels


def test_units_named_over_several_words_and_a_regional_branch() -> None:
    facts = extract_folder(FOLDER, ["atelier-poles.md"])["atelier-poles.md"]
    parts = {(s, o) for t, s, o in relations(facts) if str(t) == "part_of"}
    cerema = "Centre d'études et d'expertise sur les risques, l'environnement, la mobilité et l'aménagement"
    assert ("Pôle Design des services numériques de la DINUM", "Direction interministérielle du numérique") in parts
    assert ("Pôle Ingénierie de la donnée du Cerema Normandie-Centre", cerema) in parts  # "de la" inside the name
    assert ("Cellule Vision de l'IGN", "Institut national de l'information géographique et forestière") in parts
