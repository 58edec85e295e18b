"""Front matter → facts, driven by the declarative conventions in ``kb/fr/frontmatter.yaml``."""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from ted.extract.cues.organisations import split_bodies
from ted.extract.facts import Facts
from ted.extract.layout.frontmatter_infer import SUBTITLED, infer_frontmatter, infer_unread
from ted.kb.dates import parse_iso
from ted.kb.gazetteer import lookup_organisation, lookup_skill
from ted.kb.lexicon import words
from ted.kb.names import fold
from ted.kb.references import conventions, key_form
from ted.schema import EntityType as E
from ted.schema import RelationType as R
from ted.sources.document import SourceDocument

PERSON_ORG = re.compile(r"^\s*(?P<name>[^()]+?)\s*\((?P<org>[^()]+)\)\s*$")
URL = re.compile(r"^https?://\S+$")




def values_at(data: Any, path: str) -> list:
    """All non-empty scalar values at a dotted path, walking into lists."""
    current = [data]
    for part in path.split("."):
        following = []
        for item in current:
            if isinstance(item, list):
                item = [x for x in item]
                following.extend(x.get(part) for x in item if isinstance(x, dict))
            elif isinstance(item, dict):
                following.append(item.get(part))
        current = [x for x in _flatten(following) if x not in (None, "")]
    return [x for x in _flatten(current) if isinstance(x, str | int | float) and str(x).strip()]


def _flatten(items: list) -> list:
    flat: list = []
    for item in items:
        if isinstance(item, list):
            flat.extend(_flatten(item))
        else:
            flat.append(item)
    return flat


def applies(convention: dict, doc: SourceDocument) -> bool:
    when = convention.get("when", {})
    meta = doc.metadata
    if any(not values_at(meta, f) for f in when.get("all", [])):
        return False
    if when.get("any") and not any(values_at(meta, f) for f in when["any"]):
        return False
    if any(values_at(meta, f) for f in when.get("not_any", [])):
        return False
    if when.get("not_path") and fnmatch.fnmatch(doc.path, when["not_path"]):
        return False
    return not (when.get("path") and not fnmatch.fnmatch(doc.path, when["path"]))


def convert(value: Any, how: str | None) -> Any:
    text = " ".join(str(value).split())
    if how == "datetime":
        return iso_moment(text)
    if how == "url":
        return text if URL.match(text) else None
    return text


def iso_moment(text: str) -> str | None:
    """A front-matter date as ISO 8601; a midnight time stands for 'no time given'."""
    return parse_iso(text)


def _placeholders(doc: SourceDocument, value: str = "") -> dict[str, str]:
    parts = doc.path.split("/")
    collection = parts[-2].lstrip("_") if len(parts) > 1 else ""
    return {"collection": collection, "stem": doc.stem, "value": value,
            "basename": value.rstrip("/").rsplit("/", 1)[-1]}


def extract_frontmatter(doc: SourceDocument, facts: Facts) -> str | None:
    """Add the facts the front matter states; return the key of the document's own entity.

    The first known convention that applies decides; front matter none applies to is inferred
    (``frontmatter_infer``: what the page is, what its keys say, from their names and values)."""
    if not doc.metadata:
        return None
    for convention in conventions():
        if applies(convention, doc):
            main = _apply(convention, doc, facts)
            # Keys the convention does not read are read as any front matter ("service:" beside a known
            # profile's "employeur:"): a site's own additions to a common layout are not lost.
            infer_unread(doc, facts, main, convention["entity"]["type"], _read_keys(convention))
            return main
    return infer_frontmatter(doc, facts)


def _read_keys(convention: dict) -> set[str]:
    """Top-level keys a convention reads (a dotted path reads its first key), as ``key_form`` folds them."""
    paths: list[str] = []
    for spec in [convention["entity"], *(convention.get("related") or [])]:
        for field in ("name", "path"):
            value = spec.get(field)
            paths += value if isinstance(value, list) else [value] if value else []
        for rule in (spec.get("attributes") or {}).values():
            paths += rule["path"] if isinstance(rule["path"], list) else [rule["path"]]
    keys = {key_form(path.split(".")[0]) for path in paths}
    return keys | {key_form(k) for k in (convention.get("when") or {}).get("all", [])}


def _name(doc: SourceDocument, spec: dict) -> tuple[str, int]:
    """The entity's name and its line: one field, or several joined ("prenom" + "nom")."""
    fields = spec["name"] if isinstance(spec["name"], list) else [spec["name"]]
    parts = [convert(values_at(doc.metadata, f)[0], None) for f in fields if values_at(doc.metadata, f)]
    return " ".join(parts), doc.line_of(fields[0])


def _apply(convention: dict, doc: SourceDocument, facts: Facts) -> str | None:
    spec = convention["entity"]
    name, line = _name(doc, spec)
    attributes = {}
    for attr, rule in (spec.get("attributes") or {}).items():
        value = _first(doc, rule)
        if value is not None:
            attributes[attr] = [value] if rule.get("list") else value
    ref = spec.get("ref", "").format(**_placeholders(doc)) if spec.get("ref") else ""
    aliases = []
    if spec.get("subtitled") and (titled := SUBTITLED.match(name)) and titled["name"][:1].isupper():
        name, aliases = titled["name"], [name]  # "Transformers : Une IA open-source pour ..." is Transformers
    main = facts.entity(spec["type"], name, line, doc.quote(line), attributes=attributes, ref=ref, aliases=aliases)
    facts.primary = main
    for rule in convention.get("related") or []:
        _related(rule, doc, facts, main)
    return main


def _first(doc: SourceDocument, rule: dict) -> Any:
    paths = rule["path"] if isinstance(rule["path"], list) else [rule["path"]]
    if rule.get("all"):  # every value, in order: a list attribute
        found = [v for path in paths for raw in values_at(doc.metadata, path) if (v := convert(raw, rule.get("as")))]
        return found or None
    for path in paths:
        for raw in values_at(doc.metadata, path):
            value = convert(raw, rule.get("as"))
            if value:
                return value
    return None


def _related(rule: dict, doc: SourceDocument, facts: Facts, main: str) -> None:
    for path in rule["path"] if isinstance(rule["path"], list) else [rule["path"]]:
        _related_path(rule, path, doc, facts, main)


def _related_path(rule: dict, path: str, doc: SourceDocument, facts: Facts, main: str) -> None:
    key_line = doc.line_of(path.split(".")[0])
    for raw in values_at(doc.metadata, path):
        value = " ".join(str(raw).split())
        line = doc.find_line(value, key_line)
        names = [value]
        org = None
        if rule.get("as") == "person_org" and (match := PERSON_ORG.match(value)):
            names, org = [match["name"]], match["org"]
        ref = rule["ref"].format(**_placeholders(doc, value)) if rule.get("ref") else ""
        if ref:
            names = [_basename_name(value)]
        elif rule["type"] == E.ORGANISATION:
            names = split_bodies(value)  # "LBC puis Malt", "MTES/MCT": one entity per body
        if rule.get("known") and not _known(rule["type"], value):
            continue  # a domain label ("Justice", "Écologie") that the thesaurus does not hold
        if fold(value).strip(" .?!-–—/") in words("placeholder_values"):
            continue  # "en cours", "à définir", "N/A": a field not filled in yet
        for name in names:
            key = facts.entity(rule["type"], name, line, doc.quote(line), ref=ref)
            source, target = (key, main) if rule.get("direction") == "in" else (main, key)
            facts.relate(rule["relation"], source, target, line, doc.quote(line),
                         inherited=rule.get("inherited", True))
        for org_name in split_bodies(org) if org else []:
            org_key = facts.entity(E.ORGANISATION, org_name, line, doc.quote(line))
            facts.relate(R.MEMBER_OF, key, org_key, line, doc.quote(line))


def _known(type_: str, value: str) -> bool:
    return bool(lookup_skill(value) if type_ == E.SKILL else lookup_organisation(value))


def _basename_name(value: str) -> str:
    """A readable stand-in name for a reference, used until the referenced document is seen."""
    return value.rstrip("/").rsplit("/", 1)[-1]
