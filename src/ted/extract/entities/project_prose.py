"""Projects named in running text, and who makes them, read from the words around the name.

Where a name is:

- after a head noun: "la plateforme Onyxia", "le logiciel OpenFisca", "la base SIRENE", "la start-up d'État
  [Dossier Facile]", "les projets gouvdown et shinygouv", "l'API Découpage administratif" (an API keeps its
  head: "API Entreprise"). The name is a quoted title, a bold or linked text, or the words that are names
  (capitals, acronyms, digits, inner capitals, addresses; a first word no dictionary has), up to the first
  ordinary word: "la plateforme de l'État", "un outil interne", "le service public" name nothing;
- a site written as its address in prose: "sur service-public.fr";
- the text of a link to a project's page ("[LABEL](…/defis/2020/label.html)", "/projets/…", "/startups/…").

Who makes it: "la DREES a développé l'outil Mistigri" (a body or a person, then a maker's verb), "l'API
SIRENE de l'Insee", "l'outil Mistigri (DREES)", "le programme 10 %, co-porté par la DINUM en association
avec l'Insee", "…, en partenariat avec l'Ademe". Head nouns, verbs and cues are lists of kb/fr/lexicon.yaml
(``project_heads``, ``project_name_heads``, ``project_maker_verbs``, ``project_maker_cues``,
``project_partner_cues``, ``project_url_folders``, ``not_project_names``, ``project_showing_words``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from ted.extract.cues import organisations as orgs
from ted.extract.cues.dates import MONTHS, WEEKDAYS, find_days
from ted.extract.cues.person_names import person_name
from ted.extract.layout.segments import Segment
from ted.extract.state import DocState
from ted.kb.gazetteer import lookup_skill
from ted.kb.language import is_common_word
from ted.kb.lexicon import exact, first_names, looks_random, words
from ted.kb.names import fold, name_key

MAX_NAME_TOKENS = 4
MAX_MARKED_WORDS = 6
MAX_QUOTED_WORDS = 12
MIN_COINED = 4  # a lower-case first word no dictionary has ("gouvdown") names a thing from this length on

# Determiners before a head noun: definite, contracted, possessive or demonstrative. An indefinite one
# ("un outil", "des API Python") describes rather than names.
DETERMINER = r"le|la|les|l['’]|du|au|aux|notre|votre|nos|vos|son|sa|ses|leur|leurs|ce|cet|cette|ces"
# A name's word: anything up to a space or punctuation that ends a name.
TOKEN = re.compile(r"[^\s,;:!?()«»\"“”\[\]{}|*]+")
QUOTED = re.compile(r"(?P<qual>(?:[A-ZÀ-Ý0-9][\w.'’-]*\s+){0,4})[«\"“]\s*(?P<name>[^«»\"“”]{2,120}?)\s*[»\"”]")
DAY_OR_MONTH = re.compile(rf"^(?i:{WEEKDAYS}|{'|'.join(MONTHS)})\.?$")
LAST_TOKEN = re.compile(r"[^\s,;:!?()«»\"“”\[\]{}|*]+\s?$")
COORDINATION = re.compile(r"\s*(?:,|\bet\b|&)\s*")
# An address written as text: "data.gouv.fr", "service-public.fr" (never inside a URL or an e-mail address).
SITE = re.compile(r"(?<![\w@/.:-])(?:www\.)?(?P<name>[A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:fr|org|io|eu|com|net))"
                  r"(?![\w/@-]|\.[A-Za-z])")
SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")
AUXILIARY = (r"(?:(?:a|ont|avait|avaient|aura|auront|va|vont|vient\s+de|viennent\s+de|venait\s+de|avons|avez)\s+)?"
             r"(?:(?:déjà|récemment|également|aussi|notamment|ensuite|alors|enfin|d['’]abord)\s+)?")
SHOWN = r"(?:présenté|présentée|présentés|présentées|montré|montrée|montrés|montrées|démontré|démontrée)"
# Later in the sentence: "..., a été présenté par Julie Caron", "X ... sera présenté lors de la rencontre".
SHOWN_BY = re.compile(rf"\b(?:a|ont|avait|sera|seront|est|sont)\s+(?:été\s+)?{SHOWN}\s+par\s+", re.IGNORECASE)
PASSIVE_SHOWN = re.compile(rf"\b(?:a|ont|sera|seront|est|sont)\s+(?:été\s+)?{SHOWN}\b", re.IGNORECASE)
OF_OWNER = re.compile(r"^\s*(?:,\s*)?(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*$", re.IGNORECASE)
IN_BRACKETS = re.compile(r"^\s*\(\s*$")
CHAIN = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:,|et|&)\s+(?:la |le |les |l['’])?$", re.IGNORECASE)


@dataclass
class Named:
    """A project name found in a segment's text."""

    start: int  # where the name starts in the text
    end: int
    name: str
    cue: int  # where the words that introduce it start (the determiner or the head noun)
    head: str = ""  # the head noun as written ('' for an address or a link)
    aliases: list[str] = field(default_factory=list)
    marked: bool = False  # quoted, bold or linked: the writer says where the name ends


# ------------------------------------------------------------------------------------------- head nouns


@cache
def _heads() -> re.Pattern[str]:
    heads = sorted(exact("project_heads") | exact("project_name_heads"), key=len, reverse=True)
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+").replace("'", "['’]") for h in heads)
    return re.compile(rf"(?<![\w'’-])(?:(?P<det>{DETERMINER})\s*)?(?P<head>{alternatives})(?P<plural>s|x)?"
                      r"(?=\s|\*|$)", re.IGNORECASE)


def headed_names(text: str, marks: list[str] | tuple[str, ...] = ()) -> list[Named]:
    """Names after head nouns in ``text``; ``marks`` are its bold and linked texts."""
    found: list[Named] = []
    for cue in _heads().finditer(text):
        if not _opens_a_name(text, cue):
            continue
        head = cue["head"]
        position = _skip_spaces(text, cue.end())
        first = _read_name(text, position, marks)
        if first is None:
            continue
        names = [first]
        while cue["plural"] and len(names) < MAX_NAME_TOKENS:  # "les projets gouvdown et shinygouv"
            joint = COORDINATION.match(text, names[-1][1])
            following = _read_name(text, joint.end(), marks) if joint and joint.end() > names[-1][1] else None
            if following is None:
                break
            names.append(following)
        if cue["plural"] and len(names) < 2:
            continue  # "aux librairies Open Source": a plural head before one phrase describes, names nothing
        for index, (start, end, name, marked) in enumerate(names):
            aliases: list[str] = []
            if not re.search(r"[^\W\d_]", name):
                # Figures name a programme the gazetteer knows ("le programme 10 %"), nothing else ("ce défi 10 %").
                known = orgs.lookup(f"{head} {name}")
                if known is None or not fold(known.name).startswith(fold(head) + " "):
                    continue
                name, start = known.name, cue.start("head")
            elif fold(head) in words("project_name_heads"):
                written = head[:1].upper() + head[1:]  # "API Entreprise"
                if marked:
                    aliases.append(f"{written} {name}")
                else:
                    name = f"{written} {name}"
                    start = cue.start("head") if index == 0 else start
            found.append(Named(start, end, name, cue.start(), head, aliases, marked))
    return found


def _opens_a_name(text: str, cue: re.Match[str]) -> bool:
    """The head noun introduces a name: after a determiner, or opening the text, a clause or an enumeration
    ("Défi Gobelins", "existant : geofla, API découpage"). A capitalised head after its determiner is the
    first word of a longer name ("la Plateforme de l'inclusion", "le Service Public"), except an acronym."""
    head = cue["head"]
    if cue["det"]:
        return not (head[:1].isupper() and not head.isupper())
    before = text[:cue.start()].rstrip(" *_")
    return not before or before[-1] in ":;,.!?(–—-•"


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " *_":
        position += 1
    return position


def _read_name(text: str, position: int, marks: list[str] | tuple[str, ...]
               ) -> tuple[int, int, str, bool] | None:
    """(start, end, name, marked) of the name at ``position``: quoted, marked (bold, link) or written as one."""
    quoted = QUOTED.match(text, position)
    if quoted and len(quoted["name"].split()) <= MAX_QUOTED_WORDS and re.search(r"[^\W\d_]", quoted["name"]):
        name = quoted["name"].strip(" .,;")
        return quoted.start("name"), quoted.end(), name, True  # the name ends with its closing quote
    marked = [m for m in (m.strip(" :*_") for m in marks) if m and text.startswith(m, position)
              and len(m.split()) <= MAX_MARKED_WORDS and _name_word(m.split()[0], first=True)
              and not re.match(r"\w", text[position + len(m):position + len(m) + 1])]
    if marked:
        name = max(marked, key=len)
        return position, position + len(name), name, True
    limit = len(text)
    for mark in marks:
        at = text.find(mark.strip(" :*_"))
        if mark.strip(" :*_") and at < position < at + len(mark.strip(" :*_")):
            limit = at + len(mark.strip(" :*_"))  # "**... Focus sur le programme TECH.GOUV** Mardi 30": not "Mardi"
    end, count = position, 0
    while count < MAX_NAME_TOKENS:
        token = TOKEN.match(text, end if count == 0 else end + 1)
        if token is None or (count and text[end:end + 1] != " "):
            break
        word = token.group()
        stop = word.endswith(".") and not re.search(r"\w\.\w+\.$", word)  # the sentence ends after it
        word = word.rstrip(".")
        possessive = count == 0 and word in ("Mon", "Ma", "Mes") and re.match(r" [A-ZÀ-Ý]", text[token.end():])
        if not word or not (possessive or _name_word(word, first=count == 0)) or token.start() + len(word) > limit:
            break  # "le projet Mon FranceConnect": a capitalised possessive opens many products' names
        end, count = token.start() + len(word), count + 1
        if stop:
            break
    if not count:
        return None
    return position, end, text[position:end], False


def _name_word(word: str, first: bool) -> bool:
    """A word of a name: capitals, digits, inner capitals, an address; a coined first word ("gouvdown")."""
    letters = re.sub(r"[\W_]", "", word)
    if word == "%" and not first:
        return True  # "programme 10 %"
    if not letters or fold(word) in SMALL or fold(word) in words("determiners") or DAY_OR_MONTH.match(word):
        return False
    if any(c.isdigit() for c in word) or re.search(r"[^\W_]\.[^\W_]", word) or word[:1].isupper():
        return True
    if re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", word):
        return True
    # A coined lower-case name is plain ASCII ("gouvdown", "shinygouv"); an accented unknown word is an
    # inflected French one ("la solution investiguée").
    return first and word.isascii() and word.isalpha() and len(word) >= MIN_COINED and not is_common_word(word)


SMALL = frozenset({"de", "des", "du", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en", "pour", "sur",
                   "par", "avec", "dans", "un", "une", "il", "elle", "ils", "elles", "on", "nous", "vous", "qui",
                   "que", "dont", "ou", "mais", "si", "est", "sont"})


@cache
def _appositive() -> re.Pattern[str]:
    heads = sorted(exact("project_heads") | exact("project_name_heads"), key=len, reverse=True)
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+").replace("'", "['’]") for h in heads)
    return re.compile(rf",\s*(?P<det>(?:un|une|le|la|l['’]|notre|leur|son|sa)\s*)?(?i:{alternatives})\b")


def appositive_names(text: str) -> list[Named]:
    """"CORD, jeu de données de tickets de caisse", "Pynsee, un package Python": a name, then what it is.
    The name is the run of capitalised words before the comma, and has a word no dictionary has."""
    found = []
    for kind in _appositive().finditer(text):
        start = kind.start()
        for _ in range(MAX_NAME_TOKENS):
            before = text[:start]
            token = LAST_TOKEN.search(before)
            if token is None or not _name_word(token.group().strip(), first=False):
                break
            start = token.start()
            if start == 0 or text[start - 1] != " ":
                break
        words_ = text[start:kind.start()].split()
        if len(words_) > 1 and is_common_word(words_[0]) and not text[:start].strip(" *_")[-1:].isalnum():
            start += len(words_[0]) + 1  # "Hier Pynsee, un package": the sentence's first word is not the name's
        name = text[start:kind.start()].strip()
        if not kind["det"] and text[:start].strip(" *_"):
            continue  # without an article only an item's opening name: "CORD, jeu de données de ..."
        if name and coined(name) and not text[:start].rstrip().endswith("("):  # "(PV, services faits)"
            found.append(Named(start, kind.start(), name, start))
    return found


def coined(name: str) -> bool:
    """Some word of the name is no ordinary word: a digit, an inner capital, an acronym, a coined word."""
    for token in re.findall(r"[^\W_]+", name):
        if any(c.isdigit() for c in token) or re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", token) \
                or (len(token) > 1 and token.isupper()) or not is_common_word(token):
            return True
    return False


# --------------------------------------------------------------------------------- addresses and links


def site_names(text: str) -> list[Named]:
    """Sites written as their address: "sur service-public.fr", "les données de data.gouv.fr"."""
    return [Named(m.start("name"), m.end("name"), m["name"], m.start("name")) for m in SITE.finditer(text)
            if not re.search(r"(?:^|[^.!?:]\s)[A-ZÀ-Ý][\w'’-]*\s$", text[:m.start()])]  # not "Mon enfant.fr"


def linked_names(seg: Segment) -> list[Named]:
    """Texts of links to a project's own page ("/projets/liria/", "/startups/…", "/defis/2020/label.html")."""
    found = []
    folders = words("project_url_folders")
    for link in seg.links:
        parts = [p for p in urlsplit(link.url).path.lower().split("/") if p]
        at = next((i for i, part in enumerate(parts) if part in folders), None)
        text = link.text.strip(" :*_")
        if at is None or at == len(parts) - 1 or not text or len(text.split()) > MAX_MARKED_WORDS:
            continue
        if set(re.findall(r"[^\W\d_]+", fold(text))) & words("link_noise"):
            continue
        start = seg.text.find(text)
        if start >= 0 and _name_word(text.split()[0], first=True):
            found.append(Named(start, start + len(text), text, start, marked=True))
    return found


# ---------------------------------------------------------------------------------------- acceptance


def a_skill(name: str) -> bool:
    """"l'outil Grist", "le service IA": a tool or technique of the skills thesaurus, not a project.
    A longer acronym ("le service SAS", "la plateforme CSP") is the product's own name."""
    if name.isupper() and len(name) > 2:
        return False
    try:
        return lookup_skill(name) is not None
    except (OSError, ValueError, KeyError):
        return False


def acceptable(ctx: DocState, seg: Segment, named: Named) -> bool:
    """Whether a name read from prose names a project: not a body, a person, a skill, a date or a generic word."""
    name = named.name
    key = fold(name)
    if not re.search(r"[^\W\d_]", name):
        return False  # "En 2023, un outil": figures alone name nothing
    if key in words("noise") or key in words("not_project_names") or key in words("project_heads") \
            or looks_random(name) or find_days(name):
        return False
    if any(start <= named.start < end for start, end, _ in
           ctx.org_spans.get(seg.index, []) + ctx.person_spans.get(seg.index, [])):
        return False  # a body ("le programme EIG") or a person the earlier finders read there
    found = orgs.lookup(name)
    if (found and not fold(found.name).startswith("programme ")) or name_key(name) in ctx.org_keys:
        return False
    if a_skill(name):
        return False
    tokens = name.split()
    if len(tokens) > 1 and person_name(name) and (fold(tokens[0]) in first_names() or not (named.marked or any(
            t.isupper() or any(c.isdigit() for c in t) or re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", t) for t in tokens))):
        return False  # "Marie Dupont", and two capitalised words the writer did not mark ("Démarches Simplifiées")
    # After a head noun one word is the product's ("l'expérimentation Albert"); longer, NER may know a person.
    return len(tokens) == 1 or not any(e.label == "PER" and e.start <= named.start < e.end for e in seg.ents)


# ------------------------------------------------------------------------------------- who makes it


@cache
def maker_cue() -> re.Pattern[str]:
    """"développé par <who>", "co-porté par", "développée à Etalab" right after a name."""
    cues = sorted(exact("maker_cues") | exact("project_maker_cues"), key=len, reverse=True)
    alternatives = "|".join(re.escape(c).replace(r"\ ", r"\s+").replace("'", "['’]") for c in cues)
    return re.compile(rf"^\s*,?\s*(?:(?:qui\s+)?(?:est|sont|a\s+été|ont\s+été|était|sera)\s+)?(?i:{alternatives})"
                      r"(?:\s+|(?<=['’]))(?P<who>(?:[^,;.()!?]|\([^()]{1,20}\)){2,120})")


@cache
def _maker_verb() -> re.Pattern[str]:
    verbs = sorted(exact("project_maker_verbs"), key=len, reverse=True)
    alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs)
    return re.compile(rf"\s{AUXILIARY}(?i:{alternatives})\s+$")


@cache
def _partner_cue() -> re.Pattern[str]:
    cues = sorted(exact("project_partner_cues"), key=len, reverse=True)
    alternatives = "|".join(re.escape(c).replace(r"\ ", r"\s+").replace("'", "['’]") for c in cues)
    return re.compile(rf"\b(?i:{alternatives})(?:\s+|(?<=['’]))")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding text[start:end]."""
    begin = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    close = SENTENCE_END.search(text, end)
    return begin, close.start() if close else len(text)


def makers(ctx: DocState, seg: Segment, named: Named) -> list[tuple[int, int, str]]:
    """Spans of the bodies and people who make the project, from the words around its name."""
    spans = ctx.org_spans.get(seg.index, []) + ctx.person_spans.get(seg.index, [])
    text = seg.text
    begin, finish = _sentence(text, named.cue, named.end)
    found: list[tuple[int, int, str]] = []
    # "la DREES a développé l'outil Mistigri", "L'Insee et la DINUM pilotent le projet X".
    verb = _maker_verb().search(text, begin, named.cue)
    if verb is not None:
        subject = [s for s in spans if begin <= s[0] and s[1] <= verb.start()
                   and re.fullmatch(r"\s*(?:\([^()]*\)\s*)?", text[s[1]:verb.start()])]
        while subject:
            found.append(subject[-1])
            head = subject[-1][0]
            subject = [s for s in spans if begin <= s[0] and s[1] <= head and CHAIN.match(text[s[1]:head])]
    # "le projet Insee « Améliorer ... »": the bodies between the head and the quoted name.
    found += [s for s in spans if named.cue <= s[0] and s[1] <= named.start and s[2].startswith("organisation:")]
    after = text[named.end:finish]
    # "l'API SIRENE de l'Insee", "l'outil Mistigri (DREES)": the body right after the name.
    for span in sorted(spans):
        if span[0] >= named.end and span[2].startswith("organisation:") and \
                (OF_OWNER.match(text[named.end:span[0]]) or IN_BRACKETS.match(text[named.end:span[0]])):
            found.append(span)
            break
    # "X, porté par Y et Z", "X, développée à Etalab".
    cue = maker_cue().match(after)
    if cue is not None:
        first, last = named.end + cue.start("who"), named.end + cue.end("who")
        people_ends = [e for _, e, k in spans if k.startswith("person:")]
        # "porté par Sophie Renard (Cerema)": the body in brackets is where she works, not a maker.
        found += [s for s in spans if first <= s[0] and s[1] <= last
                  and not any(IN_BRACKETS.match(text[e:s[0]]) for e in people_ends if e <= s[0])]
    # "Le logiciel X, développé à l'Insee, a été présenté par Julie Caron": who presents it works on it.
    shown_by = SHOWN_BY.search(after)
    if shown_by is not None:
        position = named.end + shown_by.end()
        found += [s for s in spans if s[0] >= position and not SENTENCE_END.search(text, position, s[0])]
    # "X, développé en partenariat avec A et B".
    partner = _partner_cue().search(after)
    if partner is not None:
        position = named.end + partner.end()
        for span in sorted(spans):
            if span[0] >= position and (span[0] == position or CHAIN.match(text[position:span[0]])
                                        or re.fullmatch(r"\s*(?:la |le |les |l['’])?", text[position:span[0]])):
                found.append(span)
                position = span[1]
    return found


def shown(text: str, named: Named) -> bool:
    """The sentence says the project is shown: before its name ("présentation de", "venez découvrir l'outil X")
    or right after it ("l'outil X sera présenté"); "X ..., la DINSIC organise un évènement pour présenter ces
    lignes directrices" shows something else."""
    begin, finish = _sentence(text, named.cue, named.end)
    if SHOWN_BY.search(text[named.end:finish]) or PASSIVE_SHOWN.search(text[named.end:finish]):
        return True
    following = " ".join(text[named.end:].split()[:AFTER_WORDS])
    clause = f" {fold(text[begin:named.cue])} | {fold(following)} "
    return any(re.search(rf"[\s'’]{re.escape(w)}[\s,:.!?]", clause) for w in words("project_showing_words"))


AFTER_WORDS = 4


def first_person(text: str, named: Named) -> bool:
    """"J'ai conçu la plateforme X", "nous maintenons le logiciel Y": the writer's own project."""
    begin, finish = _sentence(text, named.cue, named.end)
    return bool(re.search(r"\b(?:je|j['’]|nous|mon|ma|mes|notre|nos)\b", text[begin:finish], re.IGNORECASE))
