"""Where to register for the document's event, from bare addresses in the text: a line labelled
"Inscription(s) :", "S'inscrire :" or "Lien d'inscription" followed by a bare address, or a bare address
on a ticketing site (readers keep bare addresses as text, so they are parsed here)."""

from __future__ import annotations

import re

from ted.extract.layout.segments import Segment
from ted.extract.state import DocState
from ted.kb.lexicon import words
from ted.kb.names import fold

URL = re.compile(r"https?://[^\s<>()\[\]\"'»]+")
# "Inscriptions : https://...", "S'inscrire ici : https://...", "Lien d'inscription → https://...".
LABEL = re.compile(r"^(?P<label>[^:→]{2,60}?)\s*(?::|→|->|\bsur\b|\bvia\b|\bici\b)\s*(?=https?://)",
                   re.IGNORECASE)
# A label alone on its line ("Inscriptions :"), the address on the next one.
LONE_LABEL = re.compile(r"^(?P<label>[^:]{2,60}?)\s*:\s*$")


def bare_registration_url(ctx: DocState) -> str | None:
    """The first bare address labelled as the way to register, else the first on a ticketing site."""
    labels = words("registration_labels")
    domains = words("ticketing_domains")
    labelled = ticketing = None
    previous = ""
    for line in ctx.doc.text.splitlines():
        for match in URL.finditer(line):
            url = match.group().rstrip(".,;:!?")
            label = LABEL.match(line[:match.end()].lstrip(" -*•>"))
            if match.start() == len(line) - len(line.lstrip(" -*•>")):
                label = label or LONE_LABEL.match(previous.strip(" -*•>#"))
            if labelled is None and label and _says_register(label["label"], labels):
                labelled = url
            if ticketing is None and _on(url, domains) and not _other_purpose(line):
                ticketing = url
        previous = line if line.strip() else previous
    return labelled or ticketing


def _says_register(text: str, labels: frozenset[str]) -> bool:
    key = _key(text)
    return not _other_purpose(text) and any(re.search(rf"(?<![\w]){re.escape(label)}", key) for label in labels)


def _other_purpose(text: str) -> bool:
    """"S'inscrire à la lettre d'information : ...", "Adhérer à l'association": not the event's registration."""
    key = _key(text)
    return any(other in key for other in words("registration_not"))


def _key(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


def _on(url: str, domains: frozenset[str]) -> bool:
    host = re.sub(r"^https?://(?:www\.)?", "", url.lower())
    return any(host.startswith(domain) or f".{domain}" in host for domain in domains)


def says_register(text: str) -> bool:
    """Whether a label or a link's words say "register here" ("Cliquez ici pour vous inscrire")."""
    return _says_register(text, words("registration_labels"))


def registration_after(seg: Segment, after: int) -> str | None:
    """A registration link after the day, in the paragraph or item that dates the event: "c'est le 14 février
    au Bercylab. [...] [Cliquez ici pour vous inscrire](url)"."""
    for link in seg.links:
        if seg.text.find(link.text, after) >= 0 and says_register(link.text):
            return link.url
    for url in URL.finditer(seg.text, after):  # "Pour s'inscrire, c'est ici : https://..."
        if says_register(seg.text[max(after, url.start() - 40):url.start()]):
            return url.group().rstrip(".,;:!?")
    return None
