"""A page for every source document: its text line by line (numbered as the file), metadata and origin.

Evidence cites lines of the original file (front matter included), while the store keeps
the body as read blocks. So the page reads the file again (the version ingested: its
SHA-256 must match) through the same reader as ingestion, and shows each line as a person
reads it (``Block`` lines, front-matter values, HTML without tags) under its own number,
with the source line beside it in the JSON. A file that changed or left since ingestion is
shown from the stored text, unnumbered. Forgotten people (GDPR) are redacted from the file's
text before it is read, as expert evidence does; their own pages are tombstones and get a 404.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ted.graph.redact import Redactor
from ted.search.snippet import readable
from ted.sources import ReadError, SkipFile, read_document
from ted.store import models as m
from ted.store.forgotten import is_tombstone, redactor

JSON_OPTIONS = {"ensure_ascii": False, "indent": 1}
MAX_LINES = 20000
FORMATS = {"markdown": "Markdown", "html": "HTML", "text": "texte"}


@dataclass(frozen=True)
class Line:
    number: int
    text: str  # as a person reads it ("" for markup, blank lines, navigation)
    source: str  # the line of the file, as written


def document_url(document_id: int, line: int | None = None) -> str:
    """The document's page, at ``line`` (named in the query too, so the server marks it: CSS ``:target`` alone
    depends on the browser keeping the fragment)."""
    url = reverse("ted:document", args=[document_id])
    return f"{url}?ligne={line}#L{line}" if line else url


def find_document(document_id: int) -> m.Document | None:
    """A readable document, or None (unknown, unreadable, or erased for a forgotten person)."""
    doc = m.Document.objects.filter(id=document_id, status="ok").first()
    if doc is None or is_tombstone(doc.path) or redactor().mentions(doc.path):
        return None
    return doc


def document_data(doc: m.Document, cited: int | None = None) -> dict[str, Any]:
    """What the page and its JSON twin show of one document."""
    redact = redactor()
    lines = file_lines(doc.root, doc.path, doc.sha256, doc.format, redact)
    numbered = lines is not None
    if lines is None:  # changed or gone since ingestion: the stored text (already redacted), unnumbered
        lines = [Line(n, redact(text), redact(text)) for n, text in enumerate(doc.text.splitlines(), 1)]
    meta = doc.metadata or {}
    return {
        "id": doc.id, "url": document_url(doc.id), "title": redact(title(doc)),
        "path": doc.path, "root": doc.root, "origin": str(PurePosixPath(doc.root) / doc.path),
        "format": doc.format, "format_label": FORMATS.get(doc.format, doc.format), "encoding": doc.encoding,
        "size": doc.size, "version": doc.sha256, "ingested_at": doc.ingested_at.isoformat(),
        "date": redact(str(meta["date"])) if isinstance(meta.get("date"), str | int) else None,
        "numbered": numbered, "cited": cited if numbered and cited and any(x.number == cited for x in lines) else None,
        "lines": [{"number": x.number, "text": x.text, "source": x.source} for x in lines],
        "warnings": [redact(w) for w in doc.warnings or []],
        # Where a person reads it at its source: the page, or the file on its forge at the commit read.
        "source_url": doc.origin if doc.origin.startswith(("https://", "http://")) else None,
        "revision": doc.revision or None,
    }


def title(doc: m.Document) -> str:
    meta = doc.metadata or {}
    for key in ("title", "name", "fullname"):
        if isinstance(meta.get(key), str) and meta[key].strip():
            return meta[key].strip()
    first = next((line.strip() for line in doc.text.splitlines() if len(line.strip()) >= 3), "")
    return first[:120] or doc.path.rsplit("/", 1)[-1]


def file_lines(root: str, path: str, sha256: str, format: str, redact: Redactor) -> list[Line] | None:
    """The file's lines, each with its readable text; None when the file is not the version ingested."""
    lines = _read(root, path, sha256, format)
    if lines is None or not redact:
        return None if lines is None else list(lines)
    raw = tuple(line.source for line in lines)
    redacted = redact.lines(raw)
    if redacted == raw:
        return list(lines)
    # Names replaced in the file's text before reading it again: the readable lines follow.
    return list(_parse(path, root, "\n".join(redacted).encode("utf-8")))


@lru_cache(maxsize=64)
def _read(root: str, path: str, sha256: str, format: str) -> tuple[Line, ...] | None:
    """The ingested version's lines (None if the file changed or left), cached by version: a page's evidence
    links open the same few files again and again."""
    try:
        data = (Path(root) / path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    return _parse(path, root, data)


def _parse(path: str, root: str, data: bytes) -> tuple[Line, ...]:
    try:
        doc = read_document(PurePosixPath(path).name, root, path, data)
    except (ReadError, SkipFile):
        return ()
    raw = doc.raw_lines[:MAX_LINES]
    if doc.format == "html":  # tags stripped line by line: the reader's blocks are placed on approximate lines
        texts = _html_text(raw)
        return tuple(Line(n, texts[n - 1], source) for n, source in enumerate(raw, 1))
    readable_of: dict[int, list[str]] = {}
    for block in doc.blocks:
        for number, text in block.lines:
            readable_of.setdefault(number, []).append(text)
    return tuple(Line(n, readable(" ".join(readable_of[n])) if n in readable_of else readable(source, keys=True),
                      source) for n, source in enumerate(raw, 1))


_HIDDEN = re.compile(r"<(script|style|svg|noscript|template)\b", re.IGNORECASE)
_TITLE = re.compile(r"<title\b", re.IGNORECASE)


def _html_text(raw: list[str]) -> list[str]:
    """Each line of an HTML page as text, except what a browser does not show as text (scripts, styles,
    the head but its title)."""
    texts, hidden, in_head = [], "", False
    for line in raw:
        lower = line.lower()
        if "<head" in lower and "</head" not in lower:  # a page on one line is shown, head and all
            in_head = True
        shown = ""
        if not hidden and (not in_head or _TITLE.search(line)):
            shown = readable(re.sub(r"<(script|style)\b.*?</\1\s*>", " ", line, flags=re.IGNORECASE | re.DOTALL))
        if not hidden and (opened := _HIDDEN.search(line)) and f"</{opened.group(1).lower()}" not in lower:
            hidden = opened.group(1).lower()
            shown = readable(line[:opened.start()])
        elif hidden and f"</{hidden}" in lower:
            hidden = ""
        if "</head" in lower or "<body" in lower:
            in_head = False
        texts.append(shown)
    return texts


def _cited(request: HttpRequest) -> int | None:
    value = request.GET.get("ligne", "")
    return int(value) if value.isdigit() and len(value) <= 7 else None


def document_page(request: HttpRequest, document_id: int) -> HttpResponse:
    if request.GET.get("format") == "json":  # not by Accept: answers are cached by URL alone
        return document_json(request, document_id)
    doc = find_document(document_id)
    if doc is None:
        raise Http404("Document inconnu")
    data = document_data(doc, _cited(request))
    return render(request, "ted/document.html", {"document": data, "title": data["title"]})


def document_json(request: HttpRequest, document_id: int) -> JsonResponse:
    doc = find_document(document_id)
    if doc is None:
        return JsonResponse({"detail": "Document inconnu.", "status": 404}, status=404)
    return JsonResponse(document_data(doc, _cited(request)), json_dumps_params=JSON_OPTIONS)
