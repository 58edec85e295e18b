"""Unit tests of the small free-text helpers: names, chat turns, French dates, organisation shapes."""

from __future__ import annotations

import datetime as dt

import pytest

from ted.extract.cues import organisations as orgs
from ted.extract.cues.dates import find_days, infer_year, leading_time, start_phrase, time_range
from ted.extract.cues.person_names import person_name
from ted.extract.layout.chat import chat_turns
from ted.kb.lexicon import heading_kind
from ted.sources.document import SourceDocument


@pytest.mark.parametrize(("raw", "expected"), [
    ("Paul-Antoine CHEVALIER", "Paul-Antoine Chevalier"),
    ("clémence saillard", "Clémence Saillard"),
    ("Gregoire MARTINON-SC", "Gregoire Martinon"),
    ("Clément Mayer17:11", "Clément Mayer"),
    ("Hafid Ait Sidi Hammou", "Hafid Ait Sidi Hammou"),
    ("Karim A.", "Karim A."),
])
def test_person_names_are_normalised(raw: str, expected: str) -> None:
    found = person_name(raw, strict_case=False)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("raw", ["Vous", "Bonjour à tous", "Président de la République", "Senior Manager",
                                 "Data Scientist", "iheritgterpge", "Trame"])
def test_noise_is_not_a_person(raw: str) -> None:
    assert person_name(raw) is None


def test_lower_case_names_need_structure() -> None:
    assert person_name("iheritgterpge hirh") is None  # NER text: capitals required


def _doc(text: str) -> SourceDocument:
    return SourceDocument("/r", "x.txt", "text", "utf-8", {}, {}, [], text.split("\n"))


def test_chat_headers_with_glued_times() -> None:
    turns, covered = chat_turns(_doc("Copie du chat\n\nAnne MARTIN17:03\nbonjour\n\nVous17:04\nOn démarre à 17h05 !\n"))
    assert [(t.speaker, t.time, t.host) for t in turns] == [("Anne Martin", "17:03", False), ("Vous", "17:04", True)]
    assert turns[1].message == "On démarre à 17h05 !"
    assert covered == {3, 4, 6, 7}


def test_chat_lines_with_bracketed_times() -> None:
    text = "[10:04] Vous : Bonjour\n[10:06] Léa Moreau : Bonjour !\n10:07:12 De Paul Roux à Tout le monde : Merci"
    turns, _ = chat_turns(_doc(text))
    assert [t.speaker for t in turns] == ["Vous", "Léa Moreau", "Paul Roux"]


def test_chat_speakers_with_their_organisation() -> None:
    turns, _ = chat_turns(_doc("[10:04] Jean DUPONT (DINUM) : Bonjour\n[10:05] Marie Curie [Insee] : Salut"))
    assert [(t.speaker, t.original, t.affiliation) for t in turns] == [
        ("Jean Dupont", "Jean DUPONT", "DINUM"), ("Marie Curie", "Marie Curie", "Insee")]


def test_a_single_timed_line_is_no_chat() -> None:
    assert chat_turns(_doc("10:00 Ouverture : mot d'accueil\n\nSuite du texte"))[0] == []


def test_days_take_the_documents_year() -> None:
    found = find_days("Rendez-vous le mercredi 22 janvier à 18h30.", dt.date(2024, 1, 5))
    assert found[0].day == dt.date(2024, 1, 22) and found[0].time == (18, 30)
    assert infer_year(10, 1, dt.date(2023, 11, 20)) == 2024  # announced in November for January


def test_times_and_ranges() -> None:
    assert time_range("14h30-18h") == ((14, 30), (18, 0))
    assert time_range("de 9h30 à 12h") == ((9, 30), (12, 0))
    assert start_phrase("Début de la réunion à 10h05.") == (10, 5)
    assert leading_time("14h45 : Démo des projets")[0] == (14, 45)
    assert leading_time("10 projets retenus") is None


def test_heading_kinds() -> None:
    assert heading_kind("Team Lab IA") == "team"
    assert heading_kind("Excusé(e)s") == "excused"
    assert heading_kind("Une représentation diversifiée") == "org_list"
    assert heading_kind("Liens utiles") == "reference"
    assert heading_kind("Une participation large") is None


def test_organisation_shapes() -> None:
    assert orgs.is_acronym("LNE") and not orgs.is_acronym("OCR") and not orgs.is_acronym("CNIe")
    assert orgs.acronym_matches("DINUM", "direction interministérielle du numérique")
    assert not orgs.acronym_matches("DNUM", "Ministère de l'Intérieur")
    assert orgs.org_shaped("Université de Warwick") and orgs.org_shaped("Labelia Labs")
    assert not orgs.org_shaped("Tour de France")


def test_keyboard_mashing_is_noise() -> None:
    from ted.kb.lexicon import looks_random

    assert looks_random("iheritgterpge") and looks_random("grhgeroih")
    assert not any(looks_random(w) for w in ("ChartsGouv", "Transformers", "instructeurs", "Cartiflette"))


def test_place_after_the_date() -> None:
    from ted.extract.entities.events import PLACE_AFTER

    assert PLACE_AFTER.match(" à Lyon.")["place"] == "Lyon"
    assert PLACE_AFTER.match(" au Lieu de la transformation publique.")["place"] == "Lieu de la transformation publique"


@pytest.mark.parametrize(("after", "title", "org"), [
    (" (DG Axionable)", "DG", "Axionable"),
    (", responsable du datalab à l'Insee", "responsable du datalab", "Insee"),
    (", directrice de la DITP.", "directrice de la DITP", "DITP"),
    (" – Data Scientist", "Data Scientist", None),
    (", chef du bureau des données, DREES", "chef du bureau des données", "DREES"),
    (" est data scientist à la DGFiP depuis 2020.", "data scientist", "DGFiP"),
    # A body's name written in lower case after "à la", as French does.
    (", responsable qualité à la direction régionale de l'Insee Bretagne, présentera", "responsable qualité",
     "Direction régionale de l'Insee Bretagne"),
    (", cheffe de projet à la direction du numérique, a dit", "cheffe de projet à la direction du numérique", None),
    (", datascientists à l'Insee, enseignants à l'ENSAE", "datascientists", "Insee"),
])
def test_titles_and_organisations_after_a_name(after: str, title: str, org: str | None) -> None:
    from ted.extract.cues.affiliations import affiliation

    assert affiliation(after)[:2] == (title, org)


def test_spacy_is_not_loaded_for_front_matter_only_documents(tmp_path) -> None:
    import subprocess
    import sys

    page = tmp_path / "profil.md"
    page.write_text("---\nfullname: Adja Kebe\nrole: Chargée de déploiement\n---\n", encoding="utf-8")
    code = (
        "import sys\nfrom pathlib import Path\nfrom ted.sources import read_file\n"
        "from ted.extract.pipeline import Extractor\n"
        f"doc = read_file(Path({str(page)!r}), {str(tmp_path)!r}, 'profil.md')\n"
        "facts = [f for _, f in Extractor().extract_many([doc])][0]\n"
        "assert [m.name for m in facts.of_type('person')] == ['Adja Kebe']\n"
        "assert 'spacy' not in sys.modules, 'spaCy loaded for a page without prose'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.parametrize(("after", "expected"), [
    (" (fondatrice Association données citoyennes)", ("fondatrice", "Association données citoyennes")),
    (" (cheffe Laboratoire analyse spatiale)", ("cheffe", "Laboratoire analyse spatiale")),
    (" (Senior Data Scientist)", ("Senior Data Scientist", None)),
])
def test_a_title_then_a_body_named_with_lower_case_words(after: str, expected: tuple) -> None:
    from ted.extract.cues.affiliations import affiliation

    assert affiliation(after)[:2] == expected


@pytest.mark.parametrize(("heading", "kind"), [
    ("Designer de services", None),  # a card's job title
    ("Chargée de projets", None),
    ("Nos projets", "project"),
    ("Data et projets", "project"),  # "data" opens headings as often as titles
    ("Services", "project"),
])
def test_a_job_title_is_no_heading_over_projects(heading: str, kind: str | None) -> None:
    from ted.kb.lexicon import heading_kind

    assert heading_kind(heading) == kind
