"""What a profile or a portrait says in the first person: "Je suis data scientist au Cerema", "Avant de rejoindre
le Cerema, j'ai passé quatre ans au BRGM", "j'ai travaillé six ans à l'Insee": the bodies the sentence names
after a verb of work are where the page's person works or worked (``member_of``; relations carry no dates).

The verbs are data (``first_person_work_cues`` in kb/fr/lexicon.yaml).
"""

from __future__ import annotations

import re
from functools import cache

from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import words
from ted.kb.names import fold
from ted.schema import EntityType as E
from ted.schema import RelationType as R

SENTENCES = re.compile(r"[^.!?]+[.!?]?")
FIRST_PERSON = re.compile(r"(?:^|[\s,;(])(?:je|j['’]|moi|m['’])", re.IGNORECASE)


@component("first_person", requires=("primary", "portrait", "org_spans"), assigns=("member_of",))
def first_person(ctx: DocState) -> None:
    person = _page_person(ctx)
    if person is None:
        return
    for seg in ctx.segments:
        if seg.kind not in ("paragraph", "item", "quote"):
            continue
        spans = ctx.org_spans.get(seg.index, [])
        for sentence in SENTENCES.finditer(seg.text) if spans else ():
            text, folded = sentence.group(), fold(sentence.group())
            if not FIRST_PERSON.search(text) or (cue := _cue().search(folded)) is None:
                continue
            first = sentence.start() + (cue.start() if len(folded) == len(text) else 0)
            for start, _end, org in spans:
                if first <= start < sentence.end():
                    ctx.relate(R.MEMBER_OF, person, org, seg.line_at(start))


def _page_person(ctx: DocState) -> str | None:
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is not None and primary.type == E.PERSON:
        return primary.key
    return ctx.portrait


@cache
def _cue() -> re.Pattern[str]:
    """The first verb of work in a folded sentence."""
    cues = "|".join(re.escape(fold(c)) for c in sorted(words("first_person_work_cues"), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{cues})(?!\w)")
