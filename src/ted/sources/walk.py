"""Finding the files under the paths a user gives: recursive, skipping hidden folders, safe with links."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ted.sources.base import WalkProblem

MAX_DEPTH = 64


@dataclass(frozen=True)
class Found:
    root: Path  # the ingested root that contains the file
    path: Path  # absolute path of the file
    relative: str  # path relative to root, forward slashes


def discover(paths: list[Path], problems: list[WalkProblem]) -> Iterator[Found]:
    """Yield every candidate file under ``paths``; append what could not be walked to ``problems``."""
    for given in paths:
        if not given.exists():
            problems.append(WalkProblem(str(given), "ce chemin n'existe pas"))
            continue
        if given.is_file():
            root = given.resolve().parent
            yield Found(root, given.resolve(), given.name)
            continue
        root = given.resolve()
        yield from _walk(root, problems)


def _walk(root: Path, problems: list[WalkProblem]) -> Iterator[Found]:
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            st = folder.stat()
        except OSError as error:
            problems.append(WalkProblem(_rel(folder, root), f"dossier illisible ({error.strerror})"))
            continue
        if (st.st_dev, st.st_ino) in seen:
            problems.append(WalkProblem(_rel(folder, root), "lien symbolique en boucle : dossier déjà parcouru"))
            continue
        seen.add((st.st_dev, st.st_ino))
        if depth > MAX_DEPTH:
            reason = f"arborescence trop profonde (plus de {MAX_DEPTH} niveaux)"
            problems.append(WalkProblem(_rel(folder, root), reason))
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append(WalkProblem(_rel(folder, root), f"dossier illisible ({error.strerror})"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders, .git included
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=True):
                    subfolders.append((path, depth + 1))
                elif entry.is_file(follow_symlinks=True):
                    yield Found(root, path, _rel(path, root))
                elif entry.is_symlink():
                    problems.append(WalkProblem(_rel(path, root), "lien symbolique cassé ou en boucle"))
            except OSError as error:
                problems.append(WalkProblem(_rel(path, root), f"inaccessible ({error.strerror or error})"))
        stack.extend(reversed(subfolders))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return str(path)
