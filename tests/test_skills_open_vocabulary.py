"""Skills read where the layout or the wording says "skills", normalised by the thesaurus, kept when new.

The documents under ``tests/fixtures/skills`` were written for these tests, one per layout: a member
profile ("Compétences : ..."), an HTML team page (a title, then a list), a Markdown team list ("Name,
title : skills"), a project page ("Technologies : R, Shiny, PostgreSQL", "Domaines techniques"), a
portrait ("spécialiste de la vision par ordinateur") and an event page ("Thématiques : ...").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import names, relations
from ted.extract.facts import Facts
from ted.extract.pipeline import Extractor
from ted.kb.gazetteer import find_skills, lookup_skill, skills
from ted.sources import read_file

FIXTURES = Path(__file__).parent / "fixtures" / "skills"
INTERRUPTED: list[str] = []  # documents whose extraction stopped at a component


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    paths = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    docs = [read_file(p, str(FIXTURES), p.relative_to(FIXTURES).as_posix()) for p in paths]
    results = list(Extractor().extract_many(docs))
    INTERRUPTED[:] = [doc.path for doc, _ in results if any("interrompue" in w for w in doc.warnings)]
    return {doc.path: facts for doc, facts in results}


def skills_of(facts: Facts, relation: str, holder: str) -> set[str]:
    return {target for kind, source, target in relations(facts) if kind == relation and source == holder}


# ---------------------------------------------------------------- the thesaurus


def test_the_thesaurus_holds_five_hundred_concepts() -> None:
    entries = skills().entries
    assert len(entries) >= 500
    assert len({e.name for e in entries}) == len(entries)


@pytest.mark.parametrize(("french", "english"), [
    ("vision par ordinateur", "computer vision"),
    ("écoconception", "ecodesign"),
    ("droit du numérique", "digital law"),
    ("design de services", "service design"),
    ("appariement de données", "record linkage"),
    ("marchés publics", "public procurement"),
    ("sécurité des systèmes d'information", "cybersecurity"),
    ("ingénierie de prompts", "prompt engineering"),
])
def test_french_and_english_terms_are_one_concept(french: str, english: str) -> None:
    found, other = lookup_skill(french), lookup_skill(english)
    assert found is not None and other is not None and found.name == other.name


@pytest.mark.parametrize(("tool", "broader"), [
    ("knitr", "R"), ("Observable Plot", "Visualisation de données"), ("ECharts", "Visualisation de données"),
    ("SQLAlchemy", "Python"), ("Apache Kafka", "Traitement de flux"), ("Écoconception", "Numérique responsable"),
    ("Géocodage", "Cartographie"), ("RGESN", "Numérique responsable"),
])
def test_tools_sit_under_their_field(tool: str, broader: str) -> None:
    found = lookup_skill(tool)
    assert found is not None and found.broader == broader


def test_html_and_css_are_two_languages_and_symbols_are_names() -> None:
    assert lookup_skill("HTML").name == "HTML" and lookup_skill("css").name == "CSS"
    assert [lookup_skill(x).name for x in ("C", "C++", "C#", ".NET")] == ["C", "C++", "C#", ".NET"]
    assert lookup_skill("net") is None


def test_ordinary_words_are_skills_only_as_listed_items() -> None:
    prose = ("R&D, Julia Martin et moi : on y va, c'est Swift et ça se fait vite ; make it so, "
             "un tableau de bord du parquet, la confluence des rivières, une dash de sel.")
    assert {m.name for m in find_skills(prose)} == {"Visualisation de données"}  # "tableau de bord"
    for label, name in [("R", "R"), ("Go", "Go"), ("Julia", "Julia"), ("lua", "Lua"), ("Swift", "Swift"),
                        ("Dash", "Dash"), ("make", "Make"), ("Parquet", "Apache Parquet")]:
        assert lookup_skill(label).name == name


def test_a_slip_is_forgiven_but_not_another_word() -> None:
    assert lookup_skill("computeur vision").name == "Vision par ordinateur"
    assert lookup_skill("modélisation dimensionnelle") is None  # not "modélisation tridimensionnelle"


# ---------------------------------------------------------------- profiles


def test_a_profile_lists_its_skills_known_and_new(extracted: dict[str, Facts]) -> None:
    facts = extracted["membres/claire.fontaine.md"]
    assert skills_of(facts, "has_skill", "Claire Fontaine") >= {
        "R", "Shiny", "PostgreSQL", "Évaluation socio-économique", "SQL", "Go"}


def test_a_sentence_after_a_skills_heading_is_no_skill(extracted: dict[str, Facts]) -> None:
    """"## Compétences" then a sentence; "la variable R" in prose: nothing."""
    assert not extracted["membres/hugo.renard.md"].of_type("skill")


# ---------------------------------------------------------------- team pages


def test_a_team_card_lists_what_its_member_knows(extracted: dict[str, Facts]) -> None:
    facts = extracted["equipes/pole-donnees.html"]
    assert "Julia Martin" in names(facts, "person")
    assert skills_of(facts, "has_skill", "Julia Martin") == {"Julia", "Rust", "WebAssembly"}
    assert skills_of(facts, "has_skill", "Bastien Morel") == {
        "Apache Spark", "Ingénierie des données", "Traitement par lots"}
    assert skills_of(facts, "has_skill", "Inès Carpentier") == {"Apprentissage actif", "Vision par ordinateur"}
    assert skills_of(facts, "has_skill", "Paul Girard") == set()
    assert not any("," in name for name in names(facts, "organisation"))


def test_a_team_list_item_gives_title_then_skills(extracted: dict[str, Facts]) -> None:
    facts = extracted["equipes/reseau.md"]
    assert skills_of(facts, "has_skill", "Nora Kaci") >= {"Airflow", "dbt"}
    assert skills_of(facts, "has_skill", "Yves Laurent") == {"Conduite du changement", "Facilitation"}
    assert "Ingénierie des données" not in names(facts, "skill")  # "data engineer" is her job title


def test_skills_after_a_title_in_a_card(extracted: dict[str, Facts]) -> None:
    facts = extracted["equipes/cartes.html"]
    assert skills_of(facts, "has_skill", "Léon Petit") == {"Apache Spark", "Ingénierie des données"}
    assert skills_of(facts, "has_skill", "Rose Blanc") == {"Django", "Tests automatisés"}


def test_a_list_of_skills_is_never_an_organisation(extracted: dict[str, Facts]) -> None:
    facts = extracted["equipes/cartes.html"]
    assert not any(find_skills(name) for name in names(facts, "organisation"))


# ---------------------------------------------------------------- projects, portraits, events


def test_a_project_page_states_its_stack(extracted: dict[str, Facts]) -> None:
    facts = extracted["projets/atlas-sante.md"]
    assert skills_of(facts, "about", "Atlas santé") == {
        "Open data", "R", "Shiny", "PostgreSQL", "Géocodage", "Tuilage vectoriel", "Recherche d'information",
        "Elasticsearch"}
    # What the project is about is not stated as its lead's skill (search follows works_on → about).
    assert skills_of(facts, "has_skill", "Marc Lebon") == set()
    assert not {"Plusieurs formats", "Tableaux", "Cartes", "Développeur"} & names(facts, "skill")


def test_who_a_project_serves_is_not_what_it_is_about(extracted: dict[str, Facts]) -> None:
    # "statisticiens", "analystes de données" name the users or the profiles sought, not the subject
    about = skills_of(extracted["projets/atlas-sante.md"], "about", "Atlas santé")
    assert not {"Statistiques", "Analyse de données"} & about


def test_a_job_is_a_title_not_a_stated_skill(tmp_path: Path) -> None:
    page = tmp_path / "equipe.md"
    page.write_text("# L'équipe\n\n- Léa Fontaine — cheffe de produit (DINUM)\n- Hugo Brun, coach agile, DINUM\n\n"
                    "Statisticienne de formation, Léa Fontaine maîtrise Python et la cartographie.\n", encoding="utf-8")
    (_, facts), = Extractor().extract_many([read_file(page, str(tmp_path), "equipe.md")])
    assert skills_of(facts, "has_skill", "Léa Fontaine") == {"Python", "Cartographie"}
    assert skills_of(facts, "has_skill", "Hugo Brun") == set()
    assert {"cheffe de produit"} <= set(next(m for m in facts.of_type("person") if m.name == "Léa Fontaine")
                                         .attributes.get("titles", []))


def test_a_portrait_says_what_its_person_is_expert_in(extracted: dict[str, Facts]) -> None:
    facts = extracted["portraits/nadia-berrada.md"]
    assert skills_of(facts, "has_skill", "Nadia Berrada") >= {
        "Vision par ordinateur", "Photo-interprétation", "Statistiques spatiales"}
    assert "Julia Martin" in names(facts, "person")
    assert not {"Julia", "R"} & names(facts, "skill")  # a colleague's first name, "R&D"


def test_an_event_lists_its_themes_known_only(extracted: dict[str, Facts]) -> None:
    facts = extracted["evenements/2024-06-20-atelier.md"]
    event = "Atelier : publier ses données sur un portail"
    assert skills_of(facts, "about", event) == {"Open data", "Gestion des métadonnées"}
    assert names(facts, "skill") == {"Open data", "Gestion des métadonnées"}  # no "Portrait", no sentence


def test_every_document_is_read_to_the_end(extracted: dict[str, Facts]) -> None:
    assert len(extracted) == 10 and INTERRUPTED == []


def test_a_line_of_tags_under_a_members_name_gives_their_skills(extracted: dict[str, Facts]) -> None:
    facts = extracted["equipes/atelier-cartes.md"]
    # Tags side by side with no separator, known or new: each is one skill ("QGIS" after "Géomatique" is not
    # part of a proper name), and a new one keeps its words.
    assert {"Géomatique", "QGIS", "Sémiologie graphique"} <= skills_of(facts, "has_skill", "Maëlys Kerbrat-Diallo")
    assert {"Python", "PostGIS", "GeoServer"} <= skills_of(facts, "has_skill", "Sören Lavaud")
    # Code in a sentence is no tag.
    assert "make carte" not in names(facts, "skill")


def test_tags_are_only_lines_of_code_spans() -> None:
    doc = read_file(FIXTURES / "equipes" / "atelier-cartes.md", str(FIXTURES), "equipes/atelier-cartes.md")
    tagged = [block.tags for block in doc.blocks if block.tags]
    assert ["Géomatique", "QGIS", "Sémiologie graphique"] in tagged
    assert not any("make carte" in tags for tags in tagged)


def test_a_public_product_named_in_a_text_is_a_project(extracted: dict[str, Facts]) -> None:
    facts = extracted["projets/outil-cartes.md"]
    # The State's design system and Insee's Onyxia are products (projects), not skills; PostGIS is a skill.
    assert {"Système de design de l'État", "Onyxia"} <= names(facts, "project")
    assert not {"Système de design de l'État", "Onyxia"} & names(facts, "skill")
    assert "PostGIS" in skills_of(facts, "about", "Cartoline")


def test_a_skill_after_a_name_is_theirs_only_within_their_apposition(tmp_path: Path) -> None:
    page = tmp_path / "forum.md"
    page.write_text("# Forum des données\n\nLe mardi 3 mars 2026 à Lyon.\n\n"
                    "- **10h :** Table ronde avec Lou Garnier (DINUM), Paul Henry (Insee) et le fondateur de QGIS.\n",
                    encoding="utf-8")
    (_, facts), = Extractor().extract_many([read_file(page, str(tmp_path), "forum.md")])
    assert skills_of(facts, "has_skill", "Lou Garnier") == set()  # another name comes between
    assert skills_of(facts, "has_skill", "Paul Henry") == set()  # "et le créateur de …" is a new phrase


def test_a_skill_word_completing_a_job_title_is_the_jobs_field(tmp_path: Path) -> None:
    page = tmp_path / "intervenants.md"
    page.write_text("# Intervenants\n\n* **Lou Garnier**, coordonnatrice nationale pour la stratégie d'intelligence "
                    "artificielle\n* **Paul Henry**, chef du pôle cartographie, Insee\n", encoding="utf-8")
    (_, facts), = Extractor().extract_many([read_file(page, str(tmp_path), "intervenants.md")])
    assert skills_of(facts, "has_skill", "Lou Garnier") == set()
    assert skills_of(facts, "has_skill", "Paul Henry") == set()
