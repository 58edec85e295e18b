"""Front matter no convention knows: the page's kind, its entity and its relations inferred from key names,
value shapes and the page's folders and layout (ted.extract.layout.frontmatter_infer, kb/fr/frontmatter_keys.yaml).

The documents under fixtures/frontmatter_inference are written for these tests, one per layout: a Jekyll
collection (`_membres/`), a Hugo section with TOML (`content/equipe/`), English keys (`people/`), a product page
with a team given as a list of mappings, agenda pages, a Jekyll post and a Docusaurus-style blog post.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import entity, extract_folder, names, relations
from extract_helpers import frontmatter_facts as front
from ted.extract.facts import Facts
from ted.extract.layout.frontmatter_infer import page_kind, registration_url
from ted.kb.references import family_links, key_families, key_form, page_kinds
from ted.schema import EntityType, allows
from ted.sources import read_file

FIXTURES = Path(__file__).parent / "fixtures" / "frontmatter_inference"


@pytest.fixture(scope="module")
def extracted() -> dict[str, Facts]:
    return extract_folder(FIXTURES)


def primary(facts: Facts):
    assert facts.primary is not None, "the page's own entity was not inferred"
    return facts.mentions[facts.primary]


# ------------------------------------------------------------------ people


def test_a_jekyll_member_page_with_french_keys(extracted: dict[str, Facts]) -> None:
    facts = extracted["_membres/lena-morel.md"]
    person = primary(facts)
    assert (person.type, person.name) == ("person", "Léna Morel")
    assert person.attributes["titles"] == ["Data engineer"]
    assert person.attributes["url"] == "https://annuaire.example.org/lena-morel"
    assert {("member_of", "Léna Morel", "DREES"), ("works_on", "Léna Morel", "Tableau de bord des urgences"),
            ("has_skill", "Léna Morel", "Spark"), ("has_skill", "Léna Morel", "Airflow")} <= relations(facts)


def test_facts_keep_the_line_of_their_value(extracted: dict[str, Facts]) -> None:
    facts = extracted["_membres/lena-morel.md"]
    lines = {(s.type, facts.mentions[s.target].name): (s.line, s.quote) for s in facts.statements}
    assert lines[("member_of", "DREES")] == (5, "administration: DREES")
    assert lines[("has_skill", "Airflow")] == (10, "- Airflow")
    assert (primary(facts).line, primary(facts).quote) == (3, "nom: Léna Morel")


def test_a_hugo_team_page_in_toml_named_by_its_title(extracted: dict[str, Facts]) -> None:
    facts = extracted["content/equipe/karim-benali.md"]
    person = primary(facts)
    assert (person.type, person.name, person.attributes["titles"]) == ("person", "Karim Benali",
                                                                         ["Chef de projet données"])
    assert {("member_of", "Karim Benali", "Insee"), ("has_skill", "Karim Benali", "Python")} <= relations(facts)


def test_a_people_page_with_english_keys(extracted: dict[str, Facts]) -> None:
    facts = extracted["people/jane-doe.md"]
    person = primary(facts)
    assert (person.name, person.attributes["titles"]) == ("Jane Doe", ["Data scientist"])
    assert person.attributes["url"] == "https://jane.example.net"
    assert {("member_of", "Jane Doe", "Cour des comptes"), ("has_skill", "Jane Doe", "machine learning")} <= \
        relations(facts)


def test_a_profile_outside_any_known_folder_by_its_shape(extracted: dict[str, Facts]) -> None:
    """A first name the lexicon knows, under a name key, beside a job and a service: a profile."""
    facts = extracted["fiches/paul-martin.md"]
    assert primary(facts).name == "Paul Martin"
    assert ("member_of", "Paul Martin", "Direction du numérique") in relations(facts)


def test_list_pages_and_pages_without_a_person_are_no_one(extracted: dict[str, Facts]) -> None:
    for path in ("content/equipe/_index.md", "team/index.md"):
        facts = extracted[path]
        assert facts.primary is None and not names(facts, "person"), path


# ------------------------------------------------------------------ projects and organisations


def test_a_product_page_with_its_team_as_a_list_of_mappings(extracted: dict[str, Facts]) -> None:
    facts = extracted["produits/boussole.md"]
    project = primary(facts)
    assert (project.type, project.name) == ("project", "Boussole")
    assert project.attributes == {"url": "https://boussole.example.org",
                                  "repository": "https://git.example.org/boussole"}
    found = relations(facts)
    assert {("works_on", "Sophie Garnier", "Boussole"), ("works_on", "Hugo Lefèvre", "Boussole"),
            ("member_of", "Sophie Garnier", "DGE"),
            ("works_on", "Direction générale des entreprises", "Boussole")} <= found
    assert entity(facts, "person", "Sophie Garnier").attributes["titles"] == ["Product owner"]
    assert entity(facts, "person", "Hugo Lefèvre").line == 10  # prenom + nom joined, the line of the name
    assert "Designer" not in names(facts, "person") and len(names(facts, "person")) == 2  # "à définir"
    # Tags are weak: a skill the thesaurus knows is what the project is about, "Actualité" is nothing.
    assert ("about", "Boussole", "Open data") in found
    assert "Actualité" not in names(facts, "skill")


def test_an_organisation_page_with_its_members_and_projects(extracted: dict[str, Facts]) -> None:
    facts = extracted["organisations/agence-donnees.md"]
    org = primary(facts)
    assert (org.type, org.name, org.attributes["acronym"]) == ("organisation", "Agence des données territoriales",
                                                               "ADT")
    assert {("member_of", "Nadia Roussel", "Agence des données territoriales"),
            ("member_of", "Paul Mercier", "Agence des données territoriales"),
            ("member_of", "Paul Mercier", "Cerema"),
            ("works_on", "Agence des données territoriales", "Atlas des communes")} <= relations(facts)


# ------------------------------------------------------------------ events


def test_an_agenda_page_with_french_keys_and_a_registration_link(extracted: dict[str, Facts]) -> None:
    facts = extracted["evenements/geomaticiens-2025.md"]
    event = primary(facts)
    assert (event.type, event.name) == ("event", "Les géomaticiens publics se retrouvent")
    assert event.attributes["registration_url"] == "https://evenements.example.org/geomatique-2025"
    assert event.attributes["start"].startswith("2025-03-18")  # `debut`, not the publication `date`
    assert (event.attributes["location"], event.attributes["city"]) == ("Tour Séquoia", "Puteaux")
    assert ("about", "Les géomaticiens publics se retrouvent", "Géomatique") in relations(facts)
    assert "Vie du réseau" not in names(facts, "skill")


def test_a_registration_link_given_as_a_label_and_a_value(extracted: dict[str, Facts]) -> None:
    event = primary(extracted["agenda/api-pas-a-pas.md"])
    assert event.attributes["registration_url"] == "https://forms.example.org/atelier-api"  # not the replay
    assert event.attributes["start"] == "2025-05-06T10:00:00+02:00"


def test_an_event_by_its_start_key_outside_any_agenda(extracted: dict[str, Facts]) -> None:
    event = primary(extracted["pages/forum-donnees.md"])
    assert (event.type, event.name, event.attributes["location"]) == ("event", "Données et mobilités 2025",
                                                                      "Station F")
    assert event.attributes["end"] == "2025-06-12T17:00:00+02:00"


def test_a_bare_date_is_a_publication_date(extracted: dict[str, Facts]) -> None:
    """A report in an agenda's folder dated after the event, a legal page with a date: no event from the date."""
    report = extracted["evenements/2025-04-02-retour-atelier.md"]
    assert all(m.attributes.get("start") != "2025-04-02" for m in report.of_type("event"))
    assert not names(extracted["pages/mentions.md"], "event")


# ------------------------------------------------------------------ posts


def test_a_post_author_is_a_person_with_no_part_in_the_post(extracted: dict[str, Facts]) -> None:
    facts = extracted["_posts/2025-01-10-bilan.md"]
    assert names(facts, "person") == {"Claire Fontaine"}
    assert not any(s.source == "person:claire fontaine" for s in facts.statements)
    assert not names(facts, "skill")  # a post's tags describe no entity of its own


def test_a_blog_author_given_as_a_mapping(extracted: dict[str, Facts]) -> None:
    facts = extracted["blog/2025-02-01-lancement.md"]
    author = entity(facts, "person", "Thomas Girard")
    assert author.attributes == {"titles": ["Responsable de la communauté"], "url": "https://thomas.example.org"}
    assert ("member_of", "Thomas Girard", "Etalab") in relations(facts)
    assert not any(t in ("participant_in", "speaker_at") for t, s, _ in relations(facts) if s == "Thomas Girard")


# ------------------------------------------------------------------ units


def test_keys_are_matched_folded(tmp_path: Path) -> None:
    facts = front(tmp_path, "equipe/x.md", "---\nNom: Inès Lambert\nPoste: Statisticienne\nEmployeur: Insee\n---\n")
    assert primary(facts).attributes["titles"] == ["Statisticienne"]
    facts = front(tmp_path, "x.md", "---\nTitre: Forum data\nDate-Début: 2025-10-02\nLieu: Lyon\n---\n")
    assert primary(facts).attributes == {"start": "2025-10-02", "location": "Lyon"}


def test_the_layout_key_says_what_the_page_is(tmp_path: Path) -> None:
    facts = front(tmp_path, "pages/x.md", "---\nlayout: team-member\ntitle: Chloé Garnier\nrole: Designer\n---\n")
    assert (primary(facts).type, primary(facts).name) == ("person", "Chloé Garnier")
    facts = front(tmp_path, "pages/y.md", "---\ntype: projet\ntitle: Carto-Eau\n---\n")
    assert (primary(facts).type, primary(facts).name) == ("project", "Carto-Eau")


def test_a_known_convention_keeps_priority(tmp_path: Path) -> None:
    facts = front(tmp_path, "_membres/lea.md", "---\nfullname: Léa Petit\nrole: Data analyst\nposte: ignoré\n---\n")
    person = primary(facts)
    assert (person.ref, person.attributes["titles"]) == ("authors/lea", ["Data analyst"])  # member-profile


def test_an_html_head_is_no_front_matter(tmp_path: Path) -> None:
    html = ("<html><head><title>Jean Dupont</title><meta name='author' content='Marie Curie'></head>"
            "<body><main><p>Texte.</p></main></body></html>")
    facts = front(tmp_path, "equipe/jean.html", html)
    assert facts.primary is None and not facts.mentions


def test_a_page_its_folder_calls_a_person_needs_a_persons_name(tmp_path: Path) -> None:
    facts = front(tmp_path, "membres/liste.md", "---\ntitle: Tous les membres du réseau\n---\n")
    assert facts.primary is None


def test_a_name_typed_in_lower_case_on_a_page_that_says_it_is_a_persons(tmp_path: Path) -> None:
    facts = front(tmp_path, "equipe/v.md", "---\nnom: victor journé\nposte: Développeur\n---\n")
    assert primary(facts).name == "Victor Journé"
    facts = front(tmp_path, "pages/v.md", "---\nnom: victor journé\nposte: Développeur\n---\n")
    assert facts.primary is None  # no folder or layout says so: the name must look like one


def test_a_value_shape_profile_needs_a_known_first_name(tmp_path: Path) -> None:
    facts = front(tmp_path, "pages/x.md", "---\nnom: Tableau Bord\nservice: Direction du numérique\n---\n")
    assert facts.primary is None


def test_placeholders_and_addresses_are_no_entities(tmp_path: Path) -> None:
    facts = front(tmp_path, "people/x.md", "---\nname: Anne Roux\nstructure: N/A\nprojets: [à définir, "
                  "https://example.org/p]\n---\n")
    assert set(names(facts, "organisation")) | set(names(facts, "project")) == set()


def test_mappings_without_a_name_give_their_fields_to_their_entity(tmp_path: Path) -> None:
    facts = front(tmp_path, "people/x.md", "---\nname: Anne Roux\nmissions:\n  - employeur: Cerema\n"
                  "    projets: [Carto-Eau]\n    debut: 2021-01-01\nskills:\n  - {name: Python, level: expert}\n---\n")
    found = {(s.type, facts.mentions[s.target].name) for s in facts.statements}
    assert found == {("member_of", "Cerema"), ("works_on", "Carto-Eau"), ("has_skill", "Python")}


def test_a_schema_org_location_mapping(tmp_path: Path) -> None:
    facts = front(tmp_path, "events/x.md", "---\nname: Journée open data\nstartDate: 2025-11-20\nlocation:\n"
                  "  name: Maison de la Data\n  address: 12 rue de la Paix\n  city: Nantes\n---\n")
    assert primary(facts).attributes == {"start": "2025-11-20", "location": "Maison de la Data",
                                         "address": "12 rue de la Paix", "city": "Nantes"}


def test_registration_pairs() -> None:
    assert registration_url({"inscription": {"lien": "https://a.example.org"}}) == ("https://a.example.org",
                                                                                   "inscription")
    assert registration_url({"infos": [{"label": "Newsletter : s'inscrire", "url": "https://n.example.org"},
                                       {"libelle": "Billetterie", "lien": "https://b.example.org"}]}) == \
        ("https://b.example.org", "infos")
    assert registration_url({"liens": [{"intitule": "Inscription", "url": "non communiqué"}]}) is None


def test_page_kinds_from_folders(tmp_path: Path) -> None:
    cases = {"_membres/a.md": "person", "content/equipe/a/index.md": "person", "site/_posts/a.md": "post",
             "startups/a.md": "project", "agenda/2025/a.md": "event", "docs/a.md": None}
    for relative, kind in cases.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
        assert page_kind(read_file(path, str(tmp_path), relative)) == kind, relative


def test_the_data_only_asks_for_relations_the_schema_allows() -> None:
    families = key_families()
    for kind, links in ((k, family_links(k)) for k in page_kinds()):
        for family, rule in links.items():
            assert family in families, family
            if not rule.get("relation"):
                continue
            page = EntityType(kind)
            source, target = (rule["type"], page) if rule.get("direction") == "in" else (page, rule["type"])
            assert allows(rule["relation"], source, target), (kind, family, rule)
    assert key_form("Date-Début") == key_form("date_debut") == "date_debut"
