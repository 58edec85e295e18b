"""Precision of extraction: what looks like a person, a project or an organisation but is not one.

Each test runs the real pipeline over a small realistic page of ``fixtures/extract/precision``
(or a unit under it) and checks that a kind of noise seen in the community's documents stays out,
while the real entities next to it stay in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, names, relations
from ted.extract.facts import Facts

ROOT = Path(__file__).resolve().parent / "fixtures" / "extract" / "precision"


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    return extract_folder(ROOT)




# ---------------------------------------------------------------- people


def test_product_and_place_names_are_not_people(extracted: dict[str, Facts]) -> None:
    """"et Démarches Simplifiées", "par New AGLAE", "avec Clermont Agglo": cued like names, but their first
    word is an ordinary word and no first name; "MIrAI" is a brand's casing."""
    people = names(extracted["produit_partenaires.md"], "person")
    assert people == {"Ophélie Vasseur", "Tancrède Ollivier"}


def test_unknown_first_names_still_pass_with_a_cue() -> None:
    from ted.extract.entities.people import _unknown_first_name_ok

    assert _unknown_first_name_ok("Tancrède Ollivier") and _unknown_first_name_ok("Aoife McKenzie")
    assert not _unknown_first_name_ok("MIrAI Remontée")


# ---------------------------------------------------------------- projects


def test_labels_of_a_page_are_not_projects(extracted: dict[str, Facts]) -> None:
    """"**Gouvernance** : ...", "Pour les employeurs : ...", "un simulateur ...", "1 aidant sur 3 ...":
    labels and descriptions of the page's own product. Listed names that are names (or that a line
    announcing projects introduces) stay, and so do product acronyms named with their kind."""
    projects = names(extracted["produit_bilan.md"], "project")
    assert projects == {"Boussole Aidants", "Relais Répit", "Impact aidants", "SIRANO", "SAS"}


def test_a_presented_name_stops_at_the_sentence_end(extracted: dict[str, Facts]) -> None:
    """"la plateforme Démarches Simplifiées. Ce service": no "Démarches Simplifiées. Ce"; "le logiciel Grist" is
    a tool of the skills thesaurus, not a project."""
    facts = extracted["produit_bilan.md"]
    assert not any("." in name for name in names(facts, "project"))
    assert "Grist" in names(facts, "skill") and "Grist" not in names(facts, "project")


def test_proper_words() -> None:
    from ted.extract.entities.projects import _proper_words

    assert all(_proper_words(n) for n in ("ChartsGouv", "Cartiflette", "OCR 2023", "Protect'Envi", "SIRANO"))
    assert not any(_proper_words(n) for n in ("Gouvernance", "Vision produit", "Pour les employés", "Décès"))


# ---------------------------------------------------------------- organisations


def test_a_field_naming_several_employers_gives_each_of_them(extracted: dict[str, Facts]) -> None:
    """"LBC puis Malt", "Octo Malt", "MTES/MCT": one organisation per body; a known name with "et" in it
    ("Caisse des dépôts et consignations") stays whole."""
    facts = extracted["profil_employeurs.md"]
    employers = {target for kind, _, target in relations(facts) if kind == "member_of"}
    assert employers == {"LBC", "Malt", "Octo", "MTES", "MCT", "Caisse des dépôts et consignations", "Solstice",
                         "Scopyleft", "Crème de la Crème"}


@pytest.mark.parametrize(("field", "bodies"), [
    ("Inria et DINUM", ["Inria", "DINUM"]),
    ("La.zone / Solstice", ["La.zone", "Solstice"]),
    ("Ministère du Travail, de l'Emploi et de l'Insertion", ["Ministère du Travail, de l'Emploi et de l'Insertion"]),
    ("ANJE – l'Atelier Numérique de la Justice", ["ANJE – l'Atelier Numérique de la Justice"]),
    ("Direction interministérielle du numérique (DINUM)", ["Direction interministérielle du numérique (DINUM)"]),
    ("Pôle emploi Bretagne", ["Pôle emploi Bretagne"]),
])
def test_split_bodies(field: str, bodies: list[str]) -> None:
    from ted.extract.cues.organisations import split_bodies

    assert split_bodies(field) == bodies


def test_an_acronym_in_brackets_is_the_same_body(extracted: dict[str, Facts]) -> None:
    """"la Direction du Numérique (DINUM)" is one organisation (the short name an alias), and what it does
    (organising the event) is said of it."""
    facts = extracted["atelier_sigles.md"]
    dinum = next(m for m in facts.of_type("organisation") if m.name == "Direction interministérielle du numérique")
    assert "Direction du Numérique" in dinum.aliases
    assert "Direction du Numérique" not in names(facts, "organisation")
    assert ("organiser_of", dinum.name, "Atelier données du 3 avril 2025") in relations(facts)


def test_a_regional_agency_is_not_the_national_network(extracted: dict[str, Facts]) -> None:
    """"l'ARS Occitanie" and, later, "l'ARS" in one page: two bodies the gazetteer knows apart, so the regional
    agency does not take "ARS" as an alias (which would join it to every other ARS across documents)."""
    facts = extracted["atelier_sigles.md"]
    regional = next(m for m in facts.of_type("organisation") if m.name == "Agence régionale de santé Occitanie")
    assert "ARS" not in regional.aliases and "Agence régionale de santé" not in regional.aliases


def test_a_units_code_after_its_body_is_not_a_body() -> None:
    """"MTE/SG/DRH": the secretariat and its HR department, too vague to stand alone ("SG" of which ministry?)."""
    from ted.extract.cues.organisations import split_bodies

    assert split_bodies("MTE/SG/DRH") == ["MTE"]


def test_a_long_name_spelt_by_the_bracketed_acronym_is_the_body(extracted: dict[str, Facts]) -> None:
    """"la Délégation interministérielle à la transformation publique (DITP)": a spelling the gazetteer lacks,
    recognised because its initials spell the acronym; an alias of the DITP, and no skill "transformation
    publique" read inside it."""
    facts = extracted["bilan_transfert.md"]
    ditp = next(m for m in facts.of_type("organisation") if m.attributes.get("acronym") == "DITP")
    assert "Délégation interministérielle à la transformation publique" in ditp.aliases
    assert len([m for m in facts.of_type("organisation") if "transformation" in m.name.lower()]) == 1
    assert not facts.of_type("skill")


def test_a_capitalised_kind_word_starts_a_longer_name(extracted: dict[str, Facts]) -> None:
    """"la plateforme « Choisir le Service Public »": no project "Public"; "le service SIRHIUS" is one."""
    projects = names(extracted["produit_partenaires.md"], "project")
    assert "Public" not in projects and "SIRHIUS" in projects


def test_a_placeholder_employer_is_no_organisation(extracted: dict[str, Facts]) -> None:
    assert "x" not in names(extracted["profil_employeurs.md"], "organisation")


def test_a_sections_list_page_is_not_one_of_its_items(extracted: dict[str, Facts]) -> None:
    """Hugo's "projets/_index.md" lists the projects; it is no project itself ("Les projets de la saison")."""
    assert not extracted["projets/_index.md"].of_type("project")
    assert names(extracted["projets/tabula.md"], "project") == {"Tabula"}


def test_a_skill_after_a_job_title_is_no_employer(extracted: dict[str, Facts]) -> None:
    """"Data engineer, référent MLOps", "Data scientist, experte Python": a skill the title is about; the team's
    people are members of the page's unit, not of "MLOps" or "Python"."""
    facts = extracted["equipe_cartes.html"]
    assert names(facts, "organisation") == {"Direction générale des Entreprises", "Mission données de la DGE"}
    assert ("member_of", "Quentin Barbier", "Mission données de la DGE") in relations(facts)


def test_a_clause_is_not_a_unit_name() -> None:
    """"La mission accompagne les bureaux de la DGE": no unit "Mission accompagne les bureaux de la DGE"."""
    from ted.extract.entities.organisations import UNIT, UNIT_BREAKERS

    match = UNIT.search("La mission accompagne les bureaux de la ")
    assert match is None or any(w in UNIT_BREAKERS for w in match["unit"].lower().split()[1:])


def test_companies_named_for_their_products_or_tools(extracted: dict[str, Facts]) -> None:
    """"Google Cloud et Microsoft Teams" are products, "Python, spaCy et Hugging Face" tools: no organisations.
    "six ans chez Capgemini Invent" is an employer."""
    minutes = names(extracted["cr_reseau.txt"], "organisation")
    assert not {"Google", "Microsoft"} & minutes
    portrait = extracted["portrait_qa.md"]
    assert "Hugging Face" not in names(portrait, "organisation") and "Hugging Face" in names(portrait, "skill")
    assert "Capgemini" in names(portrait, "organisation")


def test_minutes_keep_their_people_and_leave_rooms_and_hosts_out(extracted: dict[str, Facts]) -> None:
    people = names(extracted["cr_reseau.txt"], "person")
    assert people == {"Élise Fournier", "Bertrand Lacombe", "Nadia Cherif", "Victor Hugo Martin", "Paul Lemaire"}


# ---------------------------------------------------------------- events


def test_a_stage_is_named_after_its_town_not_its_venue(extracted: dict[str, Facts]) -> None:
    """"**Lyon** – 12 mars 2025, Hôtel de Région": the stage is "… — Lyon" in Lyon, not "… — Hôtel de Région"."""
    facts = extracted["tournee_toml.md"]
    stages = {m.name.split(" — ")[1]: m.attributes.get("city") for m in facts.of_type("event") if " — " in m.name}
    assert stages == {"Lyon": "Lyon", "Nantes": "Nantes", "Lille": "Lille"}


def test_a_mentioned_meeting_ends_at_its_date(extracted: dict[str, Facts]) -> None:
    assert "Réunion du 16 octobre" in names(extracted["cr_reseau.txt"], "event")


def test_a_data_tool_vendor_listed_with_tools_is_a_tool() -> None:
    from ted.extract.cues import organisations as orgs

    found = [o.name for _, _, o in orgs.find("Le Lab outille les agents avec Power BI, Dataiku et Metabase.")]
    assert "Dataiku" not in found
    assert [o.name for _, _, o in orgs.find("Elle a travaillé trois ans chez Dataiku.")] == ["Dataiku"]


def test_chat_devices_and_note_takers(extracted: dict[str, Facts]) -> None:
    """"iPhone de Thomas" in a Zoom chat is a device, not a person; "Compte rendu rédigé par X" makes X the note
    taker, not a speaker (X speaks where the minutes say "présentée par X")."""
    facts = extracted["visio_zoom.txt"]
    assert not any("iphone" in n.lower() for n in names(facts, "person"))
    speaking = [s for s in facts.statements if s.type == "speaker_at"
                and facts.mentions[s.source].name == "Lucie Marchal"]
    assert speaking and all(s.line != 2 for s in speaking)


def test_brand_casing_is_no_name() -> None:
    from ted.extract.cues.person_names import person_name

    assert person_name("iPhone de Thomas", strict_case=False) is None
    assert person_name("Aoife McKenzie") is not None and person_name("Danny DeVito") is not None


def test_a_project_pages_subtitle_is_not_part_of_its_name(extracted: dict[str, Facts]) -> None:
    """"Lexia : un assistant de recherche juridique ...": the project is Lexia (the full title an alias), so it
    is one entity with the "Lexia" that other pages list."""
    project = extracted["projets/lexia.md"].of_type("project")[0]
    assert project.name == "Lexia"
    assert project.aliases == ["Lexia : un assistant de recherche juridique pour les greffes"]


def test_a_kind_of_body_is_not_a_body() -> None:
    """"Service Public", "Direction Générale au Numérique": a head word and generic words name no body;
    "Service Public de l'Emploi" and "Université de Warwick" do."""
    from ted.extract.cues.organisations import org_shaped

    assert not any(org_shaped(n) for n in ("Service Public", "Service Public Local", "Direction Générale au Numérique",
                                           "Agence et des services déconcentrés de l'Etat"))
    assert all(org_shaped(n) for n in ("Service Public de l'Emploi", "Université de Warwick",
                                       "Ministère de la Culture"))


def test_a_generic_phrase_is_no_unit(extracted: dict[str, Facts]) -> None:
    """"la mission fondamentale de la DRAC": what the body does, not a unit of it."""
    found = names(extracted["mission_drac.md"], "organisation")
    assert "Direction régionale des affaires culturelles" in found
    assert not any("fondamentale" in name.lower() for name in found)


def test_placeholder_values_of_front_matter_name_nothing(extracted: dict[str, Facts]) -> None:
    """"techno: [en cours, Python, À définir]": one skill, Python."""
    assert names(extracted["startup_placeholder.md"], "skill") == {"Python"}
