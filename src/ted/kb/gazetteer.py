"""Gazetteers the project owns: French public bodies and a FR/EN skills thesaurus.

The data lives in ``kb/fr/organisations.yaml`` and ``kb/fr/skills.yaml``; this module
compiles it once (``functools.cache``) into token tries and matches running text
or whole strings against it.

Matching works on *content tokens*: text is cut into letter/digit runs, folded
(lower case, no accents), light French function words (de, la, du, et...) are
dropped and a plural ``s`` is removed. So "Ministère de l'Intérieur",
"ministere de l interieur" and "Ministère Intérieur" share one key, and
"visualisation des données" matches "visualisation de données". Names match
whatever their case; acronyms and other short forms (``exact``) match only as
written, in capitals, or (four letters and more) capitalised, so "HAS", "DAE"
or "ONF" never match the words "has" or "onf".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from ted.kb.names import fold

# A letter/digit run; "10 %" and "10%" are one token so "programme 10 %" can be a name;
# "accessibility_status" is one token: identifiers are not prose.
TOKEN = re.compile(r"[^\W_]+(?:_[^\W_]+)*(?:\s?%)?")
# Dropped inside names: they vary between spellings of one name ("de"/"des",
# "l'"/nothing) and carry no identity.
FUNCTION_WORDS = frozenset({"de", "des", "du", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en"})
# Capitalised forms of acronyms that are also ordinary words at a sentence start.
WORDLIKE = frozenset({"cour", "dares", "inca", "cada", "mais", "plan", "open", "data", "fort"})
FUZZY_MIN_LENGTH = 15
FUZZY_CUTOFF = 92.0
WORD_CUTOFF = 85.0


@dataclass(frozen=True)
class OrgMatch:
    start: int
    end: int
    text: str
    name: str
    acronym: str | None = None
    parent: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class SkillMatch:
    start: int
    end: int
    text: str
    name: str
    broader: str | None = None  # the more general skill ("Apprentissage profond" → "Apprentissage automatique")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    raw: str
    key: str
    joined: bool = True  # False when a sentence, line-block or bracket boundary precedes it


# What may not lie inside a name: end of sentence, blank line, brackets, headings,
# e-mail "@"... A single "." glued between words ("beta.gouv.fr") is fine.
BOUNDARY = re.compile(r"[.!?;:]\s|[()\[\]{}|#@<>=]|\n\s*\n|\s[-–—]\s")
# Skills come in comma-separated lists ("R, Shiny"): one skill never spans a comma.
LIST_BOUNDARY = re.compile(BOUNDARY.pattern + r"|,")


def content_key(token: str) -> str:
    """A folded token without its plural mark ("données" and "donnée" agree)."""
    key = fold(token).replace(" ", "")
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key


# Addresses name hosts, not bodies: "contact@etalab.gouv.fr" does not mention Etalab.
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # from a word start: linear


def _masked(text: str) -> str:
    """``text`` with URLs and e-mail addresses blanked out, offsets unchanged."""
    return ADDRESS.sub(lambda m: " " * len(m.group()), text)


def tokens(text: str, boundary: re.Pattern[str] = BOUNDARY) -> list[Token]:
    """Content tokens of ``text`` with their character spans (URLs and e-mail addresses skipped)."""
    text = _masked(text) if ("@" in text or "//" in text or "www." in text) else text
    found: list[Token] = []
    joined, last = True, 0
    for match in TOKEN.finditer(text):
        joined = joined and not boundary.search(text, last, match.start() + 1)
        last = match.end()
        key = content_key(match.group())
        if key not in FUNCTION_WORDS:
            found.append(Token(match.start(), match.end(), match.group(), key, joined))
            joined = True
    return found


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokens(text))


# ---------------------------------------------------------------- the compiled gazetteer


@dataclass
class Entry:
    name: str
    acronym: str | None
    parent: str | None
    kind: str | None
    phrases: list[str]  # every name form, matched case-insensitively
    exact: list[str]    # acronyms and short forms, matched case-sensitively
    labels: list[str] = field(default_factory=list)  # whole-string lookup only
    shared: list[str] = field(default_factory=list)  # acronyms several bodies use ("DNUM"): need context


@dataclass
class Pattern:
    regex: re.Pattern[str]
    name: str
    kind: str | None
    parent: str | None

    def entry(self, match: re.Match[str]) -> Entry:
        prep = match["prep"].lower().replace("’", "'")
        place = place_case(match["place"])
        de = "d'" if fold(place[:1]) in "aeiouy" else "de "
        name = self.name.format(prep=prep, place=place, de=de)
        return Entry(name, None, self.parent, self.kind, [name], [])


@dataclass
class Shared:
    """A short form several bodies use: the default one, and all of them."""

    default: Entry | None
    options: list[Entry]


PLACE_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "sur", "en", "et", "lès", "sous", "d", "l"})


def place_case(place: str) -> str:
    """'Pas-de-calais' → 'Pas-de-Calais': one spelling per place, whatever the document wrote."""
    parts = re.split(r"([- ’']+)", place)
    out = []
    for i, part in enumerate(parts):
        if i % 2 or not part:
            out.append(part)
        elif i and part.lower() in PLACE_PARTICLES:
            out.append(part.lower())
        else:
            out.append(part[0].upper() + part[1:])
    return "".join(out)


class Gazetteer:
    """A token trie over phrases plus a table of case-sensitive short forms."""

    def __init__(self, entries: list[Entry], patterns: list[Pattern] | None = None,
                 boundary: re.Pattern[str] = BOUNDARY) -> None:
        self.entries = entries
        self.patterns = patterns or []
        self.boundary = boundary
        self.trie: dict = {}
        self.by_key: dict[tuple[str, ...], Entry] = {}
        self.exact: dict[str, Entry] = {}
        self.loose: dict[str, Entry] = {}  # folded short forms, for whole-string lookup
        self.candidates: dict[str, list[Entry]] = {}  # short form → every body using it
        self.by_name = {entry.name: entry for entry in entries}
        for entry in entries:
            for phrase in entry.phrases:
                self._add_phrase(phrase, entry)
            for form in entry.exact:
                self._add_exact(form, entry)
            for form in entry.shared:
                for variant in exact_forms(form):
                    self.candidates.setdefault(variant, []).append(entry)
            for label in entry.labels:
                if not SYMBOLIC.search(label):  # "C++", "C#", ".NET" are not the letter "C" or the word "net"
                    self.by_key.setdefault(phrase_key(label) or (fold(label),), entry)
                self.loose.setdefault(fold(label), entry)

    def _add_phrase(self, phrase: str, entry: Entry) -> None:
        key = phrase_key(phrase)
        if not key:
            return
        if len(key) == 1 and len(TOKEN.findall(phrase)) > 1:
            # "La Poste", "Le Cnam": without the article, a common word; whole strings only.
            self.loose.setdefault(fold(phrase), entry)
            return
        self.by_key.setdefault(key, entry)
        node = self.trie
        for part in key:
            node = node.setdefault(part, {})
        node.setdefault(None, entry)  # first entry listed wins a shared phrase

    def _add_exact(self, form: str, entry: Entry) -> None:
        if " " in form.strip() or not TOKEN.fullmatch(form):
            self._add_phrase(form, entry)  # "DG Trésor", "beta.gouv": a phrase, not one token
            return
        for variant in exact_forms(form):
            self.exact.setdefault(variant, entry)
            self.candidates.setdefault(variant, []).append(entry)
        self.loose.setdefault(fold(form), entry)

    def scan(self, text: str) -> list[tuple[int, int, Entry]]:
        """Leftmost-longest, non-overlapping matches as (start, end, entry).

        Where a named body and a pattern overlap, the longer span wins, then
        the named body ("Préfecture de l'Ain" beats "Préfecture")."""
        found = self._in_context(list(self._scan_names(text)))
        candidates = [(s, e, entry, 0) for s, e, entry in found]
        if self.patterns:
            text = _masked(text)
        for pattern in self.patterns:
            candidates += [(m.start(), m.end(), pattern.entry(m), 1) for m in pattern.regex.finditer(text)]
        if not self.patterns:
            return [c[:3] for c in candidates]
        kept: list[tuple[int, int, Entry]] = []
        for s, e, entry, _ in sorted(candidates, key=lambda c: (c[0] - c[1], c[3], c[0])):
            if not any(s < ke and ks < e for ks, ke, _ in kept):
                kept.append((s, e, entry))
        return sorted(kept, key=lambda item: item[0])

    def _scan_names(self, text: str) -> Iterator[tuple[int, int, Entry | Shared]]:
        toks = tokens(text, self.boundary)
        i = 0
        while i < len(toks):
            best = self._longest(toks, i)
            if best is None:
                i += 1
                continue
            j, entry = best
            yield toks[i].start, toks[j].end, entry
            i = j + 1

    def _in_context(self, matches: list[tuple[int, int, Entry | Shared]]) -> list[tuple[int, int, Entry]]:
        """Settle shared short forms by the other bodies the text names: "DNUM" next to
        "ministères sociaux" is theirs, "CDC" next to "Caisse des dépôts" is the Caisse;
        otherwise the default body, if there is one."""
        named = {m.name for _, _, m in matches if isinstance(m, Entry)}
        settled = []
        for start, end, found in matches:
            if isinstance(found, Shared):
                near = [c for c in found.options if c.name in named or self._ancestors(c) & named]
                found = near[0] if len(near) == 1 else found.default
            if found is not None:
                settled.append((start, end, found))
        return settled

    def _ancestors(self, entry: Entry) -> set[str]:
        names: set[str] = set()
        parent = entry.parent
        while parent and parent not in names:
            names.add(parent)
            found = self.by_name.get(parent)
            parent = found.parent if found else None
        return names

    def _longest(self, toks: list[Token], i: int) -> tuple[int, Entry | Shared] | None:
        best: tuple[int, Entry | Shared] | None = None
        node = self.trie
        for j in range(i, len(toks)):
            if j > i and not toks[j].joined:
                break
            node = node.get(toks[j].key)
            if node is None:
                break
            if None in node:
                best = (j, node[None])
        if best is None and (options := self.candidates.get(toks[i].raw)):
            default = self.exact.get(toks[i].raw)
            best = (i, default if len(options) == 1 and default else Shared(default, options))
        return best

    def lookup(self, name: str, fuzzy: bool = True) -> Entry | None:
        """Whole-string lookup: exact phrase, short form, then fuzzy for long names."""
        name = " ".join(name.split())
        if not name:
            return None
        if SYMBOLIC.search(name) and (found := self.loose.get(fold(name))):
            return found  # "C#" as written, before its content key ("c") names the letter's language
        entry = self.by_key.get(phrase_key(name)) or self.exact.get(name) or self._pattern(name)
        if entry is None and len(name) >= 4:
            entry = self.loose.get(fold(name))  # "insee", "dinum" as a whole field
        if entry is None and (paren := PAREN.match(name)):
            # "Name (ACRONYM)": the name decides; "Incubateur X (Bercy)" is not Bercy.
            entry = self.lookup(paren["name"], fuzzy)
        if entry is None and len(parts := SEPARATOR.split(name)) > 1:
            # "ANJE – l'Atelier numérique de la Justice": every part names the same body.
            found = {id(e): e for e in (self.lookup(p, fuzzy=False) for p in parts)}
            entry = next(iter(found.values())) if len(found) == 1 else None
        return entry or (self._fuzzy(name) if fuzzy else None)

    def _pattern(self, name: str) -> Entry | None:
        for pattern in self.patterns:
            if match := pattern.regex.fullmatch(name):
                return pattern.entry(match)
        return None

    def _fuzzy(self, name: str) -> Entry | None:
        # Typos in long names only ("Ministère de Solidarités..."): short strings
        # are too close to each other for edit distance to mean anything.
        if len(name) < FUZZY_MIN_LENGTH:
            return None
        words = phrase_key(name)
        key = " ".join(words)
        # Same number of words: a slip inside a name, not a name plus a sub-unit ("... - DRH").
        choices = {k: " ".join(k) for k in self.by_key
                   if len(k) == len(words) and len(" ".join(k)) >= FUZZY_MIN_LENGTH - 4}
        for _text, _score, candidate in process.extract(key, choices, scorer=fuzz.ratio,
                                                        score_cutoff=FUZZY_CUTOFF, limit=3):
            # Word by word: a slip inside words ("Transistion"), never another word
            # ("Culture" is not "Agriculture", however close the whole strings are).
            if all(fuzz.ratio(a, b) >= WORD_CUTOFF for a, b in zip(words, candidate, strict=True)):
                return self.by_key[candidate]
        return None

    def variants(self, name: str) -> list[str]:
        entry = self.lookup(name)
        if entry is None:
            return []
        forms = [entry.name, *([entry.acronym] if entry.acronym else []), *entry.phrases, *entry.exact,
                 *entry.labels]
        return list(dict.fromkeys(forms))


PAREN = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]+)\)$")
# Names whose symbols are the name ("C++", "C#", ".NET"): content tokens would drop them.
SYMBOLIC = re.compile(r"[+#]|^\.\w")
SEPARATOR = re.compile(r"\s+[-–—/]\s+|/")


def exact_forms(form: str) -> set[str]:
    """The spellings under which a short form matches in running text."""
    forms = {form}
    if any(c.isupper() for c in form):
        forms.add(form.upper())
        if len(form) >= 4 and form.isalpha() and fold(form) not in WORDLIKE:
            forms.add(form[0].upper() + form[1:].lower())
    return forms


# ---------------------------------------------------------------- loading


def _read(filename: str) -> Any:
    text = resources.files("ted.kb").joinpath(f"fr/{filename}").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v not in (None, "")]


@cache
def organisations() -> Gazetteer:
    data = _read("organisations.yaml")
    entries = []
    for item in data["organisations"]:
        name = item["name"]
        acronym = item.get("acronym")
        phrases = [name, *_strings(item.get("variants")), *_strings(item.get("former"))]
        labels = []
        if item.get("running") is False:  # a common noun ("Préfectures"): whole-string lookup only
            phrases, labels = [], phrases
        exact = [*_strings(acronym), *_strings(item.get("exact"))]
        shared = []
        if acronym and item.get("acronym_match") is False:
            # An acronym other bodies use: it names this one only where the text names its parent.
            exact, shared = _strings(item.get("exact")), [acronym]
        entries.append(Entry(name, acronym, item.get("parent"), item.get("kind"), phrases, exact, labels, shared))
    gazetteer = Gazetteer(entries, _patterns(data))
    _resolve_parents(gazetteer)
    return gazetteer


def _patterns(data: dict) -> list[Pattern]:
    region = "|".join(re.escape(r) for r in sorted(data.get("regions") or [], key=len, reverse=True))
    patterns = []
    for item in data.get("patterns") or []:
        source = item["regex"].replace("{PLACE}", data["place"]).replace("{REGION}", f"(?:{region})")
        patterns.append(Pattern(re.compile(source), item["name"], item.get("kind"), item.get("parent")))
    return patterns


def _resolve_parents(gazetteer: Gazetteer, filename: str = "organisations.yaml") -> None:
    """Parents (broader skills) may be written by any of their names; store the canonical name."""
    for entry in [*gazetteer.entries, *gazetteer.patterns]:
        if entry.parent:
            parent = gazetteer.lookup(entry.parent, fuzzy=False)
            if parent is None or parent is entry:
                raise ValueError(f"{filename}: unknown parent {entry.parent!r} of {entry.name!r}")
            entry.parent = parent.name


@cache
def skills() -> Gazetteer:
    entries = []
    for item in _read("skills.yaml")["skills"]:
        name = item["name"]
        phrases = [name, *_strings(item.get("synonyms"))]
        labels = _strings(item.get("labels"))
        if item.get("running") is False:  # a common word ("Communication"): labels only
            phrases, labels = [], [*phrases, *labels]
        # A name that is itself a label ("R", "Go") must not match running text.
        phrases = [p for p in phrases if fold(p) not in {fold(label) for label in labels}]
        entries.append(Entry(name, None, item.get("broader"), item.get("kind"), phrases,
                             _strings(item.get("exact")), labels))
    gazetteer = Gazetteer(entries, boundary=LIST_BOUNDARY)
    _resolve_parents(gazetteer, "skills.yaml")
    return gazetteer


# ---------------------------------------------------------------- the contract


def _org_match(start: int, end: int, text: str, entry: Entry) -> OrgMatch:
    return OrgMatch(start, end, text, entry.name, entry.acronym, entry.parent, entry.kind)


def find_organisations(text: str) -> list[OrgMatch]:
    """Every gazetteer organisation named in running text, longest first, non-overlapping."""
    return [_org_match(s, e, text[s:e], entry) for s, e, entry in organisations().scan(text)]


def lookup_organisation(name: str) -> OrgMatch | None:
    """The organisation a whole string names ("INSEE", "Dinum", a misspelt ministry), or None."""
    entry = organisations().lookup(name)
    return _org_match(0, len(name), name, entry) if entry else None


def find_skills(text: str) -> list[SkillMatch]:
    return [SkillMatch(s, e, text[s:e], entry.name, entry.parent) for s, e, entry in skills().scan(text)]


def lookup_skill(name: str) -> SkillMatch | None:
    """The skill a whole string names; short forms match whatever their case here
    ("python", "sql" are labels, not running text). A slip is forgiven inside words that keep their
    first letter ("computeur vision"), never a different word ("dimensionnelle" is not "tridimensionnelle")."""
    gazetteer = skills()
    entry = gazetteer.lookup(name, fuzzy=False) or gazetteer.loose.get(fold(name.strip()))
    if entry is None and (close := gazetteer.lookup(name)) is not None and _same_initials(name, close):
        entry = close
    return SkillMatch(0, len(name), name, entry.name, entry.parent) if entry else None


def _same_initials(name: str, entry: Entry) -> bool:
    words = phrase_key(name)
    return any(len(key) == len(words) and all(a[:1] == b[:1] for a, b in zip(key, words, strict=True))
               for key in (phrase_key(p) for p in [*entry.phrases, *entry.labels]))


PUBLIC_PRODUCT = "produit public"


def public_product(name: str) -> bool:
    """Whether the thesaurus entry ``name`` is a product the public sector makes (the State's design system,
    Insee's Onyxia): a project when a text names it, though profiles may still declare it as a skill."""
    entry = skills().by_name.get(name)
    return entry is not None and entry.kind == PUBLIC_PRODUCT


def skill_synonyms(name: str) -> list[str]:
    """Every term of the skill ``name`` belongs to (canonical first), or [] if unknown."""
    return skills().variants(name) if lookup_skill(name) else []


def skill_narrower(name: str) -> list[str]:
    """The skills whose broader skill is ``name`` (tools under their field: "Python" → pandas...)."""
    match = lookup_skill(name)
    if match is None:
        return []
    return [entry.name for entry in skills().entries if entry.parent == match.name]


def organisation_variants(name: str) -> list[str]:
    """Every name, former name and acronym of the organisation (canonical first), or []."""
    return organisations().variants(name)


def organisation_names() -> Iterable[str]:
    return [entry.name for entry in organisations().entries]


def skill_names() -> Iterable[str]:
    return [entry.name for entry in skills().entries]
