"""Where documents come from: the ``Source`` and ``Item`` protocols, and the registry of source kinds.

A source lists items; an item is one document at that source: a stable URI, the
(root, path) key its Document is stored under, the name whose extension tells
its format, a cheap version token and its bytes. The ingestion service only
talks to these protocols, so a folder, a git repository or a web site are read
the same way. Each kind registers itself for its URL schemes with
``register_source``; ``open_source`` picks the kind from a spec (a local path has
no scheme and is a ``file`` source).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable


@dataclass
class WalkProblem:
    """A place a source could not list (a missing path, an unreadable folder, a symlink loop...)."""

    path: str
    reason: str


@runtime_checkable
class Item(Protocol):
    """One document at a source."""

    @property
    def uri(self) -> str:
        """Stable identifier of the item at its source (``file:///abs/root/relative`` for a file)."""

    @property
    def root(self) -> str:
        """First half of the Document key: the source's root (absolute folder path for files)."""

    @property
    def path(self) -> str:
        """Second half of the Document key, shown in reports and evidence: relative to root, forward slashes."""

    @property
    def name(self) -> str:
        """The name whose extension tells the format (a file name, the last segment of a URL)."""

    @property
    def media_type(self) -> str | None:
        """Media type declared by the source (an HTTP Content-Type); None when only the name tells."""

    @property
    def version(self) -> str:
        """Cheap token that changes when the content changes (mtime and size of a file, an ETag), read without
        the bytes; a caller that keeps it can skip unchanged items without reading them."""

    def read(self) -> bytes:
        """The item's bytes; raises OSError when they cannot be had."""


@runtime_checkable
class Source(Protocol):
    """A place that lists documents: a folder (or one file) today, a git repository or a web site next."""

    @property
    def uri(self) -> str:
        """Where the source is (``file:///abs/path`` for a local folder or file); ``open_source(uri)`` reopens it."""

    @property
    def problems(self) -> list[WalkProblem]:
        """What could not be listed, filled while ``items()`` runs."""

    @property
    def prune_root(self) -> str | None:
        """The Document root this source lists completely: stored documents under it that ``items()`` did not
        list were deleted at the source. None when the source lists only part of its root (one file)."""

    def items(self) -> Iterator[Item]:
        """The items, in a stable order."""


@runtime_checkable
class Revalidating(Protocol):
    """An item that can tell, without handing over its bytes, whether it changed since a version stored
    earlier (a git blob id compared, an HTTP conditional request answered 304). Optional: an item without
    ``changed_since`` is read and hashed on every run. An item may also carry ``origin`` (where a person
    reads it at its source: the file on the forge at its commit, the page's URL) and ``revision`` (the
    git commit it is read at); the store keeps both with the document."""

    def changed_since(self, version: str) -> bool:
        """False when the content is the one ``version`` (an earlier ``Item.version``) designates."""


class UnsupportedSource(ValueError):
    """The spec names a kind of source TED cannot read."""


class SourceError(RuntimeError):
    """A source that cannot be listed at all (an unreachable site, a repository that does not exist, a sitemap
    that is not XML). Its message is a French sentence naming the source and the reason; the ingestion of the
    other sources goes on, and nothing of this one is removed."""


SourceFactory = Callable[[str], Source]

_KINDS: dict[str, SourceFactory] = {}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
LOCAL = "file"  # the kind of a spec without a scheme (a local path)


def register_source(*schemes: str) -> Callable[[SourceFactory], SourceFactory]:
    """Declare the factory that opens specs with these URL schemes (``file`` also gets plain local paths)."""

    def decorate(factory: SourceFactory) -> SourceFactory:
        for scheme in schemes:
            _KINDS[scheme.lower()] = factory
        return factory

    return decorate


def unregister_source(*schemes: str) -> None:
    for scheme in schemes:
        _KINDS.pop(scheme.lower(), None)


def scheme_of(spec: str) -> str:
    """The URL scheme of ``spec`` (``git+https``, ``https``...), or ``file`` for a local path."""
    match = _SCHEME.match(spec)
    return match.group(1).lower() if match else LOCAL


def open_source(spec: str | Path) -> Source:
    """The source a user means by ``spec``: a local path (folder or file), ``file://...``, or a registered scheme."""
    scheme = LOCAL if isinstance(spec, Path) else scheme_of(spec)
    factory = _KINDS.get(scheme)
    if factory is None:
        known = ", ".join(f"{s}://" for s in sorted(_KINDS))
        raise UnsupportedSource(
            f"« {spec} » : TED ne sait pas lire les sources « {scheme}:// » ; "
            f"donnez un dossier ou un fichier local, ou une adresse {known}"
        )
    return factory(str(spec))
