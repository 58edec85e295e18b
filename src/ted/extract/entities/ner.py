"""The spaCy pass: named entities of every segment of a batch's documents, in one batched call."""

from __future__ import annotations

from ted.extract.layout.segments import MIN_WORDS_FOR_NLP, Segment, word_count
from ted.extract.registry import component
from ted.extract.state import DocState
from ted.kb.language import recognise

NLP_KINDS = {"heading", "paragraph", "item", "quote", "table", "meta"}


@component("ner", requires=("segments",), assigns=("ner",), batch=True)
def named_entities(states: list[DocState]) -> None:
    """Set ``ents`` on the segments of every document with enough prose to be worth the model."""
    todo = [seg for state in states if word_count(state.segments) >= MIN_WORDS_FOR_NLP
            for seg in state.segments if seg.kind in NLP_KINDS]
    if not todo:
        return
    for seg, ents in zip(todo, recognise([_with_line_breaks(s) for s in todo]), strict=True):
        seg.ents = ents


def _with_line_breaks(seg: Segment) -> str:
    """The segment's text with its physical line breaks back (same length), so NER does not run
    a name on into the next line ("Julien Roche" / "Excusés : ...")."""
    chars = list(seg.text)
    for start, _ in seg.starts[1:]:
        if 0 < start <= len(chars):
            chars[start - 1] = "\n"
    return "".join(chars)
