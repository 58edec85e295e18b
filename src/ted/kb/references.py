"""Names for collection references that no document defines, and the front-matter conventions files.

``kb/fr/frontmatter.yaml`` holds the conventions of the sites TED knows (which keys name
a person, an organisation, a project) and, under ``placeholders``, how a reference
with no page of its own (``/organisations/cour-de-cassation``, ``incubator: mtes``)
is named. Extraction reads the conventions; resolution names the placeholders.
``kb/fr/frontmatter_keys.yaml`` holds what inference reads when no convention applies: key
families, words that say what a page is, and what each kind of page takes from each family.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from ted.kb.gazetteer import lookup_organisation, organisation_variants
from ted.kb.names import fold

SLUG_SEPARATOR = re.compile(r"[-_.\s]+")
FUNCTION_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "au", "aux", "a"})


@cache
def _mapping() -> dict:
    text = resources.files("ted.kb").joinpath("fr/frontmatter.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def conventions() -> list[dict]:
    return _mapping()["conventions"]


# ---------------------------------------------------------------- inferred front matter

KEY_SEPARATOR = re.compile(r"[-_\s]+")


def key_form(key: object) -> str:
    """A front-matter key as the inference matches it: folded, "-", "_" and spaces as one "_"."""
    return KEY_SEPARATOR.sub("_", fold(str(key)).strip(" -_"))


@cache
def _inference() -> dict:
    text = resources.files("ted.kb").joinpath("fr/frontmatter_keys.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def key_families() -> dict[str, tuple[str, ...]]:
    """Family name → the keys (in ``key_form``, in the file's order) that say it: ``role`` → (role, poste, ...)."""
    return {family: tuple(dict.fromkeys(key_form(k) for k in keys))
            for family, keys in _inference()["families"].items()}


@cache
def page_kinds() -> dict[str, frozenset[str]]:
    """Kind of page (person, project, organisation, event, post) → the folder and layout words that say it."""
    return {kind: frozenset(key_form(w) for w in kind_words) for kind, kind_words in _inference()["kinds"].items()}


@cache
def page_keys() -> frozenset[str]:
    """Keys whose value says what kind of page this is (``layout``, ``type``...)."""
    return frozenset(key_form(k) for k in _inference()["page_keys"])


@cache
def list_pages() -> frozenset[str]:
    """File stems of pages that list a section rather than being one of its items (Hugo's ``_index``)."""
    return frozenset(fold(s) for s in _inference()["list_pages"])


def family_links(kind: str) -> dict[str, dict]:
    """What a kind of page's entity takes from each family: {family: {type, relation, direction, ...}}."""
    return _inference()["links"].get(kind) or {}


def name_families(kind: str) -> list[str]:
    """The families that name a kind of page's entity, first found wins."""
    return list(_inference()["names"].get(kind) or [])


# ---------------------------------------------------------------- references without a page


def humanise(slug: str) -> str:
    """'cour-de-cassation' → 'Cour de cassation'; 'ign' → 'IGN' (a known acronym keeps its capitals)."""
    words = [w for w in SLUG_SEPARATOR.split(slug.strip()) if w]
    if not words:
        return slug
    if len(words) == 1 and (acronym := _acronym(words[0])):
        return acronym
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text.islower() else text


def _acronym(word: str) -> str | None:
    return next((v for v in organisation_variants(word.upper()) if v.isupper() and fold(v) == fold(word)), None)


def placeholder_name(ref: str) -> tuple[str, bool] | None:
    """The readable name of a reference no document defines, and whether that name may join
    other mentions (``placeholders`` in kb/fr/frontmatter.yaml); None: keep the slug."""
    collection, _, slug = ref.rstrip("/").rpartition("/")
    rule = (_mapping().get("placeholders") or {}).get(collection.rsplit("/", 1)[-1])
    if rule is None or not slug:
        return None
    name = humanise(slug)
    if rule.get("join"):
        return name, True
    kinds = {fold(k) for k in rule.get("kinds") or []}
    words = SLUG_SEPARATOR.split(fold(slug))
    if any(w in kinds for w in words):
        name = " ".join(w if w.lower() in FUNCTION_WORDS or not w.islower() else w.capitalize()
                        for w in name.split(" "))
    elif rule.get("name"):
        name = rule["name"].format(name=name)
    # A body the gazetteer knows under that name ("Incubateur anct": the Incubateur des territoires),
    # as long as it is not the body the slug names by itself (the owner).
    found, owner = lookup_organisation(name), lookup_organisation(humanise(slug))
    if found and (owner is None or found.name != owner.name):
        return found.name, True
    if owner and owner.kind in (rule.get("bodies") or []):  # the slug names the incubator itself: "kube"
        return owner.name, True
    return name, False
