"""Projects presented as cards under a heading that announces projects: "## Les lauréats", then one
sub-heading per project ("### Ortho-Vigie"), a description, and labelled lines that say who carries it
("**Porté par** : IGN (LiGéo), avec le Département de la Gironde") and whom to ask ("**Contact** : X").

The pages of calls for projects, of incubators' portfolios and of programmes list their projects this way;
the labels are data (``project_carrier_labels`` for bodies, ``project_people_labels`` for people).
"""

from __future__ import annotations

import re
from functools import cache

from ted.extract.cues.person_names import person_name
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import heading_kind, words
from ted.kb.names import fold
from ted.schema import RelationType as R

MAX_CARD_TITLE_WORDS = 8


@component("project_cards", requires=("segments", "org_spans", "person_spans"),
           assigns=("project", "item_projects", "works_on"))
def project_cards(ctx: DocState) -> None:
    for heading, sections in _cards(ctx.segments):
        name = heading.text.strip(" *_")
        if len(name.split()) > MAX_CARD_TITLE_WORDS or person_name(name) is not None:
            continue
        project = ctx.project(name, heading.line)
        for seg in sections:
            ctx.item_projects.setdefault(seg.index, []).append(project)
            _labelled(ctx, seg, project)


def _cards(segments: list[Segment]) -> list[tuple[Segment, list[Segment]]]:
    """(sub-heading, the segments of its section) for each sub-heading right under a projects heading."""
    cards: list[tuple[Segment, list[Segment]]] = []
    parent: Segment | None = None
    for seg in segments:
        if seg.kind != "heading":
            if cards and parent is not None:
                cards[-1][1].append(seg)
            continue
        if parent is not None and seg.level <= parent.level:
            parent = None
        if parent is None and seg.level >= 2 and _announces_projects(seg.text):  # not the page title
            parent = seg
        elif parent is not None and seg.level == parent.level + 1:
            cards.append((seg, []))
    return [(heading, sections) for heading, sections in cards if sections]


def _announces_projects(text: str) -> bool:
    return heading_kind(text) == "project" or fold(text).strip(" :") in _laureate_headings()


@cache
def _laureate_headings() -> frozenset[str]:
    return frozenset(fold(w) for w in words("laureate_headings"))


def _labelled(ctx: DocState, seg: Segment, project: str) -> None:
    """Bodies on a carrier's line and people on a contact's or team's line work on the project."""
    for start, line in seg.lines_text():
        label = _label().match(fold(line)) if len(fold(line)) == len(line) else _label().match(line)
        if label is None:
            continue
        end = start + len(line)
        if fold(label["label"]) in _people_labels():
            spans = ctx.person_spans.get(seg.index, [])
        else:
            spans = ctx.org_spans.get(seg.index, [])
        for span_start, _span_end, key in spans:
            if start + label.end() <= span_start < end and key != project:
                ctx.relate(R.WORKS_ON, key, project, seg.line_at(span_start))


@cache
def _people_labels() -> frozenset[str]:
    return frozenset(fold(w) for w in words("project_people_labels"))


@cache
def _label() -> re.Pattern[str]:
    labels = {fold(w) for w in words("project_carrier_labels")} | _people_labels()
    alternatives = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^[\s*_]*(?P<label>(?i:{alternatives}))[\s*_]*:\s*")
