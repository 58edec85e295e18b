"""Configured sources through the real CLI, and the same sync run by a real Celery worker on the local Redis."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import run_ted
from test_sources_git import ALICE, BOB, bare_repository, commit, git

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    return bare_repository(tmp_path, "depot.git", {"alice.md": ALICE, "bob.md": BOB, "notes.txt": "Pas un profil.\n"})


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def test_sources_add_list_sync_remove_through_the_cli(repo, tmp_path: Path) -> None:
    bare, work = repo
    db = tmp_path / "ted.sqlite3"
    uri = f"git+file://{bare}"
    added = run_ted("sources", "add", "profils", uri, "--include", "*.md", "--every", "2h", db=db)
    assert "Source « profils » ajoutée" in " ".join(added.stderr.split())
    again = run_ted("sources", "add", "autre", uri, db=db, check=False)
    assert again.returncode == 2 and "la source « profils » suit déjà" in " ".join(again.stderr.split())
    bad = run_ted("sources", "add", "x", "ftp://exemple.fr", db=db, check=False)
    assert bad.returncode == 2 and "ne sait pas lire les sources « ftp:// »" in " ".join(bad.stderr.split())

    synced = run_ted("sync", db=db)
    assert "2 nouveaux" in synced.stderr  # alice.md and bob.md; notes.txt is not included
    assert run_ted("sync", db=db).stderr.startswith("Aucune source à synchroniser")  # not due for 2 hours
    listing = run_ted("sources", "list", db=db).stdout
    assert "profils" in listing and "*.md" in listing and "2 h" in listing and "ok" in listing
    assert query(db, "select count(*) from store_document where source_uri = ?", uri) == [(2,)]
    assert query(db, "select last_status, last_revision from store_configuredsource") == [
        ("ok", git("rev-parse", "HEAD", cwd=work))]

    removed = run_ted("sources", "remove", "profils", db=db)
    assert "avec ses 2 documents" in " ".join(removed.stderr.split())
    assert query(db, "select count(*) from store_document") == [(0,)]
    assert query(db, "select count(*) from store_mention") == [(0,)]
    assert query(db, "select count(*) from store_entity where type = 'person'") == [(0,)]
    missing = run_ted("sources", "remove", "profils", db=db, check=False)
    assert missing.returncode == 2 and "aucune source ne s'appelle « profils »" in " ".join(missing.stderr.split())


def test_a_failing_source_is_recorded_and_the_others_synced(repo, tmp_path: Path) -> None:
    bare, _ = repo
    db = tmp_path / "ted.sqlite3"
    run_ted("sources", "add", "bon", f"git+file://{bare}", db=db)
    run_ted("sources", "add", "absent", f"git+file://{tmp_path}/absent.git", db=db)
    result = run_ted("sync", db=db, check=False)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "1 source en échec : absent" in message and "dépôt git introuvable" in message
    rows = dict(query(db, "select name, last_status from store_configuredsource"))
    assert rows == {"absent": "failed", "bon": "ok"}
    assert query(db, "select path from store_document where status = 'ok' order by path") == [
        ("alice.md",), ("bob.md",), ("notes.txt",)]


def _redis_reachable() -> bool:
    try:
        import redis
    except ImportError:
        return False
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def wait_for(check, timeout: float, what: str, worker: subprocess.Popen) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if worker.poll() is not None:
            raise AssertionError(f"the worker stopped ({worker.returncode}) before {what}")
        time.sleep(0.5)
    raise AssertionError(f"{what}: not seen within {timeout} s")


@pytest.fixture
def worker_env(tmp_path: Path):
    if not _redis_reachable():
        pytest.skip(f"Redis n'est pas joignable sur {REDIS} (.ci/run le démarre)")
    queue = f"ted-test-{uuid.uuid4().hex[:8]}"  # its own queue and beat keys: parallel runs do not meet
    env = {**os.environ, "TED_BROKER_URL": REDIS, "TED_QUEUE": queue, "TED_BEAT_SECONDS": "1", "COLUMNS": "200"}
    env.pop("TED_DB", None)
    yield env
    import redis

    client = redis.Redis.from_url(REDIS)
    for pattern in (f"ted:{queue}:*", f"_kombu.binding*.{queue}"):
        for key in client.scan_iter(pattern):
            client.delete(key)
    client.delete(queue)


@pytest.fixture
def celery_worker(tmp_path: Path, worker_env):
    """A real ``ted worker`` (Celery, beat every second) on a new database, stopped after the test."""
    db = tmp_path / "ted.sqlite3"
    run_ted("migrate", db=db, env=worker_env)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "ted", "worker", "--db", str(db)], env=worker_env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    yield worker, db, log
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def test_a_real_celery_worker_syncs_due_sources_on_its_beat_and_on_request(repo, celery_worker, worker_env) -> None:
    bare, work = repo
    worker, db, log = celery_worker
    # Added while the worker runs: its beat sends ted.sync_due every second, and a new source is due.
    run_ted("sources", "add", "depot", f"git+file://{bare}", "--every", "1h", db=db, env=worker_env)
    first = git("rev-parse", "HEAD", cwd=work)
    wait_for(lambda: query(db, "select last_revision from store_configuredsource") == [(first,)], 120,
             "the beat's sync", worker)
    assert query(db, "select count(*) from store_document where status = 'ok'") == [(3,)]

    (work / "bob.md").unlink()
    second = commit(work, "Bob part")
    time.sleep(3)  # several beat ticks: the source is not due again for an hour, so nothing is synced
    assert query(db, "select last_revision from store_configuredsource") == [(first,)]

    queued = run_ted("sync", "--worker", "--tout", db=db, env=worker_env)
    assert "confiée au worker" in " ".join(queued.stderr.split())
    wait_for(lambda: query(db, "select last_revision from store_configuredsource") == [(second,)], 120,
             "the requested sync", worker)
    assert query(db, "select path from store_document order by path") == [("alice.md",), ("notes.txt",)]
    assert query(db, "select count(*) from store_mention m join store_document d on d.id = m.document_id "
                     "where d.path = 'bob.md'") == [(0,)]
    text = log.read_text()
    assert "Task ted.sync_due[" in text and "Task ted.sync[" in text, text[-3000:]
