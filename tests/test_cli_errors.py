"""A user's mistakes through the real ``ted`` command: a French sentence, a non-zero exit code, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_ted

ENGLISH = (
    "Traceback",
    "Missing argument",
    "No such",
    "Usage:",
    "Try '",
    "Invalid value",
    "Did you mean",
    "requires an argument",
    "unexpected extra",
    "Error:",
    "Input should",
)


def said(result) -> str:  # noqa: ANN001 - subprocess.CompletedProcess
    text = " ".join((result.stdout + result.stderr).split())
    for english in ENGLISH:
        assert english not in text, f"{english!r} in: {text}"
    return text


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "fiche.md").write_text("---\nfullname: Maëlle Garnier\nrole: Data engineer\n---\n", encoding="utf-8")
    path = folder.parent / "erreurs.sqlite3"
    run_ted("ingest", str(folder), db=path)
    return path


@pytest.mark.parametrize(
    ("args", "code", "sentence"),
    [
        (("search",), 2, "Erreur : Il manque l'argument « query »."),
        (("serch", "x"), 2,
         "Erreur : Commande inconnue : « serch ». Vouliez-vous dire « search », « user », « serve » ?"),
        (("search", "x", "--bogus"), 2, "Erreur : Option inconnue : « --bogus »."),
        (("search", "x", "--limt", "3"), 2, "Option inconnue : « --limt ». Vouliez-vous dire --limit ?"),
        (("search", "x", "--limit", "abc"), 2, "Valeur invalide pour « --limit » : un nombre entier est attendu."),
        (("search", "x", "--limit", "0"), 2, "Valeur invalide pour « --limit » : la valeur doit être au moins 1."),
        (("search", "x", "y"), 2, "Erreur : Argument en trop : y."),
        (("export", "-o"), 2, "L'option « -o » attend une valeur."),
        (("ingest",), 2, "Il manque l'argument « paths »."),
    ],
)
def test_usage_errors_are_french_sentences(args: tuple[str, ...], code: int, sentence: str) -> None:
    result = run_ted(*args, check=False)
    assert result.returncode == code
    text = said(result)
    assert sentence in text
    if args[0] != "export":
        assert "Utilisation : ted" in text and "--help » pour l'aide" in text


def test_help_is_french() -> None:
    text = said(run_ted("search", "--help"))
    assert "Utilisation : ted search" in text and "Afficher cette aide et quitter." in text
    assert "[obligatoire]" in text and "[défaut : 20]" in text
    assert "Commandes" in said(run_ted("--help"))


def test_search_with_an_unknown_type_exits_non_zero(db: Path) -> None:
    result = run_ted("search", "données", "--type", "zzz", db=db, check=False)
    assert result.returncode == 2
    assert "Type inconnu « zzz » : choisissez parmi person, organisation" in said(result)


def test_export_to_a_missing_folder_is_a_sentence(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "absent" / "x.jsonl"
    result = run_ted("export", "-o", str(target), db=db, check=False)
    assert result.returncode == 1
    assert f"Impossible d'écrire {target} : le dossier {target.parent} n'existe pas" in said(result)
    unwritable = tmp_path / "dossier.jsonl"
    unwritable.mkdir()  # a folder where the file should go: open() fails
    result = run_ted("export", "-o", str(unwritable), db=db, check=False)
    assert result.returncode == 1 and f"Impossible d'écrire {unwritable}" in said(result)


def test_ingest_of_a_missing_path_exits_non_zero_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "rien.sqlite3"
    result = run_ted("ingest", str(tmp_path / "n-existe-pas"), db=db, check=False)
    assert result.returncode == 1
    text = said(result)
    assert f"Ce chemin n'existe pas : {tmp_path / 'n-existe-pas'}" in text and "rien n'a été ingéré" in text
    assert not db.exists()


def test_ingest_creates_a_new_database_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "fiche.md").write_text("---\nfullname: José Ortega\n---\n", encoding="utf-8")
    db = tmp_path / "neuve.sqlite3"
    assert f"Nouvelle base {db} : création du schéma" in said(run_ted("ingest", str(folder), db=db))
    assert db.exists()
