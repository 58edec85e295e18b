"""Markdown (and the Markdown inside plain text) to structured blocks, keeping original line numbers.

markdown-it-py does the parsing (CommonMark plus tables); each block token
carries its line range, so every block keeps the lines it came from. Kramdown
attribute lists, Liquid tags and Hugo shortcodes are blanked first (not
deleted) so line numbers do not move.
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

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")

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


def markdown_blocks(body: str, first_line: int, html: HtmlReader | None = None) -> list[Block]:
    """Parse a Markdown body whose first line is line ``first_line`` of the file."""
    tokens = _MD.parse(clean_source(body))
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


def inline_block(token: Token, line: int, kind: str, level: int) -> Block:
    """Flatten an inline token into text lines, with its bold spans and links."""
    lines: list[tuple[int, str]] = []
    current: list[str] = []
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
        elif kind_ in ("softbreak", "hardbreak"):
            lines.append((number, "".join(current)))
            current, number = [], number + 1
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
        elif kind_ == "html_inline":
            continue  # tags such as <br> or <span>: their text comes as text tokens
        elif kind_ == "image":
            continue
    lines.append((number, "".join(current)))
    lines = [(n, _squash(t)) for n, t in lines if t.strip()]
    return Block(kind, level, lines, strong, links)


def _merge_row(row: Block) -> Block:
    first = row.lines[0][0]
    text = " | ".join(t for _, t in row.lines)
    return Block("table", 0, [(first, text)], row.strong, row.links)


def _squash(text: str) -> str:
    return " ".join(text.split())
