"""Entity resolution over plain mention records: people, organisations, skills."""

from __future__ import annotations

import random

import pytest

from ted.graph import people
from ted.graph.resolve import Cluster, MentionRecord, resolve


def rec(n: int, type_: str, name: str, document: str = "a.md", *, aliases: list[str] | None = None,
        attributes: dict | None = None, ref: str = "", primary: bool = False) -> MentionRecord:
    return MentionRecord(n, type_, name, aliases or [], attributes or {}, ref, primary, document)


def clusters_of(*records: MentionRecord) -> list[Cluster]:
    return resolve(list(records))


def names(clusters: list[Cluster], type_: str | None = None) -> list[str]:
    return sorted(c.name for c in clusters if type_ is None or c.type == type_)


# ---------------------------------------------------------------- people: name keys


@pytest.mark.parametrize(("raw", "key"), [
    ("Gregoire MARTINON-SC", "gregoire martinon"),
    ("MARTINON Grégoire", "gregoire martinon"),
    ("Grégoire Martinon", "gregoire martinon"),
    ("Karim AIT-OUALI", "karim ait ouali"),
    ("Jean-Pierre DUPONT", "jean pierre dupont"),
])
def test_person_key(raw: str, key: str) -> None:
    assert people.person_key(raw) == key


def test_long_hyphenated_surnames_are_not_tags() -> None:
    assert people.strip_affiliation("Karim AIT-OUALI") == "Karim AIT-OUALI"
    assert people.strip_affiliation("Karim Ait-Ouali") == "Karim Ait-Ouali"
    assert people.strip_affiliation("Karim AIT-OUALI-SC") == "Karim AIT-OUALI"


@pytest.mark.parametrize(("raw", "shown"), [
    ("Fabien FAIVRE", "Fabien Faivre"),
    ("clémence saillard", "Clémence Saillard"),
    ("Guillaume de GERANDO", "Guillaume de Gerando"),
    ("Karim AIT-OUALI", "Karim Ait-Ouali"),
    ("Ronan McKAY", "Ronan McKAY"),  # mixed case is deliberate: left alone
    ("Nicolas Dupont-frugier", "Nicolas Dupont-Frugier"),
])
def test_display(raw: str, shown: str) -> None:
    assert people.display(raw) == shown


@pytest.mark.parametrize(("a", "b", "same"), [
    ("elliott knight", "elliot knight", True),
    ("guillaume rozier", "guilaume rozier", True),
    ("marie dupont", "marie dupond", False),   # short surname, one letter: maybe two people
    ("karim benali", "karim ait ouali", False),
    ("elliot knight", "elliot knights", False),
    ("anne martin", "anne martin", False),  # identical keys are not typos (already one)
    ("francois dupont", "francoise dupont", False),  # two first names, not a slip
    ("christian martin", "christiane martin", False),
    ("stephanie schaer", "stephanie schaers", False),
    ("guillaume lancrenon", "guillaume lancrenom", True),
])
def test_typo_of(a: str, b: str, same: bool) -> None:
    assert people.typo_of(a, b) is same


# ---------------------------------------------------------------- people: resolution


def test_affiliation_tag_uppercase_and_accents_resolve_to_one_person() -> None:
    clusters = clusters_of(
        rec(1, "person", "Gregoire MARTINON-SC", "chat.txt"),
        rec(2, "person", "Grégoire Martinon", "agenda.md"),
        rec(3, "person", "MARTINON Gregoire", "list.md"),
    )
    assert len(clusters) == 1
    assert clusters[0].name == "Grégoire Martinon"
    assert {"Gregoire MARTINON-SC", "MARTINON Gregoire"} <= set(clusters[0].aliases)
    assert clusters[0].id == "person:gregoire-martinon"


def test_all_caps_surname_is_shown_in_title_case_and_kept_as_alias() -> None:
    clusters = clusters_of(rec(1, "person", "Fabien FAIVRE"))
    assert clusters[0].name == "Fabien Faivre"
    assert clusters[0].aliases == ["Fabien FAIVRE"]


def test_abbreviated_name_joins_the_full_name_of_its_document() -> None:
    clusters = clusters_of(
        rec(1, "person", "Karim Ait-Ouali", "minutes.txt"),
        rec(2, "person", "Karim A.", "minutes.txt"),
        rec(3, "person", "Karim Amrani", "other.md"),  # fits too, but the document decides
    )
    assert names(clusters) == ["Karim Ait-Ouali", "Karim Amrani"]
    ait = next(c for c in clusters if c.name == "Karim Ait-Ouali")
    assert "Karim A." in ait.aliases


def test_abbreviated_name_joins_a_unique_match_in_the_corpus() -> None:
    clusters = clusters_of(rec(1, "person", "Karim Ait-Ouali", "a.md"), rec(2, "person", "Karim A.", "b.md"))
    assert names(clusters) == ["Karim Ait-Ouali"]


def test_ambiguous_abbreviation_stays_apart() -> None:
    clusters = clusters_of(
        rec(1, "person", "Karim Ait-Ouali", "a.md"),
        rec(2, "person", "Karim Amrani", "b.md"),
        rec(3, "person", "Karim A.", "c.md"),
    )
    assert len(clusters) == 3


def test_first_initial_abbreviation() -> None:
    clusters = clusters_of(rec(1, "person", "Paul-Antoine Chevalier"), rec(2, "person", "P. Chevalier"))
    assert names(clusters) == ["Paul-Antoine Chevalier"]


def test_typo_joins_but_shared_first_name_does_not() -> None:
    clusters = clusters_of(
        rec(1, "person", "Elliot Knight", "a.md"),
        rec(2, "person", "Elliott Knight", "b.md"),
        rec(3, "person", "Elliot Smith", "c.md"),
        rec(4, "person", "Marie Dupont", "d.md"),
        rec(5, "person", "Marie Dupond", "e.md"),
    )
    assert names(clusters) == ["Elliot Knight", "Elliot Smith", "Marie Dupond", "Marie Dupont"]


# ---------------------------------------------------------------- organisations and skills


def test_acronym_and_full_name_of_an_organisation_are_one() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "INSEE"),
        rec(2, "organisation", "Insee", "b.md"),
        rec(3, "organisation", "Institut national de la statistique et des études économiques", "c.md"),
    )
    assert len(clusters) == 1
    assert clusters[0].name == "Institut national de la statistique et des études économiques"
    assert clusters[0].attributes == {"acronym": "Insee"}
    assert {"INSEE", "Insee"} <= set(clusters[0].aliases)


def test_old_and_new_names_of_a_ministry_are_one() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "Ministère de l'Économie, des Finances et de la Relance"),
        rec(2, "organisation", "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique"),
        rec(3, "organisation", "Ministère des Solidarités et de la Santé"),
        rec(4, "organisation", "Ministère de la Santé et de la Prévention"),
        rec(5, "organisation", "Ministère du Travail, de l'Emploi et de l'Insertion"),
    )
    assert names(clusters) == ["Ministère de l'Économie et des Finances", "Ministère de la Santé",
                               "Ministère du Travail"]


def test_organisation_page_and_employer_spellings_merge() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "Agence Centrale des Organismes de Sécurité Sociale", ref="organisations/acoss",
            attributes={"acronym": "ACOSS"}),
        rec(2, "organisation", "Urssaf Caisse nationale", ref="organisations/urssaf"),
        rec(3, "organisation", "Octo"), rec(4, "organisation", "OCTO Technology"), rec(5, "organisation", "octo"),
    )
    assert names(clusters) == ["OCTO Technology", "Urssaf Caisse nationale"]


def test_unknown_organisations_still_merge_by_name_and_acronym() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "Labelia Labs", attributes={"acronym": "LL"}),
        rec(2, "organisation", "LABELIA LABS"),
        rec(3, "organisation", "LL"),
        rec(4, "organisation", "Quantmetry"),
    )
    assert names(clusters) == ["Labelia Labs", "Quantmetry"]


def test_skills_resolve_through_the_thesaurus() -> None:
    clusters = clusters_of(
        rec(1, "skill", "Machine Learning"), rec(2, "skill", "apprentissage automatique"),
        rec(3, "skill", "ML"), rec(4, "skill", "python"), rec(5, "skill", "Python"),
        rec(6, "skill", "Tourisme"),
    )
    assert names(clusters) == ["Apprentissage automatique", "Python", "Tourisme"]


def test_types_never_merge() -> None:
    clusters = clusters_of(rec(1, "project", "Insee"), rec(2, "organisation", "Insee"))
    assert len(clusters) == 2


# ---------------------------------------------------------------- stability


def test_ids_do_not_depend_on_input_order() -> None:
    records = [rec(i, "person", n, f"d{i}.md") for i, n in enumerate(
        ["Anne Martin", "ANNE MARTIN", "Anne Martín", "Karim A.", "Karim Ait-Ouali", "Paul Dupont"])]
    first = {c.id: sorted(m.id for m in c.members) for c in resolve(list(records))}
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    second = {c.id: sorted(m.id for m in c.members) for c in resolve(shuffled)}
    assert first == second
    assert "person:anne-martin" in first


def test_a_reference_named_by_its_path_is_not_the_body_of_that_name() -> None:
    # A startup page names its incubator "anct" (from incubators/anct) until the incubator's page is read.
    clusters = clusters_of(
        rec(1, "organisation", "anct", "startups/a.md", ref="incubators/anct"),
        rec(2, "organisation", "L'Incubateur des Territoires (ANCT)", "incubators/anct.md", ref="incubators/anct",
            primary=True),
        rec(3, "organisation", "Agence nationale de la cohésion des territoires", "organisations/anct.md",
            ref="organisations/anct", primary=True),
        rec(4, "organisation", "ANCT", "b.md"),
    )
    assert names(clusters) == ["Agence nationale de la cohésion des territoires", "Incubateur des territoires"]
    incubator = next(c for c in clusters if c.name == "Incubateur des territoires")
    assert incubator.aliases == ["L'Incubateur des Territoires (ANCT)"]


def test_a_forgotten_person_goes_with_every_spelling() -> None:
    from ted.graph.assemble import split_forgotten
    from ted.graph.redact import Redactor

    clusters = clusters_of(
        rec(1, "person", "Karim Ait-Ouali", "a.md"), rec(2, "person", "Karim A.", "b.md"),
        rec(3, "person", "AIT-OUALI Karim", "c.md"), rec(4, "person", "Paul Dupont", "d.md"),
    )
    kept, dropped = split_forgotten(clusters, Redactor.for_names(["Karim Ait-Ouali"]).is_name)
    assert names(kept) == ["Paul Dupont"]
    assert sorted(n for c in dropped for r in c.members for n in r.names) == [
        "AIT-OUALI Karim", "Karim A.", "Karim Ait-Ouali"]


def test_one_occasion_under_several_titles_is_one_event() -> None:
    clusters = clusters_of(
        rec(1, "event", "Saison 2022 : atelier d'idéation du 16 mai", "page.md",
            attributes={"start": "2022-05-16T09:30:00+02:00"}, primary=True),
        rec(2, "event", "Atelier d’idéation du 16 mai 2022", "news.md", attributes={"start": "2022-05-16"}),
        rec(3, "event", "Atelier de lancement du 16 mai", "other.md", attributes={"start": "2022-05-16"}),
        rec(4, "event", "Atelier d'idéation du 16 mai", "late.md", attributes={"start": "2022-05-16T18:00:00+02:00"}),
        rec(5, "event", "Atelier d'idéation", "next-year.md", attributes={"start": "2023-05-16"}),
    )
    assert len(clusters) == 4
    first = next(c for c in clusters if any(m.id == 1 for m in c.members))
    assert sorted(m.id for m in first.members) == [1, 2]
    assert first.name == "Saison 2022 : atelier d'idéation du 16 mai"


def test_directory_acronyms_that_are_not_acronyms_are_dropped() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "Ministère de l'Intérieur", attributes={"acronym": "MI"}),
        rec(2, "organisation", "Préfecture de l'Ain", "b.md", attributes={"acronym": "Préfecture de l'Ain"}),
        rec(3, "organisation", "Ministère de l'intérieur et des Outre-mer", "c.md", attributes={"acronym": "MIOM"}),
        rec(4, "organisation", "Collectif Données Ouvertes du Var", "d.md", attributes={"acronym": "CDOV"}),
    )
    by_name = {c.name: c.attributes for c in clusters}
    assert by_name["Ministère de l'Intérieur"] == {"acronym": "MIOM"}  # a spelling the gazetteer knows
    assert by_name["Préfecture de l'Ain"] == {"acronym": None}
    assert by_name["Collectif Données Ouvertes du Var"] == {}  # unknown bodies keep what their pages say


def test_a_shared_acronym_does_not_join_two_known_bodies() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "Direction du Numérique des Ministères sociaux", "organisations/dnum.md",
            attributes={"acronym": "DNUM"}, aliases=["DNUM"]),
        rec(2, "organisation", "DNUM", "minutes.txt"),
    )
    assert names(clusters) == ["Direction du numérique des ministères sociaux",
                               "Direction du numérique du ministère de l'Intérieur"]


# ---------------------------------------------------------------- references no document defines


def test_a_reference_without_a_page_is_named_and_resolved_like_any_name() -> None:
    # A startup's sponsor slug, with no organisation page in the corpus, is the body of that name.
    clusters = clusters_of(
        rec(1, "organisation", "cour-de-cassation", "startups/a.md", ref="organisations/cour-de-cassation"),
        rec(2, "organisation", "Cour de cassation", "b.md"),
        rec(3, "organisation", "ign", "startups/a.md", ref="organisations/ign"),
        rec(4, "organisation", "Institut national de l'information géographique et forestière", "c.md"),
    )
    assert names(clusters) == ["Cour de cassation", "Institut national de l'information géographique et forestière"]
    assert all(len(c.members) == 2 for c in clusters)
    assert "cour-de-cassation" not in next(c for c in clusters if c.name == "Cour de cassation").aliases


def test_an_incubator_without_a_page_is_never_its_owner() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "mtes", "startups/a.md", ref="incubators/mtes"),
        rec(2, "organisation", "Ministère de la Transition écologique", "b.md"),
        rec(3, "organisation", "anct", "startups/b.md", ref="incubators/anct"),
        rec(4, "organisation", "ANCT", "c.md"),
        rec(5, "organisation", "fabrique-justice", "startups/c.md", ref="incubators/fabrique-justice"),
        rec(6, "organisation", "ademe", "startups/d.md", ref="incubators/ademe"),
        rec(7, "organisation", "ADEME", "d.md"),
    )
    # The gazetteer knows some incubators by their owner's slug; others get a readable name of their own.
    assert names(clusters) == [
        "Agence de la transition écologique", "Agence nationale de la cohésion des territoires",
        "Fabrique Justice", "Fabrique numérique du ministère de la Transition écologique",
        "Incubateur ADEME", "Incubateur des territoires", "Ministère de la Transition écologique"]
    assert all(len(c.members) == 1 for c in clusters)


def test_a_defined_reference_keeps_its_page_name() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "cour-de-cassation", "startups/a.md", ref="organisations/cour-de-cassation"),
        rec(2, "organisation", "Cour de cassation (CC)", "organisations/cour-de-cassation.md",
            ref="organisations/cour-de-cassation", primary=True),
    )
    assert [(c.name, c.aliases) for c in clusters] == [("Cour de cassation", ["Cour de cassation (CC)"])]


# ---------------------------------------------------------------- chat names with an affiliation tag


@pytest.mark.parametrize(("raw", "key"), [
    ("Theo GARNIER-DGFIP", "theo garnier"),
    ("Anne MARTIN-INSEE", "anne martin"),
    ("Paul DURAND-X", "paul durand"),
    ("Jean DUPONT-MORETTI", "jean dupont moretti"),  # a compound surname, not a known acronym
])
def test_affiliation_tags_that_are_known_acronyms(raw: str, key: str) -> None:
    assert people.person_key(raw) == key


def test_a_chat_name_with_an_acronym_tag_is_the_profile_person() -> None:
    clusters = clusters_of(rec(1, "person", "Théo GARNIER", "membres/theo.md", primary=True),
                           rec(2, "person", "Theo GARNIER-DGFIP", "chat.txt"))
    assert names(clusters) == ["Théo Garnier"]


# ---------------------------------------------------------------- events named in passing


def event(n: int, name: str, start: str, document: str = "a.md", primary: bool = False) -> MentionRecord:
    return rec(n, "event", name, document, attributes={"start": start}, primary=primary)


def test_an_event_named_in_passing_is_the_event_of_that_day() -> None:
    clusters = clusters_of(
        event(1, "Journée « LLM et service public »", "2027-02-11T09:30:00+01:00", "journee.md", primary=True),
        event(2, "Journée du 11 février", "2027-02-11", "minutes.txt"),
    )
    assert names(clusters) == ["Journée « LLM et service public »"]


def test_the_only_event_of_the_day_takes_an_untyped_passing_mention() -> None:
    clusters = clusters_of(
        event(1, "LLM et service public", "2027-02-11T09:30:00+01:00", "journee.md", primary=True),
        event(2, "Journée du 11 février", "2027-02-11", "minutes.txt"),
    )
    assert len(clusters) == 1


def test_different_events_of_one_day_stay_apart() -> None:
    clusters = clusters_of(
        event(1, "Atelier anonymisation", "2027-02-11T09:30:00+01:00", "atelier.md", primary=True),
        event(2, "Meetup MLOps", "2027-02-11T18:30:00+01:00", "meetup.md", primary=True),
        event(3, "Journée du 11 février", "2027-02-11", "minutes.txt"),  # a third kind: none of them
        event(4, "Atelier du 11 février", "2027-02-11", "news.txt"),  # the one workshop of the day
    )
    assert len(clusters) == 3
    workshop = next(c for c in clusters if c.name == "Atelier anonymisation")
    assert sorted(m.id for m in workshop.members) == [1, 4]


def test_a_passing_mention_with_two_candidates_stays_alone() -> None:
    clusters = clusters_of(
        event(1, "Atelier anonymisation", "2027-02-11T09:30:00+01:00", "a.md", primary=True),
        event(2, "Atelier cartographie", "2027-02-11T14:00:00+01:00", "b.md", primary=True),
        event(3, "Atelier du 11 février", "2027-02-11", "minutes.txt"),
    )
    assert len(clusters) == 3


def test_a_name_made_from_a_slug_never_beats_a_written_one() -> None:
    clusters = clusters_of(
        rec(1, "project", "aides-territoires", "authors/a.md", ref="startups/aides-territoires"),
        rec(2, "project", "aides-territoires", "authors/b.md", ref="startups/aides-territoires"),
        rec(3, "project", "Aides-Territoires", "news.md"),
    )
    assert [(c.name, c.aliases) for c in clusters] == [("Aides-Territoires", [])]


def test_a_reference_without_a_page_joins_the_body_of_that_acronym() -> None:
    clusters = clusters_of(
        rec(1, "organisation", "fdlm", "startups/a.md", ref="organisations/fdlm"),
        rec(2, "organisation", "Fédération des lecteurs de Markdown", "b.md", attributes={"acronym": "FDLM"}),
    )
    assert [(c.name, len(c.members)) for c in clusters] == [("Fédération des lecteurs de Markdown", 2)]


def test_titles_naming_one_day_and_one_kind_are_one_occasion() -> None:
    clusters = clusters_of(
        event(1, "Atelier d'idéation du 9 octobre", "2026-10-09", "lettre.md"),
        event(2, "Atelier de lancement du 9 octobre", "2026-10-09", "lettre.md"),
        event(3, "Journée de lancement de la saison du 9 octobre", "2026-10-09", "saison.md"),
        event(4, "Journée de rentrée de la saison", "2026-10-09", "retour.md"),
    )
    assert len(clusters) == 1


def test_a_programme_of_one_day_keeps_its_sessions_apart() -> None:
    clusters = clusters_of(
        event(1, "Atelier « Se présenter en une minute »", "2026-10-09", "forum.md"),
        event(2, "Atelier « Préparer un entretien »", "2026-10-09", "forum.md"),
        event(3, "Atelier du réseau", "2026-10-09", "reseau.md"),
        event(4, "Meetup des géomaticiens", "2026-10-09", "meetup.md"),  # another kind, no shared word
    )
    assert len(clusters) == 4
