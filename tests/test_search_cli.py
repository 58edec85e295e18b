"""`ted search` and `ted experts` through the real command, on SQLite and on PostgreSQL.

The same expectations run against both back ends: the analysed text is the
same, only the full-text engine differs (FTS5 or tsvector/GIN).
"""

from __future__ import annotations

import json
import os
import uuid

import pytest

from conftest import run_ted
from search_helpers import CORPUS

PG_SERVER = os.environ.get("TED_TEST_PG", "postgresql://postgres@127.0.0.1:5432")

OCR_SKILL = {"OCR", "Reconnaissance optique de caractères"}  # whichever name the skills thesaurus prefers
# (query, names one of which is expected in the first `within` results)
EXPECTED = [
    ("ocr", OCR_SKILL, 1),
    ("ocr", {"LectoForm"}, 3),
    ("CartoViz", {"CartoViz"}, 1),
    ("donnees", {"Visualisation de données"}, 3),
    ("Données", {"Visualisation de données"}, 3),
    ("formulaires", {"LectoForm"}, 3),
    ("lectofrom", {"LectoForm"}, 1),
    ("DINUM", {"Direction interministérielle du numérique"}, 1),
    ("dataviz", {"Visualisation de données"}, 5),
    ("élections", {"Atelier dataviz : raconter les élections avec des graphiques"}, 1),
]
HOSTILE = ['"(*:', "NEAR(ocr python)", "ocr -python", "'; DROP TABLE store_entity; --", "😀", "a" * 10_000]


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "no server to test against"
        return False


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path_factory):
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("search-cli") / "ted.sqlite3")
        run_ted("ingest", str(CORPUS), db=target)
        yield target
        return
    if not _pg_available():
        pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER}")
    import psycopg

    name = f"ted_test_search_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        target = f"{PG_SERVER}/{name}"
        run_ted("ingest", str(CORPUS), db=target)
        yield target
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _json(*args: str, db: str) -> list[dict]:
    return json.loads(run_ted(*args, "--json", db=db).stdout)


@pytest.mark.parametrize(("query", "expected", "within"), EXPECTED)
def test_search_json(db, query, expected, within):
    results = _json("search", query, db=db)
    assert all({"id", "type", "name", "score"} <= set(r) for r in results)
    assert expected & {r["name"] for r in results[:within]}, results[:within]


def test_type_option(db):
    results = _json("search", "python", "--type", "person", db=db)
    assert {r["id"] for r in results} == {"person:camille-durand", "person:louis-martin"}


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries(db, query):
    assert isinstance(_json("search", query, db=db), list)
    assert isinstance(_json("experts", query, db=db), list)


def test_experts_json(db):
    experts = _json("experts", "ocr", db=db)
    assert experts[0]["id"] == "person:louis-martin"
    assert all({"id", "type", "name", "score", "evidence"} <= set(e) for e in experts)
    evidence = experts[0]["evidence"][0]
    assert {"document", "line", "quote", "via", "kind"} <= set(evidence)
    assert _json("experts", "visualisation de données", db=db)[0]["id"] == "person:camille-durand"


def test_experts_table_says_why_in_the_web_s_sentences(db):
    first = _json("experts", "ocr", db=db)[0]
    shown = run_ted("experts", "ocr", db=db).stdout
    assert first["explanations"], first  # the same Expert the web's list renders (web/present.py)
    for explanation in first["explanations"]:
        sentence = explanation["sentence"]
        assert (sentence[:1].upper() + sentence[1:])[:60] in shown, (sentence, shown)
        for source in explanation["sources"]:
            assert f"{source['document']}, ligne {source['line']}" in shown
    for said in (first["role"], first["organisation"]):
        assert said in shown
    assert "Score" not in shown and f"{first['score']:.2f}" not in shown  # no raw score, as on the web


def test_readable_tables(db):
    shown = run_ted("search", "ocr", db=db).stdout
    assert "LectoForm" in shown and "résultat" in shown
    shown = run_ted("experts", "ocr", db=db).stdout
    assert "Louis Martin" in shown and "compétence" in shown
    shown = run_ted("search", "zzzqqqxxx", db=db)
    assert "Aucun résultat" in shown.stdout + shown.stderr
