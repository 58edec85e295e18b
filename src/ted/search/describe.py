"""Key terms of a pasted paragraph (a project description, a call for projects), to find experts with.

A paragraph is not a query: most of its words are common ones every page holds. Its key terms are
the skills the thesaurus finds in it (canonical names, so their synonyms and tools come with them),
then its rarest words that can name a subject and that the index knows (one concept each; spaCy's
part-of-speech tagger keeps nouns, adjectives and infinitives, drops conjugated verbs and adverbs),
as long as they are not common words of the corpus (held by more than ``COMMON_SHARE`` of the
index's rows).
"""

from __future__ import annotations

from functools import cache

from ted.kb import gazetteer
from ted.kb.language import MODEL
from ted.search.analyzer import STOPWORDS, stem, words
from ted.search.snapshot import Snapshot

MAX_TEXT = 5000
MAX_TERMS = 8
MIN_LENGTH = 4
COMMON_SHARE = 0.05
MIN_COMMON = 10  # in a small index, a word held by a few rows is not common yet
NOUNS = ("NOUN", "PROPN", "ADJ")
LOOSE_WORD = 0.5


def key_terms(text: str, snap: Snapshot) -> list[str]:
    """The paragraph's skills (thesaurus names), then its rarest known words, at most ``MAX_TERMS``."""
    text = (text or "")[:MAX_TEXT]
    terms: list[str] = []
    rest = text
    for found in gazetteer.find_skills(text):
        if found.name not in terms:
            terms.append(found.name)
        rest = rest.replace(found.text, " ")
    covered = {stem(w) for t in terms for w in words(t)}
    rows = max(len(snap.entries), 1)  # the vocabulary counts entities and documents alike
    candidates = {}
    for word in _nouns(rest):
        token = stem(word)
        frequency = snap.vocabulary.df.get(word, 0)
        if (word in STOPWORDS or len(word) < MIN_LENGTH or word.isdigit() or token in covered
                or not frequency or frequency > max(COMMON_SHARE * rows, MIN_COMMON)):
            continue
        candidates.setdefault(token, (frequency, word))
    rare = sorted(candidates.values())
    return (terms + [word for _, word in rare])[:MAX_TERMS]


def term_weight(term: str) -> float:
    """A skill the thesaurus knows names a field; a word of the paragraph is only a hint."""
    return 1.0 if gazetteer.lookup_skill(term) is not None else LOOSE_WORD


def _nouns(text: str) -> list[str]:
    """The folded words of ``text`` that can name a subject: nouns, adjectives ("manuscrits") and verbs in
    the infinitive ("numériser"), not conjugated verbs and participles ("souhaite", "fondé") or adverbs
    ("automatiquement")."""
    return [w for token in _tagger()(text)
            if token.pos_ in NOUNS or (token.pos_ == "VERB" and "Inf" in token.morph.get("VerbForm"))
            for w in words(token.text)]


@cache
def _tagger():  # noqa: ANN202 - a spaCy Language
    """spaCy's French model with only its part-of-speech tagger, loaded on the first paragraph."""
    import spacy

    return spacy.load(MODEL, exclude=["parser", "senter", "attribute_ruler", "lemmatizer", "ner"])
