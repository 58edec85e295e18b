"""The organisation gazetteer and the skills thesaurus: data integrity and matching."""

from __future__ import annotations

import pytest

from ted.kb.gazetteer import (
    FUNCTION_WORDS,
    TOKEN,
    find_organisations,
    find_skills,
    lookup_organisation,
    lookup_skill,
    organisation_variants,
    organisations,
    phrase_key,
    skill_synonyms,
    skills,
)
from ted.kb.names import fold

# Words a single-word variant must never be: they would turn ordinary prose into organisations or skills.
COMMON_WORDS = {"douane", "gendarmerie", "culture", "travail", "sante", "communication", "formation",
                "developpement", "produit", "libre", "croissance", "droit", "recherche", "agence",
                "direction", "ministere", "prefecture", "service", "programme", "has", "onf", "dae",
                "tableau", "poste", "zone", "spring", "transformer", "statistique", "orange"}


def names(matches) -> list[str]:
    return [m.name for m in matches]


# ---------------------------------------------------------------- data integrity


def test_gazetteer_has_a_few_hundred_bodies_with_unique_names() -> None:
    entries = organisations().entries
    assert len(entries) >= 300
    keys = [phrase_key(e.name) for e in entries]
    assert len(keys) == len(set(keys)), "two organisations share a canonical name"


def test_every_parent_is_a_known_organisation() -> None:
    known = {e.name for e in organisations().entries}
    for entry in organisations().entries:
        assert entry.parent is None or entry.parent in known, entry.name


def test_no_single_word_name_is_a_common_word() -> None:
    for gazetteer in (organisations(), skills()):
        for entry in gazetteer.entries:
            for phrase in entry.phrases:
                key = phrase_key(phrase)
                # "La Poste" is looked up whole only; a one-word phrase matches running text.
                one_word = len(key) == 1 and len(TOKEN.findall(phrase)) == 1
                assert not (one_word and key[0] in COMMON_WORDS), (entry.name, phrase)


def test_no_phrase_is_only_function_words() -> None:
    for entry in organisations().entries + skills().entries:
        for phrase in entry.phrases:
            assert phrase_key(phrase), (entry.name, phrase)
    assert "de" in FUNCTION_WORDS


# ---------------------------------------------------------------- organisations in running text


def test_ministry_with_two_bodies_in_parentheses() -> None:
    found = find_organisations("Ministère de l'Intérieur (Gendarmerie Nationale, DNUM)")
    assert names(found) == ["Ministère de l'Intérieur", "Gendarmerie nationale",
                            "Direction du numérique du ministère de l'Intérieur"]
    assert [m.text for m in found] == ["Ministère de l'Intérieur", "Gendarmerie Nationale", "DNUM"]
    assert found[1].parent == found[2].parent == "Ministère de l'Intérieur"


def test_spans_point_into_the_text() -> None:
    text = "Avec la DINUM et l’Insee, puis Santé publique France."
    for match in find_organisations(text):
        assert text[match.start:match.end] == match.text
    assert names(find_organisations(text))[1] == "Institut national de la statistique et des études économiques"


def test_acronyms_that_are_words_match_only_in_capitals() -> None:
    assert names(find_organisations("La HAS et l'ONF, la DAE.")) == [
        "Haute Autorité de santé", "Office national des forêts", "Direction des achats de l'État"]
    assert find_organisations("He has a dae in the onf. Has it?") == []


def test_long_acronyms_match_capitalised_but_not_lower_case() -> None:
    assert names(find_organisations("la Dinum")) == ["Direction interministérielle du numérique"]
    assert find_organisations("la dinum") == []


def test_longest_match_wins() -> None:
    found = find_organisations("le Ministère de l'Économie, des Finances et de la Relance a dit")
    assert len(found) == 1
    assert found[0].text == "Ministère de l'Économie, des Finances et de la Relance"
    assert found[0].name == "Ministère de l'Économie et des Finances"


def test_names_do_not_cross_sentences_headings_or_addresses() -> None:
    assert find_organisations("Vive la France.\n\n## Stratégie") == []
    found = find_organisations("Écrire à contact@etalab.gouv.fr ou voir https://www.insee.fr/fr/ DINUM")
    assert [m.text for m in found] == ["DINUM"]


def test_full_names_ignore_case_and_accents() -> None:
    found = find_organisations("INSTITUT NATIONAL DE LA STATISTIQUE ET DES ETUDES ECONOMIQUES")
    assert names(found) == ["Institut national de la statistique et des études économiques"]


@pytest.mark.parametrize(("old", "new"), [
    ("Ministère des Solidarités et de la Santé", "Ministère de la Santé et de la Prévention"),
    ("Ministère de l'Économie, des Finances et de la Relance",
     "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique"),
    ("Ministère de l'Éducation nationale, de la Jeunesse et des Sports",
     "Ministère de l'Éducation nationale et de la Jeunesse"),
    ("Ministère du Travail, de l'Emploi et de l'Insertion", "Ministère du Travail, du Plein emploi et de l'Insertion"),
    ("Pôle emploi", "France Travail"),
    ("Agence centrale des organismes de sécurité sociale", "Urssaf"),
])
def test_old_and_new_names_are_one_body(old: str, new: str) -> None:
    a, b = lookup_organisation(old), lookup_organisation(new)
    assert a is not None and b is not None
    assert a.name == b.name


def test_distinct_ministries_stay_distinct() -> None:
    travail = lookup_organisation("Ministère du Travail, de l'Emploi et de l'Insertion")
    sante = lookup_organisation("Ministère des Solidarités et de la Santé")
    assert travail and sante and travail.name != sante.name


def test_parents() -> None:
    assert lookup_organisation("Lab IA").parent == "Etalab"
    assert lookup_organisation("Etalab").parent == "Direction interministérielle du numérique"
    assert lookup_organisation("DARES").parent == "Ministère du Travail"
    assert lookup_organisation("PEReN").parent == "Ministère de l'Économie et des Finances"


def test_patterns_name_prefectures_and_academies() -> None:
    found = find_organisations("La préfecture de l'Ain et le Rectorat de Nancy-Metz")
    assert names(found) == ["Préfecture de l'Ain", "Académie de Nancy-Metz"]
    assert found[0].parent == "Préfectures"
    assert lookup_organisation("Préfecture du Rhône").name == "Préfecture du Rhône"
    assert lookup_organisation("département du Pas-de-calais").name == "Département du Pas-de-Calais"


# ---------------------------------------------------------------- whole-string lookup


@pytest.mark.parametrize(("query", "name"), [
    ("INSEE", "Institut national de la statistique et des études économiques"),
    ("insee", "Institut national de la statistique et des études économiques"),
    ("Gendarmerie Nationale", "Gendarmerie nationale"),
    ("Dinum", "Direction interministérielle du numérique"),
    ("Direction interministérielle du Numérique (DINUM)", "Direction interministérielle du numérique"),
    ("Ministère de Solidarités et de la Santé", "Ministère de la Santé"),
    ("Ministere de la Transition Ecologique", "Ministère de la Transition écologique"),
    ("Ministère de la Transistion écologique", "Ministère de la Transition écologique"),  # typo
    ("OCTO", "OCTO Technology"),
    ("TJ Évry", "Tribunal judiciaire d'Évry"),
    ("Direction Départementale des Territoires du Gard", "Direction départementale des territoires du Gard"),
    ("L'Incubateur des Territoires (ANCT)", "Incubateur des territoires"),  # not the ANCT itself
    ("ANJE – l’Atelier Numérique de la Justice", "Atelier numérique de la Justice"),
])
def test_lookup_organisation(query: str, name: str) -> None:
    found = lookup_organisation(query)
    assert found is not None and found.name == name


@pytest.mark.parametrize("query", ["has", "Bonjour", "Ministère de la Magie", "Direction", ""])
def test_lookup_organisation_rejects(query: str) -> None:
    assert lookup_organisation(query) is None


def test_organisation_variants_for_query_expansion() -> None:
    variants = organisation_variants("Insee")
    assert variants[0] == "Institut national de la statistique et des études économiques"
    assert "Insee" in variants
    assert organisation_variants("nothing of the kind") == []


# ---------------------------------------------------------------- skills


def test_skills_in_running_text() -> None:
    text = ("Du NLP, de l'OCR, de la dataviz et de la visualisation des données, du machine learning, "
            "de l'apprentissage profond, des cartes géographiques et du web scraping.")
    assert names(find_skills(text)) == [
        "Traitement automatique des langues", "Reconnaissance optique de caractères",
        "Visualisation de données", "Visualisation de données", "Apprentissage automatique",
        "Apprentissage profond", "Cartographie", "Web scraping"]


def test_ambiguous_short_skills_never_match_prose() -> None:
    assert find_skills("R&D, la SAS, Julia et moi, on ia, ml de lait") == []
    assert lookup_skill("R").name == "R"


@pytest.mark.parametrize(("label", "name"), [
    ("Machine Learning", "Apprentissage automatique"),
    ("apprentissage automatique", "Apprentissage automatique"),
    ("ML", "Apprentissage automatique"),
    ("datasciences", "Science des données"),
    ("IA", "Intelligence artificielle"),
    ("python", "Python"),
    ("ruby on rails", "Ruby on Rails"),
    ("JavaScript/TypeScript", "JavaScript"),
    ("Open-Data", "Open data"),
    ("Communication", "Communication"),
    ("RGAA", "Accessibilité numérique"),
])
def test_lookup_skill(label: str, name: str) -> None:
    found = lookup_skill(label)
    assert found is not None and found.name == name


def test_skill_synonyms() -> None:
    synonyms = skill_synonyms("NLP")
    assert synonyms[0] == "Traitement automatique des langues"
    assert {"TAL", "natural language processing"} <= set(synonyms)
    assert skill_synonyms("pas une compétence") == []


def test_a_skill_never_spans_a_comma_or_an_identifier() -> None:
    assert names(find_skills("R, Shiny, anonymisation, données")) == ["Shiny", "Anonymisation"]
    assert find_skills("accessibility_status: non conforme") == []
    assert names(find_skills("les statistiques d'usage, puis une analyse statistique")) == ["Statistiques"]


def test_every_broader_skill_is_known() -> None:
    known = {e.name for e in skills().entries}
    for entry in skills().entries:
        assert entry.parent is None or entry.parent in known, entry.name
    assert lookup_skill("PostGIS").broader == "Cartographie"
    assert lookup_skill("Power BI").name != lookup_skill("Metabase").name


@pytest.mark.parametrize(("tool", "broader"), [
    ("MLflow", "MLOps"), ("TypeScript", "JavaScript"), ("MapLibre", "Cartographie"),
    ("OpenLayers", "Cartographie"), ("pandas", "Python"), ("Keras", "Apprentissage profond"),
    ("AWS", "Cloud computing"), ("Tesseract", "Reconnaissance optique de caractères"),
])
def test_a_tool_is_its_own_skill_under_a_broader_one(tool: str, broader: str) -> None:
    # A tool never collapses into its broader skill: MLflow is not MLOps, TypeScript not JavaScript.
    found = lookup_skill(tool)
    assert found is not None and found.name != broader and found.broader == broader


def test_no_skill_names_another_skill() -> None:
    # A skill's synonyms never include another skill's canonical name (a tool folded into its domain).
    entries = skills().entries
    canonical = {fold(e.name): e.name for e in entries}
    for entry in entries:
        for phrase in [*entry.phrases, *entry.exact, *entry.labels]:
            assert canonical.get(fold(phrase), entry.name) == entry.name, (phrase, entry.name)


def test_shared_acronyms_are_settled_by_context() -> None:
    assert names(find_organisations("Ministères sociaux (DNUM)"))[1] == "Direction du numérique des ministères sociaux"
    assert names(find_organisations("la DNUM")) == ["Direction du numérique du ministère de l'Intérieur"]
    assert names(find_organisations("Caisse des dépôts : la CDC")) == ["Caisse des dépôts et consignations"] * 2
    assert find_organisations("le CDC du projet") == []  # a "cahier des charges", with nothing around


def test_a_field_lists_its_tools_as_narrower_skills() -> None:
    from ted.kb.gazetteer import skill_narrower

    assert "pandas" in skill_narrower("Python")
    assert "QGIS" in skill_narrower("cartographie")
    assert skill_narrower("pandas") == [] and skill_narrower("pas une compétence") == []
