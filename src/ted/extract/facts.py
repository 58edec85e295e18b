"""What one document says: mentions of entities and statements of relations, each with evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from ted.kb.names import name_key
from ted.schema import merge_attributes


@dataclass
class Mention:
    key: str
    type: str
    name: str
    line: int
    quote: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    ref: str = ""


@dataclass
class Statement:
    type: str
    source: str  # mention key
    target: str  # mention key
    line: int
    quote: str
    # An "about" that people working on the project do not inherit as skills (a beta.gouv
    # `thematiques` domain such as "Open data" says what the project serves, not what they know).
    inherited: bool = True


@dataclass
class Facts:
    """Collects a document's mentions, merging repeated ones by type and normalised name (or ref)."""

    mentions: dict[str, Mention] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    primary: str | None = None  # key of the entity the document is about (a profile, a project page...)

    def entity(self, type_: str, name: str, line: int, quote: str, *, attributes: dict | None = None,
               ref: str = "", aliases: list[str] | tuple[str, ...] = ()) -> str:
        name = " ".join(str(name).split())
        key = f"{type_}:ref:{ref}" if ref else f"{type_}:{name_key(name)}"
        found = self.mentions.get(key)
        if found is None:
            found = self.mentions[key] = Mention(key, type_, name, line, quote, ref=ref)
        elif name != found.name and name not in found.aliases:
            found.aliases.append(name)
        for alias in aliases:
            if alias and alias != found.name and alias not in found.aliases:
                found.aliases.append(alias)
        merge_attributes(found.attributes, attributes or {})
        return key

    def relate(self, type_: str, source: str, target: str, line: int, quote: str, *,
               inherited: bool = True) -> None:
        if source == target:
            return
        for s in self.statements:
            if s.type == type_ and s.source == source and s.target == target:
                s.inherited = s.inherited or inherited  # said again elsewhere: the stronger reading
                return
        self.statements.append(Statement(type_, source, target, line, quote, inherited))

    def of_type(self, type_: str) -> list[Mention]:
        return [m for m in self.mentions.values() if m.type == type_]
