"""The first components: a document's front matter, its chat copy and its text as segments."""

from __future__ import annotations

from ted.extract.layout.chat import chat_turns
from ted.extract.layout.frontmatter import extract_frontmatter
from ted.extract.layout.segments import segments
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.schema import EntityType, RelationType

# Front-matter conventions may state any entity and relation (kb/fr/frontmatter.yaml).
EVERY_FACT = (*EntityType, *RelationType)


@component("frontmatter", requires=("metadata",), assigns=("primary", *EVERY_FACT))
def front_matter(state: DocState) -> None:
    """Facts the front matter states through the known conventions; the page's own entity is the primary."""
    extract_frontmatter(state.doc, state.facts)


@component("chat", requires=("text",), assigns=("turns", "chat_lines"))
def chat(state: DocState) -> None:
    """Chat copies (``Name17:03`` + message, ``[10:04] Name : message``) as turns, before any prose is read."""
    state.turns, state.chat_lines = chat_turns(state.doc)


@component("segments", requires=("chat_lines",), assigns=("segments",))
def text_segments(state: DocState) -> None:
    """Blocks as segments that remember their heading, list label and lines; the chat's lines left out."""
    state.segments = segments(state.doc, state.chat_lines)
