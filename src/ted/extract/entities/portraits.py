"""Portraits and interviews: a page about one person ("Portrait : Camille Durand, data scientist à la
DGFiP", a page tagged or filed as a portrait), whose first-person answers say where they work.
"""

from __future__ import annotations

import re

from ted.extract.cues.affiliations import affiliation
from ted.extract.cues.person_names import NAME, person_name
from ted.extract.layout.frontmatter_infer import page_kind
from ted.extract.layout.segments import Segment, title_of
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import heading_kind
from ted.kb.names import fold
from ted.schema import RelationType as R

PORTRAIT = re.compile(r"^\s*(?:portrait|interview|entretien|rencontre avec|\d+ questions à|questions à|témoignage|"
                      r"parcours|profil)\b\s*(?:de\s+|d['’]|avec\s+|à\s+)?[:—–-]?\s*(?P<rest>.+)$", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:j['’]ai rejoint|j['’]ai intégré|je suis|je travaille|j['’]ai été recrutée?|"
                          r"je suis arrivée?|j['’]ai commencé|(?:elle|il) a rejoint|(?:elle|il) a intégré|"
                          r"(?:elle|il) travaille|(?:elle|il) est (?:aujourd['’]hui |actuellement )?"
                          r"(?:\w+ ){0,4}(?:à|au|chez))\b[^.!?]*$", re.IGNORECASE)


@component("portrait", requires=("segments", "primary"),
           assigns=("portrait", "primary", "person"))
def detect_portrait(ctx: DocState) -> None:
    """A portrait or interview ("Portrait : Camille Durand, data scientist à la DGFiP") is about one person."""
    if ctx.facts.primary:
        return
    found = title_of(ctx.doc)
    match = PORTRAIT.match(found[0]) if found else None
    if found and not match and _filed_as_portrait(ctx):
        match = re.match(r"(?P<rest>.+)", found[0])  # a portraits/ folder or tag: the title names the person
    opening = False
    if found and not match and page_kind(ctx.doc) == "person":
        # A page filed with people (membres/, equipe/, team/...) whose title opens on a name is that person's
        # profile, whatever its format ("<h1>Inès Marchetti</h1>", "Inès Marchetti – cartographe").
        match, opening = re.match(r"(?P<rest>.+)", found[0]), True
    if not match:
        return
    for name in NAME.finditer(match["rest"]):
        if opening and match["rest"][:name.start()].strip():
            return
        if (named := person_name(name.group())):
            line = found[1]
            titles, _org, _known = affiliation(match["rest"][name.end():])
            ctx.portrait = ctx.person(*named, line, [titles] if titles else [])
            ctx.facts.primary = ctx.portrait
            return


def _filed_as_portrait(ctx: DocState) -> bool:
    meta = ctx.doc.metadata if isinstance(ctx.doc.metadata, dict) else {}
    labels = [ctx.doc.path] + [str(v) for k in ("tags", "categories", "category", "type", "layout")
                               for v in (meta.get(k) if isinstance(meta.get(k), list) else [meta.get(k)]) if v]
    return any(re.search(r"portrait|interview|entretien|temoignage", fold(label)) for label in labels)


@component("portrait_sections", requires=("segments", "portrait", "person_spans"),
           assigns=("section_portraits",))
def portrait_sections(ctx: DocState) -> None:
    """A newsletter's or a blog's section headed "Portrait de participant" / "Portrait : Camille Durand" is about
    one person: the one its heading names, else the first its opening lines name ("**Benoit Courty,
    datascientist à ...** inaugure cette série"). Its first-person answers are that person's."""
    if ctx.portrait is not None:
        return
    for seg in ctx.segments:
        if seg.kind != "heading" or not PORTRAIT.match(LEAD.sub("", seg.text)):
            continue
        section = _section_of(ctx, seg)
        person = next((key for s in [seg, *section[:OPENING]] for _s, _e, key in ctx.person_spans.get(s.index, [])),
                      None)
        if person is not None:
            ctx.section_portraits.update({s.index: person for s in section})


LEAD = re.compile(r"^[\W\d_]+")  # "4. ", "👤 ": numbering and pictograms before a heading's words
OPENING = 3  # segments after a portrait's heading that may name its person


def _section_of(ctx: DocState, heading: Segment) -> list[Segment]:
    """The segments under ``heading`` up to the next heading of its level or above."""
    section = []
    for seg in ctx.segments[heading.index + 1:]:
        if seg.kind == "heading" and seg.level <= heading.level:
            break
        section.append(seg)
    return section


@component("portrait_links", requires=("portrait", "section_portraits", "org_spans"),
           assigns=("member_of",))
def portrait_links(ctx: DocState) -> None:
    """In a portrait, "j'ai rejoint la DGFiP" / "je travaille à l'Insee": the person's organisations."""
    for seg in ctx.segments:
        if (person := ctx.portrait_at(seg)) is None:
            continue
        for start, _end, key in ctx.org_spans.get(seg.index, []):
            if FIRST_PERSON.search(seg.text[:start]):
                ctx.relate(R.MEMBER_OF, person, key, seg.line_at(start))


@component("filed_project", requires=("segments", "primary", "portrait"), assigns=("primary", "project"))
def filed_project(ctx: DocState) -> None:
    """A page filed with projects (projets/, startups/, produits/...) and no front matter naming it is the page of
    the project its title names ("<h1>Carnet Aidant</h1>" in startups/carnet-aidant.html)."""
    if ctx.facts.primary or page_kind(ctx.doc) != "project" or (found := title_of(ctx.doc)) is None:
        return
    name = PAGE_NAME_END.split(found[0], maxsplit=1)[0].strip()
    if 0 < len(name.split()) <= MAX_NAME_WORDS and name[:1].isupper() and heading_kind(name) is None:
        ctx.facts.primary = ctx.project(name, found[1])


PAGE_NAME_END = re.compile(r"\s+[·|–—:-]\s+")  # "Carnet Aidant · Fabrique numérique": the site after the name
MAX_NAME_WORDS = 8
