"""Why a person is an expert, in words: their current role and body, then one sentence per kind of evidence.

"déclare la compétence Visualisation de données", "travaille sur Hydroviz, un projet sur la
cartographie", "a présenté « Cartes et tableaux de bord » au Meetup dataviz du 14 janvier 2025",
"a travaillé à l'Insee (2021–2024)". Every sentence keeps the document and line it comes from.

Periods are read where the evidence line stands: a line inside a YAML list item (a profile's
``missions``) takes the item's ``start``/``end`` (or ``debut``/``fin``); an end before today makes
the relation past.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ted.schema import R

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
MAX_NAMED = 3  # entities named in one sentence
DECLARED_CONFIDENCE = 0.9
_KEY = re.compile(r"^\s*(?:-\s+)?(start|end|debut|début|fin|date_debut|date_fin)\s*:\s*['\"]?"
                  r"(\d{4}(?:-\d\d(?:-\d\d)?)?)")
_ITEM = re.compile(r"^(\s*)-\s")
_YAML_KEY = re.compile(r"^(?:-\s+)?[\w-]{1,30}\s*:\s+")
# The first word of a body's name says which article "à" takes.
FEMININE_BODIES = {"direction", "délégation", "caisse", "cour", "haute", "banque", "préfecture", "mission",
                   "fabrique", "cellule", "division", "sous-direction", "commission", "chambre", "région",
                   "métropole", "communauté", "mairie", "ville", "fondation", "plateforme", "dinum", "drees",
                   "dares", "cnil", "dgfip"}
MASCULINE_BODIES = {"ministère", "secrétariat", "conseil", "centre", "service", "commissariat", "haut",
                    "pôle", "laboratoire", "département", "bureau", "groupement", "tribunal", "gip", "lab",
                    "datalab"}
ELIDED_BODIES = {"agence", "institut", "office", "école", "établissement", "observatoire", "inspection",
                 "insee", "ign", "anct", "ademe", "inria", "université", "incubateur", "académie"}
_QUOTED = re.compile(r"[«“\"]\s*([^»”\"]{3,})\s*[»”\"]")
_BY = re.compile(r",?\s+(?:par|avec|by)\s+", re.IGNORECASE)
# The first word of an event's name says which article "à" takes (au Meetup, à la Journée).
MASCULINE_EVENTS = {"meetup", "atelier", "séminaire", "webinaire", "webinar", "colloque", "forum", "hackathon",
                    "salon", "sommet", "café", "déjeuner", "petit-déjeuner", "demo", "comité", "club", "congrès",
                    "festival", "symposium", "bootcamp", "lancement", "point", "programme", "groupe"}
FEMININE_EVENTS = {"journée", "conférence", "rencontre", "table", "matinée", "soirée", "semaine", "session",
                   "formation", "réunion", "clôture", "saison", "masterclass", "restitution", "présentation",
                   "assemblée", "université", "nuit"}


@dataclass
class Source:
    label: str  # what the source shows (an entity's name, a document's title)
    document: str  # path relative to its ingested root
    document_id: int
    line: int
    quote: str


@dataclass
class Explanation:
    kind: str  # compétence, projet, intervention, participation, organisation, profil, document
    sentence: str  # French, without a final full stop
    sources: list[Source] = field(default_factory=list)


@dataclass
class Cited:
    """One piece of evidence behind an expert, as the ranking found it."""

    kind: str  # relation type, "profil" or "document"
    via: str  # entity id or document ref
    via_name: str
    document: str
    document_id: int
    line: int
    quote: str
    sure: float = 0.95  # confidence of the relation


@dataclass
class Period:
    start: str = ""
    end: str = ""

    def past(self, today: date | None = None) -> bool:
        return bool(self.end) and self.end < (today or date.today()).isoformat()[:len(self.end)]

    def years(self) -> str:
        first, last = self.start[:4], self.end[:4]
        if first and last:
            return first if first == last else f"{first}–{last}"
        return f"depuis {first}" if first else ""


Lines = Callable[[str], Sequence[str]]  # document path → its lines ("" when unreadable)


def period_at(lines: Sequence[str], line: int) -> Period:
    """The period of the YAML list item holding ``line`` (1-based), or an empty period."""
    if not 1 <= line <= len(lines):
        return Period()
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    start = line - 1
    while start >= 0:  # up to the item's dash, less indented than a nested line (or the line itself)
        found = _ITEM.match(lines[start])
        if found and (len(found.group(1)) < indent or (start == line - 1 and _KEY.match(lines[start]))):
            break
        if lines[start].strip() in ("---", "+++"):
            return Period()
        start -= 1
    if start < 0:
        return Period()
    base = len(_ITEM.match(lines[start]).group(1))  # type: ignore[union-attr]
    period = Period()
    for number in range(start, min(len(lines), start + 40)):
        text = lines[number]
        if number > start and (text.strip() in ("---", "+++") or len(text) - len(text.lstrip()) <= base):
            break
        key = _KEY.match(text if number > start else text.replace("-", " ", 1))
        if key and key.group(1) in ("start", "debut", "début", "date_debut"):
            period.start = key.group(2)
        elif key:
            period.end = key.group(2)
    return period


def french_date(value: str) -> str:
    """« 14 janvier 2025 » from an ISO date (or its first ten characters); the value itself otherwise."""
    found = re.match(r"(\d{4})-(\d\d)-(\d\d)", value or "")
    if not found:
        return value or ""
    year, month, day = (int(g) for g in found.groups())
    if not 1 <= month <= 12:
        return value
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


Entities = Callable[[str], "tuple[str, str, dict] | None"]  # id → (type, name, attributes)


def explain(person: str, cited: list[Cited], lines: Lines, entity: Entities,
            memberships: list[tuple[str, str, int]]) -> tuple[str, str, list[Explanation]]:
    """(current role, current organisation, sentences) for one expert.

    ``memberships``: (body's name, document, line) of each body the person is a member of."""
    entities = {i: found for i in dict.fromkeys([person, *(c.via for c in cited)]) if (found := entity(i))}
    role = _role(entities.get(person))
    organisation = _current_organisation(memberships, lines)
    by_kind: dict[str, list[Cited]] = {}
    for item in cited:
        by_kind.setdefault(_sentence_kind(item), []).append(item)
    sentences = []
    for kind, items in by_kind.items():
        sentence = _SENTENCES[kind](items[:MAX_NAMED], entities, person, lines)
        if sentence:
            sentences.append(Explanation(kind, sentence, [_source(i) for i in items[:MAX_NAMED]]))
    return role, organisation, sentences


def _role(entity: tuple[str, str, dict] | None) -> str:
    titles = (entity[2] if entity else {}).get("titles")
    if isinstance(titles, list):
        return next((t for t in titles if isinstance(t, str) and t.strip()), "")
    return titles if isinstance(titles, str) else ""


def _current_organisation(memberships: list[tuple[str, str, int]], lines: Lines) -> str:
    """The body the person works for now: among their bodies, one whose period has not ended (latest start)."""
    current = []
    for name, path, line in memberships:
        period = period_at(lines(path), line)
        if not period.past():
            current.append((period.start, name))
    return max(current)[1] if current else ""


def _sentence_kind(item: Cited) -> str:
    if item.kind == R.HAS_SKILL and item.sure < DECLARED_CONFIDENCE:
        return "compétence déduite"
    return item.kind


def _source(item: Cited) -> Source:
    return Source(item.via_name, item.document, item.document_id, item.line, item.quote)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _skills(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
    names = [i.via_name for i in items]
    return f"déclare la compétence {names[0]}" if len(names) == 1 else f"déclare les compétences {_and(names)}"


def _inferred_skills(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
    quote = _readable(items[0].quote)
    said = f", d'après « {quote} »" if quote else ""
    return f"a la compétence {_and([i.via_name for i in items])}{said}"


def _readable(quote: str, size: int = 120) -> str:
    """A quote as a person reads it: no list dash, YAML key, quotes or Markdown emphasis around it."""
    text = _YAML_KEY.sub("", quote.strip().lstrip("-*•+ ")).strip().strip("'\"").replace("**", "").strip()
    return text if len(text) <= size else text[:size - 1].rsplit(" ", 1)[0] + "…"


def _projects(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
    current, past = [], []
    for item in items:
        attributes = entities.get(item.via, ("", "", {}))[2]
        what = _project_subject(attributes)
        period = period_at(lines(item.document), item.line)
        text = item.via_name + (f", {what}" if what else "")
        (past if period.past() else current).append(text + (f" ({period.years()})" if period.past() else ""))
    parts = []
    if current:
        parts.append("travaille sur " + _and(current))
    if past:
        parts.append("a travaillé sur " + _and(past))
    return " ; ".join(parts)


def _project_subject(attributes: dict) -> str:
    themes = [_lower(t.strip()) for t in attributes.get("themes") or [] if isinstance(t, str) and t.strip()]
    if themes:
        return "un projet sur " + _and(themes[:3])
    mission = attributes.get("mission") or attributes.get("description")
    if isinstance(mission, str) and mission.strip():
        text = mission.strip().rstrip(".")
        return f"« {text[:117] + '…' if len(text) > 120 else text} »"
    return ""


def _lower(theme: str) -> str:
    """« Travail / Emploi » → « travail / emploi », but « OCR » and « Open-Data » keep the capitals of names."""
    return " ".join(w[0].lower() + w[1:] if len(w) > 1 and w[1:].islower() and "-" not in w else w
                    for w in theme.split(" "))


def _event_when(attributes: dict, name: str = "") -> str:
    """« du 14 janvier 2025 », unless the event's name says its date already (« Réunion … — 14 janvier 2025 »)."""
    start = attributes.get("start")
    if not (isinstance(start, str) and start[:4].isdigit()):
        return ""
    day = french_date(start)
    said = name.casefold()
    return "" if day.casefold() in said or day.replace("1er ", "1 ").casefold() in said else f" du {day}"


def _talks(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
    name = entities.get(person, ("", "", {}))[1]
    parts = []
    for item in items:
        attributes = entities.get(item.via, ("", "", {}))[2]
        slot = _slot_title(attributes.get("programme"), name)
        where = f"{_to(item.via_name)}{_event_when(attributes, item.via_name)}"
        parts.append(f"a présenté « {slot} » {where}" if slot else f"a pris la parole {where}")
    return " ; ".join(parts)


def _slot_title(programme: object, name: str) -> str:
    if not isinstance(programme, list) or not name:
        return ""
    for item in programme:
        speakers = item.get("speakers") if isinstance(item, dict) else None
        if isinstance(speakers, list) and any(str(s).casefold() == name.casefold() for s in speakers):
            return _slot_label(str(item.get("title") or ""))
    return ""


def _slot_label(title: str) -> str:
    """The talk's title without its speakers: « Cartes et tableaux de bord », par Inès Garnier (IGN) → the quote."""
    quoted = _QUOTED.search(title)
    if quoted:
        return quoted.group(1).strip()
    return _BY.split(title, maxsplit=1)[0].strip(" ,:-–—")


def _at(name: str) -> str:
    """« à » with the article a body's name takes: à la Direction…, au Ministère…, à l'Insee, à Malt."""
    first = name.split(" ", 1)[0].casefold()
    if first in FEMININE_BODIES:
        return f"à la {name}"
    if first in MASCULINE_BODIES:
        return f"au {name}"
    if first in ELIDED_BODIES:
        return f"à l'{name}"
    return f"à {name}"


def _to(name: str) -> str:
    """« à » with the article a kind of event takes: au Meetup dataviz, à la Journée de l'IA, à Pycon."""
    first = name.split(" ", 1)[0].casefold()
    if first in MASCULINE_EVENTS:
        return f"au {name}"
    if first in FEMININE_EVENTS:
        return f"à la {name}"
    return f"à {name}"


def _events(verb: str, to: bool = False) -> Callable[[list[Cited], dict, str, Lines], str]:
    """``to``: each event with « à » and its article (« a participé au Meetup … et à la Journée … »)."""
    def sentence(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
        named = [(_to(i.via_name) if to else i.via_name) + _event_when(entities.get(i.via, ("", "", {}))[2], i.via_name)
                 for i in items]
        return f"{verb} {_and(named)}"
    return sentence


def _bodies(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
    current, past = [], []
    for item in items:
        period = period_at(lines(item.document), item.line)
        if period.past():
            past.append(f"{item.via_name} ({period.years()})" if period.years() else item.via_name)
        else:
            current.append(item.via_name)
    parts = (["travaille " + _and([_at(n) for n in current])] if current else []) + (
        ["a travaillé " + _and([_at(n) for n in past])] if past else [])
    return " ; ".join(parts)


def _profile(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
    quote = _readable(items[0].quote, 160)
    return f"sa page en parle : « {quote} »" if quote else ""


def _documents(items: list[Cited], entities: dict, person: str, lines: Lines) -> str:
    return "figure dans " + _and([f"« {i.via_name} »" for i in items])


_SENTENCES: dict[str, Callable[[list[Cited], dict, str, Lines], str]] = {
    R.HAS_SKILL: _skills, "compétence déduite": _inferred_skills, R.WORKS_ON: _projects,
    R.SPEAKER_AT: _talks, R.PRESENTED_AT: _talks, R.PARTICIPANT_IN: _events("a participé", to=True),
    R.ORGANISER_OF: _events("a organisé"), R.MEMBER_OF: _bodies, "profil": _profile, "document": _documents,
}

