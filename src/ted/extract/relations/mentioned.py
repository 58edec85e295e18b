"""Who speaks at the events a document mentions beside its own: a newsletter's "le prochain atelier se
tiendra le jeudi 30 mars ... Au programme : Formation par A et B", a section "Retour sur l'atelier du
14 mars" where "C est venu présenter ...".

An event's scope is the rest of the segment that dates it, or the section under the heading that names
it; the people named there with a speaker's cue (``people.speaks``, a speech verb) speak at that event,
not at the page's own.
"""

from __future__ import annotations

import re

from ted.extract.entities.people import SPEECH_VERB, speaks
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.schema import RelationType as R


@component("mentioned_event_roles", requires=("mentioned_events", "person_spans", "speaker_at"),
           assigns=("speaker_at",))
def mentioned_event_roles(ctx: DocState) -> None:
    for index, events in ctx.mentioned_events.items():
        seg = ctx.segments[index]
        for offset, event in events:
            for scope, start in _scope(ctx, seg, offset):
                for span_start, span_end, person in ctx.person_spans.get(scope.index, []):
                    if span_start >= start and (_speaks(scope, span_start, span_end)
                                                or _received(scope.text[start:span_start])):
                        _move_speaker(ctx, person, event, scope.line_at(span_start))


def _scope(ctx: DocState, seg: Segment, offset: int) -> list[tuple[Segment, int]]:
    """(segment, first offset) of the text about the event: the rest of its segment, or its section."""
    if seg.kind != "heading":
        return [(seg, offset)]
    section = []
    for other in ctx.segments[seg.index + 1:]:
        if other.kind == "heading" and other.level <= seg.level:
            break
        section.append((other, 0))
    return section


def _speaks(seg: Segment, start: int, end: int) -> bool:
    return speaks(seg, start, end) or SPEECH_VERB.match(seg.text[end:]) is not None


# A host receives a guest on a day: "le réseau … recevra le 29 mars de 14h00 à 16h00 Christopher Kermorvant".
RECEIVED = re.compile(r"\b(?:recevra|recevront|reçoit|accueillera|accueilleront|accueille|invite|invitera)\s+"
                      r"(?:le|ce|les)\s[^.;:]{0,40}$")


def _received(before: str) -> bool:
    return RECEIVED.search(before) is not None


def _move_speaker(ctx: DocState, person: str, event: str, line: int) -> None:
    """The person speaks at the mentioned event; a reading of the same line as the page's event is dropped."""
    ctx.facts.statements[:] = [s for s in ctx.facts.statements
                               if not (s.type == R.SPEAKER_AT and s.source == person
                                       and s.target == ctx.main_event and s.line == line)]
    ctx.relate(R.SPEAKER_AT, person, event, line)
