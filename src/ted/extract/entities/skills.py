"""Skills from the project's thesaurus, tied to what they describe.

A skill named in a project's list item is what the project is ``about``; in
the title, summary or programme of an event page, what the event is about; in
a profile or a portrait (the document's person), what the person ``has``; in
a job title ("data scientist"), what that person has.
"""

from __future__ import annotations

import re

from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.gazetteer import find_skills
from ted.kb.lexicon import heading_kind
from ted.schema import EntityType as E
from ted.schema import RelationType as R


@component("skills", requires=("segments", "main_event", "primary", "org_spans", "person_spans", "item_projects"),
           assigns=("skill", "has_skill", "about"))
def find_skill_links(ctx: DocState) -> None:
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    profile = primary.key if primary is not None and primary.type == E.PERSON else None
    project = primary.key if primary is not None and primary.type == E.PROJECT else None
    for seg in ctx.segments:
        if any(heading_kind(h) == "reference" for h in seg.section) or seg.kind == "code":
            continue
        named = _named_spans(ctx, seg)
        for match in find_skills(seg.text):
            if any(match.start < e and s < match.end for s, e in named) or _inside_proper_name(seg.text, match.start):
                continue
            holders = _holders(ctx, seg, match.start, profile, project)
            if not holders:
                continue  # a skill word with nothing it describes ("data engineers" in a head count)
            line = seg.line_at(match.start)
            skill = ctx.facts.entity(E.SKILL, match.name, line, ctx.quote(line),
                                     aliases=[match.text] if match.text != match.name else [])
            for source, relation in holders:
                ctx.relate(relation, source, skill, line)


@component("skills_from_work", requires=("works_on", "about"),
           assigns=("has_skill",))
def skills_from_work(ctx: DocState) -> None:
    """Who works on a project has the skills the project is about (evidence: the project's line)."""
    about = [(s.source, s.target, s.line) for s in ctx.facts.statements if s.type == R.ABOUT and s.inherited]
    for statement in list(ctx.facts.statements):
        if statement.type != R.WORKS_ON or ctx.facts.mentions[statement.source].type != E.PERSON:
            continue
        for project, skill, line in about:
            if project == statement.target:
                ctx.relate(R.HAS_SKILL, statement.source, skill, line)


def _named_spans(ctx: DocState, seg: Segment) -> list[tuple[int, int]]:
    """Where the segment names a person, organisation or project: "Transformers" the project is no skill."""
    spans = [(s, e) for s, e, _ in ctx.org_spans.get(seg.index, []) + ctx.person_spans.get(seg.index, [])]
    for key in ctx.item_projects.get(seg.index, []):
        mention = ctx.facts.mentions[key]
        for name in [mention.name, *mention.aliases]:
            index = seg.text.find(name)
            if index >= 0:
                spans.append((index, index + len(name)))
    return spans


def _inside_proper_name(text: str, start: int) -> bool:
    """"Semaine de l'Innovation publique": a capitalised word just before, mid-sentence, makes it a name."""
    before = re.sub(r"(?:\s|\b(?:de|du|des|la|le|l['’]|d['’]|à))+$", "", text[:start], flags=re.IGNORECASE)
    words_before = before.split()
    if not words_before or re.search(r"[.!?:]\s*$", before):
        return False
    last = words_before[-1].strip("«\"(")
    return len(words_before) > 1 and last[:1].isupper()


def _holders(ctx: DocState, seg: Segment, start: int, profile: str | None,
             project: str | None = None) -> list[tuple[str, str]]:
    holders = [(key, R.ABOUT) for key in ctx.item_projects.get(seg.index, [])]
    if project and not holders and seg.kind in ("title", "meta", "paragraph"):
        holders.append((project, R.ABOUT))  # a project page's own prose (mission, summary) describes it
    if profile:
        holders.append((profile, R.HAS_SKILL))
    for _s, e, key in ctx.person_spans.get(seg.index, []):
        if e <= start and not seg.text[e:start].count("."):
            holders.append((key, R.HAS_SKILL))  # "X, data scientist ..." / "X (experte NLP)"
    if ctx.main_event and (seg.kind == "meta" or seg.index == 0 or (seg.kind == "heading" and seg.level <= 1)):
        holders.append((ctx.main_event, R.ABOUT))
    return holders
