"""Git repositories as a source: a real bare repository served as git+file://, cloned, fetched, synced."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import run_ted
from ted.sources import open_source
from ted.sources.git import forge_url, parse_spec

ALICE = """---
title: Alice Martin
role: Data scientist
competences:
  - Python
  - Cartographie
---

Alice Martin travaille au Lab données de l'IGN.
"""

BOB = """---
title: Bob Lefèvre
role: Data engineer
competences:
  - PostgreSQL
---

Bob Lefèvre travaille à la DINUM.
"""

PROJECT = """---
title: Hydroviz
---

# Hydroviz

Hydroviz est un projet de visualisation de données hydrologiques.
"""


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", "-c", "user.name=TED", "-c", "user.email=ted@example.org", *args], cwd=cwd,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def bare_repository(tmp_path: Path, name: str, files: dict[str, str]) -> tuple[Path, Path]:
    """A bare repository (what TED follows) and a working clone, its first commit holding ``files``, pushed."""
    bare = tmp_path / name
    git("init", "--quiet", "--bare", "--initial-branch=main", str(bare), cwd=tmp_path)
    work = tmp_path / "work"
    git("clone", "--quiet", str(bare), str(work), cwd=tmp_path)
    git("checkout", "--quiet", "-b", "main", cwd=work)
    for relative, text in files.items():
        (work / relative).parent.mkdir(parents=True, exist_ok=True)
        (work / relative).write_text(text)
    commit(work, "premier")
    return bare, work


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    return bare_repository(tmp_path, "communaute.git", {
        "membres/alice.md": ALICE, "membres/bob.md": BOB, "projets/hydroviz.md": PROJECT,
        ".github/ci.md": "# not a document\n"})


def commit(work: Path, message: str) -> str:
    git("add", "--all", cwd=work)
    git("commit", "--quiet", "-m", message, cwd=work)
    git("push", "--quiet", "origin", "HEAD:main", cwd=work)
    return git("rev-parse", "HEAD", cwd=work)


def test_spec_parsing_and_forge_links() -> None:
    spec = parse_spec("git+https://github.com/betagouv/beta.gouv.fr@main#content/_authors")
    assert (spec.remote, spec.ref, spec.subdir) == ("https://github.com/betagouv/beta.gouv.fr", "main",
                                                    "content/_authors")
    assert parse_spec("git+file:///srv/depot.git").remote == "/srv/depot.git"
    assert forge_url("https://github.com/o/r.git", "abc", "a b/x.md") == "https://github.com/o/r/blob/abc/a%20b/x.md"
    assert forge_url("https://gitlab.com/o/r", "abc", "x.md") == "https://gitlab.com/o/r/-/blob/abc/x.md"
    assert forge_url("https://codeberg.org/o/r", "abc", "x.md") == "https://codeberg.org/o/r/src/commit/abc/x.md"
    assert forge_url("https://git.exemple.fr/o/r", "abc", "x.md") == ""  # unknown forge: no guessed link
    assert forge_url("/srv/depot.git", "abc", "x.md") == ""


def test_a_ref_and_a_subfolder_list_only_that_folder_at_that_ref(repo, tmp_path: Path, monkeypatch) -> None:
    bare, work = repo
    monkeypatch.setenv("TED_SOURCES_CACHE", str(tmp_path / "cache"))
    git("checkout", "--quiet", "-b", "brouillon", cwd=work)
    (work / "membres" / "chloe.md").write_text("# Chloé\n")
    git("add", "--all", cwd=work)
    git("commit", "--quiet", "-m", "brouillon", cwd=work)
    git("push", "--quiet", "origin", "brouillon", cwd=work)
    on_main = open_source(f"git+file://{bare}#membres")
    assert sorted(item.path for item in on_main.items()) == ["alice.md", "bob.md"]
    on_branch = open_source(f"git+file://{bare}@brouillon#membres")
    items = {item.path: item for item in on_branch.items()}
    assert sorted(items) == ["alice.md", "bob.md", "chloe.md"]
    assert items["chloe.md"].read() == "# Chloé\n".encode()
    assert items["chloe.md"].revision == git("rev-parse", "HEAD", cwd=work)
    assert Path(items["chloe.md"].root, "chloe.md").read_bytes() == "# Chloé\n".encode()  # working copy at the commit
    assert items["alice.md"].root != next(iter(on_main.items())).root  # one clone per ref: roots never shared
    whole = {item.path for item in open_source(f"git+file://{bare}").items()}
    assert ".github/ci.md" not in whole and "projets/hydroviz.md" in whole  # hidden folders skipped, as on disk


def test_first_ingest_then_sync_rereads_only_the_changed_files(repo, clean_db, tmp_path: Path) -> None:
    from ted.services.sync import add_source, sync
    from ted.store import models as m

    bare, work = repo
    first = git("rev-parse", "HEAD", cwd=work)
    source = add_source("communaute", f"git+file://{bare}")
    (result,), _ = sync(force=True)
    assert result.error == "" and result.summary.new == 3
    docs = {d.path: d for d in m.Document.objects.filter(source_uri=source.uri)}
    assert sorted(docs) == ["membres/alice.md", "membres/bob.md", "projets/hydroviz.md"]
    assert {d.revision for d in docs.values()} == {first}
    blob = git("rev-parse", f"{first}:membres/alice.md", cwd=work)
    assert docs["membres/alice.md"].version == blob  # the blob id: compared, not read, next time
    assert m.Mention.objects.filter(document=docs["membres/bob.md"], name="Bob Lefèvre").exists()
    assert m.Entity.objects.filter(name="Bob Lefèvre").exists()

    (work / "membres" / "alice.md").write_text(ALICE.replace("Cartographie", "Apprentissage automatique"))
    (work / "membres" / "bob.md").unlink()
    second = commit(work, "Alice change de compétence, Bob part")
    (result,), _ = sync(force=True)
    summary = result.summary
    assert (summary.new, summary.changed, summary.unchanged, summary.removed) == (0, 1, 1, 1)
    after = {d.path: d for d in m.Document.objects.filter(source_uri=source.uri)}
    assert sorted(after) == ["membres/alice.md", "projets/hydroviz.md"]
    assert after["projets/hydroviz.md"].id == docs["projets/hydroviz.md"].id  # not re-read: the same row
    assert after["projets/hydroviz.md"].revision == first
    assert after["membres/alice.md"].revision == second
    assert not m.Mention.objects.filter(name="Bob Lefèvre").exists()  # the deleted file's facts are gone
    assert not m.Entity.objects.filter(name="Bob Lefèvre").exists()
    assert after["membres/alice.md"].metadata["competences"] == ["Python", "Apprentissage automatique"]
    source.refresh_from_db()
    assert (source.last_status, source.last_revision) == ("ok", second)

    (result,), _ = sync(force=True)  # nothing new: every blob is the one stored
    assert (result.summary.unchanged, result.summary.processed, result.summary.removed) == (2, 0, 0)


def test_a_repository_that_does_not_exist_is_a_french_error_and_nothing_else_is_lost(clean_db, tmp_path: Path):
    from ted.services.ingest import ingest
    from ted.store import models as m

    folder = tmp_path / "dossier"
    folder.mkdir()
    (folder / "note.md").write_text(PROJECT)
    ingest([str(folder)])
    missing = f"git+file://{tmp_path}/absent.git"
    summary = ingest([missing, str(folder)])
    (problem,) = summary.source_errors
    assert problem.path == missing
    assert problem.reason.startswith(f"« {missing} » : dépôt git introuvable ou inaccessible")
    assert summary.unchanged == 1 and m.Document.objects.count() == 1


def test_cli_names_the_missing_repository(tmp_path: Path) -> None:
    missing = f"git+file://{tmp_path}/absent.git"
    result = run_ted("ingest", missing, db=tmp_path / "t.sqlite3", check=False)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert f"« {missing} » : dépôt git introuvable ou inaccessible" in message
    assert "rien d'autre n'est perdu" in message
