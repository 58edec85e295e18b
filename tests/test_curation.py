"""Curation decisions (issue 11): recorded apart from documents, replayed after every rebuild, undone exactly.

Real SQLite and real ingestion of a small corpus written here: three member profiles, two of which
are one person under two names, and a skill one of them did not declare on purpose.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import run_ted
from ingest_helpers import ingest_folders

PROFILES = {
    "claire.fontaine.md": "---\nfullname: Claire Fontaine\nrole: Data scientist\ncompetences:\n  - Python\n"
                          "  - OCR\n---\nClaire Fontaine lit des formulaires.\n",
    "claire.dubois.md": "---\nfullname: Claire Dubois\nrole: Géomaticienne\ncompetences:\n  - Géomatique\n---\n",
    "paul.martin.md": "---\nfullname: Paul Martin\nrole: Ingénieur de données\ncompetences:\n  - OCR\n"
                      "  - Docker\n---\n",
}
FONTAINE, DUBOIS, PAUL = "person:claire-fontaine", "person:claire-dubois", "person:paul-martin"
OCR = "skill:reconnaissance-optique-de-caracteres"


def write_corpus(root: Path) -> Path:
    (root / "membres").mkdir(parents=True, exist_ok=True)
    for name, text in PROFILES.items():
        (root / "membres" / name).write_text(text, encoding="utf-8")
    return root


def exported() -> list[dict]:
    from ted.exports.jsonl import export_jsonl

    out = io.StringIO()
    export_jsonl(out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def record(lines: list[dict], entity_id: str) -> dict | None:
    return next((r for r in lines if r["kind"] == "entity" and r["id"] == entity_id), None)


def relation(lines: list[dict], type_: str, source: str, target: str) -> dict | None:
    return next((r for r in lines if r["kind"] == "relation" and (r["type"], r["source"], r["target"])
                 == (type_, source, target)), None)


@pytest.fixture
def corpus(tmp_path: Path):
    from ted.store import models as m

    root = write_corpus(tmp_path / "corpus")
    ingest_folders(root)
    yield root
    m.Decision.objects.all().delete()  # the in-process store is shared: leave no decision to replay


def test_merge_survives_reingest_of_same_and_changed_corpus_and_undo_brings_both_back(corpus: Path) -> None:
    from ted.services import curation
    from ted.services.graph import rebuild
    from ted.services.ingest import ingest
    from ted.store import models as m

    decision = curation.merge("Claire Fontaine", "Claire Dubois", note="même personne", author="essai")
    assert not m.Entity.objects.filter(id=DUBOIS).exists()
    assert "Claire Dubois" in m.Entity.objects.get(id=FONTAINE).aliases.values_list("name", flat=True)
    lines = exported()
    assert record(lines, FONTAINE)["curated"] is True and record(lines, FONTAINE)["decisions"] == [decision.id]
    # Claire Dubois's skill now belongs to the merged entity, and says which decision moved it.
    assert relation(lines, "has_skill", FONTAINE, "skill:geomatique")["decisions"] == [decision.id]
    assert "curated" not in relation(lines, "has_skill", FONTAINE, "skill:python")
    assert "curated" not in record(lines, PAUL)

    rebuild()  # the same corpus resolved again from its mentions
    ingest([corpus])
    (corpus / "membres" / "claire.dubois.md").write_text(
        PROFILES["claire.dubois.md"].replace("  - Géomatique\n", "  - Géomatique\n  - Docker\n"), encoding="utf-8")
    summary = ingest([corpus])
    assert summary.changed == 1 and summary.orphaned == []
    merged = m.Entity.objects.get(id=FONTAINE)
    assert {"Claire Dubois"} <= set(merged.aliases.values_list("name", flat=True))
    assert not m.Entity.objects.filter(id=DUBOIS).exists()
    assert m.Relation.objects.filter(type="has_skill", source_id=FONTAINE, target_id="skill:docker").exists()

    curation.undo(decision.id, author="essai")
    assert m.Entity.objects.filter(id=DUBOIS).exists()
    assert "Claire Dubois" not in m.Entity.objects.get(id=FONTAINE).aliases.values_list("name", flat=True)
    assert m.Relation.objects.filter(type="has_skill", source_id=DUBOIS, target_id="skill:docker").exists()
    assert not any("curated" in r for r in exported())
    assert curation.decisions()[0].undone_by == "essai"


def test_rejected_relation_stays_out_of_pages_search_experts_and_exports(corpus: Path) -> None:
    from django.test import Client
    from django.urls import reverse

    from ted.search.experts import find_experts
    from ted.search.query import search
    from ted.services import curation
    from ted.services.ingest import ingest
    from ted.store import models as m

    decision = curation.reject_relation("has_skill", "Claire Fontaine", "OCR", note="elle ne fait pas d'OCR")
    (corpus / "membres" / "claire.fontaine.md").write_text(PROFILES["claire.fontaine.md"] + "Elle aime Python.\n",
                                                           encoding="utf-8")
    assert ingest([corpus]).changed == 1

    def visible() -> dict[str, bool]:
        page = Client().get(reverse("ted:entity", args=[FONTAINE])).content.decode()
        return {
            "store": m.Relation.objects.filter(type="has_skill", source_id=FONTAINE, target_id=OCR).exists(),
            "page": reverse("ted:entity", args=[OCR]) in page,
            "search": FONTAINE in {hit.id for hit in search("OCR", type="person").results},
            "experts": FONTAINE in {e.id for e in find_experts("OCR")},
            "export": relation(exported(), "has_skill", FONTAINE, OCR) is not None,
        }

    assert visible() == dict.fromkeys(("store", "page", "search", "experts", "export"), False)
    assert PAUL in {e.id for e in find_experts("OCR")}  # the topic still finds the one who declares it
    curation.undo(decision.id)
    assert visible() == dict.fromkeys(("store", "page", "search", "experts", "export"), True)


def test_added_relation_is_shown_as_a_curators_and_marked_in_the_export(corpus: Path) -> None:
    from django.test import Client
    from django.urls import reverse

    from ted.services import curation

    decision = curation.add_relation("has_skill", "Claire Dubois", "Docker", note="vu en réunion")
    page = Client().get(reverse("ted:entity", args=[DUBOIS])).content.decode()
    assert "ajouté par un curateur" in page and reverse("ted:entity", args=["skill:docker"]) in page
    twin = Client().get(reverse("ted:entity_json", args=[DUBOIS])).json()
    flags = {i["id"]: i["added_by_curator"] for section in twin["sections"] for i in section["items"]}
    assert flags == {"skill:docker": True, "skill:geomatique": False}
    added = relation(exported(), "has_skill", DUBOIS, "skill:docker")
    assert added["evidence"] == [] and added["curated"] is True and added["decisions"] == [decision.id]
    paul = Client().get(reverse("ted:entity", args=[PAUL])).content.decode()
    assert "ajouté par un curateur" not in paul  # a fact stated by a document is not labelled so
    with pytest.raises(curation.CurationError, match="existe déjà"):
        curation.add_relation("has_skill", "Claire Dubois", "Docker")
    with pytest.raises(curation.CurationError, match="ne relie pas"):
        curation.add_relation("member_of", "Claire Dubois", "Docker")


def test_rename_retype_attributes_and_split(corpus: Path) -> None:
    from ted.services import curation
    from ted.store import models as m

    curation.rename("Paul Martin", "Paul Martin-Durand")
    paul = m.Entity.objects.get(id=PAUL)  # the id stays: links and claims keep working
    assert paul.name == "Paul Martin-Durand" and "Paul Martin" in paul.aliases.values_list("name", flat=True)
    curation.hide_attribute(PAUL, "titles")
    curation.add_attribute(FONTAINE, "titles", "Cheffe de projet")
    assert "titles" not in m.Entity.objects.get(id=PAUL).attributes
    assert m.Entity.objects.get(id=FONTAINE).attributes["titles"][0] == "Cheffe de projet"
    curation.retype("Docker", "project")
    assert m.Entity.objects.filter(id="project:docker", type="project").exists()
    # has_skill cannot end at a project: Paul's relation to it went with the retype
    assert not m.Relation.objects.filter(target_id__in=["skill:docker", "project:docker"]).exists()

    merge = curation.merge(FONTAINE, DUBOIS)
    by_document = curation.split(FONTAINE, document="membres/claire.dubois.md", note="deux personnes")
    assert m.Entity.objects.filter(id=DUBOIS).exists()
    curation.undo(by_document.id)
    assert not m.Entity.objects.filter(id=DUBOIS).exists()
    with pytest.raises(curation.CurationError, match="aucune mention"):
        curation.split(FONTAINE, document="membres/paul.martin.md")
    split = curation.split(FONTAINE, "Claire Dubois")
    assert m.Entity.objects.filter(id=DUBOIS).exists() and m.Relation.objects.filter(source_id=DUBOIS).exists()
    lines = exported()
    assert record(lines, DUBOIS)["decisions"] == [split.id]
    assert {merge.id, split.id} <= set(record(lines, FONTAINE)["decisions"])
    with pytest.raises(curation.CurationError, match="n'est pas un nom"):
        curation.split(PAUL, "Claire Dubois")
    with pytest.raises(curation.CurationError, match="rien à séparer"):
        curation.split(DUBOIS, "Claire Dubois")
    assert m.Decision.objects.count() == 7  # refused decisions are not kept


def test_orphaned_decision_is_kept_reported_and_applies_again(corpus: Path) -> None:
    from ted.services import curation
    from ted.services.ingest import ingest
    from ted.store import models as m

    decision = curation.merge("Claire Fontaine", "Claire Dubois")
    profile = corpus / "membres" / "claire.dubois.md"
    profile.unlink()
    summary = ingest([corpus])
    assert [p.path for p in summary.orphaned] == [decision.id]
    assert "Claire Dubois" in summary.orphaned[0].reason
    assert [d.id for d in curation.orphaned()] == [decision.id]
    assert "curated" not in record(exported(), FONTAINE)  # an orphan marks nothing

    profile.write_text(PROFILES["claire.dubois.md"], encoding="utf-8")
    assert ingest([corpus]).orphaned == []
    assert not m.Entity.objects.filter(id=DUBOIS).exists()
    assert record(exported(), FONTAINE)["decisions"] == [decision.id]


def test_unknown_and_ambiguous_names_change_nothing(corpus: Path) -> None:
    from ted.services import curation
    from ted.store import models as m

    with pytest.raises(curation.NotFound):
        curation.merge("Claire Fontaine", "Personne Inconnue")
    with pytest.raises(curation.Ambiguous) as error:
        curation.reject_entity("Claire")
    assert {c.id for c in error.value.candidates} == {FONTAINE, DUBOIS}
    with pytest.raises(curation.CurationError, match="autre sens"):
        curation.reject_relation("has_skill", "OCR", "Paul Martin")
    assert not m.Decision.objects.exists()


def test_forgetting_a_person_deletes_the_decisions_that_name_them(corpus: Path) -> None:
    from ted.services import curation
    from ted.services.forget import forget
    from ted.store import models as m

    curation.merge("Claire Fontaine", "Claire Dubois")
    curation.add_relation("has_skill", "Paul Martin", "Python", note="comme Claire Fontaine")
    forget("Claire Fontaine")
    kept = list(m.Decision.objects.all())
    assert [d.kind for d in kept] == ["add_relation"]  # no forgotten name kept in clear
    assert "Fontaine" not in kept[0].note and kept[0].note.startswith("comme ")


def test_cli_decisions_move_between_instances(tmp_path: Path) -> None:
    """ted curate merge / reject / add / list / export, then import into a fresh database of the same corpus."""
    corpus = write_corpus(tmp_path / "corpus")
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    run_ted("ingest", str(corpus), db=first)
    merged = run_ted("curate", "merge", "Claire Fontaine", "Claire Dubois", "--note", "même personne", db=first)
    assert "enregistrée et appliquée" in merged.stderr
    run_ted("curate", "reject", "has_skill", "Claire Fontaine", "OCR", db=first)
    run_ted("curate", "add", "has_skill", "Paul Martin", "Python", "--note", "vu en atelier", db=first)
    run_ted("curate", "reject", "skill:docker", "--auteur", "Alice", db=first)
    ambiguous = run_ted("curate", "reject", "Claire", db=first, check=False)
    assert ambiguous.returncode == 1 and "Rien n'a été décidé" in ambiguous.stderr and FONTAINE in ambiguous.stderr
    unknown = run_ted("curate", "merge", "Paul Martin", "Inconnu Total", db=first, check=False)
    assert unknown.returncode == 1 and "Aucune entité ne s'appelle « Inconnu Total »" in unknown.stderr
    listed = run_ted("curate", "list", db=first)
    assert listed.stdout.count("appliquée") == 4 and "Alice" in listed.stdout
    decisions = tmp_path / "decisions.jsonl"
    run_ted("curate", "export", "-o", str(decisions), db=first)
    assert len(decisions.read_text(encoding="utf-8").splitlines()) == 4

    run_ted("ingest", str(corpus), db=second)
    imported = run_ted("curate", "import", str(decisions), db=second)
    assert "4 nouvelles" in imported.stderr
    export_a = run_ted("export", db=first).stdout
    assert export_a == run_ted("export", db=second).stdout
    assert '"curated": true' in export_a and "skill:docker" not in export_a
    again = run_ted("curate", "import", str(decisions), db=second)
    assert "4 déjà connues" in again.stderr and run_ted("export", db=second).stdout == export_a

    bad = tmp_path / "bad.jsonl"
    bad.write_text(decisions.read_text(encoding="utf-8") + "{pas du json\n", encoding="utf-8")
    refused = run_ted("curate", "import", str(bad), db=second, check=False)
    assert refused.returncode == 1 and f"{bad}, ligne 5" in refused.stderr

    (corpus / "membres" / "claire.dubois.md").unlink()
    report = run_ted("ingest", str(corpus), db=first)
    assert "Décision orpheline" in report.stderr
    assert "orpheline :" in run_ted("curate", "list", db=first).stdout


@pytest.mark.postgres
def test_decisions_taken_on_sqlite_apply_the_same_on_postgresql(tmp_path: Path) -> None:
    """The same decisions file gives the same export on both back ends (JSON fields, ordering, ids)."""
    import os
    import uuid

    psycopg = pytest.importorskip("psycopg")
    server = os.environ.get("TED_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
    try:
        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            pass
    except Exception:  # noqa: BLE001 - any failure means "no server to test against"
        pytest.skip(f"PostgreSQL is not reachable at {server}")
    corpus = write_corpus(tmp_path / "corpus")
    lite = tmp_path / "a.sqlite3"
    run_ted("ingest", str(corpus), db=lite)
    run_ted("curate", "merge", "Claire Fontaine", "Claire Dubois", db=lite)
    run_ted("curate", "reject", "has_skill", "Paul Martin", "Docker", db=lite)
    run_ted("curate", "add-attribute", "Paul Martin", "titles", "Chef de projet", db=lite)
    decisions = tmp_path / "decisions.jsonl"
    run_ted("curate", "export", "-o", str(decisions), db=lite)
    name = f"ted_test_curation_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        target = f"{server}/{name}"
        run_ted("ingest", str(corpus), db=target)
        run_ted("curate", "import", str(decisions), db=target)
        exported_pg = run_ted("export", db=target).stdout
        assert exported_pg == run_ted("export", db=lite).stdout
        assert exported_pg.count('"curated": true') >= 3 and "Chef de projet" in exported_pg
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
