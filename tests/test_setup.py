"""Django set-up through the real ``ted`` command: schema creation and ``ted migrate``, the
instance's secret key, and the Host names ``ted serve`` answers to."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import run_ted
from webserver import PG_SERVER, postgres_available, postgres_database, served

NEW_BASE = "création du schéma"
STORE_MIGRATIONS = Path(__file__).resolve().parent.parent / "src" / "ted" / "store" / "migrations"


def tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def recorded(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return set(connection.execute("SELECT app, name FROM django_migrations"))


def ted_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TED_DB", "TED_SECRET_KEY", "TED_ALLOWED_HOSTS")}
    return {**env, "COLUMNS": "200", **extra}


# --- schema -------------------------------------------------------------------------------


def one_document(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "fiche.md").write_text("---\nfullname: Maëlle Garnier\n---\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [("stats",), ("search", "x"), ("experts", "x"), ("export",), ("serve",),
                                     ("forget", "Maëlle Garnier")])
def test_a_missing_database_is_an_error_except_for_ingest(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "absente.sqlite3"
    refused = run_ted(*command, db=db, check=False)
    assert refused.returncode == 1
    message = " ".join(refused.stderr.split())
    assert f"La base {db} n'existe pas" in message and "ted ingest" in message and "Traceback" not in message
    assert not db.exists(), "the command must not create an empty database"


def test_a_database_without_ted_schema_is_an_error_except_for_ingest(tmp_path: Path) -> None:
    db = tmp_path / "vide.sqlite3"
    db.touch()  # e.g. made by another tool, or by an older TED's failed first use
    refused = run_ted("search", "x", db=db, check=False)
    assert refused.returncode == 1
    assert "ne contient pas encore de données TED" in " ".join(refused.stderr.split())
    assert NEW_BASE in run_ted("ingest", str(one_document(tmp_path)), db=db).stderr


def test_a_new_database_gets_its_schema_once(tmp_path: Path) -> None:
    db = tmp_path / "neuve.sqlite3"
    first = run_ted("ingest", str(one_document(tmp_path)), db=db)
    assert f"Nouvelle base {db} : {NEW_BASE}" in first.stderr
    assert {"store_entity", "store_forgotten", "django_migrations"} <= tables(db)

    second = run_ted("stats", db=db)
    assert NEW_BASE not in second.stderr and "migration" not in second.stderr
    third = run_ted("search", "quelque chose", db=db)
    assert NEW_BASE not in third.stderr


def test_ted_migrate_creates_then_reports_up_to_date(tmp_path: Path) -> None:
    db = tmp_path / "explicite.sqlite3"
    created = run_ted("migrate", db=db)
    assert NEW_BASE in created.stderr and "appliquée" in created.stderr
    assert ("store", "0002_forgotten") in recorded(db)

    again = run_ted("migrate", db=db)
    assert "est à jour" in again.stderr and "appliquée" not in again.stderr


def migrate_back(db: Path, name: str) -> None:
    """Take ``db``'s store back to migration ``name`` with Django's own backwards migrations: the schema
    and the records exactly as an older TED left them."""
    code = ("from ted.store import database; database.setup(migrate=False); "
            "from django.core.management import call_command; "
            f"call_command('migrate', 'store', {name!r}, verbosity=0)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=ted_env(TED_DB=str(db)))


def make_older(db: Path, data: bool) -> None:
    """Turn ``db`` into what an older TED (before store.0002) left, with some data or none."""
    run_ted("migrate", db=db)
    migrate_back(db, "0001_initial")
    if data:
        with sqlite3.connect(db) as connection:
            connection.execute("INSERT INTO store_state (key, value) VALUES ('ingested', 'oui')")


def test_an_outdated_database_is_not_migrated_behind_the_users_back(tmp_path: Path) -> None:
    """After an upgrade of TED, commands stop and name ``ted migrate``; that command applies the rest."""
    db = tmp_path / "ancienne.sqlite3"
    make_older(db, data=True)

    refused = run_ted("stats", db=db, check=False)
    assert refused.returncode == 2
    message = " ".join(refused.stderr.split())
    assert "store.0002_forgotten" in message and f"ted migrate --db {db}" in message
    assert "store_forgotten" not in tables(db)

    upgraded = run_ted("migrate", db=db)
    later = sorted(p.stem for p in STORE_MIGRATIONS.glob("0*.py") if not p.stem.startswith("0001"))
    assert all(f"store.{name}" in " ".join(upgraded.stderr.split()) for name in later), upgraded.stderr
    assert f"{len(later)} migrations appliquées" in upgraded.stderr
    assert "store_forgotten" in tables(db)
    assert run_ted("stats", db=db).stderr.strip() == ""


def test_an_interrupted_first_use_is_completed_on_the_next_command(tmp_path: Path) -> None:
    """A first command killed while it created the schema leaves no data: the next one finishes the schema."""
    db = tmp_path / "interrompue.sqlite3"
    make_older(db, data=False)
    completed = run_ted("stats", db=db)
    assert f"Base {db} encore vide" in completed.stderr
    assert "store_forgotten" in tables(db)
    assert run_ted("stats", db=db).stderr.strip() == ""


def test_a_database_made_with_the_removed_django_apps_still_opens(tmp_path: Path) -> None:
    """Older TED installed the admin site too: its table and records stay, ignored. (Auth, sessions and
    contenttypes are installed again for accounts: their migrations are TED's own now.)"""
    db = tmp_path / "avec-admin.sqlite3"
    run_ted("migrate", db=db)
    assert {"auth_user", "django_session", "store_profile"} <= tables(db)
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE django_admin_log (id integer PRIMARY KEY)")
        connection.executemany("INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-01-01')",
                               [("admin", "0001_initial"), ("admin", "0002_logentry_remove_auto_add")])
    shown = run_ted("stats", db=db)
    assert shown.stderr.strip() == ""
    assert "est à jour" in run_ted("migrate", db=db).stderr
    assert "django_admin_log" in tables(db)


@pytest.mark.postgres
def test_a_new_postgresql_database_gets_its_schema_once(tmp_path: Path) -> None:
    if not postgres_available():
        pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER}")
    env = ted_env(TED_HOME=str(tmp_path / "home"))
    with postgres_database() as url:
        def ted(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-m", "ted", *args, "--db", url], capture_output=True,
                                  text=True, env=env, timeout=300, check=True)

        assert subprocess.run([sys.executable, "-m", "ted", "stats", "--db", url], capture_output=True,
                              env=env, timeout=300).returncode == 1  # no TED schema yet: an error
        assert NEW_BASE in ted("ingest", str(one_document(tmp_path))).stderr
        assert NEW_BASE not in ted("stats").stderr
        assert "est à jour" in ted("migrate").stderr
    keys = list((tmp_path / "home").iterdir())
    assert len(keys) == 1 and keys[0].name.startswith("postgresql-127.0.0.1-5432-ted_test_web_")
    assert stat.S_IMODE(keys[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(keys[0].parent.stat().st_mode) == 0o700


# --- secret key ---------------------------------------------------------------------------


def django_secret_key(db: Path, **env: str) -> str:
    """The SECRET_KEY Django runs with for ``db``, read in a fresh process."""
    code = ("from ted.store import database; database.setup(); "
            "from django.conf import settings; print(settings.SECRET_KEY)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                            env=ted_env(TED_DB=str(db), **env))
    return result.stdout.strip()


def test_the_secret_key_is_created_once_beside_the_database_and_kept_private(tmp_path: Path) -> None:
    db = tmp_path / "cle.sqlite3"
    secret = tmp_path / "cle.sqlite3-secret"
    run_ted("migrate", db=db)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    key = secret.read_text().strip()
    assert len(key) >= 50 and key != "ted-local-instance-not-secret"
    before = secret.stat()

    run_ted("stats", db=db)
    assert secret.read_text().strip() == key
    assert (secret.stat().st_ino, secret.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert django_secret_key(db) == key

    other = tmp_path / "autre.sqlite3"
    run_ted("migrate", db=other)
    assert (tmp_path / "autre.sqlite3-secret").read_text().strip() != key


def test_ted_secret_key_wins_and_writes_no_file(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    assert django_secret_key(db, TED_SECRET_KEY="une-cle-donnee-par-l-environnement") == \
        "une-cle-donnee-par-l-environnement"
    assert not (tmp_path / "env.sqlite3-secret").exists()


def test_concurrent_first_uses_agree_on_one_key(tmp_path: Path) -> None:
    db = tmp_path / "course.sqlite3"
    code = "import ted.settings as s; print(s.SECRET_KEY)"  # the settings module alone: no database opened
    processes = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                  env=ted_env(TED_DB=str(db))) for _ in range(8)]
    keys = {process.communicate(timeout=120)[0].strip() for process in processes}
    assert keys == {(tmp_path / "course.sqlite3-secret").read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["course.sqlite3-secret"]  # no temporary file left


# --- allowed hosts ------------------------------------------------------------------------


def request(port: int, host: str, path: str = "/") -> int:
    """Status of a GET to 127.0.0.1:port with the given Host header."""
    try:
        with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host}),
                                    timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def serving(db: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple[int, Path]]:
    """A real ``ted serve`` on a free port; yields the port and its log once it listens."""
    log = db.with_suffix(".log")
    with served(db, log, *args, env=env or ted_env()) as base:
        yield int(base.rsplit(":", 1)[1]), log


def test_serving_on_loopback_answers_loopback_names_only(tmp_path: Path) -> None:
    db = tmp_path / "web.sqlite3"
    run_ted("migrate", db=db)
    with serving(db) as (port, _):
        assert request(port, "evil.example") == 400
        assert request(port, f"evil.example:{port}", "/api/search?q=x") == 400
        for host in ("localhost", f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
            assert request(port, host) == 200, host


def test_allowed_host_option_and_environment_replace_the_default(tmp_path: Path) -> None:
    db = tmp_path / "web.sqlite3"
    run_ted("migrate", db=db)
    with serving(db, "--allowed-host", "ted.exemple.gouv.fr") as (port, _):
        assert request(port, "ted.exemple.gouv.fr") == 200
        assert request(port, "localhost") == 400
    with serving(db, env=ted_env(TED_ALLOWED_HOSTS="un.exemple,deux.exemple")) as (port, _):
        assert request(port, f"deux.exemple:{port}") == 200
        assert request(port, "evil.example") == 400


def test_serving_on_all_interfaces_says_which_names_it_accepts(tmp_path: Path) -> None:
    db = tmp_path / "web.sqlite3"
    run_ted("migrate", db=db)
    with serving(db, "--host", "0.0.0.0") as (port, log):
        assert request(port, "evil.example") == 400
        assert request(port, "localhost") == 200
        assert request(port, socket.gethostname()) == 200
        shown = " ".join(log.read_text().split())
        assert "toutes les interfaces" in shown and "TED_ALLOWED_HOSTS" in shown and "localhost" in shown


def test_served_names_follow_the_bound_address() -> None:
    from ted.cli import _served_names

    loopback = {"127.0.0.1", "localhost", "[::1]"}
    assert set(_served_names("127.0.0.1")[0]) == loopback and not _served_names("127.0.0.1")[1]
    assert set(_served_names("::1")[0]) == loopback
    assert set(_served_names("LOCALHOST")[0]) == loopback
    assert set(_served_names("127.0.0.2")[0]) == loopback | {"127.0.0.2"}
    assert _served_names("192.0.2.10") == (["192.0.2.10"], False)
    assert _served_names("2001:db8::1") == (["[2001:db8::1]"], False)
    names, guessed = _served_names("::")
    assert guessed and loopback <= set(names)
