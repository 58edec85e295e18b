"""Shared helpers of the extraction tests: run the real pipeline over fixture documents, read the facts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ted.extract.facts import Facts, Mention
from ted.extract.layout.frontmatter import extract_frontmatter
from ted.extract.pipeline import Extractor
from ted.sources import read_file


def extract_folder(root: Path, files: Iterable[str] | None = None, recursive: bool = True) -> dict[str, Facts]:
    """Facts of each document under ``root`` (or of the named ``files``), keyed by relative path."""
    if files is not None:
        paths = [root / name for name in files]
    else:
        paths = sorted(p for p in (root.rglob("*") if recursive else root.iterdir()) if p.is_file())
    docs = [read_file(p, str(root), p.relative_to(root).as_posix()) for p in paths]
    return {doc.path: facts for doc, facts in Extractor().extract_many(docs)}


def names(facts: Facts, type_: str) -> set[str]:
    return {m.name for m in facts.of_type(type_)}


def relations(facts: Facts) -> set[tuple[str, str, str]]:
    return {(s.type, facts.mentions[s.source].name, facts.mentions[s.target].name) for s in facts.statements}


def entity(facts: Facts, type_: str, name: str) -> Mention:
    return next(m for m in facts.of_type(type_) if m.name == name)


def frontmatter_facts(tmp_path: Path, relative: str, text: str) -> Facts:
    """Only the front-matter step, on one document written as ``relative`` under ``tmp_path``."""
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    facts = Facts()
    extract_frontmatter(read_file(path, str(tmp_path), relative), facts)
    return facts
