"""Key terms of a pasted paragraph (a project description, a call for projects), to find experts with.

A paragraph is not a query: most of its words are common ones every page holds. Its key terms are
the skills the thesaurus finds in it (canonical names, so their synonyms and tools come with them),
then its rarest words that the index knows (one concept each), as long as they are not common words
of the corpus (held by more than ``COMMON_SHARE`` of the index's rows).
"""

from __future__ import annotations

from ted.kb import gazetteer
from ted.search.analyzer import STOPWORDS, stem, words
from ted.search.snapshot import Snapshot

MAX_TEXT = 5000
MAX_TERMS = 8
MIN_LENGTH = 4
COMMON_SHARE = 0.05


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
    for word in words(rest):
        token = stem(word)
        frequency = snap.vocabulary.df.get(word, 0)
        if (word in STOPWORDS or len(word) < MIN_LENGTH or word.isdigit() or token in covered
                or not frequency or frequency > COMMON_SHARE * rows):
            continue
        candidates.setdefault(token, (frequency, word))
    rare = sorted(candidates.values())
    return (terms + [word for _, word in rare])[:MAX_TERMS]
