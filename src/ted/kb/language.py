"""spaCy, loaded once and only when there is text to read, with only the components TED uses.

Only the named-entity recogniser (and the tok2vec layer it listens to) runs:
the tagger, parser and lemmatiser cost most of the time and their output is
not used, since the structural cues work on the text and its layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

MODEL = "fr_core_news_md"
UNUSED = ("morphologizer", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
# Ingestion hands over 64 documents at a time: too little text for a second process
# (model load, pickling) to pay for itself, measured at under 10% even on the whole corpus at once.
BATCH_SIZE = 128


@dataclass(frozen=True)
class Ent:
    start: int
    end: int
    label: str  # PER | ORG | LOC | MISC
    text: str


@cache
def pipeline():
    import spacy

    return spacy.load(MODEL, exclude=list(UNUSED))


def loaded() -> bool:
    """Whether the language model is in memory already (pages without prose never load it)."""
    return pipeline.cache_info().currsize > 0


def is_common_word(word: str) -> bool:
    """Whether the lower-cased word has a vector: an ordinary word rather than a brand or a name."""
    vocab = pipeline().vocab
    return bool(vocab.has_vector(word.lower()))


def recognise(texts: Sequence[str]) -> list[list[Ent]]:
    """Named entities of each text, in one batched pass."""
    if not texts:
        return []
    nlp = pipeline()
    return [[_first_line(e.start_char, e.label_, e.text) for e in doc.ents if not e.text.startswith("\n")]
            for doc in nlp.pipe(texts, batch_size=BATCH_SIZE)]


def _first_line(start: int, label: str, text: str) -> Ent:
    """An entity never spans a line break: keep its first line."""
    text = text.split("\n", 1)[0]
    return Ent(start, start + len(text), label, text)
