"""Where documents come from and how they are read: sources (folders, git, the web), decoding, front matter, formats.

Importing the package registers the built-in source kinds (folders, git repositories, web sites) and
readers (``read``).
"""

from ted.sources import git, web  # noqa: F401 - registers git+https://, git+file://, http(s)://
from ted.sources.base import (
           Item,
           Revalidating,
           Source,
           SourceError,
           UnsupportedSource,
           WalkProblem,
           open_source,
           register_source,
)
from ted.sources.document import Block, Link, SourceDocument
from ted.sources.folder import FileItem, FolderSource
from ted.sources.read import read_file
from ted.sources.readers import Content, Parsed, ReadError, SkipFile, read_document, read_item, register_reader
from ted.sources.walk import discover

__all__ = ["Block", "Content", "FileItem", "FolderSource", "Item", "Link", "Parsed", "ReadError", "Revalidating",
           "SkipFile", "Source", "SourceDocument", "SourceError", "UnsupportedSource", "WalkProblem", "discover",
           "open_source", "read_document", "read_file", "read_item", "register_reader", "register_source"]
