"""What one document says: mentions of entities and statements of relations, each with evidence.

Each mention and statement carries a ``confidence`` (0–1): how far the reading that found it is
to be trusted. The pipeline sets :attr:`Facts.confidence` to the running component's declared
confidence (``ted.extract.registry``) before calling it, so that what the component adds records
it; a component may still pass ``confidence=`` for a finer case. A fact found again, by the same
or a later component, keeps the highest confidence it was found with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ted.kb.names import name_key
from ted.schema import merge_attributes

# The confidence of a component that declares none (and of facts added outside the pipeline).
DEFAULT_CONFIDENCE = 0.7


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
    confidence: float = DEFAULT_CONFIDENCE


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
    confidence: float = DEFAULT_CONFIDENCE


@dataclass
class Facts:
    """Collects a document's mentions, merging repeated ones by type and normalised name (or ref)."""

    mentions: dict[str, Mention] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    primary: str | None = None  # key of the entity the document is about (a profile, a project page...)
    confidence: float = DEFAULT_CONFIDENCE  # the running component's, recorded on what it adds

    def entity(self, type_: str, name: str, line: int, quote: str, *, attributes: dict | None = None,
               ref: str = "", aliases: list[str] | tuple[str, ...] = (), confidence: float | None = None) -> str:
        name = " ".join(str(name).split())
        key = f"{type_}:ref:{ref}" if ref else f"{type_}:{name_key(name)}"
        found = self.mentions.get(key)
        if found is None:
            found = self.mentions[key] = Mention(key, type_, name, line, quote, ref=ref,
                                                 confidence=self._confidence(confidence))
        else:
            self.confirm(found, confidence)
            if name != found.name and name not in found.aliases:
                found.aliases.append(name)
        for alias in aliases:
            if alias and alias != found.name and alias not in found.aliases:
                found.aliases.append(alias)
        merge_attributes(found.attributes, attributes or {})
        return key

    def relate(self, type_: str, source: str, target: str, line: int, quote: str, *,
               inherited: bool = True, confidence: float | None = None) -> None:
        if source == target:
            return
        for s in self.statements:
            if s.type == type_ and s.source == source and s.target == target:
                s.inherited = s.inherited or inherited  # said again elsewhere: the stronger reading
                self.confirm(s, confidence)
                return
        self.statements.append(Statement(type_, source, target, line, quote, inherited,
                                         self._confidence(confidence)))

    def confirm(self, fact: Mention | Statement, confidence: float | None = None) -> None:
        """``fact`` found again (by the running component unless ``confidence`` says): the higher confidence."""
        fact.confidence = max(fact.confidence, self._confidence(confidence))

    def _confidence(self, given: float | None) -> float:
        value = self.confidence if given is None else given
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"confidence {value!r} is not between 0 and 1")
        return value

    def of_type(self, type_: str) -> list[Mention]:
        return [m for m in self.mentions.values() if m.type == type_]
