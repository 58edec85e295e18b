"""Chat copies pasted into minutes, read as turns (who spoke, when, what).

Two families of layout are recognised, whatever the tool:

* a header line "Name17:03" / "Name 17:03" followed by the message on the next lines;
* one line per message: "[10:04] Name : message", "10:04:33 De Name à Tout le monde : message",
  "Name (10:04) : message".

A copy is only taken as a chat when at least two turns are found, so an
isolated "10:00 Ouverture : ..." programme line is not read as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ted.extract.cues.person_names import person_name
from ted.kb.lexicon import words
from ted.kb.names import fold
from ted.sources.document import SourceDocument

TIME = r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
HEADER = re.compile(rf"^(?P<name>[^\d:\[\]()]{{2,60}}?)[\s,]*[\[(]?{TIME}[\])]?$")
TIME_FIRST = re.compile(rf"^[\[(]?{TIME}[\])]?\s+(?P<name>[^\d:\[\]()]{{2,60}}?)$")
INLINE = re.compile(
    rf"^[\[(]?{TIME}[\])]?\s*[-–]?\s*(?:(?:De|From)\s+)?(?P<name>[^:]{{2,80}}?)"
    r"(?:\s+(?:à|to)\s+(?:tout le monde|tous|everyone)[^:]*)?\s*:\s*(?P<msg>.*)$", re.IGNORECASE)
NAME_FIRST = re.compile(rf"^(?P<name>[^:\[\]()\d]{{2,60}}?)\s*[\[(]{TIME}[\])]\s*:?\s*(?P<msg>.*)$")
BRACKETED = re.compile(r"\s*[(\[]([^()\[\]]{2,60})[)\]]\s*$")
MARKUP = re.compile(r"^\s*(?:[-*+>]\s+)*|\*\*|__")


@dataclass
class Turn:
    speaker: str  # normal form ("Clémence Saillard"); the host label as written when ``host``
    original: str  # as written, time removed
    time: str  # "17:03"
    line: int
    message: str
    host: bool = False
    affiliation: str = ""  # "Jean DUPONT (DINUM)": what the tool printed in brackets after the name


def _plain(line: str) -> str:
    return MARKUP.sub("", line).strip()


def _speaker(raw: str) -> tuple[str, str, bool, str] | None:
    raw = raw.strip()
    bracket = BRACKETED.search(raw)
    affiliation = bracket.group(1).strip() if bracket else ""
    raw = BRACKETED.sub("", raw).strip()
    if fold(raw) in words("host_labels"):
        return raw, raw, True, ""
    found = person_name(raw, strict_case=False)
    return (found[0], found[1], False, affiliation) if found else None


def _turn_at(lines: list[str], index: int) -> tuple[Turn, int] | None:
    """The turn starting at ``lines[index]`` and the index of the line after it."""
    text = _plain(lines[index])
    for pattern in (INLINE, NAME_FIRST):
        match = pattern.match(text)
        if match and (who := _speaker(match["name"])):
            time = f"{int(match['h']):02d}:{match['m']}"
            return Turn(who[0], who[1], time, index + 1, match["msg"].strip(), who[2], who[3]), index + 1
    match = HEADER.match(text) or TIME_FIRST.match(text)
    if match and (who := _speaker(match["name"])):
        message, end = [], index + 1
        while end < len(lines) and _plain(lines[end]) and not _is_header(lines[end]):
            message.append(_plain(lines[end]))
            end += 1
        time = f"{int(match['h']):02d}:{match['m']}"
        return Turn(who[0], who[1], time, index + 1, " ".join(message), who[2], who[3]), end
    return None


def _is_header(line: str) -> bool:
    text = _plain(line)
    return any(p.match(text) for p in (HEADER, TIME_FIRST, INLINE, NAME_FIRST))


def chat_turns(doc: SourceDocument) -> tuple[list[Turn], set[int]]:
    """The chat turns of a document and the line numbers they cover (to keep them out of prose)."""
    lines = doc.raw_lines
    turns: list[Turn] = []
    covered: set[int] = set()
    index = _body_start(doc)
    while index < len(lines):
        found = _turn_at(lines, index)
        if found is None:
            index += 1
            continue
        turn, end = found
        turns.append(turn)
        covered.update(range(index + 1, end + 1))
        index = max(end, index + 1)
    if len(turns) < 2:
        return [], set()
    return turns, covered


def _body_start(doc: SourceDocument) -> int:
    """Skip front matter: chat never sits there."""
    if doc.metadata_lines:
        return max(doc.metadata_lines.values())
    return 0
