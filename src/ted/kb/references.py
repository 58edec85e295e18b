"""Names for collection references that no document defines, and the front-matter conventions file.

``kb/fr/frontmatter.yaml`` holds the conventions of the sites TED knows (which keys name
a person, an organisation, a project) and, under ``placeholders``, how a reference
with no page of its own (``/organisations/cour-de-cassation``, ``incubator: mtes``)
is named. Extraction reads the conventions; resolution names the placeholders.
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
