"""A polite HTTP client for web sources: a User-Agent naming TED, robots.txt obeyed, a delay between requests
to a host, conditional requests, bounded sizes and times.

``requests`` (already installed with spaCy) does the HTTP; Protego (Scrapy's robots.txt parser: wildcards,
``Allow`` precedence, ``Crawl-delay``) reads robots.txt.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from protego import Protego

from ted import __version__ as TED_VERSION

ROBOT = "TED"  # the token robots.txt rules name
MAX_BYTES = 20 * 1024 * 1024  # a page or sitemap larger than this is refused
TIMEOUT = (10, 30)  # connect, read (seconds)
MAX_CRAWL_DELAY = 30.0


def user_agent() -> str:
    contact = os.environ.get("TED_BOT_CONTACT", "").strip()
    details = ["Trouver mon Expert Data", "robot de veille documentaire"] + ([contact] if contact else [])
    return f"{ROBOT}/{TED_VERSION} ({'; '.join(details)})"


def default_delay() -> float:
    """Seconds between two requests to one host: ``TED_WEB_DELAY``, else 1 s (more when robots.txt asks)."""
    try:
        return max(0.0, float(os.environ.get("TED_WEB_DELAY", "1")))
    except ValueError:
        return 1.0


class FetchError(OSError):
    """A URL that could not be had; the message is a French reason."""


@dataclass
class Answer:
    url: str  # after redirects
    status: int  # 200 or 304
    body: bytes
    media_type: str | None
    etag: str
    last_modified: str


class Fetcher:
    """One per source run: a session, the robots.txt of each host, the time of the last request to each host."""

    def __init__(self, delay: float | None = None) -> None:
        self.delay = default_delay() if delay is None else delay
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self._robots: dict[str, Protego | None] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0  # made so far, robots.txt included (reports and tests)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets TED read ``url``; raises FetchError when the host cannot be reached."""
        rules = self._rules(url)
        return rules is None or rules.can_fetch(url, ROBOT)

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Answer:
        """GET ``url``; with validators, a conditional request (an unchanged page answers 304 with no body)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._request(url, headers)
        with response:
            if response.status_code == 304:
                return Answer(response.url, 304, b"", None, etag, last_modified)
            if response.status_code != 200:
                raise FetchError(f"{url} répond {response.status_code} {response.reason or ''}".strip())
            body = _bounded(response, url)
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
        return Answer(response.url, 200, body, media, response.headers.get("ETag", ""),
                      response.headers.get("Last-Modified", ""))

    def _rules(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            self._robots[host] = None
            try:
                response = self._request(f"{host}/robots.txt", {})
                with response:
                    if response.status_code == 200:
                        self._robots[host] = Protego.parse(_bounded(response, host).decode("utf-8", "replace"))
                    elif response.status_code >= 500:  # the site is unwell: crawl nothing rather than too much
                        self._robots[host] = Protego.parse("User-agent: *\nDisallow: /")
            except FetchError:
                del self._robots[host]  # unreachable: asked again for the next URL of this host
                raise
        return self._robots[host]

    def _request(self, url: str, headers: dict[str, str]) -> requests.Response:
        self._wait(url)
        try:
            response = self.session.get(url, headers=headers, timeout=TIMEOUT, stream=True, allow_redirects=True)
        except requests.exceptions.SSLError:
            raise FetchError(f"{url} : certificat TLS refusé") from None
        except requests.exceptions.ConnectionError:
            raise FetchError(f"{url} est injoignable (connexion refusée ou nom inconnu)") from None
        except requests.exceptions.Timeout:
            raise FetchError(f"{url} n'a pas répondu à temps") from None
        except requests.exceptions.RequestException as error:
            raise FetchError(f"{url} : requête impossible ({type(error).__name__})") from None
        finally:
            self.requests += 1
        return response

    def _wait(self, url: str) -> None:
        """Sleep until this host's delay (ours, or robots.txt's Crawl-delay if longer) has passed."""
        host = urlsplit(url).netloc
        delay = self.delay
        rules = self._robots.get(f"{urlsplit(url).scheme}://{host}")
        if rules is not None and (asked := rules.crawl_delay(ROBOT)):
            delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        with self._lock:
            wait = self._last.get(host, 0.0) + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()


def _bounded(response: requests.Response, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"{url} dépasse {MAX_BYTES // (1024 * 1024)} Mo")
        chunks.append(chunk)
    return b"".join(chunks)
