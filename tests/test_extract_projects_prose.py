"""Projects named in prose and lists, and who makes them (documents written for the suite, tests/fixtures/projects).

A news post naming tools after their head noun ("l'outil Mistigri", "l'API Territoires", "le jeu de données
« ... »", "les projets gouvlite et cartogouv"), a Markdown list of projects (bold names, "Name, Org - people",
titles closed by their bodies, a bold lead then "par Person"), an HTML page linking to project pages, and an
event report ("L'équipe de la DREES a présenté l'outil Mistigri"). Negatives: generic phrases after a head
noun, tools of the skills thesaurus, figures, addresses inside URLs and e-mails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import extract_folder, names, relations
from ted.extract.facts import Facts

ROOT = Path(__file__).parent / "fixtures" / "projects"

DREES = "Direction de la recherche, des études, de l'évaluation et des statistiques"
INSEE = "Institut national de la statistique et des études économiques"
IGN = "Institut national de l'information géographique et forestière"


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    return extract_folder(ROOT)


def test_names_after_head_nouns(extracted: dict[str, Facts]) -> None:
    """"l'outil Mistigri", "la plateforme Quadrille", "l'API Territoires" (an API keeps its head), a quoted
    data set, "Carto3D, une bibliothèque ...", "aux projets gouvlite et cartogouv", a site's address, "le
    programme 10 %" (a programme the gazetteer knows); in references, "L'API Sirène de l'Insee"."""
    projects = names(extracted["actualite_outils.md"], "project")
    assert projects == {"Mistigri", "Quadrille", "API Territoires", "Comptages vélo 2024", "velo-stats.fr",
                        "Carto3D", "gouvlite", "cartogouv", "Programme 10 %", "API Sirène"}


def test_generic_phrases_after_head_nouns_name_nothing(extracted: dict[str, Facts]) -> None:
    """"la plateforme de l'État", "un outil interne", "le service public", "le site Internet", "l'outil Grist"
    (a tool of the thesaurus), "les librairies Open Source Responsables", "ce défi 10 %", an e-mail address
    and a URL: no project."""
    projects = {name.lower() for name in names(extracted["actualite_outils.md"], "project")}
    for generic in ("état", "interne", "public", "service public", "internet", "grist", "open source responsables",
                    "défi 10 %", "exemple.gouv.fr", "www.exemple.gouv.fr"):
        assert generic not in projects
    assert not any(" de " in name or name.startswith("de ") for name in projects)


def test_who_makes_a_project_named_in_prose(extracted: dict[str, Facts]) -> None:
    """"La DREES a développé l'outil Mistigri", "la plateforme Quadrille, portée par la DGFiP en partenariat
    avec l'Ademe", "l'API Territoires de l'IGN", "le programme 10 %, co-porté par la DINUM en association avec
    l'Insee", "L'API Sirène de l'Insee"."""
    rels = relations(extracted["actualite_outils.md"])
    assert ("works_on", DREES, "Mistigri") in rels
    assert ("works_on", "Direction générale des Finances publiques", "Quadrille") in rels
    assert ("works_on", "Agence de la transition écologique", "Quadrille") in rels
    assert ("works_on", IGN, "API Territoires") in rels
    assert ("works_on", "Direction interministérielle du numérique", "Programme 10 %") in rels
    assert ("works_on", INSEE, "Programme 10 %") in rels
    assert ("works_on", INSEE, "API Sirène") in rels
    assert not any(r[0] == "works_on" and r[2] in ("Carto3D", "velo-stats.fr") for r in rels)


def test_a_list_of_projects(extracted: dict[str, Facts]) -> None:
    """Bold names; "**Hydrogramme, Cerema** - people": the body works on it, the people too; "**Atlas vert,
    Bretagne**": a place, not part of the name; a title closed by the bodies that carry it; a bold lead then
    "par Hélène Morel"."""
    facts = extracted["projets_saison.md"]
    friches = "Cartographier les friches industrielles à partir d'images satellites"
    assert names(facts, "project") == {"Tabula Rasa", "Hydrogramme", "Atlas vert", friches,
                                       "Prévoir les tensions hospitalières", "Observatoire des loyers"}
    rels = relations(facts)
    cerema = next(m.name for m in facts.of_type("organisation") if m.name.startswith("Centre d'études"))
    assert {("works_on", cerema, "Hydrogramme"), ("works_on", "Lucie Martin", "Hydrogramme"),
            ("works_on", "Paul Girard", "Hydrogramme"), ("works_on", "Nora Benali", "Atlas vert"),
            ("works_on", IGN, friches),
            ("works_on", "Direction générale de l'offre de soins", "Prévoir les tensions hospitalières"),
            ("works_on", "Agence régionale de santé Occitanie", "Prévoir les tensions hospitalières"),
            ("works_on", "Hélène Morel", "Observatoire des loyers"),
            ("works_on", "Ministère de la Justice", "Tabula Rasa")} <= rels


def test_links_to_project_pages(extracted: dict[str, Facts]) -> None:
    """Links into "/projets/" or "/startups/" name projects; a news link and the folder's own index do not."""
    assert names(extracted["reseau_datalabs.html"], "project") == {"PixelBus", "Sillon"}


def test_projects_shown_at_an_event(extracted: dict[str, Facts]) -> None:
    """"L'équipe de la DREES a présenté l'outil Mistigri", "Le logiciel Pandora, développé au sein de l'Insee, a
    été présenté par Julie Caron": shown at the meeting, made by who presents them; "Le prototype Vigie, maintenu
    par Etalab, sera ouvert au printemps": made by Etalab, not shown. Makers are not the meeting's organisers."""
    facts = extracted["rencontre_sante.md"]
    event = next(m.name for m in facts.of_type("event"))
    rels = relations(facts)
    assert {("presented_at", "Mistigri", event), ("presented_at", "Pandora", event),
            ("works_on", DREES, "Mistigri"), ("works_on", INSEE, "Pandora"), ("works_on", "Julie Caron", "Pandora"),
            ("works_on", "Etalab", "Vigie")} <= rels
    assert ("presented_at", "Vigie", event) not in rels
    assert not any(r[0] == "organiser_of" and r[1] in (DREES, INSEE, "Etalab") for r in rels)


def test_head_noun_reading() -> None:
    """The name after a head noun: brand-cased, quoted or marked words, up to the first ordinary word."""
    from ted.extract.entities.project_prose import appositive_names, headed_names

    def read(text: str, marks: tuple[str, ...] = ()) -> list[str]:
        return [n.name for n in headed_names(text, marks)]

    assert read("Elle utilise la plateforme Onyxia depuis 2021.") == ["Onyxia"]
    assert read("Il maintient le logiciel OpenFisca.") == ["OpenFisca"]
    assert read("La start-up d'État Dossier Facile : un service", ("Dossier Facile",)) == ["Dossier Facile"]
    assert read("L'API \"Annuaire Entreprises\" développée à Etalab") == ["Annuaire Entreprises"]
    assert read("la base SIRENE et l'API Entreprise") == ["SIRENE", "API Entreprise"]
    assert read("Focus sur le programme TECH.GOUV Mardi 30 novembre") == ["TECH.GOUV"]
    assert read("la plateforme de l'État, un outil interne, le service public") == []
    assert read("la Plateforme de l'inclusion") == []
    assert [n.name for n in appositive_names("Hier Pynsee, un package Python")] == ["Pynsee"]


def test_a_list_whose_length_the_text_announces_names_those_projects(extracted: dict[str, Facts]) -> None:
    facts = extracted["lancement_cohorte.md"]
    projects = names(facts, "project")
    # "les trois projets retenus", then a heading and three items: each item is a project, named in full.
    assert {"Prévoir la fréquentation des déchetteries à partir des données de pesée des collectivités",
            "Détecter les doublons dans les répertoires d'établissements sanitaires et sociaux",
            "Cartographier l'accessibilité des gares pour les personnes à mobilité réduite"} <= projects
    # A list of another length under the next heading is not.
    assert not any("réunion" in p or "restitution" in p for p in projects)
