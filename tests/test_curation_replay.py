"""Replaying curation decisions on resolved clusters (ted.graph.decisions): pure, no database."""

from __future__ import annotations

from ted.graph.decisions import Plan, Target, replay
from ted.graph.resolve import Cluster, MentionRecord


def person(ident: str, name: str, *names: str, start: int = 0) -> Cluster:
    members = [MentionRecord(start + i, "person", n, [], {}, document=f"doc{start + i}.md")
               for i, n in enumerate([name, *names])]
    return Cluster("person", name, ident, members)


def target(cluster_id: str, *names: str, type_: str = "person") -> Target:
    return Target(cluster_id, type_, names)


def test_homonyms_are_told_apart_by_id_then_by_the_name_they_bear() -> None:
    first = person("person:camille-dupont", "Camille Dupont", start=0)
    second = person("person:camille-dupont-2", "Camille Dupont", start=10)
    kept, outcomes = replay([first, second], [
        Plan("a", "rename", [target("person:camille-dupont-2", "Camille Dupont")], {"name": "Camille Dupont-Roy"}),
        # An id that no longer exists: of the two bearing the name, the one whose name it is, not an alias.
        Plan("b", "reject_entity", [target("person:camille-dupont-9", "Camille Dupont")]),
    ])
    assert [(c.id, c.name) for c in kept] == [("person:camille-dupont-2", "Camille Dupont-Roy")]
    assert kept[0].aliases == ["Camille Dupont"] and not outcomes[0].problem and not outcomes[1].problem


def test_ambiguous_and_missing_targets_are_reported_not_dropped() -> None:
    clusters = [person("person:camille-dupont", "Camille Dupont", start=0),
                person("person:camille-dupont-2", "Camille Dupont", start=10)]
    kept, outcomes = replay(clusters, [
        Plan("a", "reject_entity", [target("person:camille-dupont-3", "Camille Dupont")]),
        Plan("b", "reject_entity", [target("person:jean-nul", "Jean Nul")]),
    ])
    assert len(kept) == 2
    assert "plusieurs entités" in outcomes[0].problem and "n'existe plus" in outcomes[1].problem


def test_merge_then_decisions_on_either_name_reach_the_merged_entity() -> None:
    a = person("person:claire-fontaine", "Claire Fontaine", start=0)
    b = person("person:claire-dubois", "Claire Dubois", "C. Dubois", start=10)
    kept, outcomes = replay([a, b], [
        Plan("m", "merge", [target(a.id, a.name), target(b.id, b.name)]),
        Plan("r", "rename", [target(b.id, "C. Dubois")], {"name": "Claire Dubois-Fontaine"}),
    ])
    assert [(c.id, c.name) for c in kept] == [("person:claire-fontaine", "Claire Dubois-Fontaine")]
    assert set(kept[0].aliases) == {"Claire Fontaine", "Claire Dubois", "C. Dubois"}
    assert outcomes[0].moved == [10, 11] and [c.id for c in outcomes[0].clusters] == [a.id]


def test_split_takes_the_mentions_of_a_name_back_under_their_old_id() -> None:
    a = person("person:claire-fontaine", "Claire Fontaine", start=0)
    b = person("person:claire-dubois", "Claire Dubois", start=10)
    kept, outcomes = replay([a, b], [
        Plan("m", "merge", [target(a.id, a.name), target(b.id, b.name)]),
        Plan("s", "split", [target(a.id, a.name)], {"alias": "Claire Dubois"}),
        Plan("t", "split", [target(b.id, b.name)], {"alias": "Claire Dubois"}),
    ])
    assert sorted(c.id for c in kept) == ["person:claire-dubois", "person:claire-fontaine"]
    assert [c.id for c in outcomes[1].clusters] == [a.id, b.id]
    assert "rien à séparer" in outcomes[2].problem  # every mention of it bears that name


def test_relation_decisions_resolve_their_ends_and_a_rejected_end_orphans_them() -> None:
    a = person("person:claire-fontaine", "Claire Fontaine", start=0)
    skill = Cluster("skill", "OCR", "skill:ocr", [MentionRecord(5, "skill", "OCR", [], {})])
    retyped = person("person:lectio", "Lectio", start=20)
    _, outcomes = replay([a, skill, retyped], [
        Plan("add", "add_relation", [target(a.id, a.name), target("skill:ocr", "OCR", type_="skill")],
             {"relation": "has_skill"}),
        Plan("type", "retype", [target(retyped.id, "Lectio")], {"type": "project"}),
        Plan("works", "add_relation", [target(a.id, a.name), target("project:lectio", "Lectio", type_="project")],
             {"relation": "works_on"}),
        Plan("junk", "reject_entity", [target("skill:ocr", "OCR", type_="skill")]),
    ])
    assert outcomes[1].clusters[0].id == "project:lectio" and outcomes[1].moved == [20]
    assert outcomes[2].relation is not None and outcomes[2].relation[2].id == "project:lectio"
    assert outcomes[0].relation is None and "rejetée" in outcomes[0].problem  # its skill was rejected after


def test_split_by_document_takes_that_documents_mentions() -> None:
    a = person("person:claire-fontaine", "Claire Fontaine", "Claire Fontaine", start=0)
    kept, outcomes = replay([a], [
        Plan("d", "split", [target(a.id, a.name)], {"document": "doc1.md"}),
        Plan("e", "split", [target(a.id, a.name)], {"document": "doc9.md"}),
    ])
    assert [(c.id, [r.document for r in c.members]) for c in kept] == [
        ("person:claire-fontaine", ["doc0.md"]), ("person:claire-fontaine-2", ["doc1.md"])]
    assert "aucune mention" in outcomes[1].problem and "doc9.md" in outcomes[1].problem
