"""Run every extractor over a batch of documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ted.extract.chat import chat_turns
from ted.extract.facts import Facts
from ted.extract.frontmatter import extract_frontmatter
from ted.extract.text import MIN_WORDS_FOR_NLP, Segment, segments, word_count
from ted.extract.textfacts import extract_text
from ted.sources.document import SourceDocument

NLP_KINDS = {"heading", "paragraph", "item", "quote", "table", "meta"}


class Extractor:
    """Turns documents into facts. Created once per run; heavy models load lazily."""

    def extract_many(self, docs: Iterable[SourceDocument]) -> Iterator[tuple[SourceDocument, Facts]]:
        prepared = []
        for doc in docs:
            facts = Facts()
            extract_frontmatter(doc, facts)
            turns, covered = chat_turns(doc)
            prepared.append((doc, facts, turns, segments(doc, covered)))
        _recognise([segs for *_, segs in prepared])
        for doc, facts, turns, segs in prepared:
            try:
                extract_text(doc, facts, segs, turns)
            except Exception as error:  # noqa: BLE001 - one odd document must not stop a run
                # Keep what the front matter gave; report the document like any other reading problem.
                doc.warnings.append(f"extraction du texte interrompue ({type(error).__name__}: {error})")
            yield doc, facts


def _recognise(batches: list[list[Segment]]) -> None:
    """One spaCy pass over the segments of every document with enough prose to be worth it."""
    todo = [seg for segs in batches if word_count(segs) >= MIN_WORDS_FOR_NLP
            for seg in segs if seg.kind in NLP_KINDS]
    if not todo:
        return
    from ted.kb.language import recognise

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
