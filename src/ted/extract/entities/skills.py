"""Skills, tied to what they describe: the thesaurus in running text, and an open vocabulary where the
layout or the wording says "skills".

A skill named in a project's list item is what the project is ``about``; in the title, summary or
programme of an event page, what the event is about; in a profile or a portrait (the document's
person), what the person ``has``; in a job title ("data scientist"), what that person has.

Where a heading or a line label announces skills ("Compétences :", "Domaines techniques",
"Technologies :", "Stack"), where a cue introduces them ("experte en", "spécialiste de", "maîtrise
de") or where a team card lists them under a member's name and title, each item of the list is a
skill: the thesaurus gives its canonical name, and an item it does not hold is kept as written when it
looks like a skill (a short noun phrase, not a sentence, a person, a body or a job title). Cue words
are data (``skill_headings``, ``skill_topic_headings``, ``skill_cues``, ``skill_known_cues`` and the
word lists after them in ``kb/fr/lexicon.yaml``). A project's stated stack is what it is ``about`` but
is not inherited by the people working on it (see ``skills_from_work``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.gazetteer import find_skills, lookup_organisation, lookup_skill, public_product
from ted.kb.lexicon import LABEL, first_names, heading_kind, words
from ted.kb.names import fast_fold, fold
from ted.schema import EntityType as E
from ted.schema import RelationType as R

Holder = tuple[str, str]  # (mention key, relation)


@component("skills", requires=("segments", "main_event", "primary", "section_portraits", "org_spans", "person_spans",
                               "item_projects", "mentioned_events"),
           assigns=("skill", "has_skill", "about"))
def find_skill_links(ctx: DocState) -> None:
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    profile = primary.key if primary is not None and primary.type == E.PERSON else None
    project = primary.key if primary is not None and primary.type == E.PROJECT else None
    for seg in ctx.segments:
        if any(heading_kind(h) == "reference" for h in seg.section) or seg.kind == "code":
            continue
        named = _named_spans(ctx, seg)
        # A newsletter's portrait tells a career, where skill words come in passing ("chef de projet"): its
        # person has the skills it lists ("Ses outils : QGIS, PostGIS"), not every one its prose names.
        subject = profile or ctx.section_portraits.get(seg.index)
        regions = _regions(ctx, seg, named, subject, project)
        for region in regions:
            for start, end, name, known in region.items:
                line = seg.line_at(start)
                text = seg.text[start:end]
                if known and _product(ctx, name, text, line):
                    continue
                skill = ctx.facts.entity(E.SKILL, name, line, ctx.quote(line),
                                         aliases=[text] if known and text != name else [])
                _link(ctx, region.holders, skill, line, region.inherited)
        for match in find_skills(seg.text):
            if any(match.start < e and s < match.end for s, e in named):
                continue
            region = next((r for r in regions if r.start <= match.start < r.end), None)
            if region is None and _inside_proper_name(seg.text, match.start):
                continue
            if _practitioners(match.text):
                # "statisticienne", "cheffe de produit", "analystes de données": a job or an audience, which
                # the person's titles hold; a skill is stated (GUIDELINES: "stated as theirs")
                continue
            holders = region.holders if region else _holders(ctx, seg, match.start, profile, project)
            if not holders:
                continue  # a skill word with nothing it describes ("data engineers" in a head count)
            line = seg.line_at(match.start)
            if _product(ctx, match.name, match.text, line):
                continue
            skill = ctx.facts.entity(E.SKILL, match.name, line, ctx.quote(line),
                                     aliases=[match.text] if match.text != match.name else [])
            _link(ctx, holders, skill, line, region.inherited if region else True)


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


def _product(ctx: DocState, name: str, text: str, line: int) -> bool:
    """A public product the thesaurus holds ("DSFR", "Onyxia") is a project where a text names it."""
    if not public_product(name):
        return False
    ctx.project(name, line, [text] if text != name else [])
    return True


def _link(ctx: DocState, holders: list[Holder], skill: str, line: int, inherited: bool = True) -> None:
    for source, relation in holders:
        if source and source != skill:
            ctx.facts.relate(relation, source, skill, line, ctx.quote(line),
                             inherited=inherited or relation != R.ABOUT)


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
    """"Semaine de l'Innovation publique": a capitalised word just before, mid-sentence, makes it a name.
    (Not in an announced list, where "HTML, CSS" are two skills: see _regions.)"""
    before = re.sub(r"(?:\s|\b(?:de|du|des|la|le|les|l['’]|d['’]|à))+$", "", text[:start], flags=re.IGNORECASE)
    words_before = before.split()
    if not words_before or re.search(r"[.!?:]\s*$", before):
        return False
    last = words_before[-1].strip("«\"(")
    return len(words_before) > 1 and last[:1].isupper()


def _holders(ctx: DocState, seg: Segment, start: int, profile: str | None,
             project: str | None = None) -> list[Holder]:
    holders = [(key, R.ABOUT) for key in ctx.item_projects.get(seg.index, [])]
    if project and not holders and seg.kind in ("title", "meta", "paragraph"):
        holders.append((project, R.ABOUT))  # a project page's own prose (mission, summary) describes it
    if profile:
        holders.append((profile, R.HAS_SKILL))
    spans = ctx.person_spans.get(seg.index, [])
    for _s, e, key in spans:
        between = seg.text[e:start]
        if e <= start and "." not in between and not _new_party(between) and not _in_job_title(between) \
                and not any(e <= other < start for other, _, _ in spans):
            holders.append((key, R.HAS_SKILL))  # "X, data scientist ..." / "X (experte NLP)", the next name's own
    if ctx.main_event and (seg.kind == "meta" or seg.index == 0 or (seg.kind == "heading" and seg.level <= 1)):
        holders.append((ctx.main_event, R.ABOUT))
    if not holders and (event := _mentioned_before(ctx, seg, start)):
        holders.append((event, R.ABOUT))  # an agenda item's programme: "atelier du 30 mars … formation sur Python"
    return holders


# "… (Ademe) et le fondateur de Green IT": another party after a name ends its apposition ("et la cartographie"
# does not: a skill coordinated with a skill).
NEW_PHRASE = re.compile(r"\bet\s+(?:le|la|les|l['’]|un|une|des|du)\s*(?P<head>[^\W\d_][\w-]*)", re.IGNORECASE)


# "X, coordonnateur national pour la stratégie d'intelligence artificielle", "cheffe du pôle design des services":
# a skill word completing a job title names the job's field, not a skill the person states.
JOB_COMPLEMENT = re.compile(r"(?:\bde|\bdu|\bdes|\bpour|\ben charge d[eu]|\bchargée? d[eu])(?:\s+(?:la|le|les|l['’]))?"
                            r"(?:\s+[^\W\d_][\w'’-]*){0,3}\s*$", re.IGNORECASE)


def _in_job_title(between: str) -> bool:
    words_ = [fold(w).strip(",;:()") for w in between.split()]
    return any(w in _job_words() for w in words_[:4]) and JOB_COMPLEMENT.search(between) is not None


def _new_party(between: str) -> bool:
    return any(fold(m["head"]) in _parties() for m in NEW_PHRASE.finditer(between))


@cache
def _parties() -> frozenset[str]:
    return frozenset(words("title_heads") | words("org_heads") | words("founder_heads"))


@cache
def _job_words() -> frozenset[str]:
    """Title heads that name a job ("data" alone opens skills too: "data science")."""
    return frozenset(words("title_heads") - {"data"})


def _mentioned_before(ctx: DocState, seg: Segment, start: int) -> str | None:
    """The event an item or paragraph announces before this offset (the nearest one), if any."""
    before = [(offset, key) for offset, key in ctx.mentioned_events.get(seg.index, []) if offset <= start]
    return max(before)[1] if before else None


# ---------------------------------------------------------------- where a text says "skills"


@dataclass
class Region:
    """A stretch of a segment that lists skills, who or what they belong to, and the items read there."""

    start: int
    end: int
    holders: list[Holder]
    items: list[tuple[int, int, str, bool]]  # (start, end, name, known to the thesaurus)
    # False for a project's stated stack or needs ("Technologies : R, Shiny"): what it is built with, not
    # what everyone working on it knows (as a `techno` front-matter field).
    inherited: bool = True


def _regions(ctx: DocState, seg: Segment, named: list[tuple[int, int]], profile: str | None,
             project: str | None) -> list[Region]:
    if seg.kind in ("title", "heading", "table"):
        return []
    regions: list[Region] = []
    card, card_start = _card_person(ctx, seg)
    mode = _section_mode(seg)
    if mode and seg.kind in ("item", "paragraph", "quote"):
        # Under "Compétences" / "Domaines techniques": the whole block is the list.
        holders, inherited = _list_holders(ctx, seg, 0, card, profile, project)
        items = [item for s, e, strict in _stretches(seg.text, 0, len(seg.text))
                 for item in _items(seg, s, e, named, known_only=mode == "topic", strict=strict)]
        regions.append(Region(0, len(seg.text), holders, items, inherited))
    for offset, text in seg.lines_text():
        label = LABEL.match(text)
        kind = _skill_heading(label["label"]) if label else None
        if kind is None or any(r.start <= offset < r.end for r in regions):
            continue
        start, end = offset + label.start("rest"), offset + len(text)
        holders, inherited = _list_holders(ctx, seg, start, card, profile, project)
        items = _items(seg, start, end, named, known_only=kind == "topic")
        regions.append(Region(start, end, holders, items, inherited))
    for start, end, known_only in _cued(seg.text):
        if any(r.start <= start < r.end for r in regions):
            continue
        holders, inherited = _cue_holders(ctx, seg, start, card, profile, project)
        items = _items(seg, start, end, named, known_only=known_only, cue=True)
        regions.append(Region(start, end, holders, items, inherited))
    if seg.tags and (tagged := _tag_items(seg, named)):
        start = tagged[0][0]
        if not any(r.start <= start < r.end for r in regions):
            holders, inherited = _list_holders(ctx, seg, start, card, profile, project)
            regions.append(Region(start, tagged[-1][1], holders, tagged, inherited))
    if card and not regions and _is_card_text(seg):
        # A team card: the member's name (a heading, or the item's first words), then a title and what
        # they know ("Data engineer — Spark, pipelines de données"); a bare list only when it reads as one.
        # The title itself says a job, not a skill the page states.
        start = _after_title(seg.text, card_start)
        items = _items(seg, start, len(seg.text), named, strict=True)
        regions.append(Region(start, len(seg.text), [(card, R.HAS_SKILL)], items))
    return [r for r in regions if r.holders]


def _tag_items(seg: Segment, named: list[tuple[int, int]]) -> list[tuple[int, int, str, bool]]:
    """A line of tags ("`Management d'équipe` `QGIS` `Lidar`" under a member's name): each tag that reads as
    a skill, known or new. Two at least, so that a lone code span is not taken for a list."""
    found, position = [], 0
    for tag in seg.tags:
        start = seg.text.find(tag, position)
        if start < 0:
            continue
        position = start + len(tag)
        verdict = _judge(tag, named_overlap=any(start < e and s < position for s, e in named))
        if verdict is not None:
            found.append((start, position, *verdict))
    return found if len(seg.tags) >= 2 else []


def _stretches(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """An item under a skills heading: "OCR : de 3 types ..." names OCR and describes it; "Langages :
    Python, R" is a label and its list; "Backend : Django, PostgreSQL" a skill and a list (read strictly)."""
    colon = re.search(r"\s*:(?:\s|$)", text[start:end])
    if colon is None:
        return [(start, end, False)]
    head_end, rest = start + colon.start(), start + colon.end()
    if _skill_heading(text[start:head_end]) is not None:
        return [(rest, end, False)]
    return [(start, head_end, False), (rest, end, True)]


def _section_mode(seg: Segment) -> str | None:
    """"open" under a heading or a label that announces skills, "topic" under one that announces themes."""
    for heading in reversed(seg.section[-2:]):
        if (mode := _skill_heading(heading)) is not None:
            return mode
        if heading_kind(heading) is not None or len(heading.split()) > 3:
            return None  # a nearer heading of another kind (or a long one): not the skills' section
    return None


def _skill_heading(text: str) -> str | None:
    key = " ".join(fold(text).replace("*", " ").strip(" :#-–—").split())
    key = re.sub(r"^(?:(?:mes|ses|nos|vos|leurs|les|ma|sa|notre|votre|leur|principales|principaux)\s+)+", "", key)
    for mode, name in (("open", "skill_headings"), ("topic", "skill_topic_headings")):
        for word in words(name):
            if key == word or key.startswith(word + " "):
                return mode
    return None


def _card_person(ctx: DocState, seg: Segment) -> tuple[str | None, int]:
    """A team member and where their card's text starts: the person whose name is the heading right above a
    short paragraph (an HTML team page), or whose name opens a list item ("Hugo Lefèvre, data engineer,
    Spark"). Not a speaker's on an event page: what follows is the talk, not what the speaker knows."""
    if not seg.section or seg.kind not in ("paragraph", "item"):
        return None, 0
    if ctx.main_event and not any(heading_kind(h) == "team" for h in seg.section):
        return None, 0
    spans = ctx.person_spans.get(seg.index, [])
    if spans and not seg.text[:spans[0][0]].strip(" *-•·"):
        return spans[0][2], spans[0][1]
    for other in ctx.preceding(seg):
        if other.kind == "heading":
            if other.text != seg.section[-1]:
                return None, 0
            spans = ctx.person_spans.get(other.index, [])
            return (spans[0][2], 0) if spans and spans[0][0] == 0 else (None, 0)
        if other.kind not in ("paragraph", "item"):
            return None, 0
    return None, 0


MAX_CARD_WORDS = 20


def _is_card_text(seg: Segment) -> bool:
    return len(seg.text.split()) <= MAX_CARD_WORDS and not re.search(r"[.!?](?:\s|$)", seg.text)


TITLE_BREAK = re.compile(r"\s*(?:\s[-–—|]\s|:\s)\s*")


def _after_title(text: str, start: int = 0) -> int:
    """Where a card's list starts: after "Data engineer — " or "Data engineer : ", after "Data engineer, "
    when the card opens with a job title, else where the card starts."""
    found = [m for m in TITLE_BREAK.finditer(text) if m.start() >= start]
    if found:
        return found[-1].end()
    rest = text[start:].lstrip(" ,;:()")
    start = len(text) - len(rest)
    first = rest.split(maxsplit=1)[0] if rest.split() else ""
    if fold(first).strip(",") in words("title_heads"):
        comma = text.find(",", start)
        return comma + 1 if comma >= 0 else len(text)
    return start


def _list_holders(ctx: DocState, seg: Segment, start: int, card: str | None, profile: str | None,
                  project: str | None) -> tuple[list[Holder], bool]:
    """Who a listed skill belongs to: a person named just before it (a card, "X, title — skills"), else the
    page's person, else its project or the items' projects (not inherited), else the page's event."""
    people = _people_before(ctx, seg, start) or ([card] if card else [])
    if people:
        return [(key, R.HAS_SKILL) for key in people], True
    if profile:
        return [(profile, R.HAS_SKILL)], True
    projects = ctx.item_projects.get(seg.index, []) or ([project] if project else [])
    if projects:
        return [(key, R.ABOUT) for key in projects], False
    return ([(ctx.main_event, R.ABOUT)] if ctx.main_event else []), True


def _cue_holders(ctx: DocState, seg: Segment, start: int, card: str | None, profile: str | None,
                 project: str | None) -> tuple[list[Holder], bool]:
    """"experte en X", "spécialiste de Y" say what a person knows: the person named before, the card's,
    the page's; on a project page with no one named, what the project needs."""
    people = _people_before(ctx, seg, start) or ([card] if card else []) or ([profile] if profile else [])
    if people:
        return [(key, R.HAS_SKILL) for key in people], True
    return ([(project, R.ABOUT)] if project else []), False


def _people_before(ctx: DocState, seg: Segment, start: int) -> list[str]:
    spans = [(s, e, key) for s, e, key in ctx.person_spans.get(seg.index, []) if e <= start]
    if not spans:
        return []
    s, e, key = spans[-1]
    return [key] if not re.search(r"[.!?](?:\s|$)", seg.text[e:start]) else []


# ---------------------------------------------------------------- inline cues


@cache
def _cue_pattern() -> re.Pattern[str]:
    """The lexicon's cues, matched in folded text ("Experte en", "spécialiste de"); the group ``known``
    for those after which only the thesaurus is read ("maîtrise de")."""
    def alternatives(name: str) -> str:
        cues = sorted(words(name), key=len, reverse=True)
        return "|".join(re.escape(c).replace(r"\ ", r"\s+").replace("'", "['’]\\s*") for c in cues)
    return re.compile(rf"(?<![\w-])(?:(?P<known>{alternatives('skill_known_cues')})|"
                      rf"{alternatives('skill_cues')})\s*(?<=[\s'’])")


CLAUSE_END = re.compile(r"[.;:!?()\[\]«»\"]|\s[-–—]\s|\n")


def _cued(text: str) -> list[tuple[int, int, bool]]:
    """Stretches introduced by a skill cue, to the end of the clause, and whether only known skills count."""
    folded = fast_fold(text)
    matches = list(_cue_pattern().finditer(folded))
    found = []
    for index, match in enumerate(matches):
        following = matches[index + 1] if index + 1 < len(matches) else None
        start = match.end()
        end = CLAUSE_END.search(text, start)
        end = end.start() if end else len(text)
        # "spécialiste de X, elle est aussi experte en Y": the next cue opens a stretch of its own.
        found.append((start, min(end, following.start()) if following else end, bool(match["known"])))
    return found


# ---------------------------------------------------------------- the items of a list


TOP_SPLIT = re.compile(r"\s*[,;·•|]\s*|\s+[-–—]\s+")
INNER_SPLIT = re.compile(r"\s*/\s*|\s+(?:et|and|ou|or|&)\s+")
LEADING = re.compile(r"(?:(?:et|and|ou|or|en|de|du|des|d['’]|la|le|les|l['’]|the)\s+|[ld]['’])+",
                     re.IGNORECASE)
MAX_ITEM_WORDS = 4
MAX_ITEM_CHARS = 48
PROSE_WORDS = 8  # a piece this long is a sentence: the stretch is prose, not a list


def _items(seg: Segment, start: int, end: int, named: list[tuple[int, int]], *, known_only: bool = False,
           cue: bool = False, strict: bool = False) -> list[tuple[int, int, str, bool]]:
    """(start, end, name, known) of the skills a listed stretch names.

    A piece the thesaurus holds is its concept; another piece is a new skill if it looks like one. In a
    cued clause reading stops at the first piece that is not a skill ("spécialiste de la vision par
    ordinateur, arrivée en 2020"); a bare list (``strict``) counts only if every piece reads as a skill
    and the thesaurus knows one of them; otherwise a stretch where most pieces are no skill is prose,
    and only the thesaurus speaks there (through the running-text scan)."""
    found: list[tuple[int, int, str, bool]] = []
    judged = []
    for s, e, inner in _pieces(seg.text, start, end):
        verdict = _judge(seg.text[s:e], named_overlap=any(s < ne and ns < e for ns, ne in named))
        if inner and verdict is not None and not verdict[1]:
            continue  # "JavaScript (vanilla, jQuery)": a bracket qualifies its head; only known skills there
        if cue and verdict is not None and not verdict[1] and _one_lower_word(seg.text[s:e]):
            verdict = None  # "compétences en situation": in prose, one lower-case word is no new skill
        judged.append((s, e, verdict))
    if cue:
        kept = []
        for s, e, verdict in judged:
            if verdict is None:
                break
            kept.append((s, e, verdict))
        judged = kept
    if not cue and any(len(seg.text[s:e].split()) > PROSE_WORDS for s, e, _ in judged):
        return []  # a sentence under a skills heading: only the thesaurus speaks there
    readable = [v for _, _, v in judged if v is not None]
    if strict and (len(readable) < len(judged) or len(judged) < 2 or not any(v[1] for v in readable)):
        return []
    if not cue and not strict and len(judged) > 1 and 2 * len(readable) < len(judged):
        return []  # mostly not skills: a sentence under a skills heading
    for s, e, verdict in judged:
        if verdict is None:
            continue
        name, known = verdict
        if known_only and not known:
            continue
        found.append((s, e, name, known))
    return found


def _one_lower_word(piece: str) -> bool:
    return len(piece.split()) == 1 and "-" not in piece and piece.islower()


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Spans of the pieces of a list: comma-like separators outside brackets first; a bracket's pieces
    follow their head ("CSS (Sass, Bootstrap)"); then "/" and "et" inside a piece the thesaurus does not
    hold whole ("Sass/SCSS", "R et Python" but "Simulation et modélisation")."""
    spans: list[tuple[int, int, bool]] = []
    for s, e in _split(text, start, end, TOP_SPLIT, brackets=True):
        inner = re.search(r"\(([^()]*)\)?", text[s:e])
        if inner:
            spans.extend((a, b, False) for a, b in _split_known(text, s, s + inner.start()))
            for a, b in _split(text, s + inner.start(1), s + inner.end(1), TOP_SPLIT, brackets=False):
                spans.extend((c, d, True) for c, d in _split_known(text, a, b))
        else:
            spans.extend((a, b, False) for a, b in _split_known(text, s, e))
    return [(s, e, inner) for s, e, inner in spans if text[s:e].strip()]


def _split_known(text: str, start: int, end: int) -> list[tuple[int, int]]:
    s, e = _trim(text, start, end)
    if s >= e:
        return []
    if lookup_skill(text[s:e]) is not None or len(text[s:e].split()) > PROSE_WORDS:
        return [(s, e)]  # a known phrase ("Simulation et modélisation"), or a sentence: not cut at "et"
    parts = _split(text, s, e, INNER_SPLIT, brackets=False)
    return parts if len(parts) > 1 else [(s, e)]


def _split(text: str, start: int, end: int, separator: re.Pattern[str], brackets: bool) -> list[tuple[int, int]]:
    spans, position, depth = [], start, 0
    index = start
    while index < end:
        char = text[index]
        if brackets and char == "(":
            depth += 1
        elif brackets and char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (match := separator.match(text, index)) and match.end() <= end and match.end() > index:
            spans.append(_trim(text, position, index))
            position = index = match.end()
            continue
        index += 1
    spans.append(_trim(text, position, end))
    return [(s, e) for s, e in spans if s < e]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t*_`'\"«»“”‘’-–—•·:,;()":  # not "." (".NET")
        start += 1
    while end > start and text[end - 1] in " \t*_`'\"«»“”‘’-–—•·.:,;()":
        end -= 1
    if start < end and (lead := LEADING.match(text, start, end)) and lead.end() < end:
        start = lead.end()
    return start, end


def _judge(piece: str, named_overlap: bool) -> tuple[str, bool] | None:
    """(name, known) when ``piece`` names a skill, else None."""
    piece = " ".join(piece.split())
    if not piece or named_overlap:
        return None
    known = lookup_skill(piece)
    if known is not None:
        return known.name, True
    if not _looks_like_skill(piece) or find_skills(piece):
        return None  # "référent MLOps": the thesaurus' skill inside is the skill
    return _new_name(piece), False


def _looks_like_skill(piece: str) -> bool:
    """A short noun phrase: no sentence, number, address, person, body, job title or vague word."""
    tokens = piece.split()
    if not tokens or len(tokens) > MAX_ITEM_WORDS or len(piece) > MAX_ITEM_CHARS or len(piece) < 2:
        return False
    if re.search(r"[.!?](?:\s|$)|@|://|www\.|[<>=\[\]{}]", piece) or not re.search(r"[^\W\d_]", piece):
        return False
    folded = [fold(t).strip(",;:()'’\"") for t in re.split(r"[\s'’]+", piece) if t]
    folded = [t for t in folded if t]
    if not folded or re.fullmatch(r"[\d\W]+", folded[0]):
        return False
    if folded[0] in words("determiners") or folded[0] in words("skill_not_heads") or folded[-1] in SMALL:
        return False
    if any(t in words("skill_not_words") for t in folded):
        return False  # a clause: a verb, a pronoun, an adverb
    whole = " ".join(folded)
    if len(folded) == 1 and (whole in words("skill_vague_words") or whole in words("noise")):
        return False
    if whole in words("placeholder_values") or whole in words("skill_vague_words"):
        return False
    if folded[0] in _job_words() or folded[-1] in _job_words():
        return False  # "Data engineer", "Responsable produit": a job, not a skill
    return not (_person_like(tokens) or lookup_organisation(piece) is not None)


SMALL = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "ou", "a", "au", "aux", "en", "pour", "par",
                   "sur", "avec", "dans", "of", "and", "the", "to", "in", "for"})


def _practitioners(text: str) -> bool:
    """A skill named by those who practise it ("statisticiens", "data scientist", "analystes de données")."""
    return any(fold(word).rstrip("sx") in _job_words() or fold(word) in _job_words() for word in text.split())


def _person_like(tokens: list[str]) -> bool:
    """"Julia Martin", "Marie-Claire Dubois": a first name and a capitalised word."""
    if len(tokens) < 2 or not all(t[:1].isupper() for t in tokens[:2]):
        return False
    first = fold(tokens[0]).split("-")[0]
    return first in first_names() or fold(tokens[0]) in first_names()


def _new_name(piece: str) -> str:
    """A new skill's name as written; a lower-case phrase gets a capital ("évaluation socio-économique")."""
    if (" " in piece or "-" in piece) and piece[:1].islower():
        return piece[0].upper() + piece[1:]
    return piece
