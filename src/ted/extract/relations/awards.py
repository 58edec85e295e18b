"""Projects in news about a contest: award headings and the teams that presented them.

"## Premier prix : MédiCarte", "## Prix du jury : Triage IA", "## Lauréat : X" name a project presented at
the document's event. Under such a heading, "L'équipe de A et B (Org) a présenté X, ..." and "Présenté par
A et B" name who built it: they work on it, and "(Org)" after their names is where they work. A name the
organisation finder took for a body ("MédiCarte") is the project, not an organisation.
"""

from __future__ import annotations

import re

from ted.extract.cues import organisations as orgs
from ted.extract.cues.person_names import person_name
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import first_names, words
from ted.kb.names import fold, name_key
from ted.schema import RelationType as R

# "Premier prix : MédiCarte", "Prix du jury – Triage IA", "Premier prix : VéloFlux, un tableau de bord ...".
AWARD = re.compile(r"^[\s*_]*(?P<label>[^:–—*]{3,40}?)[\s*_]*(?::|\s[–—-]\s)\s*(?P<name>[^:,(–—]{2,60}?)[\s*_]*"
                   r"(?:$|[,(–—].*$)")
PAREN = re.compile(r"\(([^()]{2,120})\)")
# "L'équipe de A et B (Org) a présenté X": the team, then what it presented.
TEAM = re.compile(r"\b(?i:équipe)\s+(?:de\s+|d['’])(?P<who>[^.;!?]{3,200}?)\s+(?:a|ont|avait)\s+"
                  r"(?i:présenté|imaginé|conçu|développé|construit|créé)\s+(?P<name>[A-ZÀ-Ý][^,.;:()]{1,60})")


@component("awards", requires=("segments", "main_event", "project", "org_spans", "person_spans"),
           assigns=("project", "organisation", "works_on", "presented_at", "member_of"))
def award_projects(ctx: DocState) -> None:
    """An award heading, or a paragraph that is only an award line, opens a section about its project;
    an award list item is its own section."""
    current: str | None = None
    for seg in ctx.segments:
        if seg.kind == "heading":
            current = None
        # Outside an event's page, only a heading says "award" clearly enough ("Lauréat : ..." in a profile).
        listed = seg.kind in ("item", "paragraph") and ctx.main_event is not None
        key = _award_line(ctx, seg) if seg.kind == "heading" or listed else None
        if key is not None:
            if seg.kind != "heading":
                _team(ctx, seg, key, 0, len(seg.text))
            if seg.kind == "heading" or (seg.kind == "paragraph" and len(seg.text.split()) <= 10):
                current = key
            continue
        if current is not None:
            _team(ctx, seg, current, 0, len(seg.text))
        _team_sentences(ctx, seg)


def _team_sentences(ctx: DocState, seg: Segment) -> None:
    for match in TEAM.finditer(seg.text):
        words_ = match["name"].split()
        project = next((ctx.projects[k] for n in range(len(words_), 0, -1)
                        if (k := name_key(" ".join(words_[:n]))) in ctx.projects), None)
        if project is not None:
            _team(ctx, seg, project, match.start("who"), match.end("who"))


def _award_line(ctx: DocState, seg: Segment) -> str | None:
    start, end = seg.line_range(0) if seg.starts else (0, len(seg.text))
    match = AWARD.match(seg.text[start:end].strip())
    if not match or not _award_label(match["label"]):
        return None
    name = match["name"].strip(" *_«»\"“”")
    if not orgs.proper_name(name, 6) or orgs.lookup(name) or _a_person(name) or _award_label(name):
        return None  # "Lauréat : Prix de l'innovation publique" names the award, not a project
    key = ctx.project(name, seg.line)
    _not_an_organisation(ctx, name, key)
    if ctx.main_event:
        ctx.relate(R.PRESENTED_AT, key, ctx.main_event, seg.line)
    return key


def _a_person(name: str) -> bool:
    """"Prix du public : Léa Fontaine" rewards a person; "Triage IA" is written like a name but is none."""
    return person_name(name) is not None and fold(name.split()[0]) in first_names()


def _award_label(label: str) -> bool:
    key = " ".join(fold(label).strip(" *_#").split())
    return any(key == w or key.startswith(w + " ") for w in words("award_labels"))


def _team(ctx: DocState, seg: Segment, project: str, begin: int, finish: int) -> None:
    """Everyone named in the range built the project; "(Org)" after a run of names is where they work."""
    people = [(s, e, k) for s, e, k in ctx.person_spans.get(seg.index, []) if begin <= s and e <= finish]
    for start, _end, person in people:
        ctx.relate(R.WORKS_ON, person, project, seg.line_at(start))
    position = begin
    for match in PAREN.finditer(seg.text, begin, finish):
        group = [(s, k) for s, e, k in people if position <= s and e <= match.start()
                 and not re.search(r"[.;!?]", seg.text[e:match.start()])]
        position = match.end()
        text = match.group(1).strip()
        known = orgs.lookup(text)
        if not group or not (known or orgs.org_shaped(text) or orgs.is_acronym(text) or orgs.proper_name(text, 5)):
            continue
        org = ctx.organisation(text, seg.line_at(match.start()), known)
        for start, person in group:
            ctx.relate(R.MEMBER_OF, person, org, seg.line_at(start))


def _not_an_organisation(ctx: DocState, name: str, project: str) -> None:
    """Drop an organisation mention of the same name, with what was said of it."""
    key = ctx.org_keys.pop(name_key(name), None)
    if key is None or key == project or key == ctx.facts.primary:
        return
    ctx.facts.mentions.pop(key, None)
    ctx.facts.statements[:] = [s for s in ctx.facts.statements if key not in (s.source, s.target)]
    for spans in ctx.org_spans.values():
        spans[:] = [span for span in spans if span[2] != key]
    ctx.org_keys = {n: k for n, k in ctx.org_keys.items() if k != key}
