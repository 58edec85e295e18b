"""The project a project meeting is about: "COPIL Opale – 3 avril 2024", "Comité de pilotage du projet Opale".

When the document's event is such a meeting and its title names the project
right after the meeting's kind (``project_meeting_heads`` in kb/fr/layout.yaml),
the project is an entity and the people who attend or speak, and the
organisations they belong to or that take part, work on it. Nothing is
inferred from a title that names a body ("COPIL DINUM") or a community
("COPIL de la communauté data santé").
"""

from __future__ import annotations

import re

from ted.extract.cues import organisations as orgs
from ted.extract.cues.person_names import person_name
from ted.extract.entities.events import REPORT_PREFIX
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import looks_random, words
from ted.kb.names import fold
from ted.schema import RelationType as R

NAME_END = re.compile(r"\s+[-–—:|/]\s+|\s*[,(:#]|\s+(?:du|le|des|n°)\s+(?=\d)|\s+\d{1,2}(?:er)?\s|\s+\d{1,2}/"
                      r"|\s+20\d\d\b")
MAX_NAME_WORDS = 4


@component("meeting_project", requires=("main_event", "participant_in", "member_of"),
           assigns=("project", "works_on"))
def meeting_project(ctx: DocState) -> None:
    if ctx.main_event is None:
        return
    event = ctx.facts.mentions[ctx.main_event]
    name = project_in_title(REPORT_PREFIX.sub("", event.name).strip())
    if name is None:
        return
    key = ctx.project(name, event.line)
    people = {s.source for s in ctx.facts.statements if s.target == ctx.main_event
              and s.type in (R.PARTICIPANT_IN, R.SPEAKER_AT) and s.source.startswith("person:")}
    bodies = {s.source for s in ctx.facts.statements
              if s.target == ctx.main_event and s.type in (R.PARTICIPANT_IN, R.ORGANISER_OF)
              and s.source.startswith("organisation:")}
    for statement in list(ctx.facts.statements):
        if statement.target == ctx.main_event and statement.source in people | bodies:
            ctx.relate(R.WORKS_ON, statement.source, key, statement.line)
        elif statement.type == R.MEMBER_OF and statement.source in people:
            ctx.relate(R.WORKS_ON, statement.target, key, statement.line)


def project_in_title(title: str) -> str | None:
    """"COPIL Opale – 3 avril 2024" → "Opale"; None when the title names no project."""
    folded = fold(title)
    if len(folded) != len(title):
        return None
    for head in sorted(words("project_meeting_heads"), key=len, reverse=True):
        if folded.startswith(head) and not folded[len(head):len(head) + 1].isalnum():
            rest = title[len(head):].lstrip(" :–—-")
            break
    else:
        return None
    for link in sorted(words("project_meeting_links"), key=len, reverse=True):
        if fold(rest).startswith(link + " "):
            rest = rest[len(link) + 1:]
            break
    name = NAME_END.split(rest, maxsplit=1)[0].strip(" .«»\"")
    return name if _names_a_project(name) else None


def _names_a_project(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= MAX_NAME_WORDS or not name[:1].isupper():
        return False
    if orgs.lookup(name) or orgs.org_shaped(name) or person_name(name) or looks_random(name):
        return False
    keys = {fold(t) for t in tokens}
    return not keys & (words("noise") | words("event_words") | words("determiners"))
