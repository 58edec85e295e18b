"""Score extraction on the development sets of ../shared (and the suite's regression sets).

    python benchmarks/devsets.py [SET ...] [--verbose] [--keep DIR]

Each set is copied to a temporary folder, ingested with the real ``ted`` command into
a fresh SQLite file, exported as JSON lines and scored by ``../shared/tools/score.py``.
Sets: seeds, numerique, p10 (development sets: rules may be written from them) and
eval, eval2 (the suite's own regression fixtures). Prints one score line per set, or
the scorer's per-type tables with ``--verbose``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures"


def _listed(listing: Path, base: Path) -> list[Path]:
    lines = (line.split("#", 1)[0].strip() for line in listing.read_text(encoding="utf-8").splitlines())
    return [base / line for line in lines if line]


def sets() -> dict[str, tuple[Path, list[Path]]]:
    """Name → (gold file, documents)."""
    corpus = SHARED / "corpus"
    return {
        "seeds": (SHARED / "gold" / "seeds.yaml", sorted((corpus / "seeds").iterdir())),
        "numerique": (SHARED / "gold" / "numerique.yaml", sorted((corpus / "numerique").iterdir())),
        "p10": (SHARED / "gold" / "programme10pourcent.yaml",
                _listed(corpus / "programme10pourcent-gold.txt", corpus / "programme10pourcent")),
        "eval": (FIXTURES / "eval" / "gold.yaml", sorted(p for p in (FIXTURES / "eval" / "corpus").rglob("*")
                                                        if p.is_file())),
        "eval2": (FIXTURES / "eval2" / "gold.yaml", _listed(FIXTURES / "eval2" / "files.txt", ROOT / "src/ted/demo")),
        **{name: (FIXTURES / name / "gold.yaml", _corpus(name)) for name in WRITTEN},
    }


WRITTEN = ("eval3", "eval4", "eval5")  # sets written for the project, each with its own corpus folder


def _corpus(name: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / name / "corpus").rglob("*") if p.is_file())


def _relative(path: Path) -> Path:
    for base in (ROOT / "src/ted/demo", *(FIXTURES / name / "corpus" for name in ("eval", *WRITTEN))):
        if path.is_relative_to(base):
            return path.relative_to(base)
    return Path(path.name)


def score(name: str, gold: Path, documents: list[Path], work: Path, verbose: bool) -> str:
    docs = work / name / "docs"
    docs.mkdir(parents=True)
    for path in documents:
        # Keep the path under the set's own folder (eval2's documents share names across folders).
        target = docs / _relative(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    db, export = work / name / "s.sqlite3", work / name / "export.jsonl"
    ted = [sys.executable, "-m", "ted"]
    subprocess.run([*ted, "ingest", str(docs), "--db", str(db)], check=True, capture_output=True)
    subprocess.run([*ted, "export", "--format", "jsonl", "--db", str(db), "-o", str(export)], check=True,
                   capture_output=True)
    scored = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold), str(export),
                             *(["--verbose"] if verbose else [])], capture_output=True, text=True, check=True)
    return scored.stdout if verbose else scored.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=["seeds", "numerique", "p10", "eval", "eval2"])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the exports in this folder")
    args = parser.parse_args()
    if not (SHARED / "tools" / "score.py").exists():
        sys.exit(f"{SHARED} is not here: the development sets live next to the development checkout.")
    known = sets()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ted-devsets-"))
    for name in args.sets:
        gold, documents = known[name]
        result = score(name, gold, documents, work, args.verbose)
        print(f"== {name}\n{result}" if args.verbose else f"{name:10} {result}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
