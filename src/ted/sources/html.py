"""HTML pages (and raw HTML inside Markdown) to structured blocks.

selectolax (Lexbor) parses and strips what is not content (navigation,
header, footer, scripts, styles, forms); markdownify turns the main content
into Markdown, which then goes through the same block parser as Markdown
files. HTML parsers do not report source lines, so each block's line is found
again by searching its text in the original file, moving forward.

Lexbor parses any depth, but markdownify recurses once per element: elements
nested deeper than ``MAX_DEPTH`` are unwrapped first (their text kept, in place),
and the page's warnings say so.
"""

from __future__ import annotations

import html
import re
from functools import partial

from markdownify import markdownify
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ted.sources.document import Block, Link
from ted.sources.markdown import markdown_blocks

NOT_CONTENT = ("script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, "
               "[role=navigation], [hidden]")
MAIN = ("main", "article", "[role=main]", "#content", ".content", "body")
HTML_SIGN = re.compile(r"<(!doctype html|html|head|body)\b", re.IGNORECASE)
MAX_DEPTH = 64  # nested elements; markdownify takes three Python frames per level, and pages use ~30
MAX_META_CHARS = 2_000  # a <title> or <meta> value


def looks_like_html(text: str) -> bool:
    return bool(HTML_SIGN.search(text[:4096]))


def page_blocks(page: str, raw_lines: list[str],
                notes: list[str] | None = None) -> tuple[list[Block], dict, dict[str, int]]:
    """Blocks of an HTML page's main content, plus metadata from its head (title, description) and their lines.

    What had to be flattened or cut is said in French in ``notes`` (when given).
    """
    notes = [] if notes is None else notes
    tree = HTMLParser(page)
    _flatten_deep(tree, notes)
    metadata = _head_metadata(tree, notes)
    metadata_lines = _metadata_lines(metadata, raw_lines)
    for node in tree.css(NOT_CONTENT):
        node.decompose()
    main = next((n for sel in MAIN if (n := tree.css_first(sel)) is not None), None)
    if main is None:
        return [], metadata, metadata_lines
    return _blocks_from_html(main.html or "", raw_lines, 1, notes), metadata, metadata_lines


def _flatten_deep(tree: HTMLParser, notes: list[str]) -> None:
    """Unwrap the elements nested deeper than ``MAX_DEPTH``: their children and text move up, in order."""
    if tree.root is None or (tree.html or "").count("<") <= MAX_DEPTH:
        return  # too few tags to nest that deep
    depth: dict[int, int] = {}
    deep: list[Node] = []
    for node in tree.root.traverse(include_text=False):  # document order: a parent before its children
        parent = node.parent
        level = depth.get(parent.mem_id, 0) + 1 if parent is not None else 1
        depth[node.mem_id] = level
        if level > MAX_DEPTH:
            deep.append(node)
    for node in deep:
        node.unwrap()
    if deep:
        notes.append(f"le HTML imbrique plus de {MAX_DEPTH} niveaux de balises : les {len(deep)} balises au-delà "
                     "sont ignorées (leur texte est gardé)")


def _metadata_lines(metadata: dict, raw_lines: list[str]) -> dict[str, int]:
    """The line where each head field's value is written (the <title> line for the title), so that facts
    read from it cite that line rather than the page's first one."""
    plain = [_plain(line) for line in raw_lines]
    lines = {}
    for key, value in metadata.items():
        words = _words(str(value)).split()[:4]
        found = next((n for n, text in enumerate(plain, 1) if words and all(f" {w} " in text for w in words)), None)
        if found:
            lines[key] = found
    return lines


def html_fragment_blocks(fragment: str, first_line: int, notes: list[str] | None = None) -> list[Block]:
    """Blocks of raw HTML found inside a Markdown document."""
    notes = [] if notes is None else notes
    tree = HTMLParser(fragment)
    _flatten_deep(tree, notes)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body
    if body is None:
        return []
    return _blocks_from_html(body.html or "", fragment.split("\n"), first_line, notes)


def _blocks_from_html(html: str, raw_lines: list[str], first_line: int, notes: list[str]) -> list[Block]:
    md = _definition_lines(markdownify(_cell_breaks(html), heading_style="ATX", bullets="*", strip=["img"]))
    blocks = markdown_blocks(md, 1, partial(html_fragment_blocks, notes=notes), notes)
    plain_lines = [_plain(line) for line in raw_lines]
    cursor = 0
    for block in blocks:
        located = []
        for _, text in block.lines:
            cursor = _find(plain_lines, text, cursor)
            located.append((first_line + cursor, text))
        block.lines = located
        for link in block.links:
            link.line = located[0][0]
    return blocks


CELL = re.compile(r"<t[dh]\b[^>]*>.*?</t[dh]>", re.IGNORECASE | re.DOTALL)
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _cell_breaks(html: str) -> str:
    """Line breaks inside table cells separate items ("Lucie Moreau<br>Thomas Blanc"); Markdown tables
    have no line breaks, so they become "; "."""
    return CELL.sub(lambda m: BREAK.sub("; ", m.group()), html)


# markdownify writes a definition list as "term\n:   definition", one line per definition.
DEFINITION = re.compile(r"^(?P<term>[^\n]+)(?P<definitions>(?:\n:[ \t]+[^\n]+)+)", re.MULTILINE)
DEFINITION_MARK = re.compile(r"\n:[ \t]+")
NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w'’-]*")


def _definition_lines(md: str) -> str:
    """Each term and its definitions make one line. A term that reads like a name (two to four
    capitalised words: "Mehdi Larbi") gives a directory line "Name — title, Organisation" (a further
    definition, such as a contact, follows after another dash); a field label ("Date", "Lieu") keeps
    "Label : value"."""

    def join(match: re.Match[str]) -> str:
        term = match.group("term").strip()
        definitions = [d.strip() for d in DEFINITION_MARK.split(match.group("definitions")) if d.strip()]
        words = term.strip("*_ ").split()
        named = 2 <= len(words) <= 4 and all(NAME_WORD.fullmatch(w) for w in words)
        return f"{term} — {' — '.join(definitions)}" if named else f"{term} : {'; '.join(definitions)}"

    return DEFINITION.sub(join, md)


def _find(plain_lines: list[str], text: str, start: int) -> int:
    """Index of the first line at or after ``start`` holding the start of ``text``."""
    # A joined definition ("term — definition") starts on the term's own line.
    for head in dict.fromkeys((text, text.split(" — ")[0])):
        words = _words(head).split()[:3]
        for index in range(start, len(plain_lines)):
            if words and all(f" {w} " in plain_lines[index] for w in words):
                return index
    return min(start, max(len(plain_lines) - 1, 0))


def _words(text: str) -> str:
    return " ".join(re.sub(r"\W+", " ", text).split())


TAG = re.compile(r"<[^>]*>")


def _plain(line: str) -> str:
    """A raw line's words, tags dropped and entities decoded. Tags become spaces: a line of an HTML table
    ("<tr><td>10h00</td><td>Ouverture</td>") is a fragment an HTML parser would mend by dropping the cells'
    boundaries ("10h00Ouverture"), and the row would then never be found."""
    return " " + _words(html.unescape(TAG.sub(" ", line)) if "<" in line or "&" in line else line) + " "


def _head_metadata(tree: HTMLParser, notes: list[str]) -> dict:
    metadata: dict = {}
    title = tree.css_first("title")
    if title is not None and title.text(strip=True):
        metadata["title"] = title.text(strip=True)
    for meta in tree.css("meta[name], meta[property]"):
        key = (meta.attributes.get("name") or meta.attributes.get("property") or "").lower()
        value = meta.attributes.get("content")
        if value and key in ("description", "author", "keywords", "og:title", "og:description", "date",
                             "article:published_time"):
            metadata[key] = value
    h1 = tree.css_first("h1")
    if "title" not in metadata and h1 is not None:
        metadata["title"] = h1.text(strip=True)
    for key, value in metadata.items():
        if len(value) > MAX_META_CHARS:
            metadata[key] = value[:MAX_META_CHARS]
            notes.append(f"le champ « {key} » de l'en-tête HTML dépasse {MAX_META_CHARS} caractères : "
                         "seul son début est lu")
    return metadata


def node_links(node: Node, line: int) -> list[Link]:
    return [Link(a.text(strip=True), a.attributes.get("href") or "", line) for a in node.css("a[href]")]
