"""The built-in readers (Markdown, HTML, plain text), and one file to a SourceDocument or a clear reason why not."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ted.sources.document import SourceDocument
from ted.sources.html import html_fragment_blocks, looks_like_html, page_blocks
from ted.sources.markdown import markdown_blocks
from ted.sources.readers import Content, Parsed, ReadError, SkipFile, claim, read_document, register_reader

__all__ = ["ReadError", "SkipFile", "read_file"]

MARKDOWN = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"}
TEXT = {".txt", ".text", ""}
HTML = {".html", ".htm", ".xhtml"}


@register_reader("markdown", extensions=MARKDOWN, media_types={"text/markdown", "text/x-markdown"})
def read_markdown(content: Content) -> Parsed:
    notes: list[str] = []
    blocks = markdown_blocks(content.body, content.body_first_line, partial(html_fragment_blocks, notes=notes), notes)
    return Parsed("markdown", blocks, warnings=notes)


@register_reader("html", extensions=HTML, media_types={"text/html", "application/xhtml+xml"}, sniff=looks_like_html,
                 front_matter=False)
def read_html(content: Content) -> Parsed:
    notes: list[str] = []
    blocks, metadata, metadata_lines = page_blocks(content.text, content.lines, notes)
    return Parsed("html", blocks, metadata, metadata_lines, notes)


@register_reader("text", extensions=TEXT, media_types={"text/plain"}, generic=True)
def read_text(content: Content) -> Parsed:
    """Plain text (minutes, notes) is read as Markdown; with front matter it is Markdown."""
    notes: list[str] = []
    blocks = markdown_blocks(content.body, content.body_first_line, partial(html_fragment_blocks, notes=notes), notes)
    return Parsed("markdown" if content.front_matter else "text", blocks, warnings=notes)


def read_file(path: Path, root: str, relative: str, data: bytes | None = None) -> SourceDocument:
    """The file ``path`` (stored as ``relative`` under ``root``); its bytes are read unless given."""
    claim(path.name)  # an unknown format is skipped before its bytes are read
    try:
        raw = path.read_bytes() if data is None else data
    except OSError as error:
        raise ReadError(f"lecture impossible ({error.strerror or error})") from None
    return read_document(path.name, root, relative, raw)
