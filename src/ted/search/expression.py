"""A back-end neutral search expression and its rendering for FTS5 and PostgreSQL.

An expression is an AND of groups (one per query concept); a group is an OR
of alternatives (the words typed, a synonym, an acronym, a spelling
correction); an alternative is an AND of phrases; a phrase is a sequence of
analysed tokens, optionally a prefix. User text
never reaches the database syntax: tokens are letters and digits only (see
:mod:`ted.search.analyzer`) and are always quoted when rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SAFE = re.compile(r"^[^\W_]+$", re.UNICODE)


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass
class Group:
    """The alternatives for one query concept (a word or a multi-word phrase)."""

    label: str
    alternatives: list[tuple[Phrase, ...]] = field(default_factory=list)

    def add(self, *phrases: Phrase) -> None:
        alternative = tuple(p for p in phrases if p.tokens and all(_SAFE.match(t) for t in p.tokens))
        if alternative and alternative not in self.alternatives:
            self.alternatives.append(alternative)


def to_fts5(groups: list[Group], operator: str = "AND") -> str:
    """Render for an FTS5 MATCH: ``("visualis"* OR "dataviz") AND ("donne"*)``."""
    parts = []
    for group in groups:
        alts = [_join([_fts5_phrase(p) for p in alt], " AND ") for alt in group.alternatives]
        if alts:
            parts.append("(" + " OR ".join(alts) + ")")
    return f" {operator} ".join(parts)


def _fts5_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.tokens) + '"' + ("*" if phrase.prefix else "")


def to_tsquery(groups: list[Group], operator: str = "AND") -> str:
    """Render for PostgreSQL ``to_tsquery('simple', ...)``: ``('visualis':* | 'dataviz') & ('donne':*)``."""
    joiner = " & " if operator == "AND" else " | "
    parts = []
    for group in groups:
        alts = [_join([_ts_phrase(p) for p in alt], " & ") for alt in group.alternatives]
        if alts:
            parts.append("(" + " | ".join(alts) + ")")
    return joiner.join(parts)


def _ts_phrase(phrase: Phrase) -> str:
    tokens = [f"'{t}'" for t in phrase.tokens]
    if phrase.prefix:
        tokens[-1] += ":*"
    return "(" + " <-> ".join(tokens) + ")" if len(tokens) > 1 else tokens[0]


def _join(parts: list[str], operator: str) -> str:
    return parts[0] if len(parts) == 1 else "(" + operator.join(parts) + ")"
