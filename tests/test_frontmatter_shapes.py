"""Front matter of unknown conventions, read from the shape of its values: a code repository says "project"."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "frontmatter_shapes"


@pytest.fixture(scope="module")
def facts():
    return extract_folder(FOLDER)


def test_a_page_with_a_repository_presents_a_project_and_its_responsible(facts) -> None:
    page = facts["geovue.md"]
    project = page.mentions[page.primary]
    assert (project.type, project.name) == ("project", "GéoVue")
    rels = {(str(t), s, o) for t, s, o in relations(page)}
    assert ("works_on", "Léa Fontaine", "GéoVue") in rels
    assert ("member_of", "Léa Fontaine", "IGN") in rels  # resolution names it from the gazetteer later


def test_a_page_without_one_is_no_project(facts) -> None:
    page = facts["note-interne.md"]
    assert page.primary is None or page.mentions[page.primary].type != "project"


def test_an_empty_repository_field_is_still_the_project_template(facts) -> None:
    page = facts["tableaux-de-bord.md"]
    project = page.mentions[page.primary]
    assert (project.type, project.name) == ("project", "Tableaux de bord partagés")
    assert ("works_on", "Ministère de la Culture", "Tableaux de bord partagés") in {
        (str(t), s, o) for t, s, o in relations(page)}


def test_a_handle_under_a_repository_key_says_nothing(facts) -> None:
    page = facts["billet-auteur.md"]
    assert page.primary is None or page.mentions[page.primary].type != "project"


def test_a_project_page_under_its_folder_reads_partners_and_team_lines(facts) -> None:
    page = facts["projets/releves-crues.md"]
    assert page.mentions[page.primary].name == "Relevés de crues"
    rels = {(str(t), s, o) for t, s, o in relations(page)}
    assert {("works_on", "Météo-France", "Relevés de crues"), ("works_on", "IGN", "Relevés de crues"),
            ("works_on", "Armelle Quintard", "Relevés de crues"), ("member_of", "Armelle Quintard", "Cerema"),
            ("member_of", "Yvon Le Goff", "IGN")} <= rels  # "Name — title (Body)": the body closes the line
