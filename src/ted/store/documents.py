"""What each document says, as the store keeps it: the Document row, its mentions and statements.

A document's rows are replaced wholesale when it changes and deleted with it (by
cascade), so that incremental ingestion stays exact. Every write marks the graph
dirty in the same transaction: a run killed between a batch and the graph rebuild
leaves a flag the next run sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction

from ted.extract.facts import Facts
from ted.sources import SourceDocument
from ted.store import forgotten
from ted.store import models as m
from ted.store.graph import set_graph_dirty


@dataclass(frozen=True)
class Place:
    """Where a document's rows go: its key, its content's hash and size, and the row it replaces."""

    root: str
    path: str
    sha256: str
    size: int
    replaces: int | None = None  # id of the Document row of an earlier version
    source_uri: str = ""  # the source that listed it
    version: str = ""  # the source's version token (git blob id, HTTP validators)
    revision: str = ""  # git commit
    origin: str = ""  # where a person reads it at its source


class Known(dict[tuple[str, str], m.Document]):
    """Stored documents by (root, path); a document about a forgotten person is found under its real path
    too, though it is stored under a neutral one (``forgotten.tombstone_path``)."""

    def get(self, key: tuple[str, str], default: m.Document | None = None) -> m.Document | None:  # type: ignore[override]
        found = super().get(key)
        if found is None and self.get_salt():
            found = super().get((key[0], forgotten.tombstone_path(*key, self.get_salt())))
        return default if found is None else found

    def get_salt(self) -> bytes:
        if not hasattr(self, "_salt"):
            self._salt = forgotten.salt() if any(forgotten.is_tombstone(path) for _, path in self) else b""
        return self._salt


def known(roots: Iterable[str]) -> Known:
    """The stored documents under ``roots``, by (root, path)."""
    rows = m.Document.objects.filter(root__in=set(roots)).only("id", "root", "path", "sha256", "status", "error",
                                                                "version")
    return Known({(d.root, d.path): d for d in rows})


def remove_missing(roots: Iterable[str], present: set[tuple[str, str]]) -> int:
    """Delete the documents under ``roots`` that are not ``present`` any more, with their facts."""
    stored = list(m.Document.objects.filter(root__in=set(roots)).only("id", "root", "path"))
    if any(forgotten.is_tombstone(d.path) for d in stored):  # kept under a neutral path: compare that
        secret = forgotten.salt()
        present = present | {(root, forgotten.tombstone_path(root, path, secret)) for root, path in present}
    gone = [d.id for d in stored if (d.root, d.path) not in present]
    if gone:
        with transaction.atomic():
            m.Document.objects.filter(id__in=gone).delete()
            set_graph_dirty(True)
    return len(gone)


def remove_source(uri: str) -> int:
    """Delete every document the source ``uri`` listed, with its facts (``ted sources remove``)."""
    with transaction.atomic():
        rows = m.Document.objects.filter(source_uri=uri)
        count = rows.count()
        if count:
            rows.delete()
            set_graph_dirty(True)
    return count


def remember_version(document_id: int, version: str) -> None:
    """An unchanged document's new version token (an HTTP server that sent new validators for the same bytes)."""
    m.Document.objects.filter(id=document_id).update(version=version)


@contextmanager
def batch() -> Iterator[None]:
    """One transaction for a batch of documents, which leaves the graph to rebuild."""
    with transaction.atomic():
        yield
        set_graph_dirty(True)


def save(place: Place, doc: SourceDocument, facts: Facts) -> None:
    """A readable document and what it says."""
    record = _document(place, format=doc.format, encoding=doc.encoding, metadata=doc.metadata, text=doc.text,
                       warnings=doc.warnings)
    m.Mention.objects.bulk_create([
        m.Mention(document=record, key=x.key, type=x.type, name=x.name[:500], aliases=x.aliases,
                  attributes=x.attributes, ref=x.ref, primary=(x.key == facts.primary), line=x.line,
                  quote=x.quote, confidence=x.confidence) for x in facts.mentions.values()])
    m.Statement.objects.bulk_create([
        m.Statement(document=record, type=s.type, source_key=s.source, target_key=s.target, line=s.line,
                    quote=s.quote, confidence=s.confidence) for s in facts.statements])


def save_problem(place: Place, status: str, reason: str) -> None:
    """A file that could not be read (``failed``) or is not a document (``skipped``), kept with its reason so
    that later runs report it again until it changes."""
    _document(place, status=status, error=reason)


def _document(place: Place, **fields: object) -> m.Document:
    if place.replaces:
        m.Document.objects.filter(id=place.replaces).delete()
    return m.Document.objects.create(root=place.root, path=place.path, sha256=place.sha256, size=place.size,
                                     source_uri=place.source_uri[:2048], version=place.version[:512],
                                     revision=place.revision[:64], origin=place.origin[:2048], **fields)
