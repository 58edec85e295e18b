"""One file to a SourceDocument, or a clear reason why not."""

from __future__ import annotations

from pathlib import Path

from ted.sources.decode import NotText, Unreadable, decode
from ted.sources.document import SourceDocument
from ted.sources.frontmatter import FrontMatterError, split
from ted.sources.html import html_fragment_blocks, looks_like_html, page_blocks
from ted.sources.markdown import markdown_blocks

MARKDOWN = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"}
TEXT = {".txt", ".text", ""}
HTML = {".html", ".htm", ".xhtml"}
SKIP = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".pdf", ".zip", ".gz", ".mp4", ".mp3",
        ".woff", ".woff2", ".ttf", ".docx", ".xlsx", ".pptx", ".odt"}


class ReadError(Exception):
    """The file should be a document but cannot be read (reported as failed)."""


class SkipFile(Exception):
    """The file is not a document TED reads (reported as skipped)."""


def kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower() if "." in path.name.lstrip(".") else ""
    # A dotted name like "Préfecture de l'Ain" or "v1.2 notes" has no real extension.
    if suffix and (len(suffix) > 6 or " " in suffix):
        suffix = ""
    if suffix in MARKDOWN:
        return "markdown"
    if suffix in HTML:
        return "html"
    if suffix in TEXT:
        return "text"
    return None


def read_file(path: Path, root: str, relative: str, data: bytes | None = None) -> SourceDocument:
    suffix = path.suffix.lower()
    kind = kind_of(path)
    if suffix in SKIP or kind is None:
        raise SkipFile(f"extension « {suffix or path.name} » : ce n'est pas un format de document lu par TED")
    try:
        raw = path.read_bytes() if data is None else data
    except OSError as error:
        raise ReadError(f"lecture impossible ({error.strerror or error})") from None
    try:
        decoded = decode(raw)
    except NotText as error:
        raise SkipFile(str(error)) from None
    except Unreadable as error:
        raise ReadError(str(error)) from None
    text = decoded.text
    warnings = [decoded.warning] if decoded.warning else []
    raw_lines = text.split("\n")
    if kind == "html" or (kind == "text" and looks_like_html(text)):
        blocks, metadata = page_blocks(text, raw_lines)
        return SourceDocument(root, relative, "html", decoded.encoding, metadata, {}, blocks, raw_lines,
                              [link for b in blocks for link in b.links], warnings)
    try:
        parts = split(text)
    except FrontMatterError as error:
        raise ReadError(str(error)) from None
    blocks = markdown_blocks(parts.body, parts.body_first_line, html_fragment_blocks)
    fmt = "markdown" if kind == "markdown" or parts.kind else "text"
    return SourceDocument(root, relative, fmt, decoded.encoding, parts.metadata, parts.metadata_lines, blocks,
                          raw_lines, [link for b in blocks for link in b.links], warnings)
