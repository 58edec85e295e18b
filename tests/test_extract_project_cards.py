"""Projects listed as cards under a heading that announces them (a call for projects' winners)."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import extract_folder, names, relations
from ted.kb.gazetteer import find_organisations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "project_cards"


def test_each_card_is_a_project_with_its_carriers_and_people() -> None:
    facts = extract_folder(FOLDER)["appel-donnees-locales.md"]
    assert {"Fontaines ouvertes", "Bancs publics"} <= names(facts, "project")
    works_on = {(s, o) for t, s, o in relations(facts) if str(t) == "works_on"}
    assert {("Département de l'Hérault", "Fontaines ouvertes"), ("Armand Lefèvre", "Fontaines ouvertes"),
            ("Clotilde Sabatier", "Fontaines ouvertes"), ("Métropole de Rennes", "Bancs publics"),
            ("Ysaline Kerbrat", "Bancs publics")} <= works_on
    # the selection committee is no project card, and its members work on nothing
    assert not any(person == "Firmin Darras" for person, _ in works_on)
    assert "Le comité de sélection" not in names(facts, "project")


def test_a_place_name_ends_before_the_next_lines_label() -> None:
    found = [m.text for m in find_organisations("Portée par : Métropole de Rennes Contact : Ysaline Kerbrat")]
    assert found == ["Métropole de Rennes"]
