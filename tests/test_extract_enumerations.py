"""Bodies listed after a plural noun for bodies and "telles que", "comme", "notamment"."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import extract_folder, names

FOLDER = Path(__file__).resolve().parent / "fixtures" / "enumerations"


def test_names_listed_after_a_noun_for_bodies_are_organisations() -> None:
    facts = extract_folder(FOLDER)["bilan.md"]
    bodies = names(facts, "organisation")
    assert {"open.fr", "Civic Lab", "Code Citoyen", "Région Occitanie", "Toulouse Métropole"} <= bodies
    assert not bodies & {"Marie Dupont", "Paul Martin", "celles du secteur", "Celles"}
