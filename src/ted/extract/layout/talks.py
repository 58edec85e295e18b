"""Projects that open a talk's title in an event's programme: "**14h20 :** Anonyma, la pseudonymisation des
décisions de justice par Élodie Vasseur", "10h00 | GéoQuartiers : trois ans de cartes | Inès Marchand".

A coined name (no ordinary word: "Anonyma", "GéoQuartiers", "Hydroviz") followed
by ", " or " : " and a description names what the slot presents: a project,
presented at the event, worked on by the slot's speakers. Ordinary words that
open titles ("Atelier : ...", "Données de santé : ...") and bodies are left out.
"""

from __future__ import annotations

import re

from ted.extract.cues import organisations as orgs
from ted.extract.cues.dates import leading_time
from ted.extract.cues.person_names import person_name
from ted.extract.layout.programme import programme, untimed_agenda
from ted.extract.layout.segments import Segment
from ted.extract.layout.tables import row_time, row_title, table_of
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.language import is_common_word
from ted.kb.lexicon import exact, first_names, looks_random, words
from ted.kb.names import fold, name_key
from ted.schema import RelationType as R

LEAD = re.compile(r"^(?:\*\*|__)?(?P<name>[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý0-9][\w'’.-]*){0,2}?)(?:\*\*|__)?"
                  r"\s*(?:,|:|\s[–—-])\s+\S")


# "Héberger ses modèles : retour d'expérience sur Forgia", "Focus sur Territoria".
SUBJECT = re.compile(r"\b(?i:retours?\s+d['’]expérience|rex|focus|zoom|gros plan|éclairage|cas d['’]usage)\s+"
                     r"(?i:sur|de|du projet|de l['’]outil|d['’])\s*"
                     r"(?P<name>[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý0-9][\w'’.-]*){0,2})")


@component("talks", requires=("segments", "main_event", "person_spans"),
           assigns=("project", "item_projects", "presented_at", "works_on"))
def lead_projects(ctx: DocState) -> None:
    if ctx.main_event is None:
        return
    for seg, title in _slots(ctx):
        for match in filter(None, (LEAD.match(title), SUBJECT.search(title))):
            if _coined(ctx, match["name"]) or _lone_name(seg, match["name"]):
                _presented(ctx, seg, match["name"].rstrip("."))


def _presented(ctx: DocState, seg: Segment, name: str) -> None:
    """The slot presents the project; its speakers work on it."""
    line = seg.line
    key = ctx.project(name, line)
    listed = ctx.item_projects.setdefault(seg.index, [])
    if key not in listed:
        listed.append(key)
    ctx.relate(R.PRESENTED_AT, key, ctx.main_event, line)
    for _, _, person in ctx.person_spans.get(seg.index, []):
        ctx.relate(R.WORKS_ON, person, key, line)


def _slots(ctx: DocState) -> list[tuple[Segment, str]]:
    """(segment, talk title) of each programme slot, timed or not."""
    found = []
    for seg, _children in programme(ctx):
        table = table_of(ctx.segments, seg) if seg.kind == "table" else None
        if table is not None and row_time(table, seg):
            found.append((seg, row_title(table, seg)))
        elif (timed := leading_time(seg.text)) is not None:
            found.append((seg, timed[2]))
    return found or untimed_agenda(ctx)


def _coined(ctx: DocState, name: str) -> bool:
    """A name no dictionary has: a word the language model does not know, an inner capital, a digit."""
    tokens = name.split()
    keys = {fold(t) for t in tokens}
    if keys & (words("noise") | words("event_words") | words("title_heads") | words("link_noise")):
        return False
    if orgs.lookup(name) or name_key(name) in ctx.org_keys or person_name(name) or looks_random(name):
        return False
    for token in tokens:
        if token.upper() in exact("not_org_acronyms") or token.isdigit():
            continue  # "Temps 1 – Propos liminaires": a numbered step of the programme, not a name
        if any(c.isdigit() for c in token) or re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", token) or not is_common_word(token):
            return True
    return False


def _lone_name(seg: Segment, name: str) -> bool:
    """One word the NER reads as a name, and no first name: "Questio : interroger les publications ..."."""
    if " " in name or fold(name) in first_names() or orgs.is_acronym(name):
        return False
    return any(e.label in ("PER", "MISC") and e.text == name for e in seg.ents)
