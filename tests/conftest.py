"""Shared test set-up: one real SQLite database for the in-process tests, helpers to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    # In-process tests share one SQLite file per test process (xdist workers get their own).
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    base = Path(os.environ.get("TED_TEST_TMP", "/tmp")) / f"ted-tests-{os.getpid()}-{worker}"
    base.mkdir(parents=True, exist_ok=True)
    db = base / "inprocess.sqlite3"
    if db.exists():
        db.unlink()
    os.environ["TED_DB"] = str(db)
    from ted.store import database as tdb

    tdb.setup(str(db), notify=lambda message: None)  # a new file: its schema is created, no need to say so
    from django.conf import settings

    # Django's test Client sends "Host: testserver"; the real server's default is the loopback names only.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


@pytest.fixture
def clean_db():
    """An empty store for an in-process test."""
    from ted.store import models as m

    for model in (m.RelationEvidence, m.Relation, m.EntityEvidence, m.Alias, m.Entity,
                  m.Statement, m.Mention, m.Document, m.State, m.Forgotten, m.Decision, m.ConfiguredSource):
        model.objects.all().delete()
    yield


def run_ted(*args: str, db: Path | str | None = None, check: bool = True, timeout: int = 600,
            env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run the real ``ted`` command in a subprocess (``env``: the environment, default this process's)."""
    command = [sys.executable, "-m", "ted", *args]
    if db is not None:
        command += ["--db", str(db)]
    env = {**(os.environ if env is None else env), "COLUMNS": "200"}
    env.pop("TED_DB", None)
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"ted {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when a fresh clone does not have it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (it only exists next to the development checkout and in CI)")
    return path


# Browser tests: Debian's Chromium driven by Playwright, one browser per test module.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site: str) -> Iterator[object]:  # noqa: ANN001 - a Playwright Browser
    """A desktop tab on the module's ``site``; a console error (a CSP violation, a script error) fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", base_url=site)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.problems = problems
    yield tab
    context.close()
    assert not problems, problems
