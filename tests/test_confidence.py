"""Every extracted fact carries a confidence (0–1): recorded by the component that found it, combined over
the documents in the graph, written by the exports, and added to older databases by ``ted migrate``."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_ted
from extract_helpers import entity, extract_folder
from ted.extract.facts import DEFAULT_CONFIDENCE, Facts
from ted.extract.pipeline import Extractor
from ted.extract.registry import PipelineError, component, confidence_of, confidences, registered, unregister
from ted.graph.assemble import CEILING, combined
from ted.schema import EntityType, RelationType
from ted.sources import read_file

DEMO = ROOT / "src" / "ted" / "demo"
DREES = "organisation:direction-de-la-recherche-des-etudes-de-l-evaluation-et-des-statistiques"
CONTRACT = {"entity": ["kind", "id", "type", "name", "aliases", "attributes", "sources"],
            "relation": ["kind", "type", "source", "target", "evidence"]}

PROFILE = """---
fullname: Léna Morel
role: Data engineer
organisation: DREES
---
Léna travaille sur les pipelines de données.
"""

PROSE = """# Tableaux de bord du service statistique

La semaine dernière, Sophie Martin a longuement expliqué aux équipes comment elle prépare les tableaux de bord
du service statistique. Elle a montré plusieurs exemples concrets et répondu aux nombreuses questions des
collègues présents, qui souhaitaient reproduire cette démarche dans leurs propres directions.
"""

# The same membership, said in prose by another document.
NEWS = """# Retour sur la journée des données sociales

Léna Morel, data engineer à la DREES, a présenté les nouveaux pipelines de données du service devant une
salle comble. Les participants ont pu poser de nombreuses questions sur les choix techniques retenus et sur
la manière dont les équipes partagent désormais leurs jeux de données entre directions.
"""


# ---------------------------------------------------------------- extraction: the component's confidence


def test_front_matter_facts_are_surer_than_a_name_found_in_prose(tmp_path: Path) -> None:
    (tmp_path / "_authors").mkdir()
    (tmp_path / "_authors" / "lena.morel.md").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "notes.md").write_text(PROSE, encoding="utf-8")
    facts = extract_folder(tmp_path)
    profile, prose = facts["_authors/lena.morel.md"], facts["notes.md"]

    lena = profile.mentions[profile.primary]
    sophie = entity(prose, EntityType.PERSON, "Sophie Martin")  # only the language model names her
    assert lena.confidence == confidences()["frontmatter"] == 0.95
    assert sophie.confidence == confidences()["people"]
    assert lena.confidence > sophie.confidence
    member = next(s for s in profile.statements if s.type == RelationType.MEMBER_OF)
    assert member.confidence == 0.95
    for found in (profile, prose):
        assert all(0 <= f.confidence <= 1 for f in [*found.mentions.values(), *found.statements])


def test_a_fact_found_again_keeps_its_highest_confidence() -> None:
    facts = Facts()
    facts.confidence = 0.6
    person = facts.entity(EntityType.PERSON, "Sophie Martin", 3, "Sophie Martin a présenté")
    org = facts.entity(EntityType.ORGANISATION, "Insee", 3, "à l'Insee")
    facts.relate(RelationType.MEMBER_OF, person, org, 3, "à l'Insee")
    facts.confidence = 0.9  # a later, surer component finds both again
    facts.entity(EntityType.PERSON, "Sophie MARTIN", 9, "| Sophie MARTIN | Insee |")
    facts.relate(RelationType.MEMBER_OF, person, org, 9, "| Sophie MARTIN | Insee |")
    facts.confidence = 0.5  # a weaker one does not lower them
    facts.entity(EntityType.PERSON, "Sophie Martin", 12, "Sophie")
    facts.relate(RelationType.MEMBER_OF, person, org, 12, "Sophie")
    assert facts.mentions[person].confidence == 0.9 and facts.statements[0].confidence == 0.9
    assert facts.mentions[org].confidence == 0.6
    assert facts.mentions[person].aliases == ["Sophie MARTIN"]  # the rest of the merge is unchanged

    facts.entity(EntityType.SKILL, "OCR", 4, "OCR", confidence=0.3)  # a component's finer case
    assert facts.mentions["skill:ocr"].confidence == 0.3
    with pytest.raises(ValueError, match="between 0 and 1"):
        facts.entity(EntityType.SKILL, "SQL", 4, "SQL", confidence=1.5)
    assert Facts().confidence == DEFAULT_CONFIDENCE


def test_a_components_declaration_wins_over_the_table_and_is_recorded(tmp_path: Path) -> None:
    """A toy component (as a plug-in would register it) declares its confidence; the pipeline records it
    (the people finder names her too, with less: the higher confidence stays)."""

    @component("toy_referent", requires=("segments",), assigns=("person",), confidence=0.97)
    def toy_referent(state) -> None:
        for seg in state.segments:
            if seg.text.startswith("Référente :"):
                state.person(seg.text.removeprefix("Référente :").strip(), seg.text, seg.line_at(0))

    @component("toy_silent", requires=("segments",))
    def toy_silent(state) -> None:
        pass

    try:
        components = registered()
        assert confidence_of(components["toy_referent"]) == 0.97
        assert confidence_of(components["toy_silent"]) == DEFAULT_CONFIDENCE  # neither declared nor listed
        assert confidence_of(components["people"]) == confidences()["people"]
        (tmp_path / "fiche.md").write_text("Référente : Jeanne Moreau\n\nUne fiche sans autre nom.\n",
                                           encoding="utf-8")
        doc = read_file(tmp_path / "fiche.md", str(tmp_path), "fiche.md")
        [(_, facts)] = list(Extractor().extract_many([doc]))
        assert entity(facts, EntityType.PERSON, "Jeanne Moreau").confidence == 0.97
    finally:
        unregister("toy_referent")
        unregister("toy_silent")
    with pytest.raises(PipelineError, match="entre 0 et 1"):
        component("toy_sure", confidence=2)


def test_the_table_rates_existing_components_only() -> None:
    """A renamed component would silently fall back to the default; a new one may declare its own value."""
    built_in = {name for name, c in registered().items() if c.func.__module__.startswith("ted.extract.")}
    table = confidences()
    assert set(table) <= built_in, "confidence.toml names a component that does not exist"
    assert all(0 < value <= 1 for value in table.values())
    assert table["frontmatter"] > table["tables"] > table["people"] > table["skills_from_work"]


# ---------------------------------------------------------------- the graph: documents combined


def test_combined_confidence_is_a_noisy_or_over_documents() -> None:
    assert combined([]) == 0.0
    assert combined([("a.md", 0.65)]) == 0.65
    assert combined([("a.md", 0.65), ("a.md", 0.9)]) == 0.9  # one document is one witness: its best reading
    assert combined([("a.md", 0.6), ("b.md", 0.6)]) == 0.84  # 1 - 0.4 * 0.4
    assert combined([("a.md", 0.95), ("b.md", 0.95), ("c.md", 0.95)]) == CEILING  # never certain
    assert combined([("a.md", 1.0), ("b.md", 0.5)]) == 1.0  # unless one document alone is


def records(db: Path | None = None) -> list[dict]:
    """The JSONL export of ``db`` (through the real command), or of the in-process store."""
    if db is None:
        from ted.exports.jsonl import export_jsonl

        out = io.StringIO()
        export_jsonl(out)
        return [json.loads(line) for line in out.getvalue().splitlines()]
    return [json.loads(line) for line in run_ted("export", "--format", "jsonl", db=db).stdout.splitlines()]


def membership(found: list[dict]) -> dict:
    return next(r for r in found if r["kind"] == "relation" and r["type"] == "member_of"
                and r["source"] == "person:lena-morel" and r["target"] == DREES)


def test_a_relation_stated_in_two_documents_is_surer_than_in_one(tmp_path: Path, clean_db) -> None:
    from ted.services.ingest import ingest

    corpus = tmp_path / "corpus"
    (corpus / "_authors").mkdir(parents=True)
    (corpus / "_authors" / "lena.morel.md").write_text(PROFILE, encoding="utf-8")
    ingest([corpus])
    once = membership(records())
    assert len({e["document"] for e in once["evidence"]}) == 1 and once["confidence"] == 0.95

    (corpus / "journee.md").write_text(NEWS, encoding="utf-8")
    ingest([corpus])
    twice = membership(records())
    assert {e["document"] for e in twice["evidence"]} == {"_authors/lena.morel.md", "journee.md"}
    assert once["confidence"] < twice["confidence"] <= CEILING

    (corpus / "journee.md").unlink()  # the second witness gone, the relation is as sure as before
    ingest([corpus])
    assert membership(records())["confidence"] == once["confidence"]


# ---------------------------------------------------------------- exports


def test_every_exported_line_carries_a_confidence_after_the_contracts_fields(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    run_ted("ingest", str(DEMO), db=db)
    lines = run_ted("export", "--format", "jsonl", db=db).stdout.splitlines()
    assert lines
    for line in lines:
        record = json.loads(line)
        assert list(record) == [*CONTRACT[record["kind"]], "confidence"], line  # added last, nothing reordered
        assert isinstance(record["confidence"], float) and 0 <= record["confidence"] <= 1, line
        assert record["confidence"] == round(record["confidence"], 3)
        rest = json.dumps({k: v for k, v in record.items() if k != "confidence"}, ensure_ascii=False)
        assert line == rest[:-1] + f', "confidence": {record["confidence"]}}}'  # the same bytes otherwise

    rows = list(csv.DictReader(io.StringIO(run_ted("export", "--format", "csv", db=db).stdout)))
    assert len(rows) == len(lines) and all(0 <= float(row["confidence"]) <= 1 for row in rows)
    graph = json.loads(run_ted("export", "--format", "jsonld", db=db).stdout)["@graph"]
    assert all(0 <= node["ted:confidence"] <= 1 for node in graph)


# ---------------------------------------------------------------- an older database


def migrate_store_to(db: Path, name: str) -> None:
    """Django's own backwards migrations: the schema and records as the TED of migration ``name`` left them."""
    code = ("from ted.store import database; database.setup(migrate=False); "
            "from django.core.management import call_command; "
            f"call_command('migrate', 'store', {name!r}, verbosity=0)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env={**os.environ, "TED_DB": str(db)})


def columns(db: Path, table: str) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_an_older_database_with_data_is_refused_until_ted_migrate(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "_authors").mkdir(parents=True)
    (corpus / "_authors" / "lena.morel.md").write_text(PROFILE, encoding="utf-8")
    (corpus / "_authors" / "paul.durand.md").write_text(PROFILE.replace("Léna Morel", "Paul Durand"),
                                                         encoding="utf-8")
    db = tmp_path / "ancienne.sqlite3"
    run_ted("ingest", str(corpus), db=db)
    migrate_store_to(db, "0002_forgotten")  # as the TED before confidences left it, documents and graph kept
    assert "confidence" not in columns(db, "store_mention") | columns(db, "store_relation")

    for command in (("stats",), ("export", "--format", "jsonl")):
        refused = run_ted(*command, db=db, check=False)
        message = " ".join(refused.stderr.split())
        assert refused.returncode == 2, command
        assert "store.0003_confidence" in message and f"ted migrate --db {db}" in message
    assert "confidence" not in columns(db, "store_mention")

    upgraded = run_ted("migrate", db=db)
    # every store migration after 0002 is applied (confidences, then those that came later)
    later = sorted(p.stem for p in (ROOT / "src" / "ted" / "store" / "migrations").glob("0*.py") if p.stem[:4] > "0002")
    assert "store.0003_confidence" in upgraded.stderr
    assert f"{len(later)} migration{'s' if len(later) > 1 else ''} appliquée{'s' if len(later) > 1 else ''}" \
        in upgraded.stderr
    with sqlite3.connect(db) as connection:
        stored = {c for (c,) in connection.execute("SELECT confidence FROM store_mention")}
        dirty = connection.execute("SELECT value FROM store_state WHERE key = 'graph_dirty'").fetchone()
    assert stored == {DEFAULT_CONFIDENCE} and dirty == ("1",)  # unmeasured facts; the graph to recompute

    before = records(db)  # works at once, with the stored default
    assert {r["confidence"] for r in before} == {DEFAULT_CONFIDENCE}
    run_ted("ingest", str(corpus), db=db)  # unchanged files: nothing re-read, the graph rebuilt
    after = records(db)
    assert [{k: v for k, v in r.items() if k != "confidence"} for r in after] == \
        [{k: v for k, v in r.items() if k != "confidence"} for r in before]
    drees = next(r for r in after if r.get("id") == DREES)  # named by both profiles
    assert drees["confidence"] == combined([("a", DEFAULT_CONFIDENCE), ("b", DEFAULT_CONFIDENCE)])
    assert run_ted("stats", db=db).stderr.strip() == ""
