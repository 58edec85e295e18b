"""Front matter → facts, driven by the declarative conventions in ``data/frontmatter.yaml``."""

from __future__ import annotations

import fnmatch
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ted.extract.facts import Facts
from ted.extract.organisations import split_bodies
from ted.sources.document import SourceDocument

PERSON_ORG = re.compile(r"^\s*(?P<name>[^()]+?)\s*\((?P<org>[^()]+)\)\s*$")
URL = re.compile(r"^https?://\S+$")


@cache
def conventions() -> list[dict]:
    text = resources.files("ted.extract").joinpath("data/frontmatter.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["conventions"]


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
    from ted.extract.dates import parse_iso

    return parse_iso(text)


def _placeholders(doc: SourceDocument, value: str = "") -> dict[str, str]:
    parts = doc.path.split("/")
    collection = parts[-2].lstrip("_") if len(parts) > 1 else ""
    return {"collection": collection, "stem": doc.stem, "value": value,
            "basename": value.rstrip("/").rsplit("/", 1)[-1]}


def extract_frontmatter(doc: SourceDocument, facts: Facts) -> str | None:
    """Add the facts the front matter states; return the key of the document's own entity."""
    if not doc.metadata:
        return None
    for convention in conventions():
        if applies(convention, doc):
            return _apply(convention, doc, facts)
    return None


def _apply(convention: dict, doc: SourceDocument, facts: Facts) -> str | None:
    spec = convention["entity"]
    name_field = spec["name"]
    name = convert(values_at(doc.metadata, name_field)[0], None)
    line = doc.line_of(name_field)
    attributes = {}
    for attr, rule in (spec.get("attributes") or {}).items():
        value = _first(doc, rule)
        if value is not None:
            attributes[attr] = [value] if rule.get("list") else value
    ref = spec.get("ref", "").format(**_placeholders(doc)) if spec.get("ref") else ""
    main = facts.entity(spec["type"], name, line, doc.quote(line), attributes=attributes, ref=ref)
    facts.primary = main
    for rule in convention.get("related") or []:
        _related(rule, doc, facts, main)
    return main


def _first(doc: SourceDocument, rule: dict) -> Any:
    paths = rule["path"] if isinstance(rule["path"], list) else [rule["path"]]
    for path in paths:
        for raw in values_at(doc.metadata, path):
            value = convert(raw, rule.get("as"))
            if value:
                return value
    return None


def _related(rule: dict, doc: SourceDocument, facts: Facts, main: str) -> None:
    top = rule["path"].split(".")[0]
    key_line = doc.line_of(top)
    for raw in values_at(doc.metadata, rule["path"]):
        value = " ".join(str(raw).split())
        line = doc.find_line(value, key_line)
        names = [value]
        org = None
        if rule.get("as") == "person_org" and (match := PERSON_ORG.match(value)):
            names, org = [match["name"]], match["org"]
        ref = rule["ref"].format(**_placeholders(doc, value)) if rule.get("ref") else ""
        if ref:
            names = [_basename_name(value)]
        elif rule["type"] == "organisation":
            names = split_bodies(value)  # "LBC puis Malt", "MTES/MCT": one entity per body
        for name in names:
            key = facts.entity(rule["type"], name, line, doc.quote(line), ref=ref)
            source, target = (key, main) if rule.get("direction") == "in" else (main, key)
            facts.relate(rule["relation"], source, target, line, doc.quote(line))
        for org_name in split_bodies(org) if org else []:
            org_key = facts.entity("organisation", org_name, line, doc.quote(line))
            facts.relate("member_of", key, org_key, line, doc.quote(line))


def _basename_name(value: str) -> str:
    """A readable stand-in name for a reference, used until the referenced document is seen."""
    return value.rstrip("/").rsplit("/", 1)[-1]
