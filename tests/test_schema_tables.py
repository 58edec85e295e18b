"""Tables that must cover the whole schema: adding an entity or relation type fails here, by name,
until every module that maps types (exports, web sections, expert weights, facets) says what to do with it.
The French labels are checked in tests/test_schema.py."""

from __future__ import annotations

from itertools import product
from types import SimpleNamespace

import pytest

from ted.exports import jsonld
from ted.schema import ENDS, EntityType, RelationType, allows
from ted.search import experts, query, ranking, sources
from ted.web import entities

ALLOWED = [(relation, source, target) for relation, source, target in product(RelationType, EntityType, EntityType)
           if allows(relation, source, target)]


def test_every_relation_type_joins_some_pair_of_entity_types() -> None:
    assert {relation for relation, _, _ in ALLOWED} == set(RelationType)


def test_jsonld_has_a_schema_org_type_for_every_entity_type() -> None:
    assert set(jsonld.SCHEMA_TYPES) == set(EntityType)


def test_jsonld_has_properties_for_every_relation_type() -> None:
    assert set(jsonld.PROPERTIES) == set(RelationType)


def test_jsonld_names_part_of_for_every_type_that_has_parts() -> None:
    sources_, targets = ENDS[RelationType.PART_OF]
    assert set(jsonld.PART_OF) == set(sources_) == set(targets)


def test_the_web_has_sections_for_every_entity_type() -> None:
    assert set(entities.SECTIONS) == set(EntityType)


@pytest.mark.parametrize(("relation", "source", "target"), ALLOWED, ids=lambda v: str(v))
def test_every_allowed_relation_has_a_section_at_both_ends(relation: RelationType, source: EntityType,
                                                           target: EntityType) -> None:
    link = SimpleNamespace(type=relation)
    outgoing = entities._section_key(entities.SECTIONS[source], "out", link, SimpleNamespace(type=target))
    incoming = entities._section_key(entities.SECTIONS[target], "in", link, SimpleNamespace(type=source))
    assert outgoing != "other", f"{source} → {relation} → {target}: no section on the {source} page"
    assert incoming != "other", f"{source} → {relation} → {target}: no section on the {target} page"


def test_every_relation_type_weighs_in_expert_finding() -> None:
    weighed = set(experts.LINK_WEIGHTS) | set(experts.PROPAGATION) | set(ranking.FIELD_RELATIONS)
    assert weighed == set(RelationType)


def test_every_link_from_a_person_has_a_weight_and_an_evidence_label() -> None:
    from_person = {relation for relation, source, _ in ALLOWED if source == EntityType.PERSON}
    assert from_person <= set(experts.LINK_WEIGHTS)
    assert set(experts.LINK_WEIGHTS) <= set(experts.KIND_OF_LINK)
    assert set(experts.WHY_KINDS) <= set(experts.LINK_WEIGHTS)


def test_entity_facets_are_named_after_their_entity_type() -> None:
    assert set(query.FACETS) - {"type", "year"} == set(sources.FACET_TYPES)
