"""Local folders and files as a source: the file walker behind the ``Source`` protocol."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ted.sources.base import UnsupportedSource, WalkProblem, register_source
from ted.sources.walk import discover


@dataclass(frozen=True)
class FileItem:
    root: str  # absolute path of the folder given (or of the folder holding the file given)
    path: str  # relative to root, forward slashes
    file: Path  # absolute path to read

    @property
    def uri(self) -> str:
        return Path(self.root, self.path).as_uri()

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def media_type(self) -> str | None:
        return None

    @property
    def version(self) -> str:
        """Modification time and size, read when asked (a stat, not the bytes); OSError if the file is gone."""
        st = self.file.stat()
        return f"{st.st_mtime_ns}-{st.st_size}"

    def read(self) -> bytes:
        return self.file.read_bytes()


@dataclass
class FolderSource:
    """A folder read recursively, or a single file, as given on the command line.

    A folder is its items' root and is listed completely, so documents stored
    under it that are no longer there were deleted. A single file's root is the
    folder that holds it, which is not listed: nothing is pruned for it.
    """

    given: Path
    problems: list[WalkProblem] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return Path(os.path.abspath(self.given)).as_uri()

    @property
    def prune_root(self) -> str | None:
        return str(self.given.resolve()) if self.given.is_dir() else None

    def items(self) -> Iterator[FileItem]:
        for found in discover([self.given], self.problems):
            yield FileItem(str(found.root), found.relative, found.path)


@register_source("file")
def open_local(spec: str) -> FolderSource:
    """A local path, or a ``file://`` URL (``file:///abs/path`` or ``file://localhost/abs/path``)."""
    if not spec.lower().startswith("file://"):
        return FolderSource(Path(spec))
    parts = urlsplit(spec)
    if parts.netloc not in ("", "localhost"):
        raise UnsupportedSource(f"« {spec} » : une adresse file:// doit désigner un chemin local, "
                                f"pas la machine « {parts.netloc} »")
    return FolderSource(Path(unquote(parts.path)))
