"""Where to register for the document's event, from bare addresses in the text: a line labelled
"Inscription(s) :", "S'inscrire :" or "Lien d'inscription" followed by a bare address, or a bare address
on a ticketing site (readers keep bare addresses as text, so they are parsed here)."""

from __future__ import annotations

import re

from ted.extract.context import Context
from ted.extract.lexicon import words
from ted.graph.names import fold

URL = re.compile(r"https?://[^\s<>()\[\]\"'»]+")
# "Inscriptions : https://...", "S'inscrire ici : https://...", "Lien d'inscription → https://...".
LABEL = re.compile(r"^(?P<label>[^:→]{2,60}?)\s*(?::|→|->)\s*(?=https?://)")


def bare_registration_url(ctx: Context) -> str | None:
    """The first bare address labelled as the way to register, else the first on a ticketing site."""
    labels = words("registration_labels")
    domains = words("ticketing_domains")
    labelled = ticketing = None
    for line in ctx.doc.text.splitlines():
        for match in URL.finditer(line):
            url = match.group().rstrip(".,;:!?")
            label = LABEL.match(line[:match.start()].strip(" -*•>"))
            if labelled is None and label and _says_register(label["label"], labels):
                labelled = url
            if ticketing is None and _on(url, domains):
                ticketing = url
    return labelled or ticketing


def _says_register(text: str, labels: frozenset[str]) -> bool:
    key = " ".join(fold(text).replace("’", "'").split())
    return any(re.search(rf"(?<![\w]){re.escape(label)}", key) for label in labels)


def _on(url: str, domains: frozenset[str]) -> bool:
    host = re.sub(r"^https?://(?:www\.)?", "", url.lower())
    return any(host.startswith(domain) or f".{domain}" in host for domain in domains)
