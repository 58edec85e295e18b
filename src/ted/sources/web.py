"""Web sites as a source: ``https://site/sitemap.xml``, an RSS or Atom feed, or one page.

The URL given is fetched and recognised by its content: a sitemap (``urlset``, or a
``sitemapindex`` whose sitemaps are followed) lists pages, a feed lists its entries' links,
anything else is the page itself. Each page is an item whose version is the HTTP validators
(ETag, Last-Modified) and the SHA-256 of the body last read; the next run asks with
``If-None-Match`` / ``If-Modified-Since``, and a 304 means the page is not read again.
robots.txt is obeyed (a disallowed page is reported, not fetched), requests to a host are
spaced (``TED_WEB_DELAY``, or the site's Crawl-delay), and the User-Agent names TED.

Documents are keyed (the URL given, the page's URL) and their evidence points to the page.
A sitemap lists its site completely, so pages that left it are pruned; a feed or a page does
not (old news drop off a feed without being deleted from the site).
Sitemaps are parsed with defusedxml (no entity expansion), feeds with feedparser (RSS 0.9x–2.0,
Atom, and their many malformed variants).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ted.sources.base import SourceError, UnsupportedSource, WalkProblem, register_source
from ted.sources.http import MAX_BYTES, Answer, Fetcher, FetchError

MAX_PAGES = 50_000  # what one sitemap may list (the protocol's own limit)
MAX_SITEMAPS = 100  # sitemaps followed from one index


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def encode_version(answer: Answer, hint: str = "", checked: float | None = None) -> str:
    return json.dumps({"etag": answer.etag, "last_modified": answer.last_modified,
                       "sha256": hashlib.sha256(answer.body).hexdigest(), "hint": hint,
                       "checked": int(time.time() if checked is None else checked)}, separators=(",", ":"))


def trust_days() -> float:
    """Days a page whose listed date (sitemap lastmod, feed entry's updated) has not moved is trusted without a
    request; after that it is asked again, conditionally (a site whose dates never move is still followed)."""
    try:
        return max(0.0, float(os.environ.get("TED_WEB_TRUST_DAYS", "7")))
    except ValueError:
        return 7.0


def decode_version(version: str) -> dict[str, str]:
    try:
        value = json.loads(version)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass
class WebItem:
    root: str  # the URL the source was given
    path: str  # the page's URL
    fetcher: Fetcher = field(repr=False)
    answer: Answer | None = None  # set once fetched (prefetched for a single page)
    hint: str = ""  # the date the listing gives for the page (sitemap lastmod, feed entry's updated)
    stored: str = ""  # the version confirmed without a body (a 304, or the listed date unchanged)

    @property
    def uri(self) -> str:
        return self.path

    @property
    def origin(self) -> str:
        return self.path

    @property
    def name(self) -> str:
        last = urlsplit(self.path).path.rsplit("/", 1)[-1]
        return last or "index.html"

    @property
    def media_type(self) -> str | None:
        return self.answer.media_type if self.answer and self.answer.status == 200 else None

    @property
    def version(self) -> str:
        if self.answer is None or self.answer.status == 304:
            return self.stored
        return encode_version(self.answer, self.hint)

    def changed_since(self, version: str) -> bool:
        """Unchanged when the listing gives the same date as last time (no request, for a while), or when a
        conditional request with the stored validators answers 304 (the body is not sent)."""
        known = decode_version(version)
        if self.answer is not None:  # already fetched: compare what was read with what was stored
            return hashlib.sha256(self.answer.body).hexdigest() != known.get("sha256")
        checked = known.get("checked")
        if self.hint and known.get("hint") == self.hint and isinstance(checked, int | float) \
                and time.time() - checked < trust_days() * 86400:
            self.stored = version
            return False
        if not (known.get("etag") or known.get("last_modified")):
            return True
        answer = self.fetcher.get(self.path, known.get("etag", ""), known.get("last_modified", ""))
        if answer.status == 304:
            self.stored = json.dumps({**known, "hint": self.hint, "checked": int(time.time())},
                                     separators=(",", ":"))
            return False
        self.answer = answer
        return True

    def read(self) -> bytes:
        if self.answer is None or self.answer.status == 304:
            self.answer = self.fetcher.get(self.path)
        return self.answer.body


@dataclass
class WebSource:
    url: str
    fetcher: Fetcher = field(default_factory=Fetcher, repr=False)
    problems: list[WalkProblem] = field(default_factory=list)
    kind: str = ""  # sitemap, feed or page, once listed

    @property
    def uri(self) -> str:
        return self.url

    @property
    def prune_root(self) -> str | None:
        return self.url if self.kind == "sitemap" else None

    def items(self) -> Iterator[WebItem]:
        try:
            allowed = self.fetcher.allowed(self.url)
        except FetchError as error:
            raise SourceError(f"« {self.url} » : {error}") from None
        if not allowed:
            raise SourceError(f"« {self.url} » : le robots.txt du site interdit à TED de lire cette adresse")
        answer = self._fetch_listing(self.url)
        root, xml_error = _xml_root(answer.body)
        if root is not None and _local(root.tag) in ("urlset", "sitemapindex"):
            self.kind = "sitemap"
            urls = self._sitemap_urls(root, answer.url)
        elif _looks_like_feed(answer, root) or (xml_error and self._feed_urls(answer)):
            self.kind = "feed"
            urls = self._feed_urls(answer)
        elif xml_error:
            raise SourceError(f"« {self.url} » : XML illisible ({xml_error}) ; ni plan de site ni flux n'a pu être lu")
        elif root is not None or _is_xml(answer):
            raise SourceError(f"« {self.url} » : ce XML n'est ni un plan de site (urlset, sitemapindex) "
                              "ni un flux RSS ou Atom")
        else:
            self.kind = "page"
            yield WebItem(self.url, self.url, self.fetcher, answer)
            return
        seen: set[str] = set()
        for url, hint in urls:
            if url in seen:
                continue
            seen.add(url)
            try:
                if not self.fetcher.allowed(url):
                    self.problems.append(WalkProblem(url, "exclue par le robots.txt du site : non lue"))
                    continue
            except FetchError as error:
                self.problems.append(WalkProblem(url, f"robots.txt illisible ({error}) : non lue"))
                continue
            yield WebItem(self.url, url, self.fetcher, hint=hint)

    def _fetch_listing(self, url: str) -> Answer:
        try:
            answer = self.fetcher.get(url)
        except FetchError as error:
            raise SourceError(f"« {self.url} » : {error}") from None
        if answer.body[:2] == b"\x1f\x8b":  # a sitemap.xml.gz served as bytes
            try:
                with gzip.GzipFile(fileobj=io.BytesIO(answer.body)) as unzipped:
                    answer.body = unzipped.read(MAX_BYTES + 1)[:MAX_BYTES]
            except (OSError, EOFError):
                raise SourceError(f"« {url} » : fichier compressé illisible") from None
        return answer

    def _sitemap_urls(self, root: Element, base: str) -> list[tuple[str, str]]:
        if _local(root.tag) == "urlset":
            return _pages(root, base)[:MAX_PAGES]
        pages: list[tuple[str, str]] = []
        for child in _locs(root, base)[:MAX_SITEMAPS]:
            if not self._allowed_listing(child):
                self.problems.append(WalkProblem(child, "plan de site exclu par le robots.txt : non lu"))
                continue
            answer = self._fetch_listing(child)
            nested, error = _xml_root(answer.body)
            if nested is None or _local(nested.tag) != "urlset":
                raise SourceError(f"« {self.url} » : le plan de site {child} n'est pas un XML urlset lisible"
                                  f"{' (' + error + ')' if error else ''}")
            pages += _pages(nested, answer.url)
            if len(pages) >= MAX_PAGES:
                break
        return pages[:MAX_PAGES]

    def _allowed_listing(self, url: str) -> bool:
        try:
            return self.fetcher.allowed(url)
        except FetchError as error:
            raise SourceError(f"« {self.url} » : {error}") from None

    def _feed_urls(self, answer: Answer) -> list[tuple[str, str]]:
        """Each entry's page and its date (updated, else published)."""
        feed = feedparser.parse(answer.body, response_headers={"content-location": answer.url})
        urls = []
        for entry in feed.entries:
            link = entry.get("link") or ""
            if link and urlsplit(urljoin(answer.url, link)).scheme in ("http", "https"):
                urls.append((urljoin(answer.url, link), str(entry.get("updated") or entry.get("published") or "")))
        return urls[:MAX_PAGES]


def _is_xml(answer: Answer) -> bool:
    media = answer.media_type or ""
    head = answer.body.lstrip()[:100].lower()
    return media.endswith("xml") or head.startswith(b"<?xml")


def _xml_root(body: bytes) -> tuple[Element | None, str]:
    """The root element of an XML document, and why it could not be parsed; (None, "") for HTML and the like."""
    head = body.lstrip()[:200].lower()
    if not head.startswith((b"<?xml", b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"<rdf")):
        return None, ""
    try:
        return fromstring(body), ""
    except ParseError as error:
        line, column = error.position
        return None, f"ligne {line}, colonne {column + 1} : {str(error).split(':')[0]}"
    except (DefusedXmlException, ValueError) as error:
        return None, f"construction refusée : {type(error).__name__}"


def _looks_like_feed(answer: Answer, root: Element | None) -> bool:
    if root is not None:
        return _local(root.tag) in ("rss", "feed", "rdf")
    media = answer.media_type or ""
    return media in ("application/rss+xml", "application/atom+xml")


def _locs(root: Element, base: str) -> list[str]:
    urls = []
    for element in root.iter():
        if _local(element.tag) == "loc" and element.text and element.text.strip():
            url = urljoin(base, element.text.strip())
            if urlsplit(url).scheme in ("http", "https"):
                urls.append(url)
    return urls


def _pages(urlset: Element, base: str) -> list[tuple[str, str]]:
    """Each ``<url>``'s page and its ``<lastmod>`` ("" when the sitemap gives none)."""
    pages = []
    for entry in urlset:
        if _local(entry.tag) != "url":
            continue
        fields = {_local(child.tag): (child.text or "").strip() for child in entry}
        url = urljoin(base, fields.get("loc", ""))
        if fields.get("loc") and urlsplit(url).scheme in ("http", "https"):
            pages.append((url, fields.get("lastmod", "")))
    return pages


@register_source("http", "https")
def open_web(spec: str) -> WebSource:
    parts = urlsplit(spec)
    if not parts.netloc:
        raise UnsupportedSource(f"« {spec} » : il manque le nom du site (https://site/plan.xml)")
    return WebSource(spec)
