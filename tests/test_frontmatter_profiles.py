"""Profiles whose front matter uses other conventions than beta.gouv's `fullname`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ted.extract.facts import Facts
from ted.extract.layout.frontmatter import extract_frontmatter
from ted.sources import read_file


def facts_of(tmp_path: Path, text: str) -> Facts:
    path = tmp_path / "profil.md"
    path.write_text(text, encoding="utf-8")
    facts = Facts()
    extract_frontmatter(read_file(path, str(tmp_path), "profil.md"), facts)
    return facts


@pytest.mark.parametrize("head", [
    "prenom: Léna\nnom: Morel\nposte: Data engineer\nstructure: DREES\ncompetences: [Spark, Airflow]",
    "first_name: Léna\nlast_name: Morel\njob_title: Data engineer\norganization: DREES\nskills: [Spark, Airflow]",
    "name: Léna Morel\nrole: Data engineer\nemployer: DREES\nexpertises:\n  - Spark\n  - Airflow",
])
def test_profile_conventions(tmp_path: Path, head: str) -> None:
    facts = facts_of(tmp_path, f"---\n{head}\n---\nCorps.\n")
    person = facts.mentions[facts.primary]
    assert (person.type, person.name, person.attributes["titles"]) == ("person", "Léna Morel", ["Data engineer"])
    related = {(s.type, facts.mentions[s.target].name) for s in facts.statements}
    assert {("member_of", "DREES"), ("has_skill", "Spark"), ("has_skill", "Airflow")} <= related


def test_an_organisation_page_with_a_name_is_not_a_person(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "---\nname: Agence du numérique en santé\nacronym: ANS\nrole: opérateur\n---\n")
    assert facts.mentions[facts.primary].type == "organisation"
