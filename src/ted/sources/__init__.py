"""Reading files as they are published: discovery, decoding, front matter, Markdown, HTML, text."""

from ted.sources.document import Block, Link, SourceDocument
from ted.sources.read import ReadError, SkipFile, read_file
from ted.sources.walk import discover

__all__ = ["Block", "Link", "SourceDocument", "ReadError", "SkipFile", "read_file", "discover"]
