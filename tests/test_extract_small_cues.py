"""Small general cues (tests/fixtures/extract/small_cues): HTML definition lists read as directory lines,
a venue and its address in event prose, and "X, développé par l'Insee" naming who works on a project.
These run the real pipeline (spaCy included) through ``Extractor``."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import entity, extract_folder, names, relations
from ted.extract.cues.organisations import org_shaped
from ted.extract.facts import Facts
from ted.sources import read_file

ROOT = Path(__file__).resolve().parent / "fixtures" / "extract" / "small_cues"


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    return extract_folder(ROOT, recursive=False)





def test_definition_list_reads_like_a_directory(extracted: dict[str, Facts]) -> None:
    facts = extracted["experts_dl.html"]
    rels = relations(facts)
    assert entity(facts, "person", "Mehdi Larbi").attributes["titles"] == ["Architecte données"]
    assert ("member_of", "Mehdi Larbi", "Agence du numérique en santé") in rels
    assert entity(facts, "person", "Claire Vasseur").attributes["titles"] == ["Cheffe de projet interopérabilité"]
    assert ("member_of", "Claire Vasseur", "Haute Autorité de santé") in rels
    # A bold term and a second definition (a contact) still make one directory line.
    assert entity(facts, "person", "Inès Dubois-Martin").attributes["titles"] == ["Data scientist"]
    assert ("member_of", "Inès Dubois-Martin", "Institut national de la statistique et des études économiques") in rels


def test_definition_list_keeps_line_numbers() -> None:
    doc = read_file(ROOT / "experts_dl.html", str(ROOT), "experts_dl.html")
    lines = {b.text: b.line for b in doc.blocks}
    assert lines["Mehdi Larbi — Architecte données, Agence du numérique en santé"] == 8
    assert lines["Claire Vasseur — Cheffe de projet interopérabilité, Haute Autorité de santé"] == 10
    assert lines["Inès Dubois-Martin — Data scientist, Insee — ines.dubois-martin@insee.fr"] == 12


def test_person_named_in_a_street_is_no_person(extracted: dict[str, Facts]) -> None:
    facts = extracted["journee_halle_pajol.md"]
    assert "Nathalie Sarraute" not in names(facts, "person")


def test_venue_address_and_town_in_event_prose(extracted: dict[str, Facts]) -> None:
    event = next(iter(extracted["journee_halle_pajol.md"].of_type("event")))
    assert event.attributes["location"] == "Halle Pajol"
    assert event.attributes["address"] == "20 esplanade Nathalie Sarraute"
    assert event.attributes["city"] == "Paris"
    assert event.attributes["start"] == "2026-03-21T09:00:00+01:00"


def test_front_matter_venue_keeps_its_place(extracted: dict[str, Facts]) -> None:
    event = next(iter(extracted["rencontre_lieu_fixe.md"].of_type("event")))
    assert event.attributes["location"] == "Ministère de l'Économie, Bercy"
    assert "address" not in event.attributes


def test_who_makes_a_project(extracted: dict[str, Facts]) -> None:
    facts = extracted["outils_statistiques.md"]
    rels = relations(facts)
    insee = "Institut national de la statistique et des études économiques"
    assert ("works_on", insee, "Pynsee") in rels
    assert ("works_on", "Direction interministérielle du numérique", "Albert") in rels
    assert ("works_on", "Sophie Renard", "Datavélo") in rels
    assert ("works_on", "Karim Haddad", "Carbomètre") in rels
    assert ("works_on", "Agence de la transition écologique", "Carbomètre") in rels
    # The person's own body, in brackets, is where she works, not a maker of the project.
    cerema = next(r[2] for r in rels if r[0] == "member_of" and r[1] == "Sophie Renard")
    assert ("works_on", cerema, "Datavélo") not in rels
    assert ("works_on", insee, "Albert") not in rels


def test_who_makes_a_listed_project(extracted: dict[str, Facts]) -> None:
    facts = extracted["outils_liste.md"]
    rels = relations(facts)
    assert {"Pynsee", "Carbomètre"} <= names(facts, "project")
    assert ("works_on", "Institut national de la statistique et des études économiques", "Pynsee") in rels
    assert ("works_on", "Agence de la transition écologique", "Carbomètre") in rels


def test_a_project_maker_on_an_event_page_is_no_organiser(extracted: dict[str, Facts]) -> None:
    facts = extracted["meetup_outil.md"]
    rels = relations(facts)
    insee = "Institut national de la statistique et des études économiques"
    assert ("works_on", insee, "Pynsee") in rels
    assert ("organiser_of", "Etalab", "Meetup data Lyon 2026") in rels
    assert ("organiser_of", insee, "Meetup data Lyon 2026") not in rels


def test_first_person_lead_names_the_portraits_project(extracted: dict[str, Facts]) -> None:
    """"Je pilote Hydrosense, un outil qui ...": a project the portrait's person works on."""
    facts = extracted["portrait_pilote.md"]
    assert "Hydrosense" in names(facts, "project")
    assert ("works_on", "Salomé Berthier", "Hydrosense") in relations(facts)


def test_a_plural_head_names_each_of_its_coordinated_bodies(extracted: dict[str, Facts]) -> None:
    found = names(extracted["offres_ssm.md"], "organisation")
    assert {"Ministère de l'Intérieur", "Ministère de la Justice", "Ministère de la Culture",
            "Ministère de l'Éducation nationale", "Ministère des Armées"} <= found


@pytest.mark.parametrize("name", ["Réseau Géodata", "Réseau des administrateurs de données",
                                  "Bureau des statistiques agricoles", "Division Prix", "Cellule Vision"])
def test_networks_and_units_read_as_bodies(name: str) -> None:
    assert org_shaped(name)


def test_a_network_alone_or_generic_is_no_body() -> None:
    assert not org_shaped("Réseau")


def test_a_bracketed_acronym_in_mixed_case_that_spells_the_body_is_its_acronym(tmp_path: Path) -> None:
    page = tmp_path / "journee.md"
    page.write_text("# Journée statistique\n\nOrganisée par la Société française de statistique (SFdS) et "
                    "l'Association des géographes (AdG), la journée réunit des chercheurs.\n", encoding="utf-8")
    facts = extract_folder(tmp_path)["journee.md"]
    acronyms = {m.name: m.attributes.get("acronym") for m in facts.of_type("organisation")}
    assert acronyms["Société française de statistique"] == "SFdS"
    assert acronyms["Association des géographes"] == "AdG"
    assert "SFdS" not in acronyms and "AdG" not in acronyms  # one body each, not a body and its unit


def test_a_link_whose_line_is_labelled_registration_is_where_to_register(tmp_path: Path) -> None:
    (tmp_path / "forum.html").write_text(
        "<html><body><main><h1>Forum des données ouvertes</h1>"
        "<p><strong>Date :</strong> jeudi 4 juin 2026, de 9h00 à 17h00</p>\n"
        "<p><strong>Inscriptions</strong> (places limitées) : <a href=\"https://rdv.exemple.fr/forum-2026\">"
        "rdv.exemple.fr/forum-2026</a></p>\n"
        "<p>Programme : <a href=\"https://www.exemple.fr/programme\">www.exemple.fr/programme</a></p>"
        "</main></body></html>", encoding="utf-8")
    event = entity(extract_folder(tmp_path)["forum.html"], "event", "Forum des données ouvertes")
    assert event.attributes["registration_url"] == "https://rdv.exemple.fr/forum-2026"
