"""Front matter → facts: the declarative mapping of kb/fr/frontmatter.yaml, one document at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_helpers import frontmatter_facts
from ted.extract.entities.skills import skills_from_work
from ted.extract.facts import Facts
from ted.kb.references import humanise, placeholder_name

STARTUP = """---
title: Anonyma
mission: Pseudonymiser les décisions de justice.
incubator: fabrique-justice
sponsors:
  - /organisations/cour-de-cassation
thematiques:
  - Justice
  - Open data
techno:
  - python
  - typescript
  - maplibre
---
L'équipe.
"""


def related(facts: Facts, relation: str) -> set[str]:
    return {facts.mentions[s.target].name for s in facts.statements if s.type == relation}


def test_themes_are_skills_only_when_the_thesaurus_holds_them(tmp_path: Path) -> None:
    facts = frontmatter_facts(tmp_path, "_startups/anonyma.md", STARTUP)
    about = related(facts, "about")
    assert "Justice" not in about and "Open data" in about
    project = facts.mentions[facts.primary]
    assert project.attributes["themes"] == ["Justice", "Open data"]


def test_themes_and_stack_are_not_skills_of_the_people_on_the_project(tmp_path: Path) -> None:
    facts = frontmatter_facts(tmp_path, "_startups/anonyma.md", STARTUP)
    person = facts.entity("person", "Sarah Benhamou", 10, "")
    facts.relate("works_on", person, facts.primary, 10, "")

    class Document:  # the part of an extraction context that skills_from_work uses
        def __init__(self) -> None:
            self.facts = facts

        def relate(self, type_: str, source: str, target: str, line: int) -> None:
            facts.relate(type_, source, target, line, "")

    skills_from_work(Document())  # type: ignore[arg-type]
    assert "python" in related(facts, "about")
    assert related(facts, "has_skill") == set()
    # Said again in the project's prose, a topic is inherited as before.
    open_data = next(k for k, m in facts.mentions.items() if m.name == "Open data")
    facts.relate("about", facts.primary, open_data, 12, "")
    skills_from_work(Document())  # type: ignore[arg-type]
    assert related(facts, "has_skill") == {"Open data"}


def test_techno_tools_are_their_own_skills(tmp_path: Path) -> None:
    facts = frontmatter_facts(tmp_path, "_startups/anonyma.md", STARTUP)
    from ted.graph.resolve import known_skill

    assert {known_skill(n) for n in related(facts, "about")} >= {"TypeScript", "MapLibre", "Python"}


@pytest.mark.parametrize(("slug", "name"), [
    ("cour-de-cassation", "Cour de cassation"),
    ("ign", "IGN"),
    ("dinum_produits_interministeriels", "Dinum produits interministeriels"),
])
def test_humanise(slug: str, name: str) -> None:
    assert humanise(slug) == name


@pytest.mark.parametrize(("ref", "expected"), [
    ("organisations/cour-de-cassation", ("Cour de cassation", True)),
    ("startups/aides-territoires", ("Aides territoires", True)),
    ("incubators/anct", ("Incubateur des territoires", True)),  # the gazetteer's incubator, not ANCT
    ("incubators/kube", ("KUBE", True)),  # the slug names an incubator itself
    ("incubators/fabrique-justice", ("Fabrique Justice", False)),
    ("incubators/dinum", ("beta.gouv.fr", True)),
    ("incubators/ademe", ("Incubateur ADEME", False)),
    ("elsewhere/thing", None),
])
def test_placeholder_names(ref: str, expected: tuple[str, bool] | None) -> None:
    assert placeholder_name(ref) == expected
