"""Name normalisation shared by extraction, resolution and search."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes made plain."""
    text = unicodedata.normalize("NFKD", text).replace("’", "'").replace("ʼ", "'")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_key(text: str) -> str:
    """The comparison key of a name: folded, punctuation as spaces, single-spaced."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(text)).split())


def slugify(text: str) -> str:
    return "-".join(name_key(text).replace("%", " pourcent").split())[:120] or "sans-nom"
