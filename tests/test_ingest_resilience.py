"""No file can stop a run: deep nesting, huge paragraphs and readers that raise fail (or are read) alone."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from conftest import run_ted
from ted.sources import Content, Parsed, register_reader
from ted.sources.readers import unregister_reader

GOOD = {
    "garnier.md": (
        "---\nfullname: Maëlle Garnier\nrole: Data engineer\n---\nDix ans de données publiques.\n",
        "Maëlle Garnier",
    ),
    "ortega.md": ("---\nfullname: José Ortega\n---\n", "José Ortega"),
    "atelier.md": (
        "---\ntitle: Atelier données\n---\n# Atelier données\n\n"
        "Intervenants : Camille Roussel (DINUM) et Jean Dupont (Insee).\n",
        "Camille Roussel",
    ),
}


def build_hostile(folder: Path) -> None:
    """The hostile files of issue 9, generated small where the attack allows it, beside good documents."""
    folder.mkdir()
    for name, (text, _person) in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    # 400 nested <div> (5 KB): markdownify recursed past Python's limit. The name sits at the bottom.
    (folder / "profond.html").write_text(
        "<html><head><title>Équipe</title></head><body><main>"
        + "<div>" * 400
        + "<p>Cette page est rédigée par Odile Perrin, cheffe de projet à la DINUM.</p>"
        + "</div>" * 400
        + "</main></body></html>",
        encoding="utf-8",
    )
    flow = "[" * 500 + "1" + "]" * 500
    (folder / "yaml-profond.md").write_text(f"---\nfullname: Zoé Flux\nliste: {flow}\n---\n", encoding="utf-8")
    block = "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "fin\n"
    (folder / "yaml-blocs.md").write_text(f"---\n{block}---\n", encoding="utf-8")
    (folder / "toml-profond.md").write_text(f'+++\nfullname = "Zoé Flux"\nliste = {flow}\n+++\n', encoding="utf-8")
    dotted = ".".join(f"k{i}" for i in range(500))
    (folder / "toml-points.md").write_text(f"+++\n{dotted} = 1\n+++\n", encoding="utf-8")
    (folder / "json-profond.md").write_text('{\n"liste": ' + flow + "\n}\n\nCorps.\n", encoding="utf-8")
    # One paragraph of more than 1,000,000 characters (spaCy's max_length), lines under the line limit.
    # Long words keep the model's work (per token) small; names at both ends must both be found.
    line = " ".join(["publique" * 12] * 900)
    (folder / "paragraphe.md").write_text(
        "# Rapport\n\nCe rapport est présenté par Lucie Martin, cheffe de projet à la DINUM.\n"
        + (line + "\n") * 12
        + "Il est relu par Hugo Lambert, statisticien à l'Insee.\n",
        encoding="utf-8",
    )
    # 5,000 nested list levels and 5,000 nested quotes: markdown-it stopped reading the document there.
    (folder / "listes.md").write_text(
        "- " * 5000 + "item\n\nRédigé par Agathe Roux, data scientist à l'Insee.\n", encoding="utf-8"
    )
    (folder / "citations.md").write_text(
        ">" * 5000 + " citation\n\nRédigé par Bruno Petit, statisticien à l'Insee.\n", encoding="utf-8"
    )


FAILED = ("yaml-profond.md", "yaml-blocs.md", "toml-profond.md", "toml-points.md", "json-profond.md")
FLATTENED = ("profond.html", "listes.md", "citations.md")


def people(db: Path) -> set[str]:
    out = run_ted("export", "--format", "jsonl", db=db).stdout
    return {
        r["name"] for line in out.splitlines() if (r := json.loads(line))["kind"] == "entity" and r["type"] == "person"
    }


def test_hostile_nesting_and_sizes_do_not_stop_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    build_hostile(folder)
    db = tmp_path / "h.sqlite3"
    for run in ("first", "second"):
        result = run_ted("ingest", str(folder), db=db, check=False)
        report = " ".join((result.stdout + result.stderr).split())
        assert result.returncode == 0, f"{run} run: {report}"
        assert "Traceback" not in report and "RecursionError" not in report
        for name in FAILED:
            assert name in report, f"{run} run: {name} not reported:\n{report}"
        assert report.count("imbrique plus de 50 niveaux") == len(FAILED), report
        for name in FLATTENED:
            assert f"{name} : " in report, f"{run} run: {name} not reported:\n{report}"
        assert "5 en échec" in report if run == "first" else "0 en échec" in report
    found = people(db)
    assert {person for _text, person in GOOD.values()} <= found
    # Text below the flattened levels and at both ends of the huge paragraph is read, not dropped.
    assert {"Odile Perrin", "Lucie Martin", "Hugo Lambert", "Agathe Roux", "Bruno Petit"} <= found
    assert "Zoé Flux" not in found
    assert run_ted("ingest", "--strict", str(folder), db=db, check=False).returncode == 1
    stats = run_ted("stats", db=db).stdout
    assert all(name in stats for name in FAILED)


def raising_reader(error: BaseException):
    def parse(content: Content) -> Parsed:
        raise error

    return parse


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (ValueError("bibliothèque en panne"), "erreur inattendue (ValueError : bibliothèque en panne)"),
        (RecursionError("maximum recursion depth exceeded"), "imbrique trop de niveaux"),
        (KeyError("x"), "erreur inattendue (KeyError : 'x')"),
    ],
)
def test_a_reader_that_raises_fails_its_file_alone(tmp_path: Path, clean_db, error: BaseException, said: str) -> None:
    from ted.services.ingest import ingest
    from ted.store import models as m

    register_reader("casse", extensions={".casse"})(raising_reader(error))
    try:
        folder = tmp_path / "docs"
        folder.mkdir()
        (folder / "fiche.casse").write_text("quoi que ce soit\n", encoding="utf-8")
        (folder / "garnier.md").write_text(GOOD["garnier.md"][0], encoding="utf-8")
        summary = ingest([folder])
    finally:
        unregister_reader("casse")
    assert (summary.new, summary.failed) == (1, 1)
    [problem] = summary.problems
    assert problem.path == "fiche.casse" and problem.kind == "failed"
    assert problem.reason.startswith("la lecture a échoué") and said in problem.reason
    assert m.Document.objects.get(path="fiche.casse").status == "failed"
    assert m.Entity.objects.filter(type="person", name="Maëlle Garnier").exists()


# --- a kill at any moment of an ingest is repaired by the next run ------------------------------------------

ORGS = ("Insee", "DINUM", "Cour des comptes", "Banque de France")
SKILLS = ("Python", "R", "dataviz", "SQL")


FIRST = ("Alice", "Bruno", "Chloé", "David", "Emma", "Fabien", "Gaëlle", "Hugo", "Inès", "Julien")
LAST = ("Arnaud", "Bertin", "Charpentier", "Delmas", "Esnault", "Fabre", "Guillot", "Hamon", "Imbert", "Jacquet")


def profile(number: int, employer: str | None = None) -> str:
    """A member's profile; names differ by their initials, so that resolution keeps a hundred people apart."""
    employer = employer or ORGS[number % len(ORGS)]
    name = f"{FIRST[number % 10]} {LAST[number // 10]}"
    return f"---\nfullname: {name}\nrole: Data scientist\nemployer: {employer}\nskills: [{SKILLS[number % 4]}]\n---\n"


def write_corpus(folder: Path, final: bool) -> None:
    """Enough small profiles for two batches (64 each); the final state deletes one, edits one and adds some."""
    folder.mkdir(exist_ok=True)
    for number in range(90):
        (folder / f"p{number:03}.md").write_text(profile(number), encoding="utf-8")
    if final:
        (folder / "p000.md").unlink()
        (folder / "p001.md").write_text(profile(1, "Agence du numérique en santé"), encoding="utf-8")
        for number in range(90, 100):
            (folder / f"p{number:03}.md").write_text(profile(number), encoding="utf-8")


def state(db: Path) -> dict[str, object]:
    """What must hold after the repairing run: the graph, its index and the dirty flag agree."""
    with sqlite3.connect(db) as connection:
        entities = {i for (i,) in connection.execute("SELECT id FROM store_entity")}
        documents = {
            f"document:{i}" for (i,) in connection.execute("SELECT id FROM store_document WHERE status = 'ok'")
        }
        indexed = {r for (r,) in connection.execute("SELECT ref FROM ted_search_entry")}
        dirty = connection.execute("SELECT value FROM store_state WHERE key = 'graph_dirty'").fetchone()
    return {"indexed": indexed == entities | documents, "dirty": dirty, "entities": len(entities)}


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict]]:
    """The corpus in its final state, a database holding its initial state, and a fresh ingest's export."""
    base = tmp_path_factory.mktemp("kill")
    corpus = base / "corpus"
    write_corpus(corpus, final=False)
    initial = base / "initial.sqlite3"
    run_ted("ingest", str(corpus), db=initial)
    write_corpus(corpus, final=True)
    reference = base / "reference.sqlite3"
    run_ted("ingest", str(corpus), db=reference)
    return corpus, initial, export(reference)


def export(db: Path) -> list[dict]:
    return [json.loads(line) for line in run_ted("export", db=db).stdout.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "point",
    [
        "ingest:listed",
        "ingest:removed",
        "ingest:batch-written",
        "ingest:batch-committed",
        "graph:written",
        "index:written",
        "graph:committed",
    ],
)
@pytest.mark.parametrize("start", ["new", "initial"])
def test_an_ingest_killed_at_any_point_is_repaired_by_the_next_run(
    crash_corpus: tuple[Path, Path, list[dict]], tmp_path: Path, point: str, start: str
) -> None:
    corpus, initial, expected = crash_corpus
    db = tmp_path / "tuee.sqlite3"
    if start == "initial":  # an incremental run: a file deleted, one edited, ten added
        with sqlite3.connect(initial) as source, sqlite3.connect(db) as copy:
            source.backup(copy)
    killed = run_ted("ingest", str(corpus), db=db, check=False, env={**os.environ, "TED_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # killed where asked, not finished
    run_ted("ingest", str(corpus), db=db)
    assert state(db) == {
        "indexed": True,
        "dirty": ("0",),
        "entities": len([r for r in expected if r["kind"] == "entity"]),
    }
    assert export(db) == expected
    found = json.loads(run_ted("search", "Agence du numérique en santé", "--json", db=db).stdout)
    assert found and found[0]["name"] == "Agence du numérique en santé"
