"""Each fact cites the line that names it, whatever the layout gave its finder.

Finders cite the line where the unit they read starts: an HTML table row written over
several lines (``<tr><td>10 h 00</td><td>Titre</td>`` then ``<td>Oriane Castagne (Cerema)</td></tr>``),
a definition list (``<dt>Name</dt>`` then ``<dd>Body, skills</dd>``), a front-matter key whose
value follows it (``missions:`` above ``employer: ...``, ``title: |-`` above the title, a quoted
summary running over lines). This last pass moves a mention or a statement whose cited line
names none of its names to the first of the next lines that does, so that the evidence link
opens the document where the reader sees the fact. It never moves a fact backwards, nor
further than ``WINDOW`` lines, nor when no line of the window names it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ted.extract.facts import Mention, Statement
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.names import fast_fold

WINDOW = 8
PREFIX = 30  # a long name wrapped over lines is recognised by its beginning
_WORD = re.compile(r"\w+")
_CODE = re.compile(r"/?[\w.-]+(?:/[\w.-]+)*")
_NOT_CODE = re.compile(r"^(?:[\d.-]+|https?|www\.)")
_FIELD = re.compile(r"^\s*(?:-\s+)?(?:[\w.-]+\s*[:=](?:\s+|$))?(?P<value>.*)$")


def normal(text: str) -> str:
    """Folded words separated by one space, padded (``' marie curie '``): markup, entities (``&amp;``),
    quotes and YAML escapes (``l''intérieur``) do not hide a name."""
    return " " + " ".join(_WORD.findall(fast_fold(html.unescape(text)).replace("_", " "))) + " "


def names_of(mention: Mention) -> list[str]:
    found = [mention.name, *mention.aliases]
    names = [n for n in (normal(name) for name in found) if len(n.strip()) >= 2]  # "JS", "IA" too
    if mention.ref:  # a collection reference names its entry by slug ("startups/mon-aide-cyber", "organisations/mj")
        names.append(normal(mention.ref.rsplit("/", 1)[-1]))
    return names


def holds_code(line: str) -> bool:
    """Whether a front-matter line's value is a code or a reference ("incubator: dinum",
    "- /organisations/mj"): how such a line names an entity, so it stays cited. A key whose value
    follows ("missions:", "title: |-"), an address ("lien: https://..."), a date or a phrase that
    does not name the entity are not."""
    value = _FIELD.match(line).group("value").strip().strip("\"'")  # type: ignore[union-attr] - always matches
    return bool(_CODE.fullmatch(value)) and not _NOT_CODE.match(value)


def names_line(line: str, names: Iterable[str]) -> bool:
    return any(name in line or (len(name) > PREFIX + 10 and name[:PREFIX] in line) for name in names)


@component("evidence_lines", requires=("segments",), after=("skills",))
def evidence_lines(ctx: DocState) -> None:
    raw = ctx.doc.raw_lines
    lines: dict[int, str] = {}
    body = min((b.line for b in ctx.doc.blocks), default=len(raw) + 1) if ctx.doc.format != "html" else 1

    def text(number: int) -> str:
        if number not in lines:
            lines[number] = normal(raw[number - 1]) if 1 <= number <= len(raw) else " "
        return lines[number]

    def better(fact: Mention | Statement, names: list[str]) -> None:
        if not names or names_line(text(fact.line), names):
            return
        if fact.line < body and 1 <= fact.line <= len(raw) and holds_code(raw[fact.line - 1]):
            return
        for number in range(fact.line + 1, min(fact.line + WINDOW, len(raw)) + 1):
            if names_line(text(number), names):
                fact.line, fact.quote = number, ctx.quote(number)
                return

    mentions = ctx.facts.mentions
    for mention in mentions.values():
        better(mention, names_of(mention))
    for statement in ctx.facts.statements:
        ends = [mentions[key] for key in (statement.source, statement.target) if key in mentions]
        better(statement, [name for end in ends for name in names_of(end)])
