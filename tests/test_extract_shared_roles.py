"""Roles said once for several people, and several roles said for one person."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, names, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "shared_roles"
DREES = "Direction de la recherche, des études, de l'évaluation et des statistiques"
ENSAI = "École nationale de la statistique et de l'analyse de l'information"
IGN = "Institut national de l'information géographique et forestière"
INSEE = "Institut national de la statistique et des études économiques"


@pytest.fixture(scope="module")
def facts():
    return extract_folder(FOLDER)


def _members(facts, page: str) -> set[tuple[str, str]]:
    return {(s, o) for t, s, o in relations(facts[page]) if t == "member_of"}


def _titles(facts, page: str, person: str) -> list[str]:
    found = next(m for m in facts[page].of_type("person") if m.name == person)
    return found.attributes.get("titles", [])


def test_a_title_in_the_plural_is_shared_by_the_people_listed_before_it(facts) -> None:
    members = _members(facts, "lettre-avril.md")
    for person in ("Ysaline Marchetti", "Corentin Vasseur"):
        assert {(person, DREES), (person, ENSAI)} <= members
    html = _members(facts, "compte-rendu.html")
    assert {("Bérénice Joly", INSEE), ("Timothée Ravel", INSEE)} <= html


def test_a_title_in_the_singular_belongs_to_the_last_name_only(facts) -> None:
    members = _members(facts, "compte-rendu.html")
    assert not any(person in ("Octave Lemaire", "Noémie Carré") for person, _ in members)
    assert ("Arthur Benhamou", "Agence nationale de la cohésion des territoires") in members


def test_tous_deux_gives_the_role_to_the_people_before_it(facts) -> None:
    members = _members(facts, "lettre-avril.md")
    assert {("Héloïse Tardieu", IGN), ("Malo Guérin", IGN)} <= members
    assert "géomaticienne" in _titles(facts, "lettre-avril.md", "Héloïse Tardieu")


def test_several_roles_joined_by_et_each_name_their_body(facts) -> None:
    assert ("Solenne Aubry", "Direction interministérielle du numérique") in _members(facts, "lettre-avril.md")
    titles = _titles(facts, "lettre-avril.md", "Solenne Aubry")
    assert "directrice de la DINUM" in titles
    assert not any(" et directrice" in t for t in titles)  # each role its own title
    html = _members(facts, "compte-rendu.html")
    assert {("Romane Delmas", "Caisse nationale des allocations familiales"), ("Romane Delmas", "Datactivist")} <= html


def test_a_bold_name_with_its_title_and_body(facts) -> None:
    assert ("Anatole Brisset", "Cour des comptes") in _members(facts, "lettre-avril.md")
    assert "Anatole Brisset" in names(facts["lettre-avril.md"], "person")
