"""``ted forget`` leaves the person's name, in any of its forms, on no surface and in no byte of the database.

tests/fixtures/forget: Lino Garrigues has his own profile, is quoted in a colleague's profile
("Lino Garrigues"), in a project page ("L. Garrigues"), in meeting notes ("Lino G.",
"GARRIGUES Lino", "Lino" alone) and in a programme with a typo ("Lino Garigues"). Everything
runs through the real ``ted`` command and a real ``ted serve``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import FIXTURES, run_ted
from webserver import get, served

CORPUS = FIXTURES / "forget"
# Every form of the name, as bytes a scan of the file looks for (case-insensitive, accents irrelevant here).
FORMS = re.compile(rb"garrigues|garigues|lino", re.IGNORECASE)
SURFACE = re.compile(r"garrigues|garigues|\blino\b", re.IGNORECASE)
QUERIES = ["Lino Garrigues", "garrigues", "lino", "Garigues", "Garrigue", "L. Garrigues", "Lino G", "lino.garrigues"]


def leaks(data: bytes) -> list[bytes]:
    return [data[max(m.start() - 40, 0):m.end() + 40] for m in FORMS.finditer(data)]


def file_leaks(db: Path) -> list[bytes]:
    """The name's bytes in the database file and its write-ahead log (the way `strings | grep` would find them)."""
    found = []
    for path in (db, Path(f"{db}-wal")):
        if path.exists():
            found += leaks(path.read_bytes())
    return found


def exports(db: Path) -> dict[str, str]:
    return {fmt: run_ted("export", "--format", fmt, db=db).stdout for fmt in ("jsonl", "jsonld", "csv", "ics")}


def ingested(tmp: Path) -> tuple[Path, Path]:
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS, corpus)
    db = tmp / "forget.sqlite3"
    run_ted("ingest", str(corpus), db=db)
    return corpus, db


@pytest.fixture(scope="module")
def erased(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    corpus, db = ingested(tmp_path_factory.mktemp("forget"))
    before = exports(db)["jsonl"]
    assert "Lino Garrigues" in before and "Lino Garigues" in before and file_leaks(db)
    result = run_ted("forget", "Lino Garrigues", db=db)
    assert "person:lino-garrigues effacé" in result.stderr
    return corpus, db


def test_no_byte_of_the_database_holds_the_name(erased: tuple[Path, Path]) -> None:
    _corpus, db = erased
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert file_leaks(db) == []


def test_no_export_holds_the_name_nor_his_profile_path(erased: tuple[Path, Path]) -> None:
    _corpus, db = erased
    for fmt, text in exports(db).items():
        assert not SURFACE.search(text), (fmt, SURFACE.search(text))
    records = [json.loads(line) for line in exports(db)["jsonl"].splitlines()]
    cartolab = next(r for r in records if r.get("id") == "project:cartolab")
    assert all("lino" not in path for path in cartolab["sources"])  # his profile gives no evidence to others
    assert "[personne effacée]" in exports(db)["jsonl"]  # others' quotes are kept, redacted


def test_search_vocabulary_and_suggestions_forget_him(erased: tuple[Path, Path]) -> None:
    _corpus, db = erased
    for query in QUERIES:
        found = json.loads(run_ted("search", query, "--json", db=db).stdout)
        assert not SURFACE.search(json.dumps(found, ensure_ascii=False)), (query, found)
        told = run_ted("search", query, db=db)
        assert not SURFACE.search(told.stdout + told.stderr.replace(query, "")), query
    for topic in ("cartographie", "atelier commun", "calendrier"):  # quotes read from the files on disk
        experts = run_ted("experts", topic, "--json", db=db).stdout
        assert "Nora Belkacem" in experts and not SURFACE.search(experts), (topic, experts)
    with sqlite3.connect(db) as connection:
        vocabulary = [w for (w,) in connection.execute("SELECT word FROM ted_search_term")]
    assert vocabulary and not [w for w in vocabulary if SURFACE.search(w) or w.startswith("garri")]


def test_stored_documents_are_redacted_or_dropped(erased: tuple[Path, Path]) -> None:
    _corpus, db = erased
    with sqlite3.connect(db) as connection:
        paths = dict(connection.execute("SELECT path, text FROM store_document"))
        stored = [json.dumps(row, ensure_ascii=False) for table in ("store_mention", "store_statement")
                  for row in connection.execute(f"SELECT * FROM {table}")]
    assert not [p for p in paths if "lino" in p]
    tombstones = [p for p in paths if p.startswith("[document effacé")]
    assert len(tombstones) == 1 and paths[tombstones[0]] == ""
    assert "Nora co-anime avec [personne effacée] le réseau" in paths["_authors/nora.belkacem.md"]
    notes = paths["notes/2025-02-03-reunion-cartographie.md"]
    assert "[personne effacée] présente" in notes and "[personne effacée] est d'accord" in notes
    assert "Nora Belkacem" in notes and "Camille Roussel" in notes
    assert stored and not [row for row in stored if SURFACE.search(row)]


def test_every_web_surface_forgets_him(erased: tuple[Path, Path], tmp_path: Path) -> None:
    _corpus, db = erased
    ids = [json.loads(line)["id"] for line in exports(db)["jsonl"].splitlines() if '"kind": "entity"' in line]
    pages = ["/", "/agenda", "/agenda.ics", "/organisations", "/api/", "/experts?q=cartographie",
             "/api/experts?q=cartographie", "/entites/person:lino-garrigues", "/api/entities/person:lino-garrigues"]
    pages += [f"/recherche?q={quote(q)}" for q in QUERIES] + [f"/api/search?q={quote(q)}" for q in QUERIES]
    pages += [f"/api/search?q=&type={t}" for t in ("person", "document")]
    for entity_id in ids:
        where = quote(entity_id)
        pages += [f"/entites/{where}", f"/entites/{where}.json", f"/api/entities/{where}"]
        if entity_id.startswith("event:"):
            pages.append(f"/evenements/{quote(entity_id)}.ics")
    with served(db, tmp_path / "serve.log") as base:
        for page in pages:
            status, _headers, body = get(base + page)
            text = body.decode("utf-8")
            for query in QUERIES:  # the query itself may be echoed back in the search box
                text = text.replace(query, "").replace(quote(query), "").replace(query.replace(" ", "+"), "")
            assert status in (200, 404), (page, status)
            assert not SURFACE.search(text), (page, SURFACE.search(text))


def test_reingest_and_edits_keep_him_forgotten(erased: tuple[Path, Path]) -> None:
    corpus, db = erased
    run_ted("ingest", str(corpus), db=db)
    assert file_leaks(db) == []
    with (corpus / "_authors" / "nora.belkacem.md").open("a", encoding="utf-8") as handle:
        handle.write("\nEn 2025, Nora et Lino Garrigues ont publié l'atlas ; Garrigues en a dessiné les cartes.\n")
    with (corpus / "_authors" / "lino.garrigues.md").open("a", encoding="utf-8") as handle:
        handle.write("\nLino Garrigues anime aussi un club de lecture.\n")
    (corpus / "notes" / "2025-06-01-lino-garrigues.md").write_text(
        "---\ntitle: Entretien\n---\nUn entretien avec L. Garrigues sur les cartes.\n", encoding="utf-8")
    summary = run_ted("ingest", str(corpus), db=db)
    assert "2 modifiés" in summary.stderr
    assert file_leaks(db) == []
    assert not any(SURFACE.search(text) for text in exports(db).values())
    with sqlite3.connect(db) as connection:
        tombstones = connection.execute("SELECT count(*) FROM store_document WHERE path LIKE '[document effacé%'")
        assert tombstones.fetchone()[0] == 2  # his profile, and the page whose path names him
    again = run_ted("ingest", str(corpus), db=db)  # the tombstones are recognised: nothing to read again
    assert "0 nouveaux, 0 modifiés" in again.stderr


def test_a_partial_or_shared_name_lists_candidates_and_changes_nothing(tmp_path: Path) -> None:
    _corpus, db = ingested(tmp_path)
    before = exports(db)["jsonl"]
    shared = run_ted("forget", "Camille", db=db, check=False)
    assert shared.returncode == 1 and "Rien n'a été effacé" in shared.stderr
    assert "person:camille-roussel" in shared.stderr and "person:camille-vidal" in shared.stderr
    assert run_ted("forget", "Camille", "--yes", db=db, check=False).returncode == 1  # two people: --yes won't pick
    alone = run_ted("forget", "Roussel", db=db, check=False)
    assert alone.returncode == 1 and "person:camille-roussel" in alone.stderr and "--yes" in alone.stderr
    unknown = run_ted("forget", "Zorglub", db=db, check=False)
    assert unknown.returncode == 1 and "Rien n'a été effacé" in unknown.stderr
    body = run_ted("forget", "organisation:institut-national-de-la-statistique-et-des-etudes-economiques", db=db,
                   check=False)
    assert body.returncode == 1 and "seules les personnes peuvent être effacées" in " ".join(body.stderr.split())
    assert exports(db)["jsonl"] == before
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM store_forgotten").fetchone()[0] == 0
    run_ted("forget", "Roussel", "--yes", db=db)
    after = exports(db)["jsonl"]
    assert "Roussel" not in after and "Camille Vidal" in after and "Accueil par  " not in after


def graph_and_index(db: Path) -> tuple[set[str], set[str]]:
    with sqlite3.connect(db) as connection:
        graph = {i for (i,) in connection.execute("SELECT id FROM store_entity")}
        index = {r for (r,) in connection.execute("SELECT ref FROM ted_search_entry WHERE kind != 'document'")}
    return graph, index


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    yield ingested(tmp_path_factory.mktemp("crash"))


@pytest.mark.parametrize("point", ["forget:recorded", "graph:purged", "graph:written", "index:written",
                                   "graph:committed"])
def test_a_forget_killed_at_any_point_is_repaired_by_the_next_run(
        base_db: tuple[Path, Path], tmp_path: Path, point: str) -> None:
    corpus, base = base_db
    db = tmp_path / "crash.sqlite3"
    with sqlite3.connect(base) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    killed = run_ted("forget", "Lino Garrigues", db=db, check=False, env={
        **os.environ, "TED_CRASH_AT": point})
    assert killed.returncode == -9, killed.stderr
    run_ted("ingest", str(corpus), db=db)  # the next run, e.g. tomorrow's scheduled ingest
    graph, index = graph_and_index(db)
    assert graph == index and "person:lino-garrigues" not in graph
    assert json.loads(run_ted("search", "garrigues", "--json", db=db).stdout) == []
    assert not any(SURFACE.search(text) for text in exports(db).values())
    assert file_leaks(db) == []
