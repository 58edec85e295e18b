"""The seed documents, through the real command line, scored by the shared scorer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_ted, shared_path

pytestmark = pytest.mark.shared


def test_seed_extraction_scores(tmp_path: Path) -> None:
    seeds = shared_path("corpus", "seeds")
    gold = shared_path("gold", "seeds.yaml")
    scorer = shared_path("tools", "score.py")
    db, export = tmp_path / "seeds.sqlite3", tmp_path / "seeds.jsonl"
    run_ted("ingest", str(seeds), db=db)
    run_ted("export", "--format", "jsonl", "-o", str(export), db=db)
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(export), "--verbose"],
                            capture_output=True, text=True, check=True, timeout=120)
    last = result.stdout.strip().splitlines()[-1]
    scores = dict(re.findall(r"(\w+)=([\d.]+)", last))
    report = result.stdout
    assert float(scores["entities_f1"]) >= 0.90, report
    assert float(scores["relations_f1"]) >= 0.80, report
    assert float(scores["fields"]) >= 0.90, report
    assert int(scores["forbidden"]) == 0, report
