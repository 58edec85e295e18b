"""Run every extractor over a batch of documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ted.extract.facts import Facts
from ted.extract.frontmatter import extract_frontmatter
from ted.sources.document import SourceDocument


class Extractor:
    """Turns documents into facts. Created once per run; heavy models load lazily."""

    def extract_many(self, docs: Iterable[SourceDocument]) -> Iterator[tuple[SourceDocument, Facts]]:
        for doc in docs:
            facts = Facts()
            extract_frontmatter(doc, facts)
            yield doc, facts
