"""Pages that say what they are by where they are filed, and front matter a known convention reads only in part."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import extract_folder, names, relations

FOLDER = Path(__file__).resolve().parent / "fixtures" / "filed_pages"


def _found(path: str) -> set[tuple[str, str, str]]:
    return {(str(t), s, o) for t, s, o in relations(extract_folder(FOLDER, [path])[path])}


def test_an_html_page_filed_with_products_is_the_project_its_title_names() -> None:
    found = _found("produits/relais-eau.html")
    # The team table's people work on it; its body column says where they work, not who carries the project.
    assert {("works_on", "Gaëlle Ferrand-Ozil", "Relais Eau"), ("works_on", "Noé Castaing", "Relais Eau")} <= found
    assert not any(t == "works_on" and "numérique" in s and "interministérielle" in s for t, s, _o in found)
    # "Incubateur : …" and "Sponsor : …" name bodies that carry it, known or not.
    carriers = {s for t, s, o in found if t == "works_on" and o == "Relais Eau"}
    assert {"Atelier numérique de l'environnement", "Direction de l'eau et de la biodiversité"} <= carriers
    assert {("about", "Relais Eau", "Django"), ("about", "Relais Eau", "PostgreSQL")} <= found


def test_a_status_in_a_team_tables_body_column_is_no_organisation() -> None:
    facts = extract_folder(FOLDER, ["produits/relais-eau.html"])["produits/relais-eau.html"]
    assert "Freelance" not in names(facts, "organisation")


def test_keys_a_known_convention_leaves_unread_are_inferred() -> None:
    found = _found("_authors/loic.brennan.md")  # fullname/employeur is a known layout; "service" is not in it
    assert ("member_of", "Loïc Brennan", "Pôle logiciels statistiques") in found


def test_a_body_after_an_elided_article_is_read_whole() -> None:
    found = _found("_authors/loic.brennan.md")  # "délégué à la qualité des données de l'ARS Bretagne"
    assert ("member_of", "Loïc Brennan", "Agence régionale de santé Bretagne") in found
    assert not any(o == "Bretagne" for _t, _s, o in found)
