"""People named in the text, their job titles and organisations, and the part they take in the event.

Candidates come from the NER (PER) and from layout that NER misreads: list
items under a team or attendance heading, "Présents : A, B et C" lines, and
names after "par"/"avec". What follows a name says who the person is:
"X (DG Axionable)", "X, responsable du datalab à l'Insee", "X – Data Scientist".
Where the name sits says what they did: a programme line or "Présentation
par X" makes a speaker, an attendance list a participant (never the
"Excusés" list), a team list a member.
"""

from __future__ import annotations

import re
from functools import cache

from ted.extract.cues import organisations as orgs
from ted.extract.cues.affiliations import (
    Role,
    affiliation,
    analyse,
    cells,
    next_line_title,
    plural_title,
    roles,
    row_affiliation,
    starts_with_title,
)
from ted.extract.cues.dates import leading_time
from ted.extract.cues.person_names import BRAND_CASE, NAME, NAME_PREFIX, person_name
from ted.extract.entities.organisations import heads_a_government_body
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.language import is_common_word, loaded
from ted.kb.lexicon import LABEL, first_names, heading_kind, says_organises, words
from ted.kb.names import fold
from ted.schema import EntityType as E
from ted.schema import RelationType as R

SPEECH_VERB = re.compile(r"^\s+(?:a |ont |avait |va |vient de )?(?:présent|expliqu|rappel|soulign|intervi|interv|anim|"
                         r"modér|rejoint|partag|détaill|montr|témoign|conclu|ouvr|introdu|dirig|pilot|"
                         r"revien|évoqu|insist|raconte|précis|répond|affirm)", re.IGNORECASE)
LIST_SPLIT = re.compile(r"\s*(?:,|;|\s+et\s+|\s+&\s+)\s*(?![^()]*\))")


@component("people", requires=("segments", "ner", "main_event", "org_spans", "lead_orgs", "page_org"),
           assigns=("person", "person_spans", "organisation", "member_of", "organiser_of", "part_of",
                    "participant_in", "speaker_at"))
def find_people(ctx: DocState) -> None:
    for seg in ctx.segments:
        spans = _candidates(seg)
        roles = _shared_roles(seg, spans, [_roles(seg, start, end) for start, end, *_ in spans])
        ctx.person_spans[seg.index] = []
        for (start, end, name, original), found in zip(spans, roles, strict=True):
            line = seg.line_at(start)
            key = ctx.person(name, original, line, [title for title, *_ in found if title])
            ctx.person_spans[seg.index].append((start, end, key))
            title, org_text, known = found[0] if found else (None, None, None)
            if (unit := _unit_in_title(ctx, title, org_text, known, line)) is not None:
                ctx.relate(R.MEMBER_OF, key, unit, line)  # "cheffe du bureau X à la DREES": the bureau too
            _member_of(ctx, seg, key, org_text, known, line)
            for _, other_org, other_known in found[1:]:
                if other_org:
                    ctx.relate(R.MEMBER_OF, key, ctx.organisation(other_org, line, other_known), line)
            _role(ctx, seg, key, start, end, line)
            _card_title(ctx, seg, key)


def _roles(seg: Segment, start: int, end: int) -> list[Role]:
    """What follows a name says who the person is: one role, or several ("co-fondatrice d'EIG et directrice
    d'Etalab"); a table row's other cells; a card's next line."""
    if seg.kind == "table":
        return [row_affiliation(seg.text, start, end)]
    if start == 0 and seg.kind == "paragraph" and len(seg.starts) > 1 and end == seg.line_range(0)[1]:
        return [next_line_title(seg)]
    return roles(seg.text[end:])


# "cheffe du bureau État de santé de la population", "responsable de la cellule géodonnées de la CNAM": the
# title names the unit the person works in, inside the body the title or the sentence names.
UNIT_IN_TITLE = re.compile(r"\b(?:du|de la|de l['’])\s*(?P<unit>(?:bureau|cellule|pôle|division|sous-direction|"
                           r"département|laboratoire|mission)\s+\S.*)$", re.IGNORECASE)


UNIT_LINKS = r"du|de la|de l['’]|des|d['’]|à la|à l['’]|au"


def _unit_in_title(ctx: DocState, title: str | None, org_text: str | None, known, line: int) -> str | None:
    """The unit a job title heads or belongs to, made part of the title's body; None when it names none."""
    match = UNIT_IN_TITLE.search(title or "") if org_text else None
    if match is None:
        return None
    unit = match["unit"]
    tails = [org_text, *([known.name, known.acronym or ""] if known else [])]
    for tail in (t for t in tails if t):
        if cut := re.search(rf"\s+(?:{UNIT_LINKS})\s*{re.escape(tail)}.*$", unit):
            unit = unit[:cut.start()]
    unit = unit.strip(" ,;")
    if len(unit.split()) < 2 or len(unit.split()) > 8:
        return None
    body = ctx.organisation(org_text, line, known)
    key = ctx.organisation(unit[0].upper() + unit[1:], line)
    if key and body and key != body:
        ctx.relate(R.PART_OF, key, body, line)
        return key
    return None


CONNECTOR = re.compile(r"^(?:\s*\*\*)?\s*(?:,|et|&)\s+(?:\*\*)?$")
COLLECTIVE = re.compile(r",\s*(?:tous|toutes)\s+(?:les\s+)?(?P<count>deux|trois|quatre)\b"
                        r"(?P<after>\s+[^,.;!?()]{2,120})")
COUNTS = {"deux": 2, "trois": 3, "quatre": 4}


def _shared_roles(seg: Segment, spans: list, roles: list[list[Role]]) -> list[list[Role]]:
    """People listed together share a role said once for them all: "A et B, datascientists à l'Insee" (a
    title in the plural), "A, juriste, et B, expert cloud, tous deux agents de la DINUM"."""
    roles = [list(found) for found in roles]
    for i in range(len(spans) - 2, -1, -1):
        between = seg.text[spans[i][1]:spans[i + 1][0]]
        shared = roles[i + 1][0] if roles[i + 1] else (None, None, None)
        if not any(roles[i][0] if roles[i] else ()) and CONNECTOR.match(between) and plural_title(shared[0]):
            roles[i] = list(roles[i + 1])
    for match in COLLECTIVE.finditer(seg.text):
        role = affiliation(", " + match["after"].strip())
        before = [i for i, span in enumerate(spans) if span[1] <= match.start()][-COUNTS[match["count"]]:]
        if role[0] and len(before) == COUNTS[match["count"]]:
            for i in before:
                roles[i].append(role)
    return roles


# Front-matter lists of people and the part each list gives them in the page's event.
PEOPLE_FIELDS = {R.SPEAKER_AT: ("intervenants", "intervenantes", "intervenant", "speakers", "speaker", "orateurs",
                                "animateurs", "animatrices", "panelistes", "invites"),
                 R.PARTICIPANT_IN: ("participants", "participantes", "presents", "attendees")}


@component("front_matter_people", requires=("main_event", "person"),
           assigns=("person", "organisation", "member_of"))
def front_matter_people(ctx: DocState) -> None:
    """intervenants = ["Marie Dupont (Etalab)", ...]: the event's speakers (and their organisations)."""
    meta = ctx.doc.metadata if isinstance(ctx.doc.metadata, dict) else {}
    tables = [meta] + [v for v in meta.values() if isinstance(v, dict)]
    for relation, fields in PEOPLE_FIELDS.items():
        for table, field in ((t, f) for t in tables for f in fields):
            value = table.get(field)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.strip():
                    line = ctx.doc.find_line(item.strip(), ctx.doc.line_of(field))
                    _front_matter_person(ctx, item, line, relation)


def _front_matter_person(ctx: DocState, text: str, line: int, relation: str) -> None:
    name = NAME.match(text.strip())
    named = person_name(name.group()) if name else None
    if named is None:
        return
    titles, org_text, known = affiliation(text.strip()[name.end():])
    key = ctx.person(*named, line, [titles] if titles else [])
    if org_text:
        ctx.relate(R.MEMBER_OF, key, ctx.organisation(org_text, line, known), line)
    if ctx.main_event:
        ctx.relate(relation, key, ctx.main_event, line)


# ---------------------------------------------------------------- candidates


DASHED = re.compile(r"\s+[–—]\s+")


# "*Data Feminism*, de Catherine D'Ignazio et Lauren F. Klein (MIT Press)": a work's authors.
AUTHORS_OF_WORK = re.compile(r",\s+(?:de|par)\s+(?:[A-ZÀ-Ý][\w'’.-]*\s+){0,4}(?:et\s+(?:[A-ZÀ-Ý][\w'’.-]*\s+){0,3})?$")


def _author_of_a_work(seg: Segment, start: int) -> bool:
    """A name in a reading list that writes the work the item cites: an author, not one of the community."""
    if not any(heading_kind(h) == "reference" for h in seg.section):
        return False
    sentence = re.split(r"(?<=[.!?])\s+", seg.text[:start])[-1]
    return AUTHORS_OF_WORK.search(sentence) is not None


def _candidates(seg: Segment) -> list[tuple[int, int, str, str]]:
    """(start, end, normal name, original) of the people named in a segment, in order, without overlaps."""
    return [c for c in _all_candidates(seg) if not _author_of_a_work(seg, c[0])]


def _all_candidates(seg: Segment) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for ent in seg.ents:
        if ent.label != "PER" or _after_place_word(seg.text, ent.start):
            continue
        end = ent.start + len(DASHED.split(ent.text)[0])  # "Claire Vasseur — Cheffe": the name ends at the dash
        named = person_name(seg.text[ent.start:end])
        if named and (_first_name(named[0]) or _appositive(seg, end, named[1])
                      or (_cued(seg, ent.start, end) and _unknown_first_name_ok(named[1]))):
            found.append((ent.start, end, *named))
    for start, end in _listed(seg):
        named = person_name(seg.text[start:end])
        if named and not _overlaps(found, start, end) and (_first_name(named[0]) or _people_list(seg, start)
                                                           or _unknown_first_name_ok(named[1])):
            found.append((start, end, *named))
    return sorted(found)


PEOPLE_LISTS = ("team", "participant", "excused", "speaker")


def _people_list(seg: Segment, start: int) -> bool:
    """A name that opens an item of a list of people ("Participants :" then "- Nora Kaci (DGFiP)") or sits in a
    labelled list ("Présents : A, B et C"): the layout says "person", whatever the first name."""
    if seg.kind in ("item", "heading") and start == 0:
        return _list_kind(seg) in PEOPLE_LISTS
    line_start, line_end = seg.line_range(start)
    label = LABEL.match(seg.text[line_start:line_end])
    return bool(label and heading_kind(label["label"]) in PEOPLE_LISTS and start >= line_start + label.start("rest"))


def _first_name(name: str) -> bool:
    return fold(name.split()[0]) in first_names()


def _unknown_first_name_ok(original: str) -> bool:
    """A name whose first word is no known first name passes only if nothing says "product" or "place":
    no brand casing, and a first word that is not an ordinary word ("Démarches Simplifiées", "New AGLAE",
    "Clermont Agglo" are written like names but start with words the language model knows).
    Without a language model loaded (a page with no prose), layout alone decides."""
    tokens = original.split()
    if not tokens or any(BRAND_CASE.search(NAME_PREFIX.sub("", t)) for t in tokens):
        return False
    first = tokens[0].strip(".,;:")
    return not (loaded() and len(first) > 2 and is_common_word(first))


def _cued(seg: Segment, start: int, end: int) -> bool:
    """Layout or wording around a name the NER found that says "person" even without a known first name:
    "par X", "avec X", "(X)", "X (DG Axionable)", "X, directrice de ...", a list item that is only the name."""
    before = seg.text[:start].rstrip()
    if re.search(r"(?:\bpar|\bavec|\bet|\(|:|\bM\.|\bMme|\bMmes?\.|\bDr\.?|\bPr\.?)$", before, re.IGNORECASE):
        return True
    if SPEECH_VERB.match(seg.text[end:]):
        return True  # "Gwendal Bihan a présenté ...", "Loup Cellard explique ..."
    if seg.kind in ("item", "heading", "table") and not before.strip(" -*•0123456789."):
        return True
    titles, org_text, _ = affiliation(seg.text[end:])
    return bool(titles or org_text)


def _appositive(seg: Segment, end: int, original: str) -> bool:
    """"Nadi Bou Hanna, directeur de la DINUM": a job title and a known body right after the name say "person"
    more surely than any first-name list (rare first names are also words the language model knows)."""
    if not seg.text[end:end + 2].startswith(","):
        return False
    titles, _org_text, known = affiliation(seg.text[end:])
    return bool(titles and known) and not any(BRAND_CASE.search(NAME_PREFIX.sub("", t)) for t in original.split())


def _after_place_word(text: str, start: int) -> bool:
    """"Médiathèque Jacques Demy", "rue Jean Jaurès": a name given to a place."""
    before = text[:start].split()
    return bool(before) and fold(before[-1]) in words("place_heads")


def _overlaps(spans: list, start: int, end: int) -> bool:
    return any(start < e and s < end for s, e, *_ in spans)


def _listed(seg: Segment) -> list[tuple[int, int]]:
    """Name spans that layout says are people: list items of people, labelled lists, names after "par"."""
    spans: list[tuple[int, int]] = []
    kind = heading_kind(seg.heading) if seg.kind in ("item", "paragraph", "heading") else None
    if seg.kind == "heading" and heading_kind(seg.text) is None and seg.section:
        kind = heading_kind(seg.section[-1])  # an HTML team page: one sub-heading per person
    if kind in ("team", "participant", "excused", "speaker") and seg.kind in ("item", "heading"):
        head = re.split(r"\s*(?:[(:,–—]|\s-\s)", seg.text, maxsplit=1)[0]
        spans.append((0, len(head.rstrip())))
    elif heading_kind(seg.heading) in ("team", "speaker") and seg.kind == "paragraph" and len(seg.starts) > 1:
        spans.append(seg.line_range(0))  # a card: the name on its own line, the job title under it
    if seg.kind == "table":
        spans.extend(_row_name(seg.text))
    for offset, text in seg.lines_text():
        label = LABEL.match(text)
        if label and heading_kind(label["label"]) in ("team", "participant", "excused", "speaker"):
            spans.extend(_split_names(seg.text, offset + label.start("rest"), offset + len(text)))
    spans.extend(_after_bold_head(seg))
    for match in re.finditer(r"\b(?:par|avec)\s+", seg.text):
        name = NAME.match(seg.text, match.end())
        if name:
            spans.append((name.start(), name.end()))
            spans.extend(_following_names(seg.text, name.end()))
    return spans


def _row_name(text: str) -> list[tuple[int, int]]:
    """The first cell of a row that is a person's name."""
    for start, end in cells(text):
        cell = text[start:end].strip()
        if person_name(cell):
            offset = text.find(cell, start)
            return [(offset, offset + len(cell))]
    return []


def _split_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for part in LIST_SPLIT.split(text[start:end]):
        index = text.find(part, position)
        if index < 0:
            continue
        position = index + len(part)
        name = NAME.match(text, index)
        if name and name.end() <= end:
            spans.append((name.start(), name.end()))
    return spans


BOLD_HEAD_DASH = re.compile(r"\s*[-–—]\s+")


def _after_bold_head(seg: Segment) -> list[tuple[int, int]]:
    """"**Monitorfish, CNSP** - Adeline Célier (designer) et Vincent Chéry": a list item that opens on a bold
    head (a project, a body) then a dash names the people behind it."""
    if seg.kind != "item" or not seg.strong or not seg.text.startswith(seg.strong[0].strip()):
        return []
    head_end = len(seg.strong[0].strip())
    dash = BOLD_HEAD_DASH.match(seg.text, head_end)
    name = NAME.match(seg.text, dash.end()) if dash else None
    if not name or not person_name(name.group()):
        return []
    return [(name.start(), name.end()), *_following_names(seg.text, name.end())]


def _following_names(text: str, end: int) -> list[tuple[int, int]]:
    """"par A (X), B (Y) et C": the names listed after the first one."""
    spans = []
    position = end
    while True:
        rest = text[position:]
        skip = re.match(r"^(?:\s*\([^()]*\))?(?:\s*,\s*[^,()]*?(?=,|\s+et\s|$))?\s*(?:,|et)\s+", rest)
        if not skip:
            break
        name = NAME.match(text, position + skip.end())
        if not name or not person_name(name.group()):
            break
        spans.append((name.start(), name.end()))
        position = name.end()
    return spans


# --------------------------------------------------------------- affiliation


# ------------------------------------------------------------------ relations


def _member_of(ctx: DocState, seg: Segment, key: str, org_text: str | None, known, line: int) -> None:
    targets = []
    if org_text:
        targets.append(ctx.organisation(org_text, line, known))
        _bracketed_parent(ctx, seg, org_text, targets[-1], line)
    else:
        targets.extend(_heading_orgs(ctx, seg))
    if _list_kind(seg) == "team":
        targets.extend(_team_orgs(ctx, seg))
    for target in targets:
        ctx.relate(R.MEMBER_OF, key, target, line)


def _bracketed_parent(ctx: DocState, seg: Segment, org_text: str, org: str | None, line: int) -> None:
    """"..., SRISE (Ministère de l'Agriculture)": the body in brackets after a person's organisation is
    its parent (unless the organisation finder already tied the two)."""
    match = re.search(rf"{re.escape(org_text)}\s*\((?P<parent>[^()]{{2,120}})\)", seg.text)
    parent_text = match["parent"].strip() if match else ""
    known = orgs.lookup(parent_text) if parent_text else None
    if org is None or heads_a_government_body(org_text) or not (known or orgs.org_shaped(parent_text)):
        return
    parent = ctx.organisation(parent_text, line, known)
    if parent and not any(s.type == R.PART_OF and {s.source, s.target} == {org, parent}
                          for s in ctx.facts.statements):
        # Bodies found inside the bracket ("Préfecture de la région Île-de-France": "Région Île-de-France")
        # are words of the parent's name, not parts of the person's organisation.
        inside = fold(parent_text)
        ctx.facts.statements[:] = [
            s for s in ctx.facts.statements
            if not (s.type == R.PART_OF and s.target == org and s.source != parent
                    and any(fold(n) in inside for n in [ctx.facts.mentions[s.source].name,
                                                         *ctx.facts.mentions[s.source].aliases]))]
        ctx.relate(R.PART_OF, org, parent, line)


def _card_title(ctx: DocState, seg: Segment, key: str) -> None:
    """A team card: the name as a heading, the job title as the short paragraph under it."""
    if seg.kind != "heading" or seg.index + 1 >= len(ctx.segments):
        return
    following = ctx.segments[seg.index + 1]
    if following.kind == "paragraph" and len(following.text.split()) <= 12 and starts_with_title(following.text):
        titles, org_text, known = analyse(following.text, parenthesised=False)
        line = following.line
        ctx.person(ctx.facts.mentions[key].name, ctx.facts.mentions[key].name, line, [titles] if titles else [])
        if org_text:
            ctx.relate(R.MEMBER_OF, key, ctx.organisation(org_text, line, known), line)


def _heading_orgs(ctx: DocState, seg: Segment) -> list[str]:
    """The organisation that leads the talk heading a paragraph sits under ("Axionable - Retour ...")."""
    if seg.kind not in ("paragraph", "item") or not seg.section:
        return []
    for other in ctx.preceding(seg):
        if other.kind == "heading":
            return ctx.lead_orgs.get(other.index, [])
    return []


def _team_orgs(ctx: DocState, seg: Segment) -> list[str]:
    for other in ctx.preceding(seg):
        if other.kind == "heading" and heading_kind(other.text) == "team":
            keys = [k for _, _, k in ctx.org_spans.get(other.index, [])]
            if keys:
                return keys
            break
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is not None and primary.type == E.ORGANISATION:
        return [primary.key]
    return [ctx.page_org] if ctx.page_org else []


def _list_kind(seg: Segment, offset: int = 0) -> str | None:
    start, end = seg.line_range(offset)
    label = LABEL.match(seg.text[start:end])
    if label and (kind := heading_kind(label["label"])):
        return kind
    if seg.kind in ("item", "heading"):
        return heading_kind(seg.heading) or (heading_kind(seg.section[-2]) if len(seg.section) > 1 else None)
    if seg.kind == "paragraph" and heading_kind(seg.heading) == "team":
        return "team"  # a team page's cards and sentences
    return None


def _role(ctx: DocState, seg: Segment, key: str, start: int, end: int, line: int) -> None:
    if ctx.main_event is None:
        return
    kind = _list_kind(seg, start)
    if kind == "excused" or kind == "team":
        return
    if kind == "participant":
        ctx.relate(R.PARTICIPANT_IN, key, ctx.main_event, line)
    elif kind == "speaker" or speaks(seg, start, end) or _under_timed_slot(ctx, seg, start):
        ctx.relate(R.SPEAKER_AT, key, ctx.main_event, line)
    elif says_organises(seg.text[end:]):
        ctx.relate(R.ORGANISER_OF, key, ctx.main_event, line)


def _under_timed_slot(ctx: DocState, seg: Segment, start: int) -> bool:
    """A programme's slot, "**10h20 :** *Présentation des lignes directrices*" or a heading "9h30 — Keynote",
    then who gives it: a list item that opens on a name, right under a line that opens on a time, names a
    speaker; so does a short line of names under a timed heading ("Mathilde Ferrand-Oyono, Insee", "Modération :
    X (SFdS)", "A, DINUM — B, DINUM")."""
    if seg.index == 0:
        return False
    if seg.kind == "item" and not seg.text[:start].strip(" *-•"):
        for other in ctx.preceding(seg):
            if other.kind != "item":
                return other.kind in ("paragraph", "heading") and leading_time(other.text) is not None
        return False
    return seg.kind in ("paragraph", "item") and _names_line(seg, start) and bool(seg.section) and \
        leading_time(seg.section[-1]) is not None


def _names_line(seg: Segment, start: int) -> bool:
    """A short line that opens on names, after a label at most ("Modération :"), the name at ``start`` among them."""
    before = LABEL_LEAD.sub("", seg.text[:start], count=1)
    listed = not before.strip() or NAMES_SEPARATOR.search(before) is not None
    return len(seg.text) <= 300 and "." not in before and listed


LABEL_LEAD = re.compile(r"^\s*[^\W\d_][\w'’ -]{0,30}\s*:\s*")  # "Modération :", "Avec :", "Intervenants :"
NAMES_SEPARATOR = re.compile(r"(?:—|–|;|,| et )\s*$")


# "X (DGFiP)", "X, administratrice des données," and, before a verb, an apposition left open ("X, coach agile
# chez Beta est venu présenter").
APPOSITION = r"(?:\s*\([^()]*\))?(?:\s*,(?:[^,.;!?()]|\([^()]{1,40}\)){1,160}?,?)?\s+"


def _talks(after: str) -> bool:
    """"X présentera ...", "X (DGFiP) a montré ...", "X, administratrice des données, présentera ..."."""
    return _talk_pattern().match(ADVERB.sub(r"\g<aux> ", fold(after))) is not None


# "a ensuite présenté", "a également expliqué": an adverb between the auxiliary and the verb.
ADVERB = re.compile(r"\b(?P<aux>a|ont|est|sont|va|vont)\s+(?:ensuite|egalement|aussi|enfin|alors|d'abord|"
                    r"notamment|ainsi|brievement|longuement|rapidement)\s+")


@cache
def _talk_pattern() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in sorted(words("talk_verbs"), key=len, reverse=True))
    return re.compile(rf"{APPOSITION}(?:{verbs})\b")


def speaks(seg: Segment, start: int, end: int) -> bool:
    """Whether wording or layout around a name says the person speaks (a timed line, "par X", "X présentera")."""
    if leading_time(seg.text) is not None or _talks(seg.text[end:]):
        return True
    if seg.kind in ("heading", "item") and seg.text[end:].lstrip().startswith(")"):
        return True  # "Les problématiques d'IA dans les organismes publics (Hafid Ait Sidi Hammou)"
    # A cue anywhere earlier in the same sentence: "Présentation par A (DG X), B (Senior Manager), C".
    sentence = re.split(r"(?<=[.!?])\s+", seg.text[:start])[-1]
    if WRITTEN_BY.search(sentence):
        return False  # "Compte rendu rédigé par X": who took the notes, not who spoke
    before = f" {fold(sentence)} "
    return any(re.search(rf"\W{re.escape(cue)}\W", before) for cue in words("speaker_cues"))


WRITTEN_BY = re.compile(r"\b(?:rédig|écrit|pris|relu|tradui|publi|photograph|illustr|mis en ligne|mise en ligne)\w*"
                        r"\s+par\s*(?:[^\W\d_][\w'’-]*\s*){0,4}$|\b(?:crédits?|photos?|notes?)\s*:\s*[^:]*$",
                        re.IGNORECASE)
