"""Who speaks in a meeting's chat took part in it, and belongs to the body their label names."""

from __future__ import annotations

from ted.extract.cues import organisations as orgs
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.schema import RelationType


@component("chat_speakers", requires=("turns", "main_event"),
           assigns=("person", "organisation", "participant_in", "member_of"))
def chat_speakers(ctx: DocState) -> None:
    """Each speaker is a participant (the host's own "Vous" label is nobody)."""
    for turn in ctx.turns:
        if turn.host:
            continue
        key = ctx.person(turn.speaker, turn.original, turn.line)
        if ctx.main_event:
            ctx.relate(RelationType.PARTICIPANT_IN, key, ctx.main_event, turn.line)
        known = orgs.lookup(turn.affiliation) if turn.affiliation else None
        if known or (turn.affiliation and (orgs.is_acronym(turn.affiliation) or orgs.org_shaped(turn.affiliation))):
            ctx.relate(RelationType.MEMBER_OF, key, ctx.organisation(turn.affiliation, turn.line, known), turn.line)
