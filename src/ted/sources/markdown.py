"""Markdown (and the Markdown inside plain text) to structured blocks, keeping original line numbers.

markdown-it-py does the parsing (CommonMark plus tables); each block token
carries its line range, so every block keeps the lines it came from. Kramdown
attribute lists, Liquid tags and Hugo shortcodes are blanked first (not
deleted) so line numbers do not move.

Two bounds keep hostile files readable. Nesting: markdown-it stops reading a
document (silently) once containers nest past its ``maxNesting``, so a line opening
more than ``MAX_NESTING`` lists or quotes is flattened first (its text kept, the
extra levels dropped, the lines reported). Size: a block longer than
``MAX_BLOCK_CHARS`` (one paragraph of a million characters) is split into
consecutive blocks of the same kind, so that no piece of text handed to the
language model exceeds its limit and nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ted.sources.document import Block, Link

# Reads a raw HTML block found inside Markdown (its text, its first line) into blocks. Passed in by the
# HTML reader, which itself goes through Markdown: the two formats nest both ways.
HtmlReader = Callable[[str, int], list[Block]]

MAX_NESTING = 12  # lists and quotes one line may open; real documents use a handful
MAX_BLOCK_CHARS = 20_000  # a block's text; spaCy refuses texts over 1,000,000 and needs memory in proportion
# markdown-it's own guard (tokens nest two per list level) stays above what MAX_NESTING lets through.
_MD = MarkdownIt("commonmark", {"html": True, "maxNesting": 4 * MAX_NESTING + 8}).enable("table")

KRAMDOWN_IAL = re.compile(r"\{:[^}\n]*\}")
TEMPLATE_TAGS = re.compile(r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}")

CONTAINERS = {
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "quote",
    "list_item_open": "item",
    "heading_open": "heading",
    "th_open": "cell",
    "td_open": "cell",
    "tr_open": "row",
}


def clean_source(text: str) -> str:
    """Blank template and attribute-list syntax that is not content, keeping line count."""
    return TEMPLATE_TAGS.sub("", KRAMDOWN_IAL.sub("", text))


def markdown_blocks(body: str, first_line: int, html: HtmlReader | None = None,
                    notes: list[str] | None = None) -> list[Block]:
    """Parse a Markdown body whose first line is line ``first_line`` of the file.

    What had to be flattened is said in French in ``notes`` (when given).
    """
    source, flattened = bound_nesting(clean_source(body))
    if flattened and notes is not None:
        first, last = first_line + flattened[0], first_line + flattened[-1]
        where = f"la ligne {first}" if first == last else f"les lignes {first} à {last}"
        notes.append(f"{where} imbrique{'nt' if first != last else ''} plus de {MAX_NESTING} listes ou citations : "
                     "les niveaux au-delà sont aplatis (le texte est gardé)")
    return split_long_blocks(_blocks(_MD.parse(source), first_line, html))


def _blocks(tokens: list[Token], first_line: int, html: HtmlReader | None) -> list[Block]:
    blocks: list[Block] = []
    stack: list[Token] = []
    row: Block | None = None
    for token in tokens:
        if token.nesting == 1:
            stack.append(token)
            if token.type == "tr_open":
                row = Block("table", 0, [])
            continue
        if token.nesting == -1:
            opened = stack.pop() if stack else None
            if opened is not None and opened.type == "tr_open" and row is not None:
                if any(t for _, t in row.lines):
                    blocks.append(_merge_row(row))
                row = None
            continue
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "inline":
            block = inline_block(token, line, *_context(stack))
            if row is not None:  # every cell, empty ones too, so that columns stay aligned with the header
                # A line break inside a cell separates items ("Lucie Moreau<br>Thomas Blanc").
                row.lines.append((block.lines[0][0] if block.lines else line, "; ".join(t for _, t in block.lines)))
                row.strong += block.strong
                row.links += block.links
            elif block.lines:
                blocks.append(block)
        elif token.type == "html_block":
            if html is not None:
                blocks.extend(html(token.content, line))
        elif token.type in ("fence", "code_block"):
            lines = [(line + i + (1 if token.type == "fence" else 0), t)
                     for i, t in enumerate(token.content.rstrip("\n").split("\n")) if t.strip()]
            if lines:
                blocks.append(Block("code", 0, lines))
    return blocks


CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")


def bound_nesting(text: str) -> tuple[str, list[int]]:
    """``text`` with no line opening more than ``MAX_NESTING`` containers, and the (0-based) lines changed.

    A line's depth is counted generously: its list and quote markers, plus one level per two
    columns of indentation (a nested list item needs at least two more). Over the bound, the
    indentation and the extra markers go; the line count never changes. Fenced code is left alone.
    """
    lines = text.split("\n")
    changed: list[int] = []
    fence = ""
    for number, line in enumerate(lines):
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
        flattened = _flattened(line)
        if flattened is not None:
            lines[number] = flattened
            changed.append(number)
    return ("\n".join(lines), changed) if changed else (text, [])


def _flattened(line: str) -> str | None:
    """The line with at most ``MAX_NESTING`` levels, or None when it is within the bound."""
    indent = len(line) - len(line.lstrip(" \t"))
    columns = len(line[:indent].expandtabs(4))
    markers: list[str] = []
    position = 0
    while (found := CONTAINER.match(line, position)) is not None and found.end() > position:
        markers.append(found.group().strip())
        position = found.end()
    if len(markers) + columns // 2 <= MAX_NESTING:
        return None
    kept_columns = min(columns, 2 * (MAX_NESTING // 2))
    kept = markers[: MAX_NESTING - kept_columns // 2]
    return " " * kept_columns + " ".join(kept) + (" " if kept else "") + line[position:].lstrip(" \t")


def split_long_blocks(blocks: list[Block], limit: int = MAX_BLOCK_CHARS) -> list[Block]:
    """Each block over ``limit`` characters as consecutive blocks of the same kind, cut between its
    lines, a line itself over the limit cut between words (each piece keeps its line number)."""
    if all(len(block.text) <= limit for block in blocks):
        return blocks
    result: list[Block] = []
    for block in blocks:
        if len(block.text) <= limit:
            result.append(block)
            continue
        pieces: list[list[tuple[int, str]]] = [[]]
        size = 0
        for number, text in block.lines:
            for part in _cut(text, limit):
                if pieces[-1] and size + len(part) + 1 > limit:
                    pieces.append([])
                    size = 0
                pieces[-1].append((number, part))
                size += len(part) + 1
        links = list(block.links)  # each link once, with the first piece reaching its line
        for position, lines in enumerate(pieces):
            text = " ".join(t for _, t in lines)
            last = position == len(pieces) - 1
            mine = [link for link in links if last or link.line <= lines[-1][0]]
            links = [link for link in links if link not in mine]
            result.append(Block(block.kind, block.level, lines, [s for s in block.strong if s in text], mine,
                                [t for t in block.tags if t in text]))
    return result


def _cut(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at a space when there is one."""
    pieces = []
    while len(text) > limit:
        at = text.rfind(" ", 0, limit)
        at = at if at > 0 else limit
        pieces.append(text[:at])
        text = text[at:].lstrip(" ")
    return [*pieces, text]


def _context(stack: list[Token]) -> tuple[str, int]:
    depth = sum(1 for t in stack if t.type in ("bullet_list_open", "ordered_list_open"))
    for token in reversed(stack):
        if token.type == "heading_open":
            return "heading", int(token.tag[1])
        if token.type == "list_item_open":
            return "item", depth
        if token.type == "blockquote_open":
            return "quote", 0
    return "paragraph", 0


BOLD_TAG = re.compile(r"^<(?:b|strong)(?:\s[^>]*)?>$", re.IGNORECASE)
BOLD_CLOSE = re.compile(r"^</(?:b|strong)\s*>$", re.IGNORECASE)


def inline_block(token: Token, line: int, kind: str, level: int) -> Block:
    """Flatten an inline token into text lines, with its bold spans and links."""
    lines: list[tuple[int, str]] = []
    current: list[str] = []
    codes: list[str] = []  # the current line's inline code spans
    tags: list[str] = []
    strong: list[str] = []
    links: list[Link] = []
    capture: list[list[str]] = []  # open strong / link captures
    hrefs: list[str] = []
    number = line

    def emit(text: str) -> None:
        current.append(text)
        for buffer in capture:
            buffer.append(text)

    for child in token.children or []:
        kind_ = child.type
        if kind_ in ("text", "code_inline"):
            emit(child.content)
            if kind_ == "code_inline":
                codes.append(child.content)
        elif kind_ in ("softbreak", "hardbreak"):
            tags += _tag_line("".join(current), codes)
            lines.append((number, "".join(current)))
            current, codes, number = [], [], number + 1
        elif kind_ == "strong_open":
            capture.append([])
        elif kind_ == "strong_close" and capture:
            text = "".join(capture.pop()).strip()
            if text:
                strong.append(text)
        elif kind_ == "link_open":
            hrefs.append(str(child.attrs.get("href", "")))
            capture.append([])
        elif kind_ == "link_close" and capture and hrefs:
            text = "".join(capture.pop()).strip()
            links.append(Link(text, hrefs.pop(), number))
        elif kind_ == "html_inline" and BOLD_TAG.match(child.content):
            capture.append([])  # "<b>Titre</b>" inside Markdown: bold as "**Titre**" is
        elif kind_ == "html_inline" and BOLD_CLOSE.match(child.content) and capture:
            if text := "".join(capture.pop()).strip():
                strong.append(text)
        elif kind_ == "html_inline":
            continue  # tags such as <br> or <span>: their text comes as text tokens
        elif kind_ == "image":
            continue
    tags += _tag_line("".join(current), codes)
    lines.append((number, "".join(current)))
    lines = [(n, _squash(t)) for n, t in lines if t.strip()]
    return Block(kind, level, lines, strong, links, tags)


TAG_SEPARATORS = re.compile(r"[\s,;·|/•-]*")


def _tag_line(line: str, codes: list[str]) -> list[str]:
    """The code spans of a line that holds nothing else but separators: tags, not code in a sentence."""
    rest = line
    for code in codes:
        rest = rest.replace(code, " ", 1)
    return [c.strip() for c in codes if c.strip()] if codes and TAG_SEPARATORS.fullmatch(rest) else []


def _merge_row(row: Block) -> Block:
    first = row.lines[0][0]
    text = " | ".join(t for _, t in row.lines)
    return Block("table", 0, [(first, text)], row.strong, row.links)


def _squash(text: str) -> str:
    return " ".join(text.split())
