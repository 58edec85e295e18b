"""Projects (and the organisations listed like projects) named in lists and talk titles.

Cues: a list item "Name : description" (the name often bold or linked),
"Name (Organisation) : description" (the organisation works on it), items
under a heading about projects, and "présentation de Name" in a talk title
("Quantmetry: présentation de Mapie" — the leading organisation works on it).
A listed name is an organisation rather than a project when the gazetteer
knows it, when its description starts like an organisation's ("incubateur",
"communauté", "réseau"...), or when the programme line above it introduces
organisations ("le meet-up inter-communautés"). In an event's document,
projects are ``presented_at`` the event and listed organisations take part.
"""

from __future__ import annotations

import re
from functools import cache

from ted.extract.cues import organisations as orgs
from ted.extract.cues.dates import find_days, leading_time
from ted.extract.cues.person_names import person_name
from ted.extract.entities import project_prose as prose
from ted.extract.layout.programme import programme
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.language import is_common_word
from ted.kb.lexicon import LABEL, exact, heading_kind, line_label_kind, looks_random, words
from ted.kb.names import fold, letters_in_order
from ted.schema import EntityType as E
from ted.schema import RelationType as R

ITEM = re.compile(r"^(?P<name>[^:()]{2,80}?)\s*(?:\((?P<paren>[^()]{1,80})\))?\s*(?::|\s[–—-]\s)\s*(?P<desc>.*)$")
KINDS = (r"projet|outil|logiciel|service|prototype|expérimentation|experimentation|application|plateforme|"
         r"solution|assistant|modèle|chatbot|démonstrateur|bibliothèque|librairie|package|site|produit|jeu de données")
PRESENTS = re.compile(r"(?:\b(?i:présentation|presentation|démonstration|demonstration|démo|demo|pitch)\s+"
                      rf"(?i:du projet\s+|de l['’]outil\s+|de\s+|d['’])"
                      r"|\b(?i:travaille|travaillons|travaillent|travaillé)\s+sur\s+"
                      r"|\b(?i:ai|avons|a|ont)\s+(?i:développé|créé|conçu|lancé)\s+"
                      # "Je pilote Skyvision", "nous coordonnons le projet Datalake": who leads a project
                      rf"|\b(?i:je|nous|il|elle)\s+(?i:pilote|pilotons|coordonne|coordonnons|dirige|dirigeons|"
                      rf"développe|développons|porte|portons)\s+(?:(?i:le|la|l['’])\s*(?i:{KINDS})\s+)?"
                      r"|\b(?i:a|ont|avait|va|vient de)\s+(?i:présenté|présenter|montré|montrer)\s+"
                      r"|\b(?i:présentera|présenteront|montrera|montreront)\s+)"
                      r"(?P<name>[A-ZÀ-Ý][\w'’-]*(?:\.\w[\w'’-]*)*(?:\s+[A-ZÀ-Ý0-9][\w'’-]*(?:\.\w[\w'’-]*)*){0,2})")
# "porté par la DINUM, le Ministère de l'Agriculture et ...": everyone listed after it in the sentence.
CARRIED_BY = re.compile(r"\b(?:port|soutenu|développ|financ|sponsoris|incub|co-?construit|réalis|conçu|pilot)"
                        r"\w*\s+par\b[^.;!?]*$", re.IGNORECASE)
PRESENTER = re.compile(r"^\s+(?:présente|présentent|a présenté|ont présenté|présentera|montre|a montré|"
                       r"fait la démonstration d[eu']|détaille|expose)\b[^.;!?]*$", re.IGNORECASE)
APPOSITIVE = re.compile(r"^\s*,\s*(?:le|la|l['’]|un|une|notre)\s*[^,;.()]{2,80}?(?=,|\.|;|$)")
ARTICLE = re.compile(r"^(?:l['’]|la |le |les |un |une |des )", re.IGNORECASE)
# An item that describes rather than names: it opens on an indefinite article, a conjunction or a figure
# ("un catalogue d'aides ...", "et des outils d'entraide, notamment :", "1 sur 5 déclare ..."), or leads in
# to a sub-list.
DESCRIPTION = re.compile(r"^(?:(?:un|une|des|et|ou|mais|puis)\b|\d)|:$", re.IGNORECASE)


@component("project_page_links", requires=("primary", "org_spans", "person_spans"),
           assigns=("works_on",))
def project_page_links(ctx: DocState) -> None:
    """On a project's own page, "Administrations participantes : A, B", its team list and those who carry
    it ("Le projet est porté par la DINUM et ...") work on it."""
    primary = ctx.facts.mentions.get(ctx.facts.primary or "")
    if primary is None or primary.type != E.PROJECT:
        return
    kinds = ("team", "participant", "org_list", "speaker")
    for seg in ctx.segments:
        listed = seg.kind in ("item", "heading", "table") and heading_kind(seg.heading) in kinds
        # A team table's body column says where each member works, not who carries the project.
        bodies = ctx.org_spans.get(seg.index, []) if seg.kind != "table" else []
        for start, _end, key in bodies + ctx.person_spans.get(seg.index, []):
            line_start, line_end = seg.line_range(start)
            line = seg.text[line_start:line_end]
            carried = CARRIED_BY.search(re.split(r"(?<=[.!?])\s+", seg.text[:start])[-1])
            if listed or carried or line_label_kind(line) in kinds or _carrier_label(line):
                ctx.relate(R.WORKS_ON, key, primary.key, seg.line_at(start))
        _carriers_named_in_labels(ctx, seg, primary.key, bodies)


def _carriers_named_in_labels(ctx: DocState, seg: Segment, project: str, bodies: list) -> None:
    """"Incubateur : Atelier numérique de l'environnement": the label says the value is a body, even one
    no list knows."""
    for start, _number in seg.starts:
        line_start, line_end = seg.line_range(start)
        line = seg.text[line_start:line_end]
        if not _carrier_label(line) or any(line_start <= s < line_end for s, _e, _k in bodies):
            continue
        for text in orgs.split_bodies(LABEL.match(line)["rest"]):
            if person_name(text) is None and (key := ctx.organisation(text, seg.line_at(start))) is not None:
                ctx.relate(R.WORKS_ON, key, project, seg.line_at(start))


def _carrier_label(line: str) -> bool:
    """"Sponsor : DGCS", "Incubateur : Fabrique numérique des ministères sociaux", "Porteurs : ...": the labels
    project directories give the bodies that sponsor, host or carry a project (beta.gouv's `sponsors` and
    `incubator` fields, written as text)."""
    return bool((match := LABEL.match(line)) and fold(match["label"].strip()) in words("project_carrier_labels"))


@component("projects",
           requires=("segments", "main_event", "portrait", "section_portraits", "page_org", "org_spans", "lead_orgs",
                     "person_spans"),
           assigns=("project", "item_projects", "maker_spans", "person", "organisation", "works_on", "presented_at",
                    "participant_in"))
def find_projects(ctx: DocState) -> None:
    intros = _programme_intros(ctx)
    for seg in ctx.segments:
        if seg.kind == "code":
            continue
        if _in_references(seg) or seg.kind == "meta":
            # Links there are references and the front matter's prose is about the page, but a head noun still
            # names a project: "L'API SIRENE de l'Insee : [catalogue]", "contribuer aux projets gouvdown et ...".
            _presented(ctx, seg, headed_only=True)
            continue
        if seg.kind == "item" or (seg.kind == "paragraph" and _owned_name(seg)):
            _listed(ctx, seg, intros.get(seg.index, ""))
        _presented(ctx, seg)


def _in_references(seg: Segment) -> bool:
    return any(heading_kind(h) == "reference" for h in seg.section)


def _programme_intros(ctx: DocState) -> dict[int, str]:
    """For each list item under a programme line, that line's text."""
    return {child.index: line.text for line, children in programme(ctx) for child in children}


def _listed(ctx: DocState, seg: Segment, intro: str) -> None:
    found = _item_name(seg, intro, ctx.segments)
    line = seg.line
    if found is None:
        # Under a projects heading an item is a project's title; after a sentence that only mentions projects
        # ("Les projets présentés seront les suivants :"), only when its layout says where the name ends: a bold
        # lead, or the bodies that close it ("Un outil de gestion de projet, ayant pour objectifs :" lists aims).
        counted = _counted_list(ctx.segments, seg)
        headed = heading_kind(seg.heading) == "project" or counted
        limit = MAX_COUNTED_TITLE_WORDS if counted else MAX_TITLE_WORDS
        if (headed or _about_projects(intro or _lead_in(ctx.segments, seg))) and not leading_time(seg.text) \
                and not DESCRIPTION.search(seg.text.strip()) and not _opens_on_person(seg):
            title, bodies = _title_and_bodies(ctx, seg)
            if len(title.split()) > limit or not (headed or bodies):
                title, bodies = _bold_lead(seg), []
            name = _tidy(title)
            if name and len(title.split()) <= limit and person_name(name) is None:
                _add(ctx, seg, name, [title.strip()] if title.strip() != name else [], bodies, "", intro)
        return
    name, paren, desc = found
    aliases: list[str] = []
    owner = None
    if paren:
        if _abbreviation(paren, name):
            aliases.append(paren)
        elif (person := person_name(paren)):
            owner = ctx.person(*person, line)
        elif orgs.lookup(paren) or orgs.org_shaped(paren) or orgs.proper_name(paren, 4):
            owner = ctx.organisation(paren, line)
    _add(ctx, seg, name, aliases, [owner] if owner else [], desc, intro)


MAX_TITLE_WORDS = 14
# Between the bodies that close a project's title: separators, an acronym in brackets, a place ("de l'Hérault").
BETWEEN_BODIES = re.compile(r"\s*(?:[-–—/,]|\bet\b)?\s*(?:\([^()]{1,40}\)\s*)?"
                            r"(?:(?:de\s+l['’]|de\s+la\s+|du\s+|de\s+|d['’])[A-ZÀ-Ý][\w'’-]*\s*)?")


def _title_and_bodies(ctx: DocState, seg: Segment) -> tuple[str, list[str]]:
    """"Mieux maîtriser les risques nucléaires Autorité de sûreté nucléaire (ASN)", "Détecter ... des sols
    Direction départementale des territoires et de la mer (DDTM) de l'Hérault": in a list of projects, an item
    whose text ends with the bodies that carry it is the project's title, then those bodies (written in
    italics, which the text no longer shows). A body the title's own words lead to ("... de la DINUM") is
    part of the title."""
    text = seg.text
    spans = sorted(ctx.org_spans.get(seg.index, []))
    # Where the bodies may start: a body found there, or a capitalised head word of one ("Centre hospitalier ...").
    starts = sorted({s for s, _, _ in spans} | {m.start() for m in re.finditer(r"(?<=\s)[A-ZÀ-Ý][\w'’-]+", text)
                                                 if fold(m.group()) in words("org_heads")})
    for start in starts:
        title = text[:start].rstrip(" -–—,*_")
        words_ = title.split()
        if len(words_) < 3 or fold(words_[-1]) in SMALL_WORDS or fold(words_[-1]) in words("determiners"):
            continue
        bodies: list[tuple[int, str]] = []  # (offset, mention key, or the text of a body not found yet)
        position = start
        while position < len(text.rstrip(" .;")):
            span = next((sp for sp in spans if sp[0] == position), None)
            piece = re.split(r"\s+[-–—/]\s+|,\s+", text[position:], maxsplit=1)[0].strip()
            if span is not None:
                bodies.append((position, span[2]))
                position = span[1]
            elif orgs.org_shaped(piece):
                bodies.append((position, piece))
                position += len(piece)
            else:
                break
            gap = BETWEEN_BODIES.match(text, position)
            position = max(position, gap.end()) if gap else position
        if position < len(text.rstrip(" .;")):
            break  # the text goes on after the bodies: they belong to it
        keys = [b if b in ctx.facts.mentions else ctx.organisation(b, seg.line_at(at)) for at, b in bodies]
        return title, [k for k in keys if k]
    return text, []


def _bold_lead(seg: Segment) -> str:
    """"**Outil de prise de rendez-vous** sur service-public.fr ..., par Géraldine Da Sylva": a list item
    opening on a bold name, then its description."""
    if not seg.strong:
        return ""
    lead = seg.strong[0].strip(" :*_")
    if lead and seg.text.startswith(lead) and len(lead.split()) <= MAX_MARKED_WORDS and lead[:1].isupper() \
            and not DESCRIPTION.search(lead):
        return lead
    return ""


MAX_MARKED_WORDS = 8


def _opens_on_person(seg: Segment) -> bool:
    """"**Lucie Martin** — responsable de ..., SDES": a directory line, a person with a job title."""
    match = ITEM.match(seg.text)
    return bool(match and person_name(match["name"].strip(" *_")) and match["desc"].strip())


def _owned_name(seg: Segment) -> bool:
    """A paragraph opening "Tabulator (DREES) : un outil ...": read like a list item."""
    match = ITEM.match(seg.text)
    return bool(match and match["paren"] and ":" in seg.text[:match.start("desc")])


def _item_name(seg: Segment, intro: str = "", segments: list[Segment] | None = None
               ) -> tuple[str, str | None, str] | None:
    match = ITEM.match(seg.text)
    if not match:
        return None
    name = match["name"].strip(" *_")
    paren = match["paren"]
    head, comma, tail = match["name"].partition(",")
    if comma and _maker_cue().match(comma + tail):
        name = head.strip(" *_")  # "**Pynsee**, développé par l'Insee : ...": the name ends at the comma
    elif comma and (qualifier := _qualifier(seg, head, tail)) is not None:
        name, paren = head.strip(" *_"), qualifier or paren  # "**LABEL, Cour de cassation** - ..."
    marks = [*seg.strong, *(link.text for link in seg.links)]
    inner = [n for n in prose.headed_names(name, marks) if n.cue > 0 and fold(n.head) in words("project_lead_words")]
    if inner:
        name = inner[0].name  # "**Design sprint sur le projet DataJust** : ...": the project is DataJust
    marked = any(fold(n) == fold(m.strip(" :*")) for m in marks for n in {name, match["name"].strip(" *_")})
    if fold(name) in words("field_labels") or leading_time(seg.text) or find_days(name) or looks_random(name):
        return None
    # Two capitalised words read as a name; a bold or linked one is a person only if NER says so.
    if person_name(name) and (not marked or any(e.label == "PER" and e.start < len(name) for e in seg.ents)):
        return None
    if not (orgs.proper_name(name, 6 if marked else 3) or (marked and name[:1].isupper() and len(name.split()) <= 6)):
        return None
    if any(c.isdigit() for c in name) and not marked:
        return None
    if re.fullmatch(r"[^\W\d_]+\s+\d{1,2}", name) and is_common_word(name.split()[0]):
        return None  # "**Temps 1 – Propos liminaires**", "Saison 2 : ...": a step of the page, not a name
    first = fold(match["desc"].split()[0]) if match["desc"].split() else ""
    if first in words("title_heads") and person_name(name):
        return None  # "**Marie Dupont** : cheffe de projet" is a person with a job title
    if not _named_thing(seg, name, match["desc"], intro or _lead_in(segments or [], seg)):
        return None  # "**Gouvernance** : ...", "Pour les employés : ...": a label of the page's own text
    return name, paren, match["desc"].strip()


def _qualifier(seg: Segment, head: str, tail: str) -> str | None:
    """"**Tech4Germany, Allemagne** - ...", "**LABEL, Cour de cassation** - ...": a short name, then where it
    is or who carries it. Returns the body ('' for a place), or None when the comma belongs to the name."""
    qualifier = tail.strip(" *_")
    start = len(head) + len(tail) - len(tail.lstrip(" *_")) + 1
    if not qualifier or len(head.split()) > MAX_NAME_WORDS or len(qualifier.split()) > MAX_TITLE_WORDS:
        return None
    if orgs.lookup(qualifier) or orgs.org_shaped(qualifier):
        return qualifier
    if orgs.lookup(head.strip(" *_")) or any(e.label == "LOC" and e.start == start for e in seg.ents):
        return ""
    return None


MAX_NAME_WORDS = 6


KIND_START = re.compile(rf"^(?:(?:le|la|l['’]|un|une|notre|son|sa|leur)\s*)?(?:{KINDS})s?\b", re.IGNORECASE)
SMALL_WORDS = frozenset({"de", "des", "du", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en", "pour", "sur",
                         "par", "avec", "dans", "un", "une"})


def _named_thing(seg: Segment, name: str, desc: str, intro: str) -> bool:
    """Whether "Name : description" names something rather than labels a paragraph of the page's own text.
    Labels are made of ordinary words ("Gouvernance", "Vision produit", "Pour les employés", "Décès");
    names are not (ChartsGouv, Cartiflette, PoufDoc, API, "Mon Suivi 2"), or the context says "projects":
    a heading or programme line about projects, a description that starts "un outil", "la plateforme"...,
    a link, or a body the gazetteer knows."""
    if heading_kind(seg.heading) in ("project", "org_list") or _about_projects(intro):
        return True
    if KIND_START.match(desc.strip()) or any(fold(name) == fold(link.text.strip(" :*")) for link in seg.links):
        return True
    return orgs.lookup(name) is not None or _proper_words(name)


def _about_projects(text: str) -> bool:
    """A line that announces projects ("Démo des 7 projets :", "En 2024, trois projets ont rejoint ... :")."""
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]  # the sentence that leads in, not the paragraph
    return bool(set(re.findall(r"[^\W\d_]+", fold(last))) & words("project_lead_words"))


COUNTED = re.compile(r"\b(\d{1,2}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?:[^\W\d_]+\s+){0,2}?"
                     r"(?:projets|défis|defis|produits|startups|chantiers)\b", re.IGNORECASE)
NUMBER_WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10}
# A counted list names its projects in full ("Faciliter l'association de sources de données géographiques ...").
MAX_COUNTED_TITLE_WORDS = 20


def _counted_list(segments: list[Segment], seg: Segment) -> bool:
    """A list under its own heading whose length the text before announces: "le cadrage des 5 projets d'intérêt
    commun", then "Les groupes de travail" and five items — each item is one of those projects."""
    first = seg.index
    while first > 0 and segments[first - 1].kind == "item":
        first -= 1
    last = seg.index
    while last + 1 < len(segments) and segments[last + 1].kind == "item":
        last += 1
    if first == 0 or segments[first - 1].kind != "heading" or first < 2:
        return False
    before = segments[first - 2]
    counts = [int(m[1]) if m[1].isdigit() else NUMBER_WORDS[fold(m[1])] for m in COUNTED.finditer(before.text)]
    return before.kind == "paragraph" and (last - first + 1) in counts


def _lead_in(segments: list[Segment], seg: Segment) -> str:
    """The sentence that introduces the list an item belongs to ("En 2023, 8 projets font l'objet ... :")."""
    for other in reversed(segments[:seg.index]):
        if other.kind != "item":
            return other.text if other.kind == "paragraph" and other.text.rstrip().endswith(":") else ""
    return ""


def _proper_words(name: str) -> bool:
    """Some word of the name is no ordinary word: a digit, an inner capital, an acronym, a coined word."""
    if re.search(r"[^\W\d_]{3,}['’][A-ZÀ-Ý]", name):
        return True  # "Protect'Envi", "Kesk'IA", "Keycloak-FranceConnect"
    tokens = [t for t in re.findall(r"[^\W_]+", name) if fold(t) not in SMALL_WORDS]
    for index, token in enumerate(tokens):
        # An acronym names the thing when it leads or the name is short ("OCR 2023", "API Entreprise");
        # inside a phrase of ordinary words it is one of them ("Écosystème RH public hétérogène").
        acronym = len(token) > 1 and token.isupper() and (index == 0 or len(tokens) <= 2)
        if any(c.isdigit() for c in token) or re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", token) or acronym or \
                (not token.isupper() and not is_common_word(token)):
            return True
    return False


def _abbreviation(short: str, name: str) -> bool:
    """"TED" for "TrouverMonExpertData": the letters follow the capitals (or initials) of the name."""
    short = short.strip()
    if not short.isupper() or len(short) > 8:
        return False
    capitals = "".join(c for c in name if c.isupper()) or "".join(w[0] for w in name.split()).upper()
    return letters_in_order(short, capitals)


def _is_organisation(name: str, desc: str, intro: str, seg: Segment) -> bool:
    if orgs.lookup(name) or heading_kind(seg.heading) == "org_list":
        return True
    first = fold(ARTICLE.sub("", desc.strip()))
    if any(first.startswith(w) for w in words("org_descriptions")):
        return True
    return any(w in fold(intro) for w in words("org_intro"))


def _add(ctx: DocState, seg: Segment, name: str, aliases: list[str], owners: list[str], desc: str,
         intro: str) -> None:
    line = seg.line
    if _is_organisation(name, desc, intro, seg):
        key = ctx.organisation(name, line)
        if key and ctx.main_event and intro:
            ctx.relate(R.PARTICIPANT_IN, key, ctx.main_event, line)
        return
    key = ctx.project(name, line, aliases)
    ctx.item_projects.setdefault(seg.index, []).append(key)
    if not owners and heading_kind(seg.heading) == "project" and ctx.page_org:
        owners = [ctx.page_org]  # "Nos projets" on the Datalab's page
    for owner in owners:
        ctx.relate(R.WORKS_ON, owner, key, line)
    for _, _, person in ctx.person_spans.get(seg.index, []):
        ctx.relate(R.WORKS_ON, person, key, line)
    for cue in _maker_cue(anchored=False).finditer(seg.text):  # "Carbomètre : un calculateur, porté par l'Ademe"
        _makers(ctx, seg, cue.start(), key, line)
    if ctx.main_event:
        ctx.relate(R.PRESENTED_AT, key, ctx.main_event, line)


def _presented(ctx: DocState, seg: Segment, headed_only: bool = False) -> None:
    """"Quantmetry: présentation de Mapie": a project, worked on by the organisation leading the title;
    "la plateforme Onyxia", "l'API Entreprise", "sur service-public.fr", a link to a project's page: projects
    named in prose, worked on by who the words around them say (``project_prose``)."""
    found: list[tuple[prose.Named, bool]] = []  # (name, whether a presentation cue introduced it)
    for match in [] if headed_only else PRESENTS.finditer(seg.text):
        name = _known_longer(ctx, seg.text[match.start("name"):], match["name"].strip().rstrip("."))
        if fold(name) in words("noise") or person_name(name) or orgs.lookup(name) or fold(name) in ctx.org_keys \
                or _a_skill(name) or _capitalised_kind(seg.text[match.start():match.start("name")]):
            continue
        found.append((prose.Named(match.start("name"), match.start("name") + len(name), name, match.start()), True))
    others = prose.headed_names(seg.text, [*seg.strong, *(link.text for link in seg.links)])
    others += prose.appositive_names(seg.text)
    if not headed_only:
        others += prose.site_names(seg.text) + prose.linked_names(seg)
    for named in sorted(others, key=lambda n: n.start):
        if any(n.start < named.end and named.start < n.end for n, _ in found) or _within_listed(ctx, seg, named):
            continue
        if named.name == seg.text[named.start:named.end]:
            named.name = _known_longer(ctx, seg.text[named.start:], named.name)
        if prose.acceptable(ctx, seg, named):
            found.append((named, False))
    for named, presenting in found:
        _relate_named(ctx, seg, named, presenting, headed_only)


def _within_listed(ctx: DocState, seg: Segment, named: prose.Named) -> bool:
    """"Défi Gobelins : ..." was read as a list item's name: "Gobelins" in it is that project again."""
    key = f" {fold(named.name)} "
    for project in ctx.item_projects.get(seg.index, []):
        mention = ctx.facts.mentions.get(project)
        if mention and any(key in f" {fold(n)} " for n in [mention.name, *mention.aliases]):
            return True
    return False


def _relate_named(ctx: DocState, seg: Segment, named: prose.Named, presenting: bool, headed_only: bool) -> None:
    line = seg.line_at(named.start)
    key = ctx.project(named.name, line, named.aliases)
    listed = ctx.item_projects.setdefault(seg.index, [])
    if key not in listed and not headed_only:  # a summary's or a reference's skills are not the product's
        listed.append(key)
    for owner in ctx.lead_orgs.get(seg.index, []):
        ctx.relate(R.WORKS_ON, owner, key, line)
    # A portrait's person works on the projects, tools and products the page names ("Elle participe ... sur le
    # projet Lexiscan"), on a base or a programme only in the first person ("je contribue au référentiel X").
    portrait = ctx.portrait_at(seg)
    if portrait and (presenting or KIND_WORD.match(named.head) or prose.first_person(seg.text, named)):
        ctx.relate(R.WORKS_ON, portrait, key, line)
    for start, end, person in ctx.person_spans.get(seg.index, []):
        if start > named.end and presenting and re.search(r"\bpar\b", seg.text[named.end:start]):
            ctx.relate(R.WORKS_ON, person, key, line)  # "présentation de Graphigouv par Jeanne Morel"
        elif end <= named.cue and PRESENTER.match(seg.text[end:named.start]):
            ctx.relate(R.WORKS_ON, person, key, line)  # "Nadia Haddad présente le projet LLM-Stat"
    _appositive_owner(ctx, seg, named.end, key, line)
    # Who carries a programme also organises the programme's own event ("Clôture de la saison 2 du programme
    # 10 %": "Le programme 10 %, porté par la DINUM et l'Insee"); who makes a tool shown there does not.
    event = ctx.facts.mentions.get(ctx.main_event or "")
    own_event = event is not None and f" {_words(named.name)} " in f" {_words(event.name)} "
    for start, _end, who in prose.makers(ctx, seg, named):
        ctx.relate(R.WORKS_ON, who, key, line)
        if not own_event:
            ctx.maker_spans.add((seg.index, start))
    if ctx.main_event and not headed_only and _shown_at_event(seg, named, presenting):
        ctx.relate(R.PRESENTED_AT, key, ctx.main_event, line)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def _shown_at_event(seg: Segment, named: prose.Named, presenting: bool) -> bool:
    """A project named on an event's page is shown there when a presentation introduces it, when its sentence
    says so, or when the programme or a list names it as a project; a site named in passing ("sur
    service-public.fr") or a component ("la brique PIAF") is not."""
    if presenting or prose.shown(seg.text, named):
        return True
    listed = seg.kind in ("item", "heading", "table") or leading_time(seg.text) is not None
    # "Design sprint sur le projet DataJust" shows DataJust; "Analyse de corpus ... à partir de la brique PIAF"
    # shows the analysis, not PIAF.
    return listed and bool(named.head) and (named.cue == 0 or fold(named.head) in words("project_lead_words"))


KIND_WORD = re.compile(rf"^(?:{KINDS})$", re.IGNORECASE)


def _capitalised_kind(cue: str) -> bool:
    """"le Service Public", "la Plateforme de l'inclusion": a capitalised kind word after its article is the
    first word of a longer name, not the kind of what follows ("le service SAS")."""
    tokens = cue.split()
    return len(tokens) >= 2 and bool(KIND_WORD.match(tokens[-1])) and tokens[-1][:1].isupper()


def _known_longer(ctx: DocState, text: str, name: str) -> str:
    """"l'application Carnet de bord": the capitalised words stop at "de", but the page names the
    project "Carnet de bord"; take the longer name it already knows."""
    for known in ctx.facts.of_type(E.PROJECT):
        full = fold(known.name)
        if full.startswith(fold(name) + " ") and fold(text[:len(known.name)]) == full:
            return text[:len(known.name)]
    return name


_a_skill = prose.a_skill  # "l'outil Grist": a tool of the skills thesaurus, not a project


@cache
def _maker_cue(anchored: bool = True) -> re.Pattern[str]:
    """"développé par <who>" right after a name (anchored) or anywhere in an item's text."""
    cues = "|".join(re.escape(c).replace(r"\ ", r"\s+").replace("'", "['’]")
                    for c in sorted(exact("maker_cues") | exact("project_maker_cues"), key=len, reverse=True))
    lead = r"^\s*,?\s*" if anchored else r"\b"
    return re.compile(rf"{lead}(?i:{cues})(?:\s+|(?<=['’]))(?P<who>[^,;.()!?]{{2,120}})")


def _makers(ctx: DocState, seg: Segment, end: int, key: str, line: int) -> None:
    """"l'outil Pynsee, développé par l'Insee", "Albert, conçu par la DINUM", "X, porté par Sophie Renard":
    the bodies and people named right after the cue work on the project."""
    match = _maker_cue().match(seg.text[end:])
    if not match:
        return
    first, last = end + match.start("who"), end + match.end("who")
    for start, stop, who in ctx.org_spans.get(seg.index, []) + ctx.person_spans.get(seg.index, []):
        if first <= start and stop <= last:
            ctx.relate(R.WORKS_ON, who, key, line)
            ctx.maker_spans.add((seg.index, start))


def _appositive_owner(ctx: DocState, seg: Segment, end: int, key: str, line: int) -> None:
    """"Pandore, le gestionnaire de paquets de l'Insee, par ...": the organisation owns the project."""
    clause = APPOSITIVE.match(seg.text[end:])
    if not clause:
        return
    limit = end + clause.end()
    for start, org_end, org in ctx.org_spans.get(seg.index, []):
        if end < start and org_end <= limit:
            ctx.relate(R.WORKS_ON, org, key, line)


def _tidy(text: str) -> str:
    """"La SIRETisation des établissements" → "SIRETisation des établissements"."""
    text = " ".join(text.split()).strip(" .;,")
    stripped = ARTICLE.sub("", text)
    return stripped[:1].upper() + stripped[1:] if stripped else text
