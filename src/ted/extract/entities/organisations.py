"""Find the organisations of a document, segment by segment, and how they nest.

Sources, most trusted first: the gazetteer; list items under a heading that
lists organisations ("Une représentation diversifiée"); the leading name of
a talk heading ("Axionable - Retour d'expérience"); NER spans whose shape
reads as an organisation. Structural cues add ``part_of``:
"Ministère de l'Intérieur (Gendarmerie nationale, DNUM)", "Etalab, au sein de
la DINUM", and "Installé au sein d'Etalab, il ..." (the organisation the text
was just talking about).
"""

from __future__ import annotations

import re
from functools import cache

from ted.extract.cues import organisations as orgs
from ted.extract.cues.person_names import person_name
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.language import is_common_word
from ted.kb.lexicon import first_names, heading_kind, looks_random, words
from ted.kb.names import fast_fold, fold
from ted.schema import EntityType as E
from ted.schema import RelationType as R

PAREN = re.compile(r"^\s*\(([^()]{2,200})\)")
PART_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*:\s+|\s*:$")
DASH = re.compile(r"\s+[-–—]\s+")
NESTED = re.compile(r"^\s*,?\s*(?:(?:est|sont|était|étaient|a été)\s+)?"
                    r"(?:au sein d(?:e la|e l['’]|u|es|e|['’])|rattach[ée]e?s? (?:à la|à l['’]|au|aux|à)|"
                    r"(?:qui )?d[ée]pend(?:ant)?\w* d(?:e la|e l['’]|u|es|e|['’]))\s*$", re.IGNORECASE)
ELLIPTIC = re.compile(r"(?:^|[.!?]\s+)(?:Install[ée]e?s?|Plac[ée]e?s?|H[ée]berg[ée]e?s?|Rattach[ée]e?s?)\s+"
                      r"(?:au sein d(?:e la|e l['’]|u|es|e|['’])|(?:à la|à l['’]|au|à))\s*$")
NER_LABELS = {"ORG", "MISC", "LOC"}

Span = tuple[int, int, orgs.Org | None, str]  # start, end, gazetteer entry, text


@component("organisations", requires=("segments", "ner", "main_event"),
           assigns=("organisation", "org_spans", "lead_orgs", "part_of"))
def find_organisations(ctx: DocState) -> None:
    previous: list[str] = []  # organisation keys met so far, in order
    for seg in ctx.segments:
        spans = _dedupe(_gazetteer_spans(seg) + _structural_spans(seg, ctx.main_event is not None) + _ner_spans(seg))
        keyed = []
        for start, end, known, text in spans:
            key = ctx.organisation(text, seg.line_at(start), known)
            if key:
                keyed.append((start, end, key))
                keyed.extend(_unit(ctx, seg, start, end, key))
        keyed.extend(_spelt_out(ctx, seg, keyed))
        keyed.sort()
        ctx.org_spans[seg.index] = keyed
        talks = ctx.main_event is not None and seg.kind in ("heading", "item")
        parts = _talk_parts(seg) if talks else []
        ctx.lead_orgs[seg.index] = [k for s, e, k in keyed if any(ps <= s and e <= pe and _whole(seg.text[ps:pe],
                                                                  seg.text[s:e]) for ps, pe in parts)]
        _nesting(ctx, seg, keyed, previous)
        previous.extend(k for _, _, k in keyed)


UNIT = re.compile(r"(?:\b(?:le|la|l['’]|un|une|son|notre)\s*)?(?P<unit>\b[^\W\d_][\w-]*(?:\s+[\w-]+){0,5}?)\s+"
                  r"(?P<of>de la|du|de l['’]|des|d['’])\s*$", re.IGNORECASE)


# Words that never sit inside a unit's name ("mission données", "bureau des études"): articles and
# determiners open a clause ("la mission accompagne les bureaux de ...").
UNIT_BREAKERS = frozenset({"le", "la", "les", "un", "une", "ce", "cet", "cette", "ces", "son", "sa", "ses",
                           "leur", "leurs", "notre", "nos", "votre", "vos", "qui", "que", "est", "sont"})


BRANCH = re.compile(r"^ (?P<place>[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)+)\b")  # "Normandie-Centre"


def _clause_after(after: list[tuple[int, str]]) -> bool:
    """A breaker opens a clause, unless a preposition leads it into the name ("pôle Ingénierie de la donnée")."""
    folded = [fold(w) for _, w in after]
    return any(w in UNIT_BREAKERS and (i == 0 or folded[i - 1] not in ("de", "a")) for i, w in enumerate(folded))


def _unit(ctx: DocState, seg: Segment, start: int, end: int, key: str) -> list[tuple[int, int, str]]:
    """"le Datalab de la DREES": a unit of the body, named with the body's short name, part of it."""
    match = UNIT.search(seg.text[:start])
    if not match:
        return []
    # The unit's name starts at its head word, the earliest one with no clause after it: "au sein du pôle
    # science des données de la DGFiP"; "la mission accompagne les bureaux de la DGE" is a clause, not a unit.
    words_at = [(m.start(), m.group()) for m in re.finditer(r"\S+", match["unit"])]
    heads = [i for i, (_, w) in enumerate(words_at) if fold(w) in words("unit_heads")
             and not _clause_after(words_at[i + 1:])
             and (i == 0 or i < len(words_at) - 1)]  # inside a phrase, a bare "service de la DGFiP" is no name
    if not heads:
        return []
    unit_start = match.start("unit") + words_at[heads[0]][0]
    unit_text = seg.text[unit_start:match.end("unit")]
    rest = [fold(w) for w in unit_text.split()[1:]]
    if rest and all(w in words("generic_org_words") for w in rest):
        return []  # "la mission fondamentale de la DRAC", "le service dédié de l'Anah": no unit's name
    body = ctx.facts.mentions[key]
    short = body.attributes.get("acronym") or seg.text[start:end]
    of = match["of"] if match["of"].endswith(("'", "’")) else match["of"] + " "
    branch = BRANCH.match(seg.text[end:])  # "du Cerema Normandie-Centre": the body's regional branch
    name = f"{unit_text[:1].upper()}{unit_text[1:]} {of}{short}" + (f" {branch['place']}" if branch else "")
    line = seg.line_at(unit_start)
    unit = ctx.organisation(name, line)
    if unit is None or unit == key:
        return []
    ctx.relate(R.PART_OF, unit, key, line)
    return [(unit_start, end, unit)]


LONG_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _spelt_out(ctx: DocState, seg: Segment, keyed: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"la Délégation interministérielle à la transformation publique (DITP)": the words before a bracketed
    acronym whose initials spell it are the body's long name, whether or not the gazetteer or NER knows
    that spelling. They become an alias of the body and a span of it (so "transformation publique" there
    is no skill)."""
    found = []
    for start, end, key in keyed:
        before = seg.text[:start]
        if not before.endswith("(") or seg.text[end:end + 1] != ")" or not orgs.is_acronym(seg.text[start:end]):
            continue
        if any(re.fullmatch(r"\s*\(", before[e:]) for _s, e, _k in keyed if e < start):
            continue  # the name before is an organisation span already (see _parenthesised)
        span = _long_name_before(before[:-1].rstrip(), seg.text[start:end])
        if span and not any(span[0] < e and s < span[1] for s, e, _k in keyed):
            long_name = seg.text[span[0]:span[1]]
            ctx.merge_alias(key, long_name)
            found.append((span[0], span[1], key))
    return found


def _long_name_before(before: str, acronym: str) -> tuple[int, int] | None:
    """The shortest run of words ending at ``before``'s end, starting with a capitalised word with the
    acronym's first letter, whose initials spell the acronym."""
    words_found = list(LONG_NAME_WORD.finditer(before))[-12:]
    for match in reversed(words_found):
        word = match.group()
        if not word[:1].isupper() or fold(word[0]) != fold(acronym[0]):
            continue
        candidate = before[match.start():]
        if len(candidate.split()) >= 2 and orgs.acronym_matches(acronym, candidate) \
                and len(_initials(candidate)) <= len(acronym) + 1:
            return match.start(), len(before)
        return None
    return None


def _initials(name: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", fold(name)) if w not in orgs.SMALL]


def _gazetteer_spans(seg: Segment) -> list[Span]:
    return [(s, e, org, seg.text[s:e]) for s, e, org in orgs.find(seg.text)] + _shared_head_spans(seg.text)


# "les ministères de l'Intérieur et de la Justice", "des ministères de la Culture, de l'Éducation nationale et des
# Armées": one plural head for each body its coordinated complements name.
SHARED_HEAD = re.compile(r"\bministères\s+(?P<parts>(?:de\s+la|de\s+l['’]|du|des)\s*[^\W\d_][^.;:!?()]{0,120})",
                         re.IGNORECASE)
COMPLEMENT = re.compile(r"(?:de\s+la|de\s+l['’]|du|des)\s*[^\W\d_][\w'’-]*(?:\s+(?!et\b)[^\W\d_][\w'’-]*){0,3}",
                        re.IGNORECASE)
JOINER = re.compile(r"\s*(?:,|\bet\b)\s*", re.IGNORECASE)


def _shared_head_spans(text: str) -> list[Span]:
    """Each body the gazetteer knows as "Ministère" + one of the complements, spanning that complement."""
    spans: list[Span] = []
    for match in SHARED_HEAD.finditer(text):
        position = match.start("parts")
        while (part := COMPLEMENT.match(text, position)) is not None:
            ends = [w.end() for w in re.finditer(r"\S+", part.group())]
            # The longest run of the complement's words that names a ministry ("de l'Éducation nationale").
            for end in reversed(ends):
                phrase = part.group()[:end]
                if (known := orgs.lookup(f"Ministère {' '.join(phrase.split())}")) is not None:
                    spans.append((part.start(), part.start() + end, known, phrase))
                    break
            joiner = JOINER.match(text, part.end())
            if joiner is None or not joiner.group().strip():
                break
            position = joiner.end()
    return [span for span in spans if len(spans) > 1]  # one complement alone is the gazetteer's own match


def _ner_spans(seg: Segment) -> list[Span]:
    found = []
    for ent in seg.ents:
        if ent.label not in NER_LABELS:
            continue
        end = orgs.extend(seg.text, ent.end)
        text = seg.text[ent.start:end].strip(" ,.;:»«\"")
        if _specific(text) and not person_name(text) and not any(c.isdigit() for c in text):
            found.append((ent.start, ent.start + len(text), None, text))
    return found


def _specific(text: str) -> bool:
    """An organisation name NER found, specific enough to stand alone: "Université de Warwick", "Labelia Labs";
    not a lone acronym ("MVP", "NPS": too often a term) nor a generic "Direction générale"."""
    tokens = text.split()
    if len(tokens) < 2 or not orgs.org_shaped(text):
        return False
    capitalised = sum(1 for t in tokens if t[0].isupper())
    return capitalised >= 2 or any(fold(t) in ("de", "du", "des", "d") or t.lower().startswith(("d'", "d’"))
                                   for t in tokens[1:])


def _structural_spans(seg: Segment, talks: bool) -> list[Span]:
    spans: list[Span] = []
    if seg.kind == "item" and heading_kind(seg.heading) == "org_list":
        head = re.split(r"\s*[(:]", seg.text, maxsplit=1)[0].strip()
        known = orgs.lookup(head) if head else None
        if head and len(head.split()) <= 14 and (known or orgs.org_shaped(head) or _capitalised_name(head, 8)):
            spans.append((0, len(head), known, head))
    if talks and seg.kind in ("heading", "item"):  # talk titles of an event: "Axionable - Retour d'expérience"
        spans.extend(_leading_names(seg))
    spans.extend(_enumerated_bodies(seg.text))
    return spans


ENUMERATED_NAME = re.compile(r"[A-ZÀ-Ý0-9][\w.'’&-]*(?:\s+(?:[A-ZÀ-Ý0-9][\w.'’&-]*|for|of|de|du|des|la|le|l['’]))*"
                             r"|[a-z][\w-]*\.[a-z]{2,}(?:\.[a-z]{2,})?")  # "beta.gouv", "data.gouv.fr"


@cache
def _enumeration() -> re.Pattern[str]:
    collectives = "|".join(re.escape(w) for w in sorted(words("body_collectives"), key=len, reverse=True))
    enumerators = "|".join(re.escape(w) for w in sorted(words("body_enumerators"), key=len, reverse=True))
    return re.compile(rf"\b(?:{collectives})\s+(?:[^\W\d]+\s+){{0,3}}?(?:{enumerators})\s*:?\s+", re.IGNORECASE)


def _enumerated_bodies(text: str) -> list[Span]:
    """The names listed after "des associations telles que A, B et C" (up to "etc." or the clause's end)."""
    spans: list[Span] = []
    folded = fast_fold(text)  # one character for one: the lists' words are folded, the positions stay valid
    for match in _enumeration().finditer(folded):
        position = match.end()
        while (name := ENUMERATED_NAME.match(text, position + _article(text[position:]))):
            candidate = name.group().rstrip(" .")
            # The listing says "bodies": a capitalised name is one even when it is also a word ("Latitudes").
            if len(candidate.split()) > 5 or first_names_start(candidate):
                break
            known = orgs.lookup(candidate)
            spans.append((name.start(), name.start() + len(candidate), known, candidate))
            follow = re.match(r"\s*(?:,|et|ou)\s+(?!etc\b)", text[name.start() + len(candidate):])
            if not follow:
                break
            position = name.start() + len(candidate) + follow.end()
    return spans


def _article(text: str) -> int:
    match = re.match(r"(?:(?:la|le|les)\s+|l['’]\s*)", text, re.IGNORECASE)
    return match.end() if match else 0


def first_names_start(name: str) -> bool:
    """"Marie Dupont": a person, not a body."""
    return len(name.split()) >= 2 and fold(name.split()[0]) in first_names()


def _capitalised_name(text: str, max_words: int) -> bool:
    tokens = text.split()
    return 1 <= len(tokens) <= max_words and all(t[0].isupper() or fold(t) in orgs.SMALL for t in tokens) \
        and tokens[0][0].isupper() and not _common_word(text)


def _common_word(text: str) -> bool:
    """A single ordinary French word ("Cartographie", "Archives"), known to the language model's vocabulary."""
    if " " in text.strip() or text.isupper():
        return False
    return is_common_word(text)


def _talk_parts(seg: Segment) -> list[tuple[int, int]]:
    """Character ranges of the parts of a talk title: "Axionable - Retour d'expérience" → two parts."""
    text = re.sub(r"^\s*\d+[.)]\s*", "", seg.text)
    shift = len(seg.text) - len(text)
    # In a list item, "Name : description" is left to the project reader; only "Org - topic" is read here.
    separator = PART_SEPARATOR if seg.kind == "heading" else DASH
    if not separator.search(text):
        return []
    parts = separator.split(text)
    if seg.kind != "heading":
        parts = parts[:1]
    ranges, position = [], 0
    for part in parts:
        start = text.find(part, position)
        position = start + len(part)
        stripped = part.strip()
        offset = shift + start + (len(part) - len(part.lstrip()))
        ranges.append((offset, offset + len(stripped)))
    return ranges


def _whole(part: str, name: str) -> bool:
    """The organisation is the whole part of the title (an article aside): "la DINUM", not "... de la DINUM"."""
    return orgs.strip_article(part).strip() == name.strip()


def _leading_names(seg: Segment) -> list[Span]:
    """"Axionable - Retour d'expérience", "... - Quantmetry: présentation de Mapie": the organisation part."""
    found = []
    for start, end in _talk_parts(seg):
        part = seg.text[start:end]
        if _name_like_org(part):
            found.append((start, end, orgs.lookup(part), part))
    return found


def _name_like_org(part: str) -> bool:
    """Every significant word capitalised, at most four words, not a person, not a topic."""
    tokens = part.split()
    if not 1 <= len(tokens) <= 4 or any(c.isdigit() for c in part):
        return False
    small = orgs.SMALL
    if any(not t[0].isupper() for t in tokens if fold(t) not in small) or not tokens[0][0].isupper():
        return False
    keys = {fold(t) for t in tokens}
    if keys & (words("noise") | words("title_heads") | words("event_words")) or looks_random(part):
        return False
    if len(tokens) == 1 and (tokens[0].isupper() and not orgs.is_acronym(tokens[0]) or _common_word(part)):
        return False
    return person_name(part) is None


def _dedupe(spans: list[Span]) -> list[Span]:
    """Keep the earliest-listed (most trusted) span where spans overlap; a longer one wins a tie of trust."""
    kept: list[Span] = []
    for span in spans:
        clash = [k for k in kept if span[0] < k[1] and k[0] < span[1]]
        if not clash:
            kept.append(span)
        elif all(k[2] is None and (span[1] - span[0]) > (k[1] - k[0]) for k in clash) and span[2] is not None:
            kept = [k for k in kept if k not in clash] + [span]
    return sorted(kept)


def _nesting(ctx: DocState, seg: Segment, keyed: list[tuple[int, int, str]], previous: list[str]) -> None:
    for (s1, e1, k1), (s2, _e2, k2) in zip(keyed, keyed[1:], strict=False):
        if NESTED.match(seg.text[e1:s2]):
            ctx.relate(R.PART_OF, k1, k2, seg.line_at(s1))
    _parenthesised(ctx, seg, keyed)
    for start, _end, key in keyed:
        if ELLIPTIC.search(seg.text[:start]):
            before = [k for k in previous + [k for s, _, k in keyed if s < start] if k != key]
            if before:
                ctx.relate(R.PART_OF, before[-1], key, seg.line_at(start))


def _parenthesised(ctx: DocState, seg: Segment, keyed: list[tuple[int, int, str]]) -> None:
    """"Ministère de l'Intérieur (Gendarmerie nationale, DNUM)": each inner body is part of the outer one."""
    for start, end, key in keyed:
        match = PAREN.match(seg.text[end:])
        if not match:
            continue
        inner_start, inner_end = end + match.start(1), end + match.end(1)
        inner = [(s, e, k) for s, e, k in keyed if inner_start <= s and e <= inner_end and k != key]
        if len(inner) == 1 and _names_same_body(ctx, seg, (start, end, key), inner[0]):
            _one_body(ctx, key, inner[0][2])  # "la Direction du Numérique (DINUM)": the acronym just written
            continue
        if len(inner) == 1 and _parent_in_brackets(ctx, key, inner[0][2]):
            ctx.relate(R.PART_OF, key, inner[0][2], seg.line_at(start))  # "SDES (Ministère de la Transition ...)"
            continue
        for _s, _e, child in inner:
            ctx.relate(R.PART_OF, child, key, seg.line_at(start))
        written = match.group(1).strip()
        # "Société française de statistique (SFdS)": letters that spell the body are its acronym, in any case
        spells = orgs.ACRONYM.match(written) is not None and orgs.acronym_matches(written, ctx.facts.mentions[key].name)
        if not inner and (orgs.is_acronym(written) or spells):
            _acronym_or_child(ctx, seg, key, written, start)


def _parent_in_brackets(ctx: DocState, outer: str, inner: str) -> bool:
    """"SDES (Ministère de la Transition écologique)": the bracket names the body the outer one belongs to —
    the parent the gazetteer gives it, or a ministry after a body that is none."""
    outer_name, inner_name = ctx.facts.mentions[outer].name, ctx.facts.mentions[inner].name
    known_outer, known_inner = orgs.lookup(outer_name), orgs.lookup(inner_name)
    if known_outer and known_outer.parent and known_inner and orgs.lookup(known_outer.parent) == known_inner:
        return True
    return heads_a_government_body(inner_name) and not heads_a_government_body(outer_name)


def heads_a_government_body(name: str) -> bool:
    """"Ministère de ...", "Services du Premier ministre": a body that is the parent of others, no one's part."""
    key = fold(name)
    return any(key == head or key.startswith(head + " ") for head in words("parent_heads"))


def _one_body(ctx: DocState, outer: str, inner: str) -> None:
    """A name and its acronym in brackets are one body, not two: the spelling the gazetteer knows keeps
    the mention and the other becomes its alias. Two bodies the gazetteer knows apart stay apart, and so
    does a unit already tied to the body by ``part_of``."""
    if any(s.type == R.PART_OF and {s.source, s.target} == {outer, inner} for s in ctx.facts.statements):
        return
    known_outer = orgs.lookup(ctx.facts.mentions[outer].name)
    known_inner = orgs.lookup(ctx.facts.mentions[inner].name)
    if known_outer and known_inner:
        if known_outer.name == known_inner.name:
            ctx.merge_organisation(inner, outer)
    elif known_outer:
        ctx.merge_organisation(inner, outer)
    else:
        ctx.merge_organisation(outer, inner)


def _names_same_body(ctx: DocState, seg: Segment, outer: tuple[int, int, str], inner: tuple[int, int, str]) -> bool:
    written = seg.text[inner[0]:inner[1]]
    names = [seg.text[outer[0]:outer[1]], ctx.facts.mentions[outer[2]].name]
    if any(orgs.acronym_matches(written, name) for name in names):
        return True
    # "la fabrique numérique de la Direction ... (DNUM)": the unit already points at that body.
    return any(s.type == R.PART_OF and {s.source, s.target} == {outer[2], inner[2]} for s in ctx.facts.statements)


def _acronym_or_child(ctx: DocState, seg: Segment, key: str, acronym: str, start: int) -> None:
    mention = ctx.facts.mentions[key]
    if orgs.acronym_matches(acronym, mention.name) or any(orgs.acronym_matches(acronym, a) for a in mention.aliases):
        mention.attributes.setdefault("acronym", acronym)
        return
    child = ctx.organisation(acronym, seg.line_at(start))
    ctx.relate(R.PART_OF, child, key, seg.line_at(start))


@component("page_organisation", requires=("org_spans", "primary"),
           assigns=("page_org",))
def page_organisation(ctx: DocState) -> None:
    """The organisation a page presents: its own entity, or the one its title names ("Le Datalab de la DREES")."""
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is not None:
        ctx.page_org = primary.key if primary.type == E.ORGANISATION else None
        return
    keys = [k for other in ctx.segments if other.kind == "title" or (other.kind == "heading" and other.level <= 1)
            for _, _, k in ctx.org_spans.get(other.index, [])]
    # "Pôle science des données — DGFiP" as <title>, "Le pôle science des données de la DGFiP" as <h1>: the unit.
    units = [k for k in keys if any(s.type == R.PART_OF and s.source == k and s.target in keys
                                    for s in ctx.facts.statements)]
    # "L'équipe — Lab Données & IA du SDES": a unit the text says is part of the titled body, named in the title.
    titles = " ".join(fold(o.text) for o in ctx.segments if o.kind == "title" or (o.kind == "heading" and o.level <= 1))
    units += [s.source for s in ctx.facts.statements if s.type == R.PART_OF and s.target in keys
              and s.source not in units and fold(ctx.facts.mentions[s.source].name) in titles]
    if units or keys:
        ctx.page_org = (units or keys)[0]
