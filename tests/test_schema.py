"""One schema: every type has its labels and ends, and what TED extracts keeps to the ends it allows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract_helpers import extract_folder
from ted.schema import ENDS, LABELS, PLURALS, RELATION_LABELS, EntityType, RelationType, allows, label
from ted.store import models as m

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO = Path(__file__).resolve().parent.parent / "src" / "ted" / "demo"
CONVENTIONS = Path(__file__).resolve().parent.parent / "src" / "ted" / "kb" / "fr" / "frontmatter.yaml"


def test_every_type_has_its_labels_and_every_relation_its_ends() -> None:
    assert set(LABELS) >= set(EntityType) and set(PLURALS) == set(EntityType)
    assert set(ENDS) == set(RelationType) == set(RELATION_LABELS)
    assert label("event") == "Événement" and label("document") == "Document"


def test_the_store_takes_its_choices_from_the_schema() -> None:
    assert [v for v, _ in m.Entity._meta.get_field("type").choices] == [t.value for t in EntityType]
    assert [v for v, _ in m.Relation._meta.get_field("type").choices] == [t.value for t in RelationType]


def test_allowed_ends() -> None:
    assert allows("member_of", "person", "organisation")
    assert not allows("member_of", "organisation", "person")
    assert allows("works_on", "organisation", "project") and not allows("works_on", "project", "organisation")
    assert allows("part_of", "event", "event") and not allows("part_of", "event", "organisation")


def _convention_relations() -> list[tuple[str, str, str, str]]:
    data = yaml.safe_load(CONVENTIONS.read_text(encoding="utf-8"))
    found = []
    for convention in data["conventions"]:
        own = convention["entity"]["type"]
        for rule in convention.get("related", []):
            source, target = (rule["type"], own) if rule.get("direction") == "in" else (own, rule["type"])
            found.append((convention["name"], rule["relation"], source, target))
    return found


@pytest.mark.parametrize(("convention", "relation", "source", "target"), _convention_relations())
def test_front_matter_conventions_state_relations_the_schema_allows(convention, relation, source, target) -> None:
    assert allows(relation, source, target), f"{convention}: {relation} {source} → {target}"


@pytest.mark.parametrize("folder", [FIXTURES / "extract", DEMO], ids=["extract-fixtures", "demo"])
def test_extracted_statements_keep_to_the_schema(folder: Path) -> None:
    wrong = []
    for path, facts in extract_folder(folder).items():
        for statement in facts.statements:
            source, target = facts.mentions[statement.source].type, facts.mentions[statement.target].type
            if not allows(statement.type, source, target):
                wrong.append((path, statement.type, source, target, statement.quote))
    assert wrong == []
