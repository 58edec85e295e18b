"""The web application, API, calendars and exports, over HTTP against a real ``ted serve``."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from icalendar import Calendar

from conftest import run_ted
from webserver import (
    HOSTILE_FIXTURES,
    PG_SERVER,
    WEB_FIXTURES,
    build_db,
    get,
    postgres_available,
    postgres_database,
    served,
)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    """The fixtures ingested by the real ``ted ingest``, in SQLite and (when reachable) PostgreSQL."""
    if request.param == "sqlite":
        yield build_db(tmp_path_factory.mktemp("web") / "web.sqlite3", WEB_FIXTURES, HOSTILE_FIXTURES)
        return
    if not postgres_available():
        pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER}")
    with postgres_database() as url:
        yield build_db(url, WEB_FIXTURES, HOSTILE_FIXTURES)


@pytest.fixture(scope="module")
def site(db: Path | str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(db, tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def ids(db: Path | str) -> dict[str, str]:
    """Identifiers of the fixture's entities, found by name so that extraction details may change."""
    records = [json.loads(line) for line in run_ted("export", db=db).stdout.splitlines()]
    entities = [r for r in records if r["kind"] == "entity"]

    def find(type_: str, *names: str) -> str:
        wanted = {n.casefold() for n in names}
        for entity in entities:
            labels = {entity["name"].casefold(), *(a.casefold() for a in entity["aliases"]),
                      str(entity["attributes"].get("acronym", "")).casefold()}
            if entity["type"] == type_ and labels & wanted:
                return entity["id"]
        raise AssertionError(f"no {type_} named {names} in {[e['id'] for e in entities]}")

    def event(year: str) -> str:
        return next(e["id"] for e in entities if e["type"] == "event" and e["attributes"]["start"].startswith(year))

    mallory = next(e["id"] for e in entities if e["type"] == "person" and "mallory" in e["name"].casefold())
    return {"camille": find("person", "Camille Dupont"), "insee": find("organisation", "Insee"),
            "project": find("project", "Lecteur de formulaires"), "ocr": find("skill", "OCR"),
            "python": find("skill", "Python"), "future": event("2035"), "past": event("2023"),
            "mallory": mallory, "bold": find("skill", "<b>gras</b>")}


def text(site: str, path: str, status: int = 200) -> str:
    code, _headers, body = get(site + path)
    assert code == status, f"{path} answered {code}"
    return body.decode("utf-8")


def api(site: str, path: str, status: int = 200) -> dict:
    code, headers, body = get(site + path)
    assert code == status, f"{path} answered {code}: {body[:300]!r}"
    assert headers["Content-Type"].startswith("application/json")
    return json.loads(body)


PAGES = ["/", "/recherche", "/recherche?q=ocr", "/recherche?q=ocr&type=person", "/experts", "/experts?q=ocr",
         "/agenda", "/organisations", "/accessibilite", "/api/"]
ENTITY_KEYS = ["camille", "insee", "project", "future", "past", "ocr", "mallory"]


@pytest.mark.parametrize("path", PAGES + [f"entity:{key}" for key in ENTITY_KEYS])
def test_pages_are_dsfr_french_and_accessible(site: str, ids: dict[str, str], path: str) -> None:
    if path.startswith("entity:"):
        path = f"/entites/{ids[path.split(':')[1]]}"
    page = text(site, path)
    assert '<html lang="fr"' in page
    assert 'class="fr-header"' in page and 'role="banner"' in page
    assert '<main id="contenu"' in page and 'role="contentinfo"' in page and 'class="fr-skiplinks"' in page
    for field in re.findall(r'<input[^>]*type="(?:search|text)"[^>]*>', page):
        field_id = re.search(r'id="([^"]+)"', field).group(1)
        assert f'for="{field_id}"' in page, f"no label for #{field_id} on {path}"


def test_no_inline_script_or_style(site: str, ids: dict[str, str]) -> None:
    for path in ("/", "/recherche?q=ocr", f"/entites/{ids['future']}", "/agenda", "/api/"):
        page = text(site, path)
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page)), path
        assert "<style" not in page and " style=" not in page and "onclick" not in page, path


def test_security_headers(site: str, ids: dict[str, str]) -> None:
    for path in ("/", "/api/search?q=ocr", f"/entites/{ids['camille']}.json", "/agenda.ics"):
        _code, headers, _body = get(site + path)
        csp = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers.get("X-Content-Type-Options") == "nosniff"
        assert headers.get("X-Frame-Options") == "DENY"
        assert headers.get("Referrer-Policy") == "same-origin"


def test_static_files_are_served(site: str) -> None:
    for path, kind in (("/static/dsfr/dist/dsfr/dsfr.min.css", "text/css"),
                       ("/static/dsfr/dist/dsfr/dsfr.module.min.js", "javascript"),
                       ("/static/ted/ted.css", "text/css")):
        code, headers, body = get(site + path)
        assert code == 200 and kind in headers["Content-Type"] and body


def test_person_page_shows_relations_with_evidence(site: str, ids: dict[str, str]) -> None:
    page = text(site, f"/entites/{ids['camille']}")
    assert "Camille Dupont" in page and "Data scientist" in page
    assert f'href="/entites/{ids["insee"]}"' in page and f'href="/entites/{ids["project"]}"' in page
    assert "_authors/camille.dupont.md, ligne 13" in page  # employer: Insee
    assert "Compétences" in page and f'href="/entites/{ids["ocr"]}"' in page


def test_organisation_project_and_skill_pages(site: str, ids: dict[str, str]) -> None:
    insee = text(site, f"/entites/{ids['insee']}")
    assert "Membres" in insee and "Camille Dupont" in insee and "Sigle" in insee
    project = text(site, f"/entites/{ids['project']}")
    assert "Équipe" in project and "Julien Martin" in project and "Organisations" in project
    assert 'href="https://lecteur-formulaires.example.gouv.fr"' in project
    skill = text(site, f"/entites/{ids['ocr']}")
    assert "Experts" in skill and "Camille Dupont" in skill


def test_event_page_in_french_with_registration_and_calendar(site: str, ids: dict[str, str]) -> None:
    page = text(site, f"/entites/{ids['future']}")
    assert "mardi 13 mars 2035, de 14 h à 17 h 30" in page
    assert "Lieu de la transformation publique" in page and "77 avenue de Ségur" in page
    assert 'href="https://www.eventbrite.fr/e/billets-atelier-ocr-formulaires-000000000"' in page
    assert f'href="/evenements/{ids["future"]}.ics"' in page
    assert "mercredi 14 juin 2023" in text(site, f"/entites/{ids['past']}")


def test_agenda_splits_upcoming_and_past_events(site: str, ids: dict[str, str]) -> None:
    upcoming, past = text(site, "/agenda").split('id="passes"', 1)
    assert ids["future"] in upcoming and ids["past"] not in upcoming
    assert ids["past"] in past and ids["future"] not in past


def test_entity_pages_as_json(site: str, ids: dict[str, str]) -> None:
    camille = ids["camille"]
    data = api(site, f"/entites/{camille}.json")
    assert data == api(site, f"/entites/{camille}?format=json")
    assert data["id"] == camille and data["type"] == "person" and data["name"] == "Camille Dupont"
    sections = {s["key"]: s for s in data["sections"]}
    insee = next(i for i in sections["organisations"]["items"] if i["id"] == ids["insee"])
    # The export contract's fields, and (the contract only grows) the document's page at the cited line.
    cited = [{k: e[k] for k in ("document", "line", "quote")} for e in insee["evidence"]]
    assert {"document": "_authors/camille.dupont.md", "line": 13, "quote": "employer: Insee"} in cited
    assert all(e["url"] == f"/documents/{e['document_id']}?ligne={e['line']}#L{e['line']}" for e in insee["evidence"])
    assert {i["id"] for i in sections["skills"]["items"]} >= {ids["ocr"], ids["python"]}
    assert api(site, "/entites/person:personne-inconnue.json", status=404)["detail"]


def test_api_entity_accepts_ids_with_colons(site: str, ids: dict[str, str]) -> None:
    data = api(site, f"/api/entities/{ids['future']}")
    assert data["attributes"]["start"] == "2035-03-13T14:00:00+01:00"
    assert data["ics"] == f"/evenements/{ids['future']}.ics"
    assert api(site, "/api/entities/person:personne-inconnue", status=404)["detail"] == "Entité inconnue."


@pytest.mark.parametrize("key", ENTITY_KEYS)
def test_api_entity_of_every_type_matches_the_json_page(site: str, ids: dict[str, str], key: str) -> None:
    entity_id = ids[key]
    data = api(site, f"/api/entities/{entity_id}")
    page = api(site, f"/entites/{entity_id}.json")
    assert data["id"] == page["id"] == entity_id and data["sections"] == page["sections"]
    assert data["evidence"] and set(data["evidence"][0]) >= {"document", "line", "quote", "document_id", "url"}


def test_openapi_document(site: str) -> None:
    spec = api(site, "/api/openapi.json")
    assert spec["openapi"].startswith("3.")
    assert {"/api/search", "/api/experts", "/api/entities/{entity_id}"} <= set(spec["paths"])
    parameters = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "type", "organisation", "skill", "project", "year"} <= parameters
    assert "/api/search" in text(site, "/api/")


def test_api_search_with_facets(site: str, ids: dict[str, str]) -> None:
    data = api(site, "/api/search?q=ocr")
    found = [hit["id"] for hit in data["results"]]
    assert ids["project"] in found and data["total"] >= len(found) > 0
    assert all(hit["url"] == f"/entites/{hit['id']}" for hit in data["results"] if hit["type"] != "document")
    assert "type" in data["facets"]
    people = api(site, "/api/search?q=ocr&type=person")
    assert people["results"] and {hit["type"] for hit in people["results"]} == {"person"}
    assert "Type inconnu" in api(site, "/api/search?q=ocr&type=martian", status=422)["detail"]
    assert api(site, "/api/search?q=ocr&year=deux-mille", status=422)["detail"]


def test_api_experts_with_evidence(site: str, ids: dict[str, str]) -> None:
    pytest.importorskip("ted.search.experts")
    data = api(site, "/api/experts?q=ocr")
    assert data["results"], data
    first = data["results"][0]
    assert first["id"] == ids["camille"] and first["url"] == f"/entites/{ids['camille']}"
    assert first["evidence"] and all(e["document"] for e in first["evidence"])


def test_agenda_ics_is_rfc5545(site: str, ids: dict[str, str]) -> None:
    code, headers, body = get(site + "/agenda.ics")
    assert code == 200 and headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(body)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{ids['future']}@ted", f"{ids['past']}@ted"}
    future = events[f"{ids['future']}@ted"]
    assert future["DTSTART"].params["TZID"] == "Europe/Paris"
    assert future.decoded("DTSTART").isoformat() == "2035-03-13T14:00:00+01:00"
    assert future.decoded("DTEND").isoformat() == "2035-03-13T17:30:00+01:00"
    assert "77 avenue de Ségur" in str(future["LOCATION"]) and str(future["URL"]).startswith("https://")
    assert "DTSTAMP" in future and f"/entites/{ids['future']}" in str(future["DESCRIPTION"])
    past = events[f"{ids['past']}@ted"]
    assert past["DTSTART"].params.get("VALUE") == "DATE" and str(past.decoded("DTEND")) == "2023-06-15"
    assert calendar.walk("VTIMEZONE")


def test_one_calendar_per_event(site: str, ids: dict[str, str]) -> None:
    code, _headers, body = get(site + f"/evenements/{ids['future']}.ics")
    assert code == 200 and len(Calendar.from_ical(body).walk("VEVENT")) == 1
    assert get(site + "/evenements/event:inconnu.ics")[0] == 404
    assert get(site + f"/evenements/{ids['camille']}.ics")[0] == 404


FUZZ = [
    '"(*:', '"unbalanced', "'", "a NEAR b", "NEAR(a b, 2)", "-", "--", "-ocr", "ocr -", "*", "ocr*", "^ocr",
    "(", ")", "a AND OR NOT b", "{col}: x", "col:ocr", "\x00", "ocr\x00data", "\u200b", "é" * 3, "日本語",
    "👩‍💻 données", "\u202eRTL", "%", "%00", "%ff", "\\", "' OR 1=1 --", "; DROP TABLE ted_entity;",
    "a" * 5000, "ocr " * 1200, "<script>alert(1)</script>", "[]{}", "~", "+", " ", "\t\n", "NULL", "0",
]
FUZZ_PATHS = [
    "/recherche?q={}", "/experts?q={}", "/api/search?q={}", "/api/experts?q={}", "/api/search?q=ocr&type={}",
    "/api/search?q=ocr&organisation={}", "/api/search?q=ocr&skill={}", "/api/search?q=ocr&project={}",
    "/api/search?q=ocr&year={}", "/api/search?q=ocr&limit={}", "/api/search?q=ocr&offset={}",
    "/recherche?q=ocr&year={}&type={}", "/entites/{}", "/entites/{}.json", "/api/entities/{}",
    "/evenements/{}.ics",
]


def test_fuzzed_queries_never_fail(site: str) -> None:
    failures = []
    for template in FUZZ_PATHS:
        for value in FUZZ:
            path = template.replace("{}", quote(value, safe=""))
            code, _headers, _body = get(site + path)
            if code >= 500:
                failures.append((code, path[:120]))
    for raw in ("/recherche?q=%ff%fe%00", "/api/search?q=%C0%AF", "/api/search?q=ocr&q=data&type=",
                "/api/search?limit=-1", "/api/search?offset=99999999999999999999", "/entites/%2e%2e%2f%2e%2e",
                "/api/entities/..%2F..%2Fetc%2Fpasswd", "/entites/person:" + "x" * 4000):
        code, _headers, _body = get(site + raw)
        if code >= 500:
            failures.append((code, raw[:120]))
    assert not failures


PARAMETERS = ["q", "type", "organisation", "skill", "project", "year", "limit", "offset", "format"]
ENDPOINTS = ["/api/search", "/api/experts", "/recherche", "/experts"]


def test_random_query_strings_never_fail(site: str) -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=150, deadline=None, derandomize=True)
    @hypothesis.given(endpoint=st.sampled_from(ENDPOINTS),
                      params=st.dictionaries(st.sampled_from(PARAMETERS), st.text(max_size=60), max_size=4))
    def check(endpoint: str, params: dict[str, str]) -> None:
        query = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in params.items())
        code, _headers, _body = get(f"{site}{endpoint}?{query}")
        assert code < 500, (endpoint, params)

    check()


def test_invalid_parameters_get_a_clear_message(site: str) -> None:
    assert "trop longue" in api(site, "/api/search?q=" + "a" * 5000, status=422)["detail"]
    page = text(site, "/recherche?q=ocr&type=martian", status=400)
    assert "Requête invalide" in page and "Type inconnu" in page
    not_found = text(site, "/entites/person:personne-inconnue", status=404)
    assert "Page introuvable" in not_found and "Traceback" not in not_found and "URLconf" not in not_found


def test_document_content_is_escaped(site: str, ids: dict[str, str]) -> None:
    for path in (f"/entites/{ids['mallory']}", "/recherche?q=mallory", "/organisations", f"/entites/{ids['bold']}",
                 "/experts?q=gras"):
        page = text(site, path)
        assert "<script>alert" not in page.lower(), path
        assert "<img src=x" not in page and "<b>gras</b>" not in page and '" onmouseover=' not in page, path
    page = text(site, f"/entites/{ids['mallory']}")
    assert re.search(r"&lt;script&gt;alert\(1\)&lt;/script&gt; Mallory", page, re.IGNORECASE)
    assert "javascript:" not in page
    assert "mallory" in api(site, f"/api/entities/{ids['mallory']}")["name"].casefold()


def test_exports_jsonld_csv_ics(db: Path | str, ids: dict[str, str]) -> None:
    graph = json.loads(run_ted("export", "--format", "jsonld", db=db).stdout)
    assert graph["@context"]["@vocab"] == "https://schema.org/"
    nodes = {node["identifier"]: node for node in graph["@graph"]}
    camille = nodes[ids["camille"]]
    assert camille["@type"] == "Person" and camille["jobTitle"] == ["Data scientist"]
    assert {"@id": f"urn:ted:{ids['insee']}"} in camille["memberOf"]
    assert {"@id": f"urn:ted:{ids['camille']}"} in nodes[ids["insee"]]["member"]
    assert nodes[ids["insee"]]["@type"] == "Organization" and "Insee" in nodes[ids["insee"]]["alternateName"]
    assert nodes[ids["project"]]["@type"] == "Project"
    event = nodes[ids["future"]]
    assert event["@type"] == "Event" and event["startDate"] == "2035-03-13T14:00:00+01:00"
    assert event["location"]["address"]["addressLocality"] == "Paris"

    rows = list(csv.DictReader(io.StringIO(run_ted("export", "--format", "csv", db=db).stdout)))
    entities = {row["id"]: row for row in rows if row["kind"] == "entity"}
    assert entities[ids["camille"]]["name"] == "Camille Dupont" and entities[ids["camille"]]["type"] == "person"
    assert any(row["kind"] == "relation" and row["source"] == ids["camille"] and row["target"] == ids["insee"]
               and "_authors/camille.dupont.md:13" in row["documents"] for row in rows)

    calendar = Calendar.from_ical(run_ted("export", "--format", "ics", db=db).stdout)
    assert len(calendar.walk("VEVENT")) == 2


def test_export_to_file_counts_records(db: Path | str, tmp_path: Path) -> None:
    target = tmp_path / "agenda.ics"
    result = run_ted("export", "--format", "ics", "-o", str(target), db=db)
    assert "2 enregistrements" in result.stderr
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT")
