"""Installed plug-ins (entry points of the group ``ted``) add readers and extraction components."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import run_ted

PLUGIN = '''
from ted.extract.registry import component
from ted.sources import Parsed, register_reader
from ted.sources.markdown import markdown_blocks


@register_reader("fiche", extensions={".fiche"})
def read_fiche(content):
    return Parsed("fiche", markdown_blocks(content.body, content.body_first_line))


@component("fiche_owner", requires=("segments",), assigns=("person",))
def fiche_owner(state):
    if state.doc.format == "fiche":
        line, text = state.segments[0].lines_text()[0]
        state.person(text.removeprefix("Responsable :").strip(), text, line, ["responsable de fiche"])
'''


def _install(site: Path, name: str, module: str, code: str) -> None:
    """A distribution as pip would leave it: its metadata with an entry point, and its module."""
    info = site / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[ted]\n{name} = {module}\n")
    (site / f"{module}.py").write_text(code)


def test_a_plugin_adds_a_reader_and_a_component_and_a_broken_one_is_reported(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _install(site, "fiches", "ted_fiches", PLUGIN)
    _install(site, "casse", "ted_casse", "raise ImportError('module manquant')\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "projet.fiche").write_text("Responsable : Jeanne Moreau\n\nUn projet de cartographie.\n")
    db = tmp_path / "p.sqlite3"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}

    result = run_ted("ingest", str(docs), db=db, env=env)
    shown = " ".join(result.stderr.split())
    assert "greffon « casse »" in shown and "module manquant" in shown
    assert "1 nouveaux" in shown

    export = run_ted("export", "--format", "jsonl", db=db, env=env).stdout
    people = [r for r in map(json.loads, export.splitlines()) if r.get("type") == "person"]
    assert [p["name"] for p in people] == ["Jeanne Moreau"]
    assert "responsable de fiche" in people[0]["attributes"]["titles"]  # the plug-in's component found her
