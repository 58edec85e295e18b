"""Sentences about a project that do not name it ("Ce projet a été lancé par la DREES"): the project is the one
the section's heading names, or the page's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "project_subject"


@pytest.fixture(scope="module")
def facts():
    return extract_folder(FOLDER)


def _works_on(facts, page: str) -> set[tuple[str, str]]:
    return {(s, o) for t, s, o in relations(facts[page]) if str(t) == "works_on"}


def test_the_section_heading_names_the_project(facts) -> None:
    found = _works_on(facts, "lettre.md")
    assert {("Direction de la recherche, des études, de l'évaluation et des statistiques", "Géoclés"),
            ("Institut national de la statistique et des études économiques", "Géoclés"),
            ("Cour des comptes", "Géoclés")} <= found
    # Under a heading that names no project, "le projet de charte" is nobody's project here.
    assert not any(body == "Direction interministérielle du numérique" for body, _ in found)


def test_the_page_project_is_the_subject_on_its_own_page(facts) -> None:
    found = _works_on(facts, "outil-mesure.md")
    assert {("Caisse nationale des allocations familiales", "Mesurine"),
            ("Mutualité sociale agricole", "Mesurine")} <= found
