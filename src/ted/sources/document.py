"""The document as the rest of the pipeline sees it: metadata plus structured blocks with line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Link:
    text: str
    url: str
    line: int


@dataclass
class Block:
    """One structural unit of a document (heading, paragraph, list item, table row, quote...).

    ``lines`` keeps each physical line of the block with its line number in the
    original file, so any fact found in the block can point back to its line.
    """

    kind: str  # heading | paragraph | item | quote | table | code
    level: int  # heading level, list depth, or 0
    lines: list[tuple[int, str]]
    strong: list[str] = field(default_factory=list)  # bold / emphasised spans, in order
    links: list[Link] = field(default_factory=list)
    # Tags: inline code spans on a line made of nothing else (a team card's "`QGIS` `PostGIS` `Lidar`").
    tags: list[str] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.lines[0][0] if self.lines else 1

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.lines).strip()


@dataclass
class SourceDocument:
    root: str
    path: str  # relative to root, forward slashes
    format: str  # markdown | html | text
    encoding: str
    metadata: dict
    metadata_lines: dict[str, int]  # top-level front-matter key -> line number
    blocks: list[Block]
    raw_lines: list[str]  # the decoded file, one entry per original line
    links: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name

    @property
    def text(self) -> str:
        """Plain text of the body, one block per line."""
        return "\n".join(b.text for b in self.blocks if b.text)

    def line_of(self, key: str) -> int:
        return self.metadata_lines.get(key, 1)

    def find_line(self, value: str, start: int, window: int = 400) -> int:
        """Line of the first occurrence of ``value`` at or after ``start`` (``start`` when not found)."""
        needle = str(value).strip()
        for number in range(max(start, 1), min(start + window, len(self.raw_lines)) + 1):
            if needle and needle in self.raw_lines[number - 1]:
                return number
        return start

    def quote(self, line: int) -> str:
        if 1 <= line <= len(self.raw_lines):
            return self.raw_lines[line - 1].strip()[:300]
        return ""
