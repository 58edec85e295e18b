"""Web sites as a source: a real HTTP server in a thread serving robots.txt, a sitemap, pages and an Atom feed."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import run_ted

PAGE = """<!doctype html><html lang="fr"><head><title>{title}</title></head><body>
<nav><a href="/">Accueil</a></nav>
<main><h1>{title}</h1><p>{body}</p></main>
<footer>Pied de page</footer></body></html>"""


@dataclass
class Resource:
    body: bytes
    media_type: str
    etag: str = ""
    last_modified: str = ""


@dataclass
class Site:
    """What the server serves (path → resource) and every request it received."""

    resources: dict[str, Resource] = field(default_factory=dict)
    requests: list[tuple[float, str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, title: str, body: str, etag: str = "", last_modified: str = "") -> None:
        html = PAGE.format(title=title, body=body).encode()
        self.resources[path] = Resource(html, "text/html; charset=utf-8", etag, last_modified)

    def asked(self, path: str) -> list[dict[str, str]]:
        return [headers for _, p, headers in self.requests if p == path]


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.requests.append((time.monotonic(), self.path, dict(self.headers)))
            found = site.resources.get(self.path)
            if found is None:
                self.send_error(404)
                return
            fresh = (found.etag and self.headers.get("If-None-Match") == found.etag) or (
                found.last_modified and not found.etag and self.headers.get("If-Modified-Since") == found.last_modified)
            if fresh:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", found.media_type)
            self.send_header("Content-Length", str(len(found.body)))
            if found.etag:
                self.send_header("ETag", found.etag)
            if found.last_modified:
                self.send_header("Last-Modified", found.last_modified)
            self.end_headers()
            self.wfile.write(found.body)

        def log_message(self, *args) -> None:  # noqa: ANN002 - quiet
            pass

    return Handler


@pytest.fixture
def site(monkeypatch):
    """A small community site: robots.txt closing /prive/, a sitemap, three pages, an Atom feed."""
    monkeypatch.setenv("TED_WEB_DELAY", "0")
    served = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(served))
    served.port = server.server_address[1]
    served.resources["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /prive/\n", "text/plain")
    served.resources["/sitemap.xml"] = Resource(f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{served.url('/evenements/meetup-dataviz.html')}</loc></url>
  <url><loc>{served.url('/equipe/lab-donnees.html')}</loc></url>
  <url><loc>{served.url('/prive/brouillon.html')}</loc></url>
</urlset>""".encode(), "application/xml")
    served.page("/evenements/meetup-dataviz.html", "Meetup dataviz",
                "Le meetup dataviz du 14 janvier 2025 est organisé par Etalab. Camille Roussel y présente Hydroviz.",
                etag='"v1"')
    served.page("/equipe/lab-donnees.html", "Lab données",
                "Mathieu Perrin, data scientist à l'IGN, travaille sur le projet GeoQuartiers.",
                last_modified="Mon, 01 Dec 2025 10:00:00 GMT")
    served.page("/prive/brouillon.html", "Brouillon", "Ne pas lire : Xavier Secret.")
    served.resources["/actus.atom"] = Resource(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Actualités</title><id>{served.url('/actus.atom')}</id><updated>2025-12-01T10:00:00Z</updated>
  <entry><title>Atelier OCR</title><id>urn:1</id><updated>2025-12-01T10:00:00Z</updated>
    <link href="/actus/atelier-ocr.html"/></entry>
</feed>""".encode(), "application/atom+xml")
    served.page("/actus/atelier-ocr.html", "Atelier OCR",
                "L'atelier OCR est animé par Inès Marchand de la DGFiP.", etag='"ocr-1"')
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


def test_sitemap_pages_are_ingested_robots_respected_and_resynced_conditionally(site, clean_db) -> None:
    from ted.services.ingest import ingest
    from ted.store import models as m

    sitemap = site.url("/sitemap.xml")
    first = ingest([sitemap])
    assert (first.new, first.failed, first.source_errors) == (2, 0, [])
    docs = {d.path: d for d in m.Document.objects.filter(source_uri=sitemap)}
    assert sorted(docs) == [site.url("/equipe/lab-donnees.html"), site.url("/evenements/meetup-dataviz.html")]
    assert site.asked("/prive/brouillon.html") == []  # disallowed by robots.txt: never fetched
    assert any(w.path == site.url("/prive/brouillon.html") and "robots.txt" in w.reason for w in first.warnings)
    meetup = docs[site.url("/evenements/meetup-dataviz.html")]
    assert meetup.origin == site.url("/evenements/meetup-dataviz.html")  # evidence points to the page
    assert "Camille Roussel" in meetup.text and "Accueil" not in meetup.text  # main content, not navigation
    assert m.Entity.objects.filter(name="Camille Roussel").exists()
    agents = {headers.get("User-Agent", "") for _, _, headers in site.requests}
    assert agents and all(agent.startswith("TED/") for agent in agents)

    site.requests.clear()
    second = ingest([sitemap])
    assert (second.new, second.changed, second.unchanged, second.removed) == (0, 0, 2, 0)
    assert site.asked("/evenements/meetup-dataviz.html")[0].get("If-None-Match") == '"v1"'
    assert site.asked("/equipe/lab-donnees.html")[0].get("If-Modified-Since") == "Mon, 01 Dec 2025 10:00:00 GMT"
    after = {d.path: d.id for d in m.Document.objects.filter(source_uri=sitemap)}
    assert after == {path: d.id for path, d in docs.items()}  # nothing re-read, nothing rewritten

    site.page("/evenements/meetup-dataviz.html", "Meetup dataviz", "Reporté : Julien Martin présentera Lectio.",
              etag='"v2"')
    site.resources["/sitemap.xml"].body = site.resources["/sitemap.xml"].body.replace(
        f"<url><loc>{site.url('/equipe/lab-donnees.html')}</loc></url>".encode(), b"")
    third = ingest([sitemap])
    assert (third.changed, third.unchanged, third.removed) == (1, 0, 1)  # one page changed, one left the sitemap
    assert not m.Document.objects.filter(path=site.url("/equipe/lab-donnees.html")).exists()


def test_an_atom_feed_followed_as_a_source_is_synced_conditionally(site, clean_db) -> None:
    from ted.services.sync import add_source, sync
    from ted.store import models as m

    feed = site.url("/actus.atom")
    add_source("actus", feed, every=3600)
    (result,), _ = sync()
    assert result.error == "" and result.summary.new == 1
    (doc,) = m.Document.objects.filter(source_uri=feed)
    assert doc.path == doc.origin == site.url("/actus/atelier-ocr.html")
    assert "Inès Marchand" in doc.text
    site.requests.clear()
    results, _ = sync()
    assert results == [] and site.requests == []  # not due again for an hour: nothing synced, nothing asked
    (result,), _ = sync(force=True)
    assert (result.summary.unchanged, result.summary.processed) == (1, 0)
    assert site.asked("/actus.atom") and site.asked("/actus/atelier-ocr.html") == []  # its entry's date is the same

    feed_body = site.resources["/actus.atom"]
    feed_body.body = feed_body.body.replace(b"<updated>2025-12-01T10:00:00Z</updated>\n    <link",
                                            b"<updated>2025-12-02T09:00:00Z</updated>\n    <link")
    (result,), _ = sync(force=True)  # the entry's date moved: asked again, conditionally; the page did not change
    assert (result.summary.unchanged, result.summary.processed) == (1, 0)
    assert site.asked("/actus/atelier-ocr.html")[0].get("If-None-Match") == '"ocr-1"'
    site.requests.clear()
    sync(force=True)  # the new date was remembered with the 304
    assert site.asked("/actus/atelier-ocr.html") == []


def test_a_sitemap_lastmod_that_did_not_move_spares_the_request_for_a_week(site, clean_db, monkeypatch) -> None:
    from ted.services.ingest import ingest

    sitemap = site.resources["/sitemap.xml"]
    page = site.url("/evenements/meetup-dataviz.html")
    sitemap.body = sitemap.body.replace(f"<loc>{page}</loc>".encode(),
                                        f"<loc>{page}</loc><lastmod>2025-12-01</lastmod>".encode())
    ingest([site.url("/sitemap.xml")])
    site.requests.clear()
    assert ingest([site.url("/sitemap.xml")]).unchanged == 2
    assert site.asked("/evenements/meetup-dataviz.html") == []  # same lastmod: trusted, not asked
    assert site.asked("/equipe/lab-donnees.html")  # no lastmod: a conditional request
    monkeypatch.setenv("TED_WEB_TRUST_DAYS", "0")  # trust expired: asked again, conditionally
    site.requests.clear()
    assert ingest([site.url("/sitemap.xml")]).unchanged == 2
    assert site.asked("/evenements/meetup-dataviz.html")[0].get("If-None-Match") == '"v1"'


def test_requests_to_a_host_are_spaced(site, clean_db, monkeypatch) -> None:
    from ted.services.ingest import ingest

    monkeypatch.setenv("TED_WEB_DELAY", "0.3")
    ingest([site.url("/sitemap.xml")])
    times = [when for when, _, _ in site.requests]
    assert len(times) >= 4  # robots.txt, the sitemap, two pages
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.28


def test_bad_xml_and_unreachable_sites_are_french_errors_and_nothing_else_is_lost(site, clean_db) -> None:
    from ted.services.ingest import ingest
    from ted.store import models as m

    ingest([site.url("/sitemap.xml")])
    site.resources["/casse.xml"] = Resource(b'<?xml version="1.0"?>\n<urlset><url><loc>x</url></urlset>',
                                            "application/xml")
    broken = site.url("/casse.xml")
    summary = ingest([broken, site.url("/sitemap.xml")])
    (problem,) = summary.source_errors
    assert problem.reason.startswith(f"« {broken} » : XML illisible (ligne 2")
    assert summary.unchanged == 2 and m.Document.objects.count() == 2

    closed = "http://127.0.0.1:9/sitemap.xml"  # the discard port: nobody listens
    summary = ingest([closed])
    (problem,) = summary.source_errors
    assert problem.reason.startswith(f"« {closed} » :") and "injoignable" in problem.reason
    assert m.Document.objects.count() == 2  # a sitemap that cannot be read prunes nothing


def test_cli_names_the_unreadable_sitemap(site, tmp_path) -> None:
    site.resources["/casse.xml"] = Resource(b"<?xml version='1.0'?><urlset><url>", "application/xml")
    broken = site.url("/casse.xml")
    result = run_ted("ingest", broken, db=tmp_path / "t.sqlite3", check=False)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert f"« {broken} » : XML illisible" in message and "rien d'autre n'est perdu" in message


def test_a_sitemap_index_and_a_single_page(site, clean_db) -> None:
    from ted.services.ingest import ingest
    from ted.store import models as m

    site.resources["/sitemap-index.xml"] = Resource(f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{site.url('/sitemap.xml')}</loc></sitemap>
</sitemapindex>""".encode(), "application/xml")
    index = site.url("/sitemap-index.xml")
    assert ingest([index]).new == 2  # the pages of the sitemap it points to, robots.txt still obeyed
    assert m.Document.objects.filter(source_uri=index).count() == 2

    page = site.url("/actus/atelier-ocr.html")
    assert ingest([page]).new == 1
    again = ingest([page])  # fetched once to know what it is, compared with the digest stored: not re-read
    assert (again.unchanged, again.processed) == (1, 0)
    assert m.Document.objects.get(source_uri=page).path == page
