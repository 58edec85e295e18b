"""People who asked to be forgotten (GDPR), as the store keeps them."""

from __future__ import annotations

import re

from ted.graph.redact import Redactor, fold_same_length
from ted.kb.names import name_key
from ted.store import models as m


def forgotten_keys() -> set[str]:
    return set(m.Forgotten.objects.values_list("key", flat=True))


def redactor() -> Redactor:
    """A redactor for every forgotten name: its normalised key and the words of the name as requested."""
    rows = m.Forgotten.objects.values_list("key", "label")
    return Redactor([k for key, label in rows for k in (key, " ".join(_folded_words(label)))])


def forget_names(names: list[str], entity_id: str | None) -> None:
    """Remember each name's key (one transaction with the dirty flag is the caller's)."""
    for name in names:
        if name_key(name):
            m.Forgotten.objects.get_or_create(
                key=name_key(name), defaults={"label": name, "entity_id": entity_id or ""})


def _folded_words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", fold_same_length(text))
