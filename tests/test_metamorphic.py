"""Metamorphic test of extraction (issue 8): renaming a development set's people, organisations and
projects consistently, in its documents and its gold, must not change its score by more than 0.03.

A rule or a list entry that only works for the exact names of a development set (a first name, an
acronym, a company that only that set names) loses score on the renamed copy. How the renaming is
done, and what keeps its name (bodies of TED's gazetteer, known tools, descriptive names), is in
tests/metamorphic.py, which also runs by hand: ``python tests/metamorphic.py --verbose`` prints
where the renamed copy does worse and better, with the original names.

The first tests check the renamer itself on an invented document and need nothing outside the
repository; the last one ingests each development set of ../shared twice with the real ``ted``
command (skipped when ../shared is absent).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import metamorphic as mm
from conftest import shared_path

pytestmark = pytest.mark.shared

# Measured on 2026-12-01 (seed 8, main at bc86280 plus work in progress), original → renamed; no set
# leaves the 0.03 band today:
#   seeds      entities 1.000→0.993  relations 1.000→0.994  fields 1.000→1.000  ("TED" in not_org_acronyms)
#   numerique  entities 0.882→0.882  relations 0.713→0.714  fields 0.802→0.796
#   p10        entities 0.829→0.824  relations 0.516→0.516  fields 0.407→0.407
# (At 41fd61f, before the hand-made first-name list gave way to INSEE's, seeds failed: entities
# 1.000→0.966, relations 1.000→0.949, fields 1.000→0.875.)
# A set that leaves the band is marked here with its numbers, strict so that fixing it fails loudly:
#   "seeds": pytest.mark.xfail(strict=True, reason="entities 1.000→0.950: ... (what drops)"),
KNOWN_FAILURES: dict[str, pytest.MarkDecorator] = {}

DOCUMENT = """\
# Atelier Zorglub du 3 mars

Présentation par Jeanne Dupontel (Association Brindille) et Marc Lebon, de l'Insee.
Le projet Zorglub, porté par JEANNE DUPONTEL, sera montré : https://example.org/zorglub/jeanne-dupontel
(contact : jeanne.dupontel@example.org). Zorglub Data en est la suite.
DUPONTEL Jeanne a conclu ; J. Dupontel remercie M. Lebon et LEBON. Le bonheur de Lebonheur.

Jeanne Dupontel17:03
bonjour
jeanne dupontel17:05
merci à Brindille
"""

GOLD = {
    "entities": [
        {"type": "event", "name": "Atelier Zorglub du 3 mars",
         "attributes": {"start": "2024-03-03", "registration_url": "https://example.org/zorglub/jeanne-dupontel"}},
        {"type": "person", "name": "Jeanne Dupontel",
         "aliases": ["JEANNE DUPONTEL", "jeanne dupontel", "DUPONTEL Jeanne", "J. Dupontel"]},
        {"type": "person", "name": "Marc Lebon", "attributes": {"titles": ["animateur de Zorglub"]}},
        {"type": "organisation", "name": "Association Brindille", "aliases": ["Brindille"]},
        {"type": "organisation", "name": "Insee", "aliases": ["INSEE"]},
        {"type": "project", "name": "Zorglub"},
        {"type": "project", "name": "Zorglub Data", "optional": True},
        {"type": "project", "name": "Scraping des offres d'emploi"},
    ],
    "relations": [
        ["speaker_at", "Jeanne Dupontel", "Atelier Zorglub du 3 mars"],
        ["member_of", "Jeanne Dupontel", "Association Brindille"],
        ["works_on", "Association Brindille", "Zorglub"],
        ["member_of", "Marc Lebon", "Insee"],
    ],
    "forbidden": ["Jeanne Dupontel17", "Zorglub"],
}


def known(form: str, types: list[str]) -> str | None:
    """The test's own gazetteer: only the Insee is a known body."""
    return "gazetteer" if form in {"Insee", "INSEE"} else None


def renamer_of(gold: dict, texts: list[str], seed: int = 1) -> mm.Renamer:
    """A renamer that asks nothing of TED (no gazetteer, no language model)."""
    return mm.Renamer(gold, texts, seed=seed, known=known, word_class=lambda word: (False, False))


@pytest.fixture
def renamer() -> mm.Renamer:
    return renamer_of(GOLD, [DOCUMENT])


def new_name(renamer: mm.Renamer, old: str) -> str:
    return next(new for _, name, new in renamer.mapping() if name == old)


def slug(name: str, separator: str) -> str:
    return separator.join(re.findall(r"[^\W_]+", mm.accentless(name))).lower()


def test_people_organisations_projects_are_renamed_known_and_descriptive_names_kept(renamer: mm.Renamer) -> None:
    renamed = {name for _, name, _ in renamer.mapping()}
    assert renamed == {"Jeanne Dupontel", "Marc Lebon", "Association Brindille", "Zorglub", "Zorglub Data"}
    assert dict(renamer.kept) == {"Insee": "gazetteer", "Scraping des offres d'emploi": "descriptive name"}
    person = new_name(renamer, "Jeanne Dupontel")
    assert re.fullmatch(r"[A-ZÀ-Ý][\w'-]+ [A-ZÀ-Ý][\w' -]+", person), person  # "Prénom Nom" stays "Prénom' Nom'"
    assert set(person.split()).isdisjoint({"Jeanne", "Dupontel"})
    association = new_name(renamer, "Association Brindille")
    assert association.startswith("Association ") and "Brindille" not in association  # the head word stays
    project = new_name(renamer, "Zorglub")
    assert new_name(renamer, "Zorglub Data") == f"{project} Data"  # one word, one replacement


def test_documents_are_renamed_everywhere_in_the_case_they_are_written(renamer: mm.Renamer) -> None:
    first, last = new_name(renamer, "Jeanne Dupontel").split(maxsplit=1)
    lebon = new_name(renamer, "Marc Lebon").split(maxsplit=1)[1]
    project = new_name(renamer, "Zorglub")
    text = renamer.rewrite(DOCUMENT)
    assert f"par {first} {last} (Association " in text
    assert f"porté par {first.upper()} {last.upper()}," in text
    assert f"{last.upper()} {first} a conclu" in text  # surname first, in capitals
    assert f"{first[0]}. {last} remercie M. {lebon} et {lebon.upper()}." in text  # initial; surname alone
    assert f"{first} {last}17:03" in text and f"{first.lower()} {last.lower()}17:05" in text  # chat copy
    assert f"# Atelier {project} du 3 mars" in text and f"{project} Data en est la suite" in text
    for old in ("jeanne", "dupontel", "brindille", "lebon ", "zorglub"):
        assert old not in text.lower(), old
    # No partial replacement: words that merely contain a name stay.
    assert "Le bonheur de Lebonheur." in text
    # In URLs and e-mail addresses, names are slugs.
    assert f"https://example.org/{slug(project, '-')}/{slug(first, '-')}-{slug(last, '-')}" in text
    assert f"(contact : {slug(first, '.')}.{slug(last, '.')}@example.org)" in text


def test_gold_follows_the_documents(renamer: mm.Renamer) -> None:
    gold = renamer.rename_gold(GOLD)
    text = renamer.rewrite(DOCUMENT)
    names = {e["name"] for e in gold["entities"]}
    for relation in gold["relations"]:
        assert relation[1] in names and relation[2] in names, relation
    person = gold["entities"][1]
    first, last = person["name"].split(maxsplit=1)
    assert person["aliases"] == [f"{first} {last}".upper(), f"{first} {last}".lower(),
                                 f"{last.upper()} {first}", f"{first[0]}. {last}"]
    for entity in gold["entities"]:
        for spelling in [entity["name"], *(entity.get("aliases") or [])]:
            if entity["name"] != "Scraping des offres d'emploi":
                assert mm.key(spelling) in mm.key(text), spelling  # every gold spelling is in the renamed text
    project = new_name(renamer, "Zorglub")
    assert gold["entities"][0]["name"] == f"Atelier {project} du 3 mars"  # an event naming a project follows
    assert gold["entities"][2]["attributes"] == {"titles": [f"animateur de {project}"]}
    start, url = gold["entities"][0]["attributes"]["start"], gold["entities"][0]["attributes"]["registration_url"]
    assert start == "2024-03-03" and url in text and url != GOLD["entities"][0]["attributes"]["registration_url"]
    assert gold["forbidden"] == GOLD["forbidden"]  # left as it is
    assert {e["name"] for e in gold["entities"]} >= {"Insee", "Scraping des offres d'emploi"}


def test_file_names_holding_a_renamed_name_are_renamed(renamer: mm.Renamer) -> None:
    first, last = new_name(renamer, "Jeanne Dupontel").split(maxsplit=1)
    assert renamer.rename_path(Path("_authors/jeanne.dupontel.md")) == Path(
        f"_authors/{slug(first, '.')}.{slug(last, '.')}.md")
    project = new_name(renamer, "Zorglub")
    assert renamer.rename_path(Path("projets/Zorglub.md")) == Path(f"projets/{mm.accentless(project)}.md")
    assert renamer.rename_path(Path("projets/autre-chose.md")) == Path("projets/autre-chose.md")


def test_the_draw_is_seeded() -> None:
    again, other = renamer_of(GOLD, [DOCUMENT], seed=1), renamer_of(GOLD, [DOCUMENT], seed=2)
    assert again.mapping() == renamer_of(GOLD, [DOCUMENT], seed=1).mapping()
    assert again.mapping() != other.mapping()


def test_names_never_come_from_the_set_itself() -> None:
    # Every first name of the list but one is already in the "document": the draw must take that one.
    names = yaml.safe_load(mm.NAMES.read_text(encoding="utf-8"))
    text = " ".join(names["first_names"][1:])
    gold = {"entities": [{"type": "person", "name": "Xavière Quenouille"}]}
    renamer = mm.Renamer(gold, [text, "Xavière Quenouille"], seed=3, known=known,
                         names={**names, "rare_first_names": []}, first_name_class=lambda name: "any",
                         word_class=lambda word: (False, False))
    assert new_name(renamer, "Xavière Quenouille").split()[0] == names["first_names"][0]


def test_first_names_keep_their_frequency_class() -> None:
    # A rare first name ("Sysy": INSEE records none) is replaced by a rare one, a common one by a common one:
    # a first-name list that holds "Sysy" only because a development set used it stops helping.
    names = yaml.safe_load(mm.NAMES.read_text(encoding="utf-8"))
    gold = {"entities": [{"type": "person", "name": "Sysy Fonjou"}, {"type": "person", "name": "Marie Couvé"}]}
    renamer = renamer_of(gold, ["Sysy Fonjou et Marie Couvé"])
    assert mm.insee_class("Sysy") == "rare" and mm.insee_class("Marie") == "common"
    rare, common = (new_name(renamer, n).split()[0] for n in ("Sysy Fonjou", "Marie Couvé"))
    assert rare in names["rare_first_names"] and mm.insee_class(rare) == "rare"
    assert common in names["first_names"] and mm.insee_class(common) == "common"


def test_restore_writes_the_renamed_scores_back_with_original_names(renamer: mm.Renamer) -> None:
    person, project = new_name(renamer, "Jeanne Dupontel"), new_name(renamer, "Zorglub")
    assert renamer.restore(f"relation: works_on {new_name(renamer, 'Association Brindille')} -> {project}") == \
        "relation: works_on Association Brindille -> Zorglub"
    assert renamer.restore(f"person: {person}") == "person: Jeanne Dupontel"


def test_the_name_lists() -> None:
    names = yaml.safe_load(mm.NAMES.read_text(encoding="utf-8"))
    firsts, surnames = names["first_names"], names["surnames"]
    assert len(set(firsts)) == len(firsts) >= 150 and len(set(surnames)) == len(surnames) >= 150
    assert not {mm.key(n) for n in firsts} & {mm.key(n) for n in surnames}  # "Prénom Nom" is never ambiguous
    assert all(len(re.findall(r"[^\W\d_]+", n)) == 2 for n in names["compound_first_names"])


# ---------------------------------------------------------------- the development sets


SETS = ("seeds", "numerique", "p10", "eval3", "eval4", "eval5")


@pytest.mark.parametrize("name", [pytest.param(n, marks=KNOWN_FAILURES.get(n, ())) for n in SETS])
def test_renamed_development_set_scores_the_same(name: str, tmp_path: Path) -> None:
    shared = shared_path("tools", "score.py").parent.parent
    result = mm.compare(name, tmp_path, shared=shared)
    print(result.diff())
    assert result.within(mm.TOLERANCE), result.diff()
