"""Extraction quality on the suite's own sets (tests/fixtures/eval, eval2, eval3, eval4, eval5).

``eval`` to ``eval5`` are documents written for the project (eval2 is the demo corpus's
second half), in formats the development sets have few of (TOML front matter with dated
stages, an HTML team page, plain-text minutes with a `[hh:mm] Name : message` chat, an
interview portrait, an event programme), scored by the shared scorer against their gold
files. Rules were written from them soon after they were added, so they are regression
sets, not held-out ones: their floors catch a drop, they do not measure generality. eval3, eval4 and
eval5 were each scored blind once (their READMEs) before rules were written from them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_ted, shared_path

DEMO = ROOT / "src" / "ted" / "demo"

# Floors per regression set: what the extractor reaches today, minus a little slack.
FLOORS = {
    "eval": {"entities_f1": 0.97, "relations_f1": 0.95, "fields": 0.95, "forbidden": 0},
    "eval2": {"entities_f1": 0.95, "relations_f1": 0.88, "fields": 0.93, "forbidden": 0},
    # eval3 was written and annotated blind (first score 0.847/0.657/0.690, forbidden 1); rules were written from
    # its errors since, so it is a development set now: held at today's 0.929/0.856/0.929 minus 0.03.
    "eval3": {"entities_f1": 0.899, "relations_f1": 0.826, "fields": 0.899, "forbidden": 0},
    # eval4 likewise (first score 0.793/0.637/0.816, forbidden 2): held at 0.900/0.795/0.816 minus 0.03.
    "eval4": {"entities_f1": 0.870, "relations_f1": 0.765, "fields": 0.786, "forbidden": 0},
    # eval5, written and annotated blind on 2026-12-08 (first score 0.811/0.622/0.609); rules were written from
    # its errors the same day: held at 0.877/0.788/0.717 minus 0.03.
    "eval5": {"entities_f1": 0.847, "relations_f1": 0.758, "fields": 0.687, "forbidden": 0},
}


def score(gold: Path, corpus: Path, tmp_path: Path) -> dict[str, float]:
    scorer = shared_path("tools", "score.py")
    db, export = tmp_path / "eval.sqlite3", tmp_path / "eval.jsonl"
    run_ted("ingest", str(corpus), db=db)
    run_ted("export", "--format", "jsonl", "-o", str(export), db=db)
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(export), "--verbose"],
                            capture_output=True, text=True, check=True)
    print(result.stdout)
    last = result.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", last)}


def corpus_of(name: str, tmp_path: Path) -> Path:
    """The set's own corpus folder, or the demo documents its ``files.txt`` lists (eval2), copied apart."""
    folder = FIXTURES / name
    if (folder / "corpus").is_dir():
        return folder / "corpus"
    corpus = tmp_path / "corpus"
    for line in (folder / "files.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            (corpus / line).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(DEMO / line, corpus / line)
    return corpus


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_regression_set_score(name: str, tmp_path: Path) -> None:
    floors = FLOORS[name]
    got = score(FIXTURES / name / "gold.yaml", corpus_of(name, tmp_path), tmp_path)
    assert got["forbidden"] == floors["forbidden"]
    for key in ("entities_f1", "relations_f1", "fields"):
        assert got[key] >= floors[key], f"{name}: {key} fell to {got[key]} (floor {floors[key]})"
