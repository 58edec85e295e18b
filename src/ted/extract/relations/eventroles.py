"""What organisations do for the document's event: organise it ("porté par la DINUM et l'Insee",
"Etalab propose ...", an ``organisateur`` front-matter field) or take part (a list of bodies,
"Administrations participantes : ..."), never counting a listed person's affiliation.
"""

from __future__ import annotations

import re

from ted.extract.cues.dates import leading_time
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import heading_kind, line_label_kind, says_organises, words
from ted.kb.names import fold
from ted.schema import RelationType as R

OF = r"d(?:e la|e l['’]|u|es|e)\s*"
TEAM = rf"(?:l['’]équipe\s+{OF}|les équipes\s+{OF})?"
ORGANISER_BEFORE = re.compile(
    rf"(?:\b(?:port|organis|propos|co-?organis|anim|coordonn|pilot)[ée]e?s?\s+par|à l['’]initiative {OF}"
    rf"|\ben partenariat avec|\bco-?organis[ée]e?s?\s+avec|\ben collaboration avec|\ben association avec"
    rf"|\bconjointement avec|\baux côtés {OF}|\ben co-?organisation avec"
    rf"|\b(?:co-?)?organis(?:e|ent|era|eront|ait|aient)\s*,\s*avec)"
    rf"(?:\s+|(?<=['’]))(?:[^,.;()]{{0,40}}?\s+(?:et|avec)\s+)?{TEAM}"
    r"(?:la |le |les |l['’])?$", re.IGNORECASE)
# In a programme line any "par" names who runs the slot: "9h45 : Présentation ... par l'équipe du Lab IA".
PROGRAMME_BY = re.compile(rf"\bpar\s+{TEAM}(?:la |le |les |l['’])?$", re.IGNORECASE)
CHAIN = re.compile(rf"^\)?\s*(?:\([^()]*\)\s*)?(?:,|et|&)\s+{TEAM}"
                   r"(?:la |le |les |l['’]|du |de la |de l['’]|des |d['’])?$", re.IGNORECASE)
# "avec la participation de la DGFiP et de l'Urssaf": bodies that take part without organising.
PARTICIPANT_BEFORE = re.compile(rf"\b(?:avec la participation|avec le concours|en présence)\s+{OF}"
                                r"(?:la |le |les |l['’])?$", re.IGNORECASE)


ORGANISER_FIELDS = ("organisateur", "organisateurs", "organisatrice", "organizer", "organizers", "organiser",
                    "organisation", "organise_par", "organisé_par", "porteur", "porteurs")


@component("event_roles", requires=("main_event", "org_spans", "person_spans", "maker_spans"),
           assigns=("organisation", "organiser_of", "participant_in"))
def organisation_roles(ctx: DocState) -> None:
    """Organisers ("porté par la DINUM et l'Insee", "Etalab propose ...") and participating organisations."""
    if ctx.main_event is None:
        return
    _front_matter_organisers(ctx)
    _named_organisers(ctx)
    for seg in ctx.segments:
        spans = ctx.org_spans.get(seg.index, [])
        timed = leading_time(seg.text) is not None
        organiser = participating = False
        previous: tuple[int, str] | None = None
        for start, end, key in spans:
            if previous and previous[1] == key:  # "la direction ... (DINUM)": the same body again
                previous = (end, key)
                continue
            before = seg.text[:start]
            chained = organiser and previous is not None and CHAIN.match(seg.text[previous[0]:start])
            organiser = bool(ORGANISER_BEFORE.search(before) or (timed and PROGRAMME_BY.search(before)) or chained
                             or _organiser_label(seg, start))
            # "l'outil Pynsee, porté par l'Insee": the body makes the project, not the event.
            organiser = organiser and (seg.index, start) not in ctx.maker_spans
            participating = not organiser and bool(
                PARTICIPANT_BEFORE.search(before)
                or (participating and previous is not None and CHAIN.match(seg.text[previous[0]:start])))
            line = seg.line_at(start)
            if organiser or (says_organises(seg.text[end:]) and not _in_parentheses(before)):
                ctx.relate(R.ORGANISER_OF, key, ctx.main_event, line)
            elif participating or _listed_org(ctx, seg, start):
                ctx.relate(R.PARTICIPANT_IN, key, ctx.main_event, line)
            previous = (end, key)


# "organisé par La Gazette des communes le 1er juin": a body no list knows, named after the cue.
ORGANISED_BY_NAME = re.compile(
    r"\borganisée?s?\s+par\s+(?P<name>(?:L[ae]\s+|Les\s+|L['’])?[A-ZÀ-Ý][\w'’.&-]*"
    r"(?:\s+(?:de|des|du|d['’]|et|&|[A-ZÀ-Ý0-9][\w'’.&-]*|[a-zà-ÿ]{3,}))*?)"
    r"(?=\s+(?:le|la|les|l['’]|du|à|au|aux|en|pour|sur|avec|dans|depuis|qui|ce|cette|et)\b|\s*[,.;:!?()]|\s*$)")


def _named_organisers(ctx: DocState) -> None:
    """An organiser's name after "organisé par" that no finder read (not a known body, not a person)."""
    for seg in ctx.segments:
        taken = ctx.org_spans.get(seg.index, []) + ctx.person_spans.get(seg.index, [])
        for match in ORGANISED_BY_NAME.finditer(seg.text):
            start, end = match.span("name")
            if len(match["name"].split()) > 6 or any(s < end and start < e for s, e, _ in taken):
                continue
            line = seg.line_at(start)
            ctx.relate(R.ORGANISER_OF, ctx.organisation(match["name"], line), ctx.main_event, line)


LINE_LABEL = re.compile(r"^\s*(?P<label>[^:]{3,40}?)\s*:\s*\S")


def _organiser_label(seg: Segment, offset: int) -> bool:
    """"Organisateurs : DINUM, Insee et Cerema": a body listed after an organisers' label."""
    start, end = seg.line_range(offset)
    label = LINE_LABEL.match(seg.text[start:end])
    return bool(label and start + label.end("label") < offset
                and " ".join(fold(label["label"]).split()) in words("organiser_labels"))


def _front_matter_organisers(ctx: DocState) -> None:
    meta = ctx.doc.metadata if isinstance(ctx.doc.metadata, dict) else {}
    # TOML tables and YAML mappings nest them: [event] organisateur = "Etalab".
    tables = [meta] + [v for v in meta.values() if isinstance(v, dict)]
    for table, field in ((t, f) for t in tables for f in ORGANISER_FIELDS):
        value = table.get(field)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and item.strip():
                line = ctx.doc.line_of(field)
                ctx.relate(R.ORGANISER_OF, ctx.organisation(item, line), ctx.main_event, line)


def _listed_org(ctx: DocState, seg: Segment, offset: int) -> bool:
    """An organisation listed as taking part, not the affiliation of a listed person ("Nadia Haddad (Insee)")."""
    before = [end for _, end, _ in ctx.person_spans.get(seg.index, []) if end <= offset]
    if before and AFFILIATION_GAP.match(seg.text[max(before):offset]):
        return False  # "Ahmed Benali, administrateur au ministère de la Culture": where he works, not a guest
    if seg.kind == "item" and heading_kind(seg.heading) == "org_list":
        return True
    start, end = seg.line_range(offset)
    return line_label_kind(seg.text[start:end]) in ("org_list", "participant")


# Between a person and an organisation: "(" or a clause without a list separator.
AFFILIATION_GAP = re.compile(r"^(?:\s*\(\s*|\s*,\s+[^;,()]*?\b(?:à|au|aux|chez|de|du|des|d['’]|à la|à l['’])\s*"
                             r"|\s+(?:[-–—]|@)\s*[^;,()]*?)$", re.IGNORECASE)


def _in_parentheses(before: str) -> bool:
    sentence = re.split(r"(?<=[.!?])\s+", before)[-1]
    return sentence.count("(") > sentence.count(")")

