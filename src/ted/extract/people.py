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

from ted.extract import organisations as orgs
from ted.extract.context import Context
from ted.extract.lexicon import first_names, heading_kind, words
from ted.extract.persons_names import person_name
from ted.extract.text import Segment, title_of
from ted.extract.textdates import leading_time
from ted.graph.names import fold

NAME = re.compile(r"[A-ZÀ-Ý][\w'’-]*\.?(?:\s+(?:(?:de|du|des|d['’]|van|von|le|la|ben|el)\s*)?[A-ZÀ-Ý][\w'’-]*\.?){1,3}")
LABEL = re.compile(r"^\s*(?P<label>[^:]{3,40}?)\s*:\s*(?P<rest>.+)$")
PAREN = re.compile(r"^\s*\(([^()]{1,160})\)")
COMMA_CLAUSE = re.compile(r"^\s*,\s*(?P<clause>[^,;()]{2,160}?)(?=\s+et\s+[A-ZÀ-Ý]|\s*[,;.]\s|\s*[,;.]?$|\s*\()")
DASH_CLAUSE = re.compile(r"^\s*(?:\s[-–—]|:)\s+(?P<clause>[^;()]{2,160}?)\s*$")
ORG_SPLIT = re.compile(r"\s+(?:à|au|aux|chez|@|auprès de|auprès du|pour|dans)\s+(?:la |l['’]|le |les )?|\s+@",
                       re.IGNORECASE)
LIST_SPLIT = re.compile(r"\s*(?:,|;|\s+et\s+|\s+&\s+)\s*(?![^()]*\))")
TRAILING_ORG = re.compile(r"^\s*,\s*([^,;.()]{2,80}?)\s*(?:[,;.)]|$)")
DIRECTOR = re.compile(r"^(?:directeur|directrice)\b", re.IGNORECASE)


PORTRAIT = re.compile(r"^\s*(?:portrait|interview|entretien|rencontre avec|\d+ questions à|questions à|témoignage|"
                      r"parcours|profil)\b\s*(?:de\s+|d['’]|avec\s+|à\s+)?[:—–-]?\s*(?P<rest>.+)$", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:j['’]ai rejoint|j['’]ai intégré|je suis|je travaille|j['’]ai été recrutée?|"
                          r"je suis arrivée?|j['’]ai commencé)\b[^.!?]*$", re.IGNORECASE)
BEING = re.compile(r"^\s+(?:est|était|est aujourd['’]hui|est actuellement|travaille comme)\s+"
                   r"(?P<clause>[^.;!?()]{2,160})")
CLAUSE_END = re.compile(r"\s+(?:depuis|en \d|où|afin|qui|et (?:il|elle))\b.*$|,.*$")


def detect_portrait(ctx: Context) -> None:
    """A portrait or interview ("Portrait : Camille Durand, data scientist à la DGFiP") is about one person."""
    if ctx.facts.primary:
        return
    found = title_of(ctx.doc)
    match = PORTRAIT.match(found[0]) if found else None
    if found and not match and _filed_as_portrait(ctx):
        match = re.match(r"(?P<rest>.+)", found[0])  # a portraits/ folder or tag: the title names the person
    if not match:
        return
    for name in NAME.finditer(match["rest"]):
        if (named := person_name(name.group())):
            line = found[1]
            titles, _org, _known = _affiliation(match["rest"][name.end():])
            ctx.portrait = ctx.person(*named, line, [titles] if titles else [])
            ctx.facts.primary = ctx.portrait
            return


def page_organisation(ctx: Context) -> None:
    """The organisation a page presents: its own entity, or the one its title names ("Le Datalab de la DREES")."""
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is not None:
        ctx.page_org = primary.key if primary.type == "organisation" else None
        return
    for other in ctx.segments:
        if other.kind == "title" or (other.kind == "heading" and other.level <= 1):
            keys = [k for _, _, k in ctx.org_spans.get(other.index, [])]
            if keys:
                ctx.page_org = keys[0]
                return


def _filed_as_portrait(ctx: Context) -> bool:
    meta = ctx.doc.metadata if isinstance(ctx.doc.metadata, dict) else {}
    labels = [ctx.doc.path] + [str(v) for k in ("tags", "categories", "category", "type", "layout")
                               for v in (meta.get(k) if isinstance(meta.get(k), list) else [meta.get(k)]) if v]
    return any(re.search(r"portrait|interview|entretien|temoignage", fold(label)) for label in labels)


def find_people(ctx: Context) -> None:
    for seg in ctx.segments:
        spans = _candidates(seg)
        ctx.person_spans[seg.index] = []
        for start, end, name, original in spans:
            if seg.kind == "table":
                titles, org_text, known = _row_affiliation(seg.text, start, end)
            elif start == 0 and seg.kind == "paragraph" and len(seg.starts) > 1 and end == seg.line_range(0)[1]:
                titles, org_text, known = _next_line_title(seg)
            else:
                titles, org_text, known = _affiliation(seg.text[end:])
            line = seg.line_at(start)
            key = ctx.person(name, original, line, [titles] if titles else [])
            ctx.person_spans[seg.index].append((start, end, key))
            _member_of(ctx, seg, key, org_text, known, line)
            _role(ctx, seg, key, start, end, line)
            _card_title(ctx, seg, key)


# ---------------------------------------------------------------- candidates


def _candidates(seg: Segment) -> list[tuple[int, int, str, str]]:
    """(start, end, normal name, original) of the people named in a segment, in order, without overlaps."""
    found: list[tuple[int, int, str, str]] = []
    for ent in seg.ents:
        if ent.label != "PER" or _after_place_word(seg.text, ent.start):
            continue
        named = person_name(ent.text)
        if named and (_first_name(named[0]) or _cued(seg, ent.start, ent.end)):
            found.append((ent.start, ent.end, *named))
    for start, end in _listed(seg):
        if (named := person_name(seg.text[start:end])) and not _overlaps(found, start, end):
            found.append((start, end, *named))
    return sorted(found)


def _first_name(name: str) -> bool:
    return fold(name.split()[0]) in first_names()


def _cued(seg: Segment, start: int, end: int) -> bool:
    """Layout or wording around a name the NER found that says "person" even without a known first name:
    "par X", "avec X", "(X)", "X (DG Axionable)", "X, directrice de ...", a list item that is only the name."""
    before = seg.text[:start].rstrip()
    if re.search(r"(?:\bpar|\bavec|\bet|\(|:)$", before, re.IGNORECASE):
        return True
    if seg.kind in ("item", "heading", "table") and not before.strip(" -*•0123456789."):
        return True
    titles, org_text, _ = _affiliation(seg.text[end:])
    return bool(titles or org_text)


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
    for match in re.finditer(r"\b(?:par|avec)\s+", seg.text):
        name = NAME.match(seg.text, match.end())
        if name:
            spans.append((name.start(), name.end()))
            spans.extend(_following_names(seg.text, name.end()))
    return spans


def _cells(text: str) -> list[tuple[int, int]]:
    """Character ranges of a table row's cells ("Nom | Fonction | Organisation")."""
    ranges, position = [], 0
    for cell in text.split(" | "):
        ranges.append((position, position + len(cell)))
        position += len(cell) + 3
    return ranges


def _row_name(text: str) -> list[tuple[int, int]]:
    """The first cell of a row that is a person's name."""
    for start, end in _cells(text):
        cell = text[start:end].strip()
        if person_name(cell):
            offset = text.find(cell, start)
            return [(offset, offset + len(cell))]
    return []


def _row_affiliation(text: str, start: int, end: int) -> tuple[str | None, str | None, orgs.Org | None]:
    """A team table: the job title and the organisation are other cells of the person's row."""
    title = org_text = known = None
    for cell_start, cell_end in _cells(text):
        cell = text[cell_start:cell_end].strip()
        if cell_start <= start < cell_end or not cell:
            continue
        if title is None and _starts_with_title(cell):
            title, found_org, found_known = _analyse(cell, parenthesised=False)
            org_text, known = org_text or found_org, known or found_known
        elif org_text is None and ((hit := orgs.lookup(cell)) or orgs.org_shaped(cell)):
            org_text, known = cell, hit
    return title, org_text, known


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


def _affiliation(after: str) -> tuple[str | None, str | None, orgs.Org | None]:
    """Title and organisation written right after a name: "(DG Axionable)", ", responsable ... à l'Insee"."""
    match = PAREN.match(after)
    if match:
        return _analyse(match.group(1), parenthesised=True)
    match = COMMA_CLAUSE.match(after) or DASH_CLAUSE.match(after) or BEING.match(after)
    if match and _starts_with_title(match["clause"]):
        title, org_text, known = _analyse(match["clause"], parenthesised=False)
        if org_text is None or title is None or "," in title:
            # "Data scientist, spécialiste du machine learning": the title is the first clause.
            short_title, short_org, short_known = _analyse(CLAUSE_END.sub("", match["clause"]), parenthesised=False)
            title, org_text, known = short_title, org_text or short_org, known or short_known
        if org_text is None and (trailing := TRAILING_ORG.match(after[match.end():])):
            candidate = trailing.group(1).strip()
            known = orgs.lookup(candidate)
            if known or orgs.is_acronym(candidate) or orgs.org_shaped(candidate):
                org_text = candidate  # "Mehdi Larbi, chef du bureau des données, DREES"
        return title, org_text, known
    return None, None, None


def _starts_with_title(text: str) -> bool:
    tokens = text.split()
    return bool(tokens) and fold(tokens[0]).strip(",.") in words("title_heads")


def _analyse(text: str, parenthesised: bool) -> tuple[str | None, str | None, orgs.Org | None]:
    text = " ".join(text.split()).strip(" ,.;")
    if not _starts_with_title(text):
        known = orgs.lookup(text)
        if known or (parenthesised and (orgs.org_shaped(text) or orgs.proper_name(text, 4))):
            return None, text, known
        return None, None, None
    parts = ORG_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and (named := _org_head(parts[1])):
        return parts[0].strip(), named[0], named[1]
    title, _, rest = text.partition(", ")
    if rest and (orgs.lookup(rest) or orgs.org_shaped(rest) or orgs.proper_name(rest, 4)):
        return title.strip(), orgs.strip_article(rest), orgs.lookup(rest)  # "Data scientist, DINUM"
    title, org_text = _title_then_name(text)
    if org_text:
        return title, org_text, orgs.lookup(org_text)
    if DIRECTOR.match(text):  # "directrice interministérielle du numérique" heads the "direction ..."
        known = orgs.lookup(DIRECTOR.sub("direction", text))
        if known:
            return text, known.name, known
    return text, None, None


def _org_head(text: str) -> tuple[str, orgs.Org | None] | None:
    """The organisation opening ``text``: "l'Insee depuis 2019" → Insee; "Beta est venu ..." → Beta."""
    text = text.strip()
    known = orgs.lookup(text)
    if known:
        return orgs.strip_article(text), known
    for start, end, org in orgs.find(text):
        if not orgs.strip_article(text[:start]).strip():
            return text[start:end], org
        break
    name = orgs.strip_article(text)
    tokens = []
    for token in name.split():
        if not (token[0].isupper() or token[0].isdigit() or (fold(token) in orgs.SMALL and tokens)):
            break
        tokens.append(token)
    while tokens and fold(tokens[-1]) in orgs.SMALL:
        tokens.pop()
    return (" ".join(tokens).strip(" ,.;"), None) if tokens else None


def _title_then_name(text: str) -> tuple[str, str | None]:
    """"DG Axionable" → ("DG", "Axionable"); "Senior Manager" → ("Senior Manager", None)."""
    tokens = text.split()
    for i, token in enumerate(tokens[1:], 1):
        if fold(tokens[i - 1]) in orgs.SMALL:
            continue  # "Responsable du Datalab": the title names what it heads
        if token[0].isupper() and fold(token) not in words("title_heads"):
            rest = tokens[i:]
            named = all(t[0].isupper() or fold(t) in orgs.SMALL for t in rest) and len(rest) <= 5
            return (" ".join(tokens[:i]), " ".join(rest)) if named else (text, None)
    return text, None


# ------------------------------------------------------------------ relations


def _member_of(ctx: Context, seg: Segment, key: str, org_text: str | None, known, line: int) -> None:
    targets = []
    if org_text:
        targets.append(ctx.organisation(org_text, line, known))
    else:
        targets.extend(_heading_orgs(ctx, seg))
    if _list_kind(seg) == "team":
        targets.extend(_team_orgs(ctx, seg))
    for target in targets:
        ctx.relate("member_of", key, target, line)


def portrait_links(ctx: Context) -> None:
    """In a portrait, "j'ai rejoint la DGFiP" / "je travaille à l'Insee": the person's organisations."""
    if ctx.portrait is None:
        return
    for seg in ctx.segments:
        for start, _end, key in ctx.org_spans.get(seg.index, []):
            if FIRST_PERSON.search(seg.text[:start]):
                ctx.relate("member_of", ctx.portrait, key, seg.line_at(start))


def _next_line_title(seg: Segment) -> tuple[str | None, str | None, orgs.Org | None]:
    start, end = seg.line_range(seg.starts[1][0])
    text = seg.text[start:end]
    if _starts_with_title(text):
        return _analyse(CLAUSE_END.sub("", text), parenthesised=False)
    return None, None, None


def _card_title(ctx: Context, seg: Segment, key: str) -> None:
    """A team card: the name as a heading, the job title as the short paragraph under it."""
    if seg.kind != "heading" or seg.index + 1 >= len(ctx.segments):
        return
    following = ctx.segments[seg.index + 1]
    if following.kind == "paragraph" and len(following.text.split()) <= 12 and _starts_with_title(following.text):
        titles, org_text, known = _analyse(following.text, parenthesised=False)
        line = following.line
        ctx.person(ctx.facts.mentions[key].name, ctx.facts.mentions[key].name, line, [titles] if titles else [])
        if org_text:
            ctx.relate("member_of", key, ctx.organisation(org_text, line, known), line)


def _heading_orgs(ctx: Context, seg: Segment) -> list[str]:
    """The organisation that leads the talk heading a paragraph sits under ("Axionable - Retour ...")."""
    if seg.kind not in ("paragraph", "item") or not seg.section:
        return []
    for other in reversed(ctx.segments[:seg.index]):
        if other.kind == "heading":
            return ctx.lead_orgs.get(other.index, [])
    return []


def _team_orgs(ctx: Context, seg: Segment) -> list[str]:
    for other in reversed(ctx.segments[:seg.index]):
        if other.kind == "heading" and heading_kind(other.text) == "team":
            keys = [k for _, _, k in ctx.org_spans.get(other.index, [])]
            if keys:
                return keys
            break
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is not None and primary.type == "organisation":
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


def _role(ctx: Context, seg: Segment, key: str, start: int, end: int, line: int) -> None:
    if ctx.event is None:
        return
    kind = _list_kind(seg, start)
    if kind == "excused" or kind == "team":
        return
    if kind == "participant":
        ctx.relate("participant_in", key, ctx.event, line)
    elif kind == "speaker" or _speaks(seg, start, end):
        ctx.relate("speaker_at", key, ctx.event, line)
    elif _organises(seg.text[end:]):
        ctx.relate("organiser_of", key, ctx.event, line)


def _speaks(seg: Segment, start: int, end: int) -> bool:
    if leading_time(seg.text) is not None:
        return True
    if seg.kind in ("heading", "item") and seg.text[end:].lstrip().startswith(")"):
        return True  # "Les problématiques d'IA dans les organismes publics (Hafid Ait Sidi Hammou)"
    # A cue anywhere earlier in the same sentence: "Présentation par A (DG X), B (Senior Manager), C".
    sentence = re.split(r"(?<=[.!?])\s+", seg.text[:start])[-1]
    before = f" {fold(sentence)} "
    return any(re.search(rf"\W{re.escape(cue)}\W", before) for cue in words("speaker_cues"))


def _organises(after: str) -> bool:
    clause = fold(re.split(r"[.;!?]", after, maxsplit=1)[0])
    return any(re.search(rf"\b{re.escape(v)}\b", clause) for v in words("organiser_verbs"))
