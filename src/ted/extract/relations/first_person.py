"""What a profile or a portrait says in the first person: "Je suis data scientist au Cerema", "Avant de rejoindre
le Cerema, j'ai passé quatre ans au BRGM", "j'ai travaillé six ans à l'Insee": the bodies the sentence names
after a verb of work are where the page's person works or worked (``member_of``; relations carry no dates).

The verbs are data (``first_person_work_cues`` in kb/fr/lexicon.yaml).
"""

from __future__ import annotations

import re
from functools import cache

from ted.extract.cues.affiliations import starts_with_title
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import words
from ted.kb.names import fold
from ted.schema import EntityType as E
from ted.schema import RelationType as R

SENTENCES = re.compile(r"[^.!?]+[.!?]?")
PERSON_WORD = re.compile(r"(?:^|[\s,;(])(?:je|j['’]|moi|m['’]|il|elle)\b", re.IGNORECASE)


@component("first_person", requires=("primary", "portrait", "section_portraits", "org_spans"), assigns=("member_of",))
def first_person(ctx: DocState) -> None:
    page_person = _page_person(ctx)
    for seg in ctx.segments:
        person = page_person or ctx.section_portraits.get(seg.index)
        if person is None or seg.kind not in ("paragraph", "item", "quote"):
            continue
        spans = ctx.org_spans.get(seg.index, [])
        for sentence in SENTENCES.finditer(seg.text) if spans else ():
            first, last = _work_clause(sentence)
            for start, _end, org in spans:
                if first <= start < last:
                    ctx.relate(R.MEMBER_OF, person, org, seg.line_at(start))


def _work_clause(sentence: re.Match[str]) -> tuple[int, int]:
    """Where a sentence about the page's person names their workplaces: after a verb of work ("j'ai rejoint
    l'Insee", "il a travaillé six ans au Département du Finistère"), or in the opening title of a bio
    ("Géomaticien à la Région Bretagne depuis 2019, Yannick pilote ..."); (0, 0) if nowhere."""
    text, folded = sentence.group(), fold(sentence.group())
    if starts_with_title(text.strip()):
        comma = text.find(",")
        return sentence.start(), sentence.start() + (comma if comma > 0 else len(text))
    if not PERSON_WORD.search(text) or (cue := _cue().search(folded)) is None:
        return 0, 0
    return sentence.start() + (cue.start() if len(folded) == len(text) else 0), sentence.end()


def _page_person(ctx: DocState) -> str | None:
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is not None and primary.type == E.PERSON:
        return primary.key
    return ctx.portrait


@cache
def _cue() -> re.Pattern[str]:
    """The first verb of work in a folded sentence."""
    cues = words("first_person_work_cues") | words("third_person_work_cues")
    cues = "|".join(re.escape(fold(c)) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{cues})(?!\w)")
