"""Page details that the fixtures' documents do not exercise, in process with Django's test Client.

Entities are written straight into the store (the shape ``ted ingest`` produces), then read through
the real views, templates and calendar code.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from ted.kb.dates import PARIS
from ted.store import models as m


@pytest.fixture
def client(clean_db) -> Client:  # noqa: ANN001 - the shared empty-store fixture
    return Client()


def event(slug: str, **attributes: object) -> m.Entity:
    return m.Entity.objects.create(id=f"event:{slug}", type="event", name=slug.replace("-", " ").title(),
                                   attributes=attributes)


def test_programme_links_known_speakers_and_projects(client: Client) -> None:
    closing = event("cloture", start="2035-11-28T14:30:00+01:00", participants_count=120, programme=[
        {"time": "14h30", "title": "Accueil", "speakers": ["Stéphanie Schaer"], "projects": []},
        {"time": "15h00", "title": "Démonstration", "speakers": ["Inconnu Total"], "projects": ["ChartsGouv"]},
    ])
    speaker = m.Entity.objects.create(id="person:stephanie-schaer", type="person", name="Stéphanie Schaer")
    project = m.Entity.objects.create(id="project:chartsgouv", type="project", name="ChartsGouv")
    m.Relation.objects.create(type="speaker_at", source=speaker, target=closing)
    m.Relation.objects.create(type="presented_at", source=project, target=closing)
    page = client.get(f"/entites/{closing.id}").content.decode()
    assert "<caption>Programme</caption>" in page
    assert '<a href="/entites/person:stephanie-schaer">Stéphanie Schaer</a>' in page
    assert '<a href="/entites/project:chartsgouv">ChartsGouv</a>' in page
    assert "Inconnu Total" in page and "120" in page
    data = client.get(f"/entites/{closing.id}.json").json()
    assert data["programme"][0]["speakers"] == [{"name": "Stéphanie Schaer", "id": "person:stephanie-schaer"}]
    assert {s["key"] for s in data["sections"]} == {"speakers", "projects"}


def test_times_are_shown_in_paris_time(client: Client) -> None:
    summer = event("ete", start="2035-07-01T07:00:00+00:00")
    page = client.get(f"/entites/{summer.id}").content.decode()
    assert "dimanche 1er juillet 2035 à 9 h" in page
    calendar = Calendar.from_ical(client.get(f"/evenements/{summer.id}.ics").content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == dt.datetime(2035, 7, 1, 9, 0, tzinfo=PARIS)


def test_agenda_uses_today_and_keeps_undated_events_apart(client: Client) -> None:
    today = timezone.localdate()
    event("aujourd-hui", start=today.isoformat())
    event("hier", start=(today - dt.timedelta(days=1)).isoformat())
    event("sans-date")
    page = client.get("/agenda").content.decode()
    upcoming, rest = page.split('id="passes"', 1)
    past, undated = rest.split('id="sans-date"', 1)
    assert "event:aujourd-hui" in upcoming and "event:hier" in past and "event:sans-date" in undated
    assert get_status(client, "/evenements/event:sans-date.ics") == 404
    calendar = Calendar.from_ical(client.get("/agenda.ics").content)
    assert len(calendar.walk("VEVENT")) == 2


def test_only_http_links_are_rendered(client: Client) -> None:
    trap = event("piege", start="2035-01-01", registration_url="javascript:alert(1)")
    m.Entity.objects.create(id="project:piege", type="project", name="Piège",
                            attributes={"url": "data:text/html,<script>alert(1)</script>",
                                        "repository": "https://github.com/etalab/piege"})
    page = client.get(f"/entites/{trap.id}").content.decode()
    assert 'href="javascript:' not in page and "S’inscrire" not in page
    project = client.get("/entites/project:piege").content.decode()
    assert 'href="data:' not in project and 'href="https://github.com/etalab/piege"' in project


def test_search_form_and_facets_keep_working_without_results(client: Client) -> None:
    response = client.get("/recherche", {"q": "rien du tout", "type": "person"})
    assert response.status_code == 200
    assert client.get("/recherche", {"q": "x", "year": "99999"}).status_code == 400
    assert client.get("/experts", {"q": "x" * 2000}).status_code == 400


def get_status(client: Client, path: str) -> int:
    return client.get(path).status_code


def test_programme_slot_times_read_in_french() -> None:
    from ted.web.templatetags.ted_tags import fr_slot

    assert fr_slot("14:30") == "14 h 30"
    assert fr_slot("09:00") == "9 h"
    assert fr_slot("2025-05-23T16:00") == "vendredi 23 mai 2025, 16 h"
    assert fr_slot(None) == ""
