"""Tables read through their header row: "Défi | Administration porteuse | Équipe".

The reader gives each table row as one segment of kind "table" whose cells are
separated by " | ", the header row first. The header's words give each column
a meaning (``table_*_columns`` in kb/fr/layout.yaml): projects, organisations,
people (several per cell: "A, B et C"), times, dates, places, job titles and
talk titles. A row then says who works on what: its people and organisations
work on its projects, its people are members of its organisation (unless a
person's own cell says otherwise: "Antoine Rivière (Cour de cassation)"), and
in an event's page its projects are presented there and the people of a
speakers' column (or of any timed row) speak there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ted.extract.cues import organisations as orgs
from ted.extract.cues.affiliations import affiliation, analyse
from ted.extract.cues.dates import TIME_RE, hm, leading_time
from ted.extract.cues.person_names import NAME, person_name
from ted.extract.layout.segments import Segment
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.lexicon import first_names, looks_random, words
from ted.kb.names import fold
from ted.schema import RelationType as R

ROLES = ("project", "organisation", "people", "time", "date", "place", "role", "title")
# "Nom du projet", "Intitulé de la session": the column is named after what follows.
NAMED_AFTER = re.compile(r"^(?:nom|noms|intitule|titre|libelle)\s+(?:du|de la|de l'|des|de|d')\s*(?P<rest>.+)$")
PEOPLE_SPLIT = re.compile(r"\s*(?:,|;|/|\s+et\s+|\s+&\s+)\s*(?![^()]*\))")
PROJECT_SPLIT = re.compile(r"\s*(?:,|;|\s/\s)\s*(?![^()]*\))")
DESCRIPTION = re.compile(r"\s*(?::|\s[–—-]\s|\().*$")
CELL_TIME = re.compile(rf"^\s*(?:de\s+)?{TIME_RE.format(p='')}(?:\s*(?:-|–|—|à|>)\s*{TIME_RE.format(p='e')})?\s*$",
                       re.IGNORECASE)
EMPTY = {"", "-", "–", "—", "/", "n/a", "na", "?", "x", "…", "..."}


@dataclass
class Table:
    header: Segment
    roles: list[str | None]  # one per column
    headers: list[str]  # the header cells as written
    rows: list[Segment]

    def columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    def cells_of(self, seg: Segment, role: str) -> list[tuple[int, int]]:
        """Character ranges (in ``seg.text``) of the row's cells of that role."""
        ranges = cells(seg.text)
        return [ranges[i] for i in self.columns(role) if i < len(ranges)]

    def people_kind(self, column: int) -> str | None:
        """"speaker" for an "Intervenants" column, "participant" for a "Participants" one."""
        key = _header_key(self.headers[column])
        if _matches(key, words("table_speaker_columns")):
            return "speaker"
        if _matches(key, words("table_participant_columns")):
            return "participant"
        return None

    @property
    def timed(self) -> bool:
        return bool(self.columns("time"))


def cells(text: str) -> list[tuple[int, int]]:
    """Character ranges of a row's cells, spaces trimmed; an empty cell is an empty range."""
    ranges, start = [], 0
    for bar in [m.start() for m in re.finditer(r"\|", text)] + [len(text)]:
        cell = text[start:bar]
        left = start + len(cell) - len(cell.lstrip())
        ranges.append((left, max(left, start + len(cell.rstrip()))))
        start = bar + 1
    return ranges


def column_role(header: str) -> str | None:
    """What a header cell announces: "Administration porteuse" → organisation, "Intervenant(e)s" → people."""
    key = _header_key(header)
    named = NAMED_AFTER.match(key)
    for candidate in ([named["rest"]] if named else []) + [key]:
        best, length = None, 0
        for role in ROLES:
            for word in words(f"table_{role}_columns"):
                if _starts(candidate, word) and len(word) > length:
                    best, length = role, len(word)
        if best:
            return best
    return None


def _header_key(text: str) -> str:
    return " ".join(fold(text).replace("*", " ").strip(" :#").split())


def _starts(key: str, word: str) -> bool:
    return key == word or key.startswith((word + " ", word + "(", word + "s "))


def _matches(key: str, listed: frozenset[str]) -> bool:
    return any(_starts(key, w) for w in listed)


def tables(segs: list[Segment]) -> list[Table]:
    """Runs of consecutive table rows whose first row (the header) gives at least one column a meaning."""
    found, run = [], []
    for seg in [*segs, None]:
        if seg is not None and seg.kind == "table" and (not run or seg.index == run[-1].index + 1):
            run.append(seg)
            continue
        if len(run) >= 2:
            header = run[0]
            headers = [header.text[s:e] for s, e in cells(header.text)]
            roles = [column_role(h) for h in headers]
            if any(roles):
                found.append(Table(header, roles, headers, run[1:]))
        run = [seg] if seg is not None and seg.kind == "table" else []
    return found


def table_of(segs: list[Segment], seg: Segment) -> Table | None:
    for table in tables(segs):
        if seg is table.header or any(row is seg for row in table.rows):
            return table
    return None


# ------------------------------------------------------------------ programme rows


def row_time(table: Table, seg: Segment) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """The start (and end) written in the row's time column ("9h30", "14h00 - 15h30")."""
    for start, end in table.cells_of(seg, "time"):
        match = CELL_TIME.match(seg.text[start:end])
        if match and re.search(r"\d\s?[h:H]", match.group()):
            start_time = hm(match["h"], match["m"])
            if start_time is not None:
                return start_time, hm(match["eh"], match["em"])
    return None


def row_title(table: Table, seg: Segment) -> str:
    """The row's talk title: its title column, else its cells that are neither time, people nor place."""
    titled = [seg.text[s:e] for s, e in table.cells_of(seg, "title") if e > s]
    if titled:
        return " – ".join(titled)
    ranges = cells(seg.text)
    rest = [seg.text[s:e] for i, (s, e) in enumerate(ranges)
            if e > s and (i >= len(table.roles) or table.roles[i] in (None, "project"))]
    return " – ".join(rest)


# ------------------------------------------------------------------ entities and relations


@component("tables", requires=("segments", "main_event"),
           assigns=("person", "organisation", "project", "person_spans", "org_spans", "item_projects", "member_of",
                    "participant_in", "presented_at", "speaker_at", "works_on"))
def read_tables(ctx: DocState) -> None:
    """Entities of every interpreted table's rows, and what each row says links them."""
    for table in tables(ctx.segments):
        for seg in table.rows:
            _read_row(ctx, table, seg)


def _read_row(ctx: DocState, table: Table, seg: Segment) -> None:
    line = seg.line
    organisations = _row_organisations(ctx, table, seg)
    projects = _row_projects(ctx, table, seg)
    timed = row_time(table, seg) is not None or leading_time(seg.text) is not None
    for key, has_own, kind in _row_people(ctx, table, seg):
        if not has_own:
            for org in organisations:
                ctx.relate(R.MEMBER_OF, key, org, line)
        for project in projects:
            ctx.relate(R.WORKS_ON, key, project, line)
        if ctx.main_event and (kind == "speaker" or (timed and kind != "participant")):
            ctx.relate(R.SPEAKER_AT, key, ctx.main_event, line)
        elif ctx.main_event and kind == "participant":
            ctx.relate(R.PARTICIPANT_IN, key, ctx.main_event, line)
    for org in organisations:
        for project in projects:
            ctx.relate(R.WORKS_ON, org, project, line)
    if ctx.main_event:
        for project in projects:
            ctx.relate(R.PRESENTED_AT, project, ctx.main_event, line)


def _row_people(ctx: DocState, table: Table, seg: Segment) -> list[tuple[str, bool, str | None]]:
    """(person key, whether the cell gives the person's own organisation, speaker/participant) per named person."""
    found: list[tuple[str, bool, str | None]] = []
    role_cells = table.cells_of(seg, "role")
    spans = ctx.person_spans.setdefault(seg.index, [])
    for column in table.columns("people"):
        ranges = cells(seg.text)
        if column >= len(ranges):
            continue
        start, end = ranges[column]
        names = list(_names_in(seg.text, start, end))
        for number, (name_start, name_end, named) in enumerate(names):
            after = seg.text[name_end:names[number + 1][0] if number + 1 < len(names) else end]
            title, org_text, known = affiliation(after)
            if title is None and len(names) == 1 and role_cells:
                role = seg.text[role_cells[0][0]:role_cells[0][1]]
                title, role_org, role_known = analyse(role, parenthesised=False) if role else (None, None, None)
                title = title or (role.strip() or None)
                org_text, known = org_text or role_org, known or role_known
            key = ctx.person(*named, seg.line, [title] if title else [])
            if not any(s < name_end and name_start < e for s, e, _ in spans):
                spans.append((name_start, name_end, key))
            if org_text:
                ctx.relate(R.MEMBER_OF, key, ctx.organisation(org_text, seg.line, known), seg.line)
            found.append((key, bool(org_text), table.people_kind(column)))
    spans.sort()
    return found


def _names_in(text: str, start: int, end: int):
    """People named in one cell: "Antoine Rivière (Cour de cassation) et Leïla Benhamou (Etalab)"."""
    position = start
    for part in PEOPLE_SPLIT.split(text[start:end]):
        index = text.find(part, position, end) if part else -1
        if index < 0:
            continue
        position = index + len(part)
        match = NAME.match(text, index)
        if match and match.end() <= end and (named := person_name(match.group())):
            yield match.start(), match.end(), named


def _row_organisations(ctx: DocState, table: Table, seg: Segment) -> list[str]:
    keys: list[str] = []
    known_spans = ctx.org_spans.setdefault(seg.index, [])
    for start, end in table.cells_of(seg, "organisation"):
        inside = [k for s, e, k in known_spans if start <= s and e <= end]
        if inside:
            keys.extend(k for k in inside if k not in keys)
            continue
        text = seg.text[start:end].strip()
        if fold(text) in EMPTY or person_name(text) or looks_random(text) or len(text.split()) > 14:
            continue
        key = ctx.organisation(text, seg.line)
        if key:
            known_spans.append((start, end, key))
            known_spans.sort()
            keys.append(key)
    return keys


def _row_projects(ctx: DocState, table: Table, seg: Segment) -> list[str]:
    keys: list[str] = []
    for start, end in table.cells_of(seg, "project"):
        for part in PROJECT_SPLIT.split(seg.text[start:end]):
            name = DESCRIPTION.sub("", part).strip(" *_")
            if not _project_name(name):
                continue
            key = ctx.project(name, seg.line)
            keys.append(key)
            listed = ctx.item_projects.setdefault(seg.index, [])
            if key not in listed:
                listed.append(key)
    return keys


def _project_name(name: str) -> bool:
    if fold(name) in EMPTY or len(name.split()) > 8 or not (name[:1].isupper() or name[:1].isdigit()):
        return False
    # "Signal Conso" is written like a person's name; only a known first name makes it one.
    named = person_name(name) is not None and fold(name.split()[0]) in first_names()
    return not (named or orgs.lookup(name) or looks_random(name) or fold(name) in words("noise"))
