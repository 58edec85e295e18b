"""A source seen through include globs (``ted sources add … --include '*.md'``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ted.sources.base import Item, Source, WalkProblem


def included(path: str, globs: Sequence[str]) -> bool:
    """Whether ``path`` (relative to the source, or a page's URL) matches one glob; ``*`` crosses folders."""
    return not globs or any(fnmatchcase(path, glob) or fnmatchcase(path.rsplit("/", 1)[-1], glob) for glob in globs)


@dataclass
class Filtered:
    """Only the items of ``inner`` whose path matches ``globs``. The inner source still prunes its whole root:
    a document that is no longer included is removed like one deleted at the source."""

    inner: Source
    globs: tuple[str, ...]

    @property
    def uri(self) -> str:
        return self.inner.uri

    @property
    def problems(self) -> list[WalkProblem]:
        return self.inner.problems

    @property
    def prune_root(self) -> str | None:
        return self.inner.prune_root

    def items(self) -> Iterator[Item]:
        return (item for item in self.inner.items() if included(item.path, self.globs))

    def __getattr__(self, name: str) -> object:  # kind, commit... of the inner source, for reports
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)
