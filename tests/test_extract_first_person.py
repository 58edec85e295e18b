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


def test_a_newsletters_portrait_section_is_about_the_person_it_introduces() -> None:
    facts = extract_folder(FOLDER)["infolettres/infolettre-mars.md"]
    found = relations(facts)
    members = {o for t, s, o in found if str(t) == "member_of" and s == "Théo Vasseur-Lemaire"}
    assert any("Centre d'études" in o for o in members)  # "J'ai commencé ma carrière au Cerema"
    skills = {o for t, s, o in found if str(t) == "has_skill" and s == "Théo Vasseur-Lemaire"}
    assert {"R", "Shiny", "PostgreSQL"} <= skills  # "Ses outils de tous les jours : R, Shiny et PostgreSQL"
    # The other sections are not his: the agenda's DINUM, the news item's founder.
    assert not any(s == "Théo Vasseur-Lemaire" and "numérique" in o for _t, s, o in found)


def test_a_founders_title_names_the_body_even_unknown() -> None:
    facts = extract_folder(FOLDER)["infolettres/infolettre-mars.md"]
    assert ("member_of", "Amandine Roussel-Nguyen", "Datalyse") in {(str(t), s, o) for t, s, o in relations(facts)}


def test_a_third_person_bio_on_a_page_filed_with_people() -> None:
    facts = extract_folder(FOLDER)["equipe/ines-marchetti.html"]
    members = {o for t, s, o in relations(facts) if str(t) == "member_of" and s == "Inès Marchetti"}
    # "Cartographe à l'IGN depuis 2022, Inès ..." and "elle a travaillé cinq ans à Météo-France".
    assert members == {"Institut national de l'information géographique et forestière", "Météo-France"}
