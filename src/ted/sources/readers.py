"""The registry of readers by format, after Paperless-ngx's parsers: each reader declares what it handles.

A reader declares the file extensions and media types it reads, optionally a
``sniff`` predicate on the decoded text, and a priority; it turns the decoded
text (split from its front matter when it asks for that) into blocks. Formats
are added with the ``register_reader`` decorator, without editing a central list.

Choosing a reader for an item:

1. the readers declaring the item's media type (when the source gives one and a
   reader declares it), otherwise the readers declaring its extension; the
   highest priority wins, the earliest registered on a tie. None: the item is
   skipped (``SkipFile``) before its bytes are decoded;
2. the bytes are decoded (binary → ``SkipFile``, undecodable → ``ReadError``);
3. when the winner is ``generic`` (plain text: its extension says nothing about
   the content), a reader whose ``sniff`` recognises the text takes it instead
   (an HTML page saved as ``.txt`` or without extension).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ted.sources.base import Item
from ted.sources.decode import NotText, Unreadable, decode
from ted.sources.document import Block, SourceDocument
from ted.sources.frontmatter import FrontMatterError, split

# Extensions known not to be documents: skipped on the name alone, unless a reader declares them.
NOT_DOCUMENTS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".pdf", ".zip", ".gz", ".mp4", ".mp3",
                 ".woff", ".woff2", ".ttf", ".docx", ".xlsx", ".pptx", ".odt"}


class ReadError(Exception):
    """The file should be a document but cannot be read (reported as failed)."""


class SkipFile(Exception):
    """The file is not a document TED reads (reported as skipped)."""


@dataclass(frozen=True)
class Content:
    """What a reader gets: the decoded text and, for readers that ask, its front matter split off."""

    text: str  # the whole decoded document, newlines normalised
    lines: list[str]  # text.split("\n"): line n is lines[n - 1]
    body: str  # text after the front matter (the whole text when there is none or the reader did not ask)
    body_first_line: int  # line of the body's first line in the document
    metadata: dict  # the front matter's fields ({} when none)
    metadata_lines: dict[str, int]  # top-level front-matter key -> line
    front_matter: str | None  # yaml | toml | json | None


@dataclass
class Parsed:
    """What a reader returns."""

    format: str  # stored as Document.format (markdown, html, text...)
    blocks: list[Block]
    metadata: dict | None = None  # None: the front matter's
    metadata_lines: dict[str, int] | None = None  # None: the front matter's
    warnings: list[str] = field(default_factory=list)  # what was cut or flattened, said to the user


Parse = Callable[[Content], Parsed]


@dataclass(frozen=True)
class Reader:
    name: str
    parse: Parse
    extensions: frozenset[str]  # lower case, with the dot; "" for a file without extension
    media_types: frozenset[str]
    sniff: Callable[[str], bool] | None
    priority: int
    generic: bool  # its extensions say nothing of the content: a sniffing reader may take the file
    front_matter: bool  # split front matter off before parsing
    order: int  # registration order, for ties


_READERS: dict[str, Reader] = {}
_ORDER = itertools.count()


def register_reader(name: str, *, extensions: Iterable[str] = (), media_types: Iterable[str] = (),
                    sniff: Callable[[str], bool] | None = None, priority: int = 0, generic: bool = False,
                    front_matter: bool = True) -> Callable[[Parse], Parse]:
    """Register the decorated function as the reader ``name`` (registering a name again replaces it)."""

    def decorate(parse: Parse) -> Parse:
        _READERS[name] = Reader(
            name, parse, frozenset(_dotted(e) for e in extensions), frozenset(t.lower() for t in media_types),
            sniff, priority, generic, front_matter, next(_ORDER))
        return parse

    return decorate


def unregister_reader(name: str) -> None:
    _READERS.pop(name, None)


def readers() -> list[Reader]:
    """Registered readers, the preferred first."""
    return sorted(_READERS.values(), key=lambda r: (-r.priority, r.order))


def extension_of(name: str) -> str:
    """The extension that names the format, lower case; "" when the name has none."""
    suffix = PurePosixPath(name).suffix.lower() if "." in name.lstrip(".") else ""
    # A dotted name like "Préfecture de l'Ain" or "v1.2 notes" has no real extension.
    if suffix and (len(suffix) > 6 or " " in suffix):
        suffix = ""
    return suffix


def claim(name: str, media_type: str | None = None) -> Reader:
    """The reader chosen for ``name`` (and media type) before reading it; ``SkipFile`` when there is none."""
    ordered = readers()
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in NOT_DOCUMENTS and not any(suffix in r.extensions for r in ordered):
        raise SkipFile(_not_a_document(suffix, name))
    if media_type:
        kind = media_type.split(";", 1)[0].strip().lower()
        chosen = next((r for r in ordered if kind in r.media_types), None)
        if chosen is not None:
            return chosen
    extension = extension_of(name)
    chosen = next((r for r in ordered if extension in r.extensions), None)
    if chosen is None:
        raise SkipFile(_not_a_document(suffix, name))
    return chosen


def read_document(name: str, root: str, path: str, data: bytes, media_type: str | None = None) -> SourceDocument:
    """The bytes of the document ``path`` under ``root`` as a SourceDocument; SkipFile or ReadError otherwise."""
    reader = claim(name, media_type)
    try:
        decoded = decode(data)
    except NotText as error:
        raise SkipFile(str(error)) from None
    except Unreadable as error:
        raise ReadError(str(error)) from None
    text = decoded.text
    if reader.generic:
        reader = next((r for r in readers() if r.sniff is not None and r.sniff(text)), reader)
    lines = text.split("\n")
    content = Content(text, lines, text, 1, {}, {}, None)
    warnings = [decoded.warning] if decoded.warning else []
    if reader.front_matter:
        try:
            parts = split(text)
        except FrontMatterError as error:
            raise ReadError(str(error)) from None
        content = Content(text, lines, parts.body, parts.body_first_line, parts.metadata, parts.metadata_lines,
                          parts.kind)
        warnings += parts.warnings
    parsed = reader.parse(content)
    metadata = content.metadata if parsed.metadata is None else parsed.metadata
    metadata_lines = content.metadata_lines if parsed.metadata_lines is None else parsed.metadata_lines
    return SourceDocument(root, path, parsed.format, decoded.encoding, metadata, metadata_lines, parsed.blocks,
                          lines, [link for b in parsed.blocks for link in b.links], warnings + parsed.warnings)


def read_item(item: Item, data: bytes) -> SourceDocument:
    """An item's bytes (already read by the caller, which hashes them) as a SourceDocument."""
    return read_document(item.name, item.root, item.path, data, item.media_type)


def _dotted(extension: str) -> str:
    extension = extension.lower()
    return extension if not extension or extension.startswith(".") else "." + extension


def _not_a_document(suffix: str, name: str) -> str:
    return f"extension « {suffix or name} » : ce n'est pas un format de document lu par TED"
