"""Ingestion end to end through the real CLI: hostile files, incremental runs, deletion, crash safety."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_ted
from ted.sources import Content, Parsed, register_reader
from ted.sources.markdown import markdown_blocks
from ted.sources.readers import unregister_reader

DEMO = ROOT / "src" / "ted" / "demo"


def export(db: Path) -> list[dict]:
    out = run_ted("export", "--format", "jsonl", db=db).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def names(records: list[dict], type_: str) -> set[str]:
    return {r["name"] for r in records if r["kind"] == "entity" and r["type"] == type_}


def test_export_contract_on_demo(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    run_ted("ingest", str(DEMO), db=db)
    records = export(db)
    kinds = [r["kind"] for r in records]
    assert kinds == sorted(kinds, key=lambda k: k != "entity"), "entities must come before relations"
    ids = {r["id"] for r in records if r["kind"] == "entity"}
    for record in records:
        if record["kind"] == "entity":
            assert record["type"] in {"person", "organisation", "project", "event", "skill"}
            assert record["id"].startswith(record["type"] + ":")
            assert set(record) == {"kind", "id", "type", "name", "aliases", "attributes", "sources", "confidence"}
            assert record["sources"] and all(not s.startswith("/") for s in record["sources"])
        else:
            assert record["type"] in {"member_of", "works_on", "speaker_at", "participant_in", "organiser_of",
                                      "presented_at", "has_skill", "about", "part_of"}
            assert record["source"] in ids and record["target"] in ids
            assert record["evidence"], record
            for evidence in record["evidence"]:
                assert not evidence["document"].startswith("/") and evidence["line"] >= 1
                assert isinstance(evidence["quote"], str)
    assert {"Camille Roussel", "Yanis Benali"} <= names(records, "person")
    event = next(r for r in records if r["kind"] == "entity" and r["name"].startswith("Meetup dataviz"))
    assert event["attributes"]["start"] == "2025-03-18T18:30:00+01:00"
    assert event["attributes"]["registration_url"].startswith("https://www.eventbrite.fr/")
    member = next(r for r in records if r["kind"] == "relation" and r["type"] == "member_of"
                  and r["source"] == "person:yanis-benali")
    assert member["evidence"][0] == {"document": "membres/yanis.benali.md", "line": 8,
                                     "quote": "employer: Octo Technology"}


def build_hostile(folder: Path) -> None:
    folder.mkdir()
    (folder / "bon.md").write_text("---\nfullname: Maëlle Garnier\nrole: Data engineer\n---\n", encoding="utf-8")
    (folder / "latin1.md").write_bytes("---\nfullname: Renée Lefèbvre\n---\nÉquipe données\n".encode("latin-1"))
    (folder / "bom-crlf.md").write_bytes(b"\xef\xbb\xbf---\r\nfullname: Jos\xc3\xa9 Ortega\r\n---\r\nCorps\r\n")
    (folder / "invalide.md").write_text("---\ntitle: [oups\n---\n", encoding="utf-8")
    (folder / "non-ferme.md").write_text("---\ntitle: jamais fermé\nfullname: X\n", encoding="utf-8")
    (folder / "binaire.md").write_bytes(bytes(range(256)) * 64)
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "vide.md").write_text("", encoding="utf-8")
    (folder / "longue.txt").write_text("x" * 5 * 1024 * 1024, encoding="utf-8")
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, key in enumerate("bcdefghi"):
        bomb.append(f"{key}: &{key} [" + ",".join([f"*{'abcdefghi'[i]}"] * 9) + "]")
    (folder / "bombe.md").write_text("---\n" + "\n".join(bomb) + "\n---\n", encoding="utf-8")
    marker = folder.parent / "pwned"
    (folder / "tag.md").write_text(f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n",
                                   encoding="utf-8")
    (folder / "boucle").symlink_to(folder)
    deep = folder.joinpath(*[f"niveau{i}" for i in range(40)])
    deep.mkdir(parents=True)
    (deep / "profond.md").write_text("---\nfullname: Paul Profond\n---\n", encoding="utf-8")


def test_hostile_folder(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    build_hostile(folder)
    db = tmp_path / "h.sqlite3"
    result = run_ted("ingest", str(folder), db=db)
    report = result.stdout + result.stderr
    for bad in ("invalide.md", "non-ferme.md", "binaire.md", "image.png", "longue.txt", "bombe.md", "tag.md",
                "boucle"):
        assert bad in report, f"{bad} not reported:\n{report}"
    assert not (tmp_path / "pwned").exists()
    people = names(export(db), "person")
    assert {"Maëlle Garnier", "Renée Lefèbvre", "José Ortega", "Paul Profond"} <= people
    assert run_ted("ingest", "--strict", str(folder), db=db, check=False).returncode == 1
    stats = run_ted("stats", db=db).stdout
    assert "invalide.md" in stats and "tag.md" in stats


def test_incremental_change_and_delete(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    db = tmp_path / "i.sqlite3"
    run_ted("ingest", str(corpus), db=db)
    second = run_ted("ingest", str(corpus), db=db)
    assert "0 nouveaux, 0 modifiés" in second.stderr
    profile = corpus / "membres" / "yanis.benali.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("Octo Technology", "Scopyleft"), encoding="utf-8")
    (corpus / "membres" / "ines.marchand.md").unlink()
    third = run_ted("ingest", str(corpus), db=db)
    assert "1 modifiés" in third.stderr and "1 supprimés" in third.stderr
    records = export(db)
    orgs = names(records, "organisation")
    assert "Scopyleft" in orgs and "Octo Technology" not in orgs
    assert all("ines.marchand.md" not in s for r in records if r["kind"] == "entity" for s in r["sources"])


def test_killed_run_then_clean_run_is_consistent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for i in range(6):
        shutil.copytree(DEMO, corpus / f"copie{i}")
    reference = tmp_path / "ref.sqlite3"
    run_ted("ingest", str(corpus), db=reference)
    expected = export(reference)
    db = tmp_path / "k.sqlite3"
    for delay in (1.0, 2.5, 4.0):
        process = subprocess.Popen([sys.executable, "-m", "ted", "ingest", str(corpus), "--db", str(db)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # The database opens and answers after a kill -9, or says it holds no data yet (killed before its schema).
        stats = run_ted("stats", db=db, check=False)
        assert stats.returncode == 0 or (stats.returncode == 1 and "ted ingest" in stats.stderr), stats.stderr
        assert "Traceback" not in stats.stderr
    run_ted("ingest", str(corpus), db=db)
    assert export(db) == expected


@pytest.mark.postgres
def test_postgresql_backend(tmp_path: Path) -> None:
    psycopg = pytest.importorskip("psycopg")
    name = f"ted_test_{int(time.time() * 1000)}"
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True,
                             connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432 ({error})")
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        run_ted("ingest", str(DEMO), db=url)
        sqlite = tmp_path / "same.sqlite3"
        run_ted("ingest", str(DEMO), db=sqlite)
        assert export(url) == export(sqlite)
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_forget_survives_reingest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    db = tmp_path / "f.sqlite3"
    run_ted("ingest", str(corpus), db=db)
    assert "Yanis Benali" in names(export(db), "person")
    run_ted("forget", "yanis BENALI", db=db)
    records = export(db)
    assert "Yanis Benali" not in names(records, "person")
    assert not any("yanis" in (r.get("source", "") + r.get("target", "")) for r in records)
    (corpus / "membres" / "nouveau.md").write_text("---\nfullname: Yanis Benali\nrole: Dev\n---\n", encoding="utf-8")
    run_ted("ingest", str(corpus), db=db)
    assert "Yanis Benali" not in names(export(db), "person")
    assert run_ted("forget", "person:inconnu", db=db, check=False).returncode == 1


def test_forget_redacts_quotes_and_programmes(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    run_ted("ingest", str(DEMO), db=db)
    before = run_ted("export", "--format", "jsonl", db=db).stdout
    assert "Inès Marchand" in before
    run_ted("forget", "Inès Marchand", db=db)
    after = run_ted("export", "--format", "jsonl", db=db).stdout
    assert "Inès Marchand" not in after and "MARCHAND" not in after
    assert "[personne effacée]" in after


def read_toy(content: Content) -> Parsed:
    """A format only this test knows: '>' lines are headings, the rest is Markdown."""
    body = "\n".join("# " + line[1:].strip() if line.startswith(">") else line for line in content.body.split("\n"))
    return Parsed("toy", markdown_blocks(body, content.body_first_line))


@pytest.fixture
def toy_reader():
    register_reader("toy", extensions={".toy"})(read_toy)
    yield
    unregister_reader("toy")


def test_a_reader_registered_in_a_test_is_used_by_ingest(tmp_path: Path, clean_db, toy_reader) -> None:
    from ted.services.ingest import ingest
    from ted.store import models as m

    folder = tmp_path / "toys"
    folder.mkdir()
    (folder / "profil.toy").write_text("---\nfullname: Maëlle Garnier\nrole: Data engineer\n---\n> Parcours\n"
                                       "Dix ans de données publiques.\n", encoding="utf-8")
    (folder / "tableau.csv").write_text("a;b\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    summary = ingest([folder], progress=lambda done, total: calls.append((done, total)))
    assert (summary.new, summary.skipped, summary.failed) == (1, 1, 0) and calls == [(2, 2)]
    assert [(p.path, p.kind) for p in summary.problems] == [("tableau.csv", "skipped")]
    assert "extension « .csv »" in summary.problems[0].reason
    doc = m.Document.objects.get(path="profil.toy")
    assert (doc.root, doc.format, doc.status) == (str(folder.resolve()), "toy", "ok")
    assert doc.text == "Parcours\nDix ans de données publiques."
    assert m.Entity.objects.filter(type="person", name="Maëlle Garnier").exists()
    again = ingest([str(folder)])
    assert (again.new, again.changed, again.unchanged, again.removed) == (0, 0, 2, 0)


def test_sources_with_the_same_relative_path_keep_their_own_facts(tmp_path: Path, clean_db) -> None:
    from ted.services.ingest import ingest
    from ted.store import models as m

    for folder, name in (("a", "Maëlle Garnier"), ("b", "Paul Profond")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "profil.md").write_text(f"---\nfullname: {name}\n---\n", encoding="utf-8")
    summary = ingest([tmp_path / "a", tmp_path / "b", tmp_path / "absent"])
    assert summary.new == 2 and [w.path for w in summary.warnings] == [str(tmp_path / "absent")]
    mentions = {(x.document.root, x.name) for x in m.Mention.objects.filter(type="person").select_related("document")}
    base = tmp_path.resolve()
    assert mentions == {(str(base / "a"), "Maëlle Garnier"), (str(base / "b"), "Paul Profond")}
    (tmp_path / "b" / "profil.md").unlink()
    later = ingest([tmp_path / "a", tmp_path / "b"])
    assert (later.removed, later.unchanged, later.new) == (1, 1, 0)
    assert set(m.Document.objects.values_list("root", flat=True)) == {str(base / "a")}


def test_an_unknown_kind_of_source_is_refused_with_a_sentence(tmp_path: Path) -> None:
    result = run_ted("ingest", "ftp://example.org/docs", db=tmp_path / "s.sqlite3", check=False)
    assert result.returncode == 2
    assert "ne sait pas lire les sources « ftp:// »" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
