"""Sentences about a project that do not name it: "Ce projet a d'abord été lancé par la DINUM", "Le projet a été
repris avec une équipe composée de la DINUM, de l'Insee et du ministère des Armées", in a section whose heading
names the project ("Zoom sur un projet : OCR") or on the project's own page.

The sentence opens on a demonstrative or definite article and a project head word (``project_heads``); the
bodies and people after a maker's cue (``project_maker_cues``, ``project_team_cues``) work on the project.
"""

from __future__ import annotations

import re
from functools import cache

from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import exact, words
from ted.schema import EntityType as E
from ted.schema import RelationType as R

SENTENCES = re.compile(r"[^.!?]+[.!?]?")


@component("project_subject", requires=("item_projects", "org_spans", "person_spans", "primary"),
           assigns=("works_on",))
def project_subject(ctx: DocState) -> None:
    project = _section_project(ctx, -1)
    for seg in ctx.segments:
        if seg.kind == "heading":
            project = _section_project(ctx, seg.index)  # a section's project, found once
        if seg.kind not in ("paragraph", "item") or project is None:
            continue
        for sentence in SENTENCES.finditer(seg.text):
            if _subject().match(sentence.group()):
                _makers(ctx, seg, project, sentence.start(), sentence.end())


@cache
def _subject() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(words("project_heads"), key=len, reverse=True))
    return re.compile(rf"^\s*(?:ce|cet|cette|le|la|l['’]|notre)\s*(?:{heads})\b", re.IGNORECASE)


@cache
def _cue() -> re.Pattern[str]:
    """"lancé par", "porté par", "une équipe composée de": who comes next makes the project."""
    cues = exact("maker_cues") | exact("project_maker_cues") | exact("project_team_cues")
    alternatives = "|".join(re.escape(c).replace(r"\ ", r"\s+").replace("'", "['’]")
                            for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:\s+|(?<=['’]))", re.IGNORECASE)


def _section_project(ctx: DocState, heading: int) -> str | None:
    """The one project the section's heading names, else the page's own project."""
    if heading >= 0:
        text = ctx.segments[heading].text
        named = set(ctx.item_projects.get(heading, [])) or {
            m.key for m in ctx.facts.of_type(E.PROJECT)
            if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in [m.name, *m.aliases])}
        if len(named) == 1:
            return named.pop()
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    return primary.key if primary is not None and primary.type == E.PROJECT else None


def _makers(ctx: DocState, seg: Segment, project: str, start: int, end: int) -> None:
    text = seg.text[start:end]
    cue = _cue().search(text)
    if cue is None:
        return
    first = start + cue.end()
    for span_start, _span_end, key in ctx.org_spans.get(seg.index, []) + ctx.person_spans.get(seg.index, []):
        if first <= span_start < end:
            ctx.relate(R.WORKS_ON, key, project, seg.line_at(span_start))
