"""A profile's first-person sentences say where its person works or worked."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import extract_folder, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "first_person"


def test_bodies_after_a_verb_of_work_in_the_first_person() -> None:
    facts = extract_folder(FOLDER)["_membres/zoe.perrault.md"]
    members = {o for t, s, o in relations(facts) if str(t) == "member_of" and s == "Zoé Perrault"}
    assert {"Institut national de l'information géographique et forestière",
            "Institut national de la statistique et des études économiques"} <= members
    assert not {"Météo-France", "Centre d'études et d'expertise sur les risques, l'environnement, la mobilité et "
                "l'aménagement"} & members  # "Notre outil est construit avec ...": partners, no verb of work
