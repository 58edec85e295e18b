"""A real ``ted serve`` (waitress) in a subprocess, over a database built by the real ``ted ingest``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import FIXTURES, run_ted

PG_SERVER = os.environ.get("TED_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
WEB_FIXTURES = FIXTURES / "web"
HOSTILE_FIXTURES = FIXTURES / "web_hostile"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_db(db: Path | str, *folders: Path) -> Path | str:
    run_ted("ingest", *(str(f) for f in folders), db=db)
    return db


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "no server to test against"
        return False


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throwaway PostgreSQL database URL, dropped afterwards."""
    import psycopg

    name = f"ted_test_web_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def served(db: Path | str, log: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``ted serve`` (with ``args``) on a free port; yield its base URL once it listens; stop it afterwards."""
    port = free_port()
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "TED_DB"}
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "ted", "serve", "--port", str(port), "--db", str(db), *args],
                                   stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        wait_until_listening(process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_listening(process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """``ted serve`` says where it is served once its socket is bound (whatever Host names it accepts)."""
    deadline = time.monotonic() + timeout
    while "TED est servi sur" not in log.read_text():
        if process.poll() is not None:
            raise RuntimeError(f"ted serve exited with {process.returncode}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"ted serve did not start within {timeout} s:\n{log.read_text()}")
        time.sleep(0.1)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET without raising on HTTP errors: (status, headers, body)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()
