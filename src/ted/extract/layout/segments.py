"""Text prepared for extraction: one segment per block, with its section and original line numbers.

Extractors work on segments rather than on the flat text so that a fact can
say which heading it sits under (a team list, a programme, a list of
organisations) and point back to the exact line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ted.kb.lexicon import agenda_heading, heading_kind, words
from ted.kb.names import fold
from ted.sources.document import Block, Link, SourceDocument

# Front-matter fields that hold prose about the page (chapô, summary...).
PROSE_FIELDS = ("chapeau-text", "chapeau", "chapo", "summary", "description", "resume", "résumé", "excerpt",
                "intro", "lead", "abstract", "subtitle", "sous-titre", "mission", "pitch")
MIN_WORDS_FOR_NLP = 8


@dataclass
class Segment:
    """A block's text (lines joined by spaces) with the line each character range comes from."""

    text: str
    kind: str  # heading | paragraph | item | quote | table | code | meta
    level: int
    starts: list[tuple[int, int]]  # (character offset, original line number), ascending
    section: tuple[str, ...] = ()  # texts of the enclosing headings, outermost first
    strong: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # a line of inline code spans only: tags (see sources.Block)
    index: int = 0  # position in the document's segment list
    ents: list = field(default_factory=list)  # filled by ted.kb.language

    @property
    def line(self) -> int:
        return self.starts[0][1] if self.starts else 1

    def line_at(self, offset: int) -> int:
        line = self.line
        for start, number in self.starts:
            if start > offset:
                break
            line = number
        return line

    def line_range(self, offset: int) -> tuple[int, int]:
        """Character range of the physical line holding ``offset``."""
        bounds = [s for s, _ in self.starts] + [len(self.text) + 1]
        for start, end in zip(bounds, bounds[1:], strict=False):
            if start <= offset < end:
                return start, end - 1
        return 0, len(self.text)

    def lines_text(self) -> list[tuple[int, str]]:
        """(offset, text) of each physical line."""
        return [(s, self.text[s:e]) for s, e in (self.line_range(s) for s, _ in self.starts)]

    @property
    def heading(self) -> str:
        """The nearest enclosing heading ('' when none)."""
        return self.section[-1] if self.section else ""


def segments(doc: SourceDocument, skip_lines: set[int] | frozenset[int] = frozenset()) -> list[Segment]:
    """Segments of the front-matter prose and of every block, leaving out ``skip_lines`` (a chat copy)."""
    found: list[Segment] = list(_title_segment(doc)) + list(_meta_segments(doc))
    headings: list[tuple[int, str]] = []  # (level, text) stack
    label: str | None = None  # "Participants :" on its own line heads the list that follows
    marker: str | None = None  # the bullet of that list: a list with another bullet is another list
    for block in doc.blocks:
        lines = [(n, t) for n, t in block.lines if n not in skip_lines and t.strip()]
        if not lines:
            continue
        section = tuple(t for _, t in headings)
        if block.kind == "item" and label:
            bullet = _bullet(doc, lines[0][0])
            restarted = bullet == "ordered" and marker == "ordered" and _number(doc, lines[0][0]) == 1
            marker = marker or bullet
            if bullet and (bullet != marker or restarted) and block.level <= 1:
                label = None  # another list: another bullet, or a numbering that starts over
        if block.kind == "heading":
            level = block.level or 1
            headings = [h for h in headings if h[0] < level]
            seg = _segment(lines, block, tuple(t for _, t in headings))
            headings.append((level, seg.text))
        elif block.kind == "item" and label:
            seg = _segment(lines, block, (*section, label))
        else:
            seg = _segment(lines, block, section)
        if block.kind != "item":
            label = seg.text if block.kind == "paragraph" and _is_label(seg.text) else None
            marker = None
        found.append(seg)
    _key_value_rows(found)
    for index, seg in enumerate(found):
        seg.index = index
    return found


MIN_KEY_ROWS = 2


def _key_value_rows(found: list[Segment]) -> None:
    """A two-column table of labels and values ("Date | Mardi 14 mai", "Intervenants | A, B") is read as the
    labelled lines it stands for ("Date : Mardi 14 mai"), like the same facts written in a paragraph."""
    runs: list[list[Segment]] = []
    for position, seg in enumerate(found):
        if seg.kind != "table":
            continue
        if runs and runs[-1][-1] is found[position - 1]:
            runs[-1].append(seg)
        else:
            runs.append([seg])
    for run in runs:
        keyed = [(seg, cells) for seg in run if len(cells := [c.strip() for c in seg.text.split("|")]) == 2
                 and _key_label(cells[0]) and not _key_label(cells[1]) and cells[1]]
        if len(keyed) < MIN_KEY_ROWS:
            continue
        for seg, (label, value) in keyed:
            seg.text, seg.kind = f"{label} : {value}", "paragraph"


def _key_label(cell: str) -> bool:
    key = " ".join(fold(cell).strip(" :*").split())
    return bool(key) and key in words("key_labels")


def _bullet(doc: SourceDocument, line: int) -> str | None:
    """"-", "*", "+" or "1." for the list item starting on ``line``."""
    if not 1 <= line <= len(doc.raw_lines):
        return None
    match = re.match(r"^\s*([-*+]|\d+[.)])\s", doc.raw_lines[line - 1])
    if not match:
        return None
    return "ordered" if match.group(1)[0].isdigit() else match.group(1)


MAX_BARE_LABEL_WORDS = 4


def _number(doc: SourceDocument, line: int) -> int | None:
    """The number of the ordered list item starting on ``line`` ("2." → 2)."""
    match = re.match(r"^\s*(\d+)[.)]\s", doc.raw_lines[line - 1]) if 1 <= line <= len(doc.raw_lines) else None
    return int(match.group(1)) if match else None


def _is_label(text: str) -> bool:
    """"Participants :", and in notes without punctuation a bare "Ordre du jour" or "Présents" line."""
    if text.endswith(":"):
        return len(text.split()) <= 8 and len(text) <= 80
    return len(text.split()) <= MAX_BARE_LABEL_WORDS and (agenda_heading(text) or heading_kind(text) is not None)


def _segment(lines: list[tuple[int, str]], block: Block, section: tuple[str, ...]) -> Segment:
    parts, starts, offset = [], [], 0
    for number, text in lines:
        text = text.strip()
        starts.append((offset, number))
        parts.append(text)
        offset += len(text) + 1
    return Segment(" ".join(parts), block.kind, block.level, starts, section, list(block.strong), list(block.links),
                   [t for t in block.tags if t in " ".join(parts)])


def _title_segment(doc: SourceDocument):
    """The front-matter or <title> title, when the body does not repeat it as a heading."""
    meta = doc.metadata if isinstance(doc.metadata, dict) else {}
    for key in ("title", "titre"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            if not any(b.kind == "heading" and b.text == text for b in doc.blocks):
                yield Segment(text, "title", 0, [(0, doc.line_of(key))])
            return


def _meta_segments(doc: SourceDocument):
    for key in PROSE_FIELDS:
        value = doc.metadata.get(key) if isinstance(doc.metadata, dict) else None
        if isinstance(value, str) and value.strip():
            text = " ".join(strip_markdown(value).split())
            yield Segment(text, "meta", 0, _value_lines(doc, doc.line_of(key), text))


def _value_lines(doc: SourceDocument, first: int, text: str) -> list[tuple[int, int]]:
    """Where each physical line of a multi-line front-matter value starts in its joined text, so a name
    found on the third line of a chapô points at that line."""
    starts = [(0, first)]
    position = 0
    for number in range(first + 1, min(first + 60, len(doc.raw_lines)) + 1):
        raw = doc.raw_lines[number - 1]
        if raw.strip() and not raw[:1].isspace():
            break  # the next key
        probe = " ".join(strip_markdown(raw).split()).strip("\"'")[:24]
        index = text.find(probe, position) if len(probe) >= 6 else -1
        if index > position:
            starts.append((index, number))
            position = index
    return starts


MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def strip_markdown(text: str) -> str:
    """Markdown links to their text, emphasis marks removed (for front-matter prose)."""
    return MD_LINK.sub(r"\1", text).replace("**", "").replace("__", "")


def title_of(doc: SourceDocument) -> tuple[str, int] | None:
    """The document's title: front matter ``title`` (or ``name``), else its first level-1 or 2 heading."""
    meta = doc.metadata if isinstance(doc.metadata, dict) else {}
    if doc.format == "html":  # a page's <title> carries the site's name; its h1 does not
        for block in doc.blocks:
            if block.kind == "heading" and block.level == 1 and block.text:
                return block.text, block.line
    for key in ("title", "titre", "name"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split()), doc.line_of(key)
    for block in doc.blocks:
        if block.kind == "heading" and block.level <= 2 and block.text:
            return block.text, block.line
    # Plain-text minutes: a short first line stands for the title.
    first = doc.blocks[0] if doc.blocks else None
    if doc.format == "text" and first is not None and first.kind == "paragraph" and first.lines:
        line, text = first.lines[0]
        if len(text.split()) <= 15 and not text.rstrip().endswith((".", ":")):
            return text.strip(), line
    return None


def word_count(segs: list[Segment]) -> int:
    return sum(len(s.text.split()) for s in segs)
