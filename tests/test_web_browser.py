"""The web application in real headless Chromium (Debian's ``chromium`` driven by Playwright).

A real ``ted serve`` runs over a database built by the real ``ted ingest`` from
tests/fixtures/web; screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from conftest import BROWSER_MARKS, ROOT
from webserver import WEB_FIXTURES, build_db, served

SHOTS = ROOT / "test-artifacts" / "screenshots"
FUTURE_EVENT = re.compile("Lire les formulaires scannés")
PAST_EVENT = re.compile("Meetup : visualisation de données")

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_db(tmp_path_factory.mktemp("browser") / "web.sqlite3", WEB_FIXTURES)
    with served(db, db.with_suffix(".log")) as base:
        yield base


def shot(page, name: str, full_page: bool = True) -> None:  # noqa: ANN001
    """Check the page's structure (RGAA basics), then keep a screenshot."""
    check_structure(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def check_structure(page) -> None:  # noqa: ANN001
    levels = page.eval_on_selector_all("main h1, main h2, main h3, main h4, main h5, main h6",
                                       "nodes => nodes.map(n => Number(n.tagName[1]))")
    assert levels.count(1) == 1 and levels[0] == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), f"heading levels skip: {levels}"
    for landmark in ("header[role=banner]", "main#contenu", "footer[role=contentinfo]", "nav#navigation"):
        assert page.locator(landmark).count() == 1, landmark
    unlabelled = page.eval_on_selector_all(
        "input:not([type=hidden]), select, textarea",
        "nodes => nodes.filter(n => !(n.labels && n.labels.length) && !n.getAttribute('aria-label')).map(n => n.id)")
    assert not unlabelled, unlabelled
    assert page.title() and page.locator("html").get_attribute("lang") == "fr"


def test_search_then_facet(page) -> None:  # noqa: ANN001
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("header.fr-header").is_visible()
    box = page.get_by_label("Rechercher une personne, une organisation, un projet, un événement ou une compétence")
    box.fill("OCR")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/recherche\?q=OCR"))
    results = page.locator("ol.ted-results > li")
    assert results.count() >= 2
    assert page.get_by_role("link", name="Lecteur de formulaires").first.is_visible()
    shot(page, "01-recherche")

    page.locator('a[data-facet="type"]', has_text="Personne").click()
    page.wait_for_url(re.compile(r"type=person"))
    badges = page.locator("ol.ted-results .fr-badge").all_inner_texts()
    assert badges and {b.strip().lower() for b in badges} == {"personne"}
    active = page.locator('a[data-facet="type"][aria-current="true"]')
    assert active.count() == 1 and "filtre actif" in active.inner_text()
    assert page.get_by_role("link", name="Camille Dupont").is_visible()
    shot(page, "02-facette-personne")


def test_entity_page_with_evidence(page) -> None:  # noqa: ANN001
    page.goto("/recherche?q=Camille")
    page.get_by_role("link", name="Camille Dupont").first.click()
    page.wait_for_url(re.compile(r"/entites/person:"))
    assert page.get_by_role("heading", level=1).inner_text() == "Camille Dupont"
    for section in ("Organisations", "Projets", "Compétences"):
        assert page.get_by_role("heading", name=re.compile(f"^{section}")).is_visible()
    summary = page.locator("section", has_text="Organisations").locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")  # evidence opens from the keyboard
    evidence = page.locator("section", has_text="Organisations").locator("details[open]").first
    assert "_authors/camille.dupont.md, ligne 13" in evidence.inner_text()
    shot(page, "03-fiche-personne")

    page.get_by_role("link", name="Institut national de la statistique et des études économiques").first.click()
    assert page.get_by_role("heading", name=re.compile("^Membres")).is_visible()
    shot(page, "04-fiche-organisation")


def test_agenda_upcoming_and_past(page) -> None:  # noqa: ANN001
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Agenda").click()
    page.wait_for_url(re.compile(r"/agenda$"))
    upcoming = page.locator("section", has=page.locator("#a-venir"))
    past = page.locator("section", has=page.locator("#passes"))
    assert upcoming.get_by_role("link", name=FUTURE_EVENT).count() == 1
    assert upcoming.get_by_role("link", name=PAST_EVENT).count() == 0
    assert past.get_by_role("link", name=PAST_EVENT).count() == 1
    assert "Mardi 13 mars 2035" in upcoming.inner_text()
    shot(page, "05-agenda")

    upcoming.get_by_role("link", name=FUTURE_EVENT).click()
    page.wait_for_url(re.compile(r"/entites/event:"))
    assert "mardi 13 mars 2035, de 14 h à 17 h 30" in page.locator("dl.ted-facts").inner_text()
    assert page.get_by_role("link", name=re.compile("S’inscrire")).get_attribute("href").startswith("https://")
    shot(page, "06-evenement")


def test_keyboard_skip_link_and_focus(page) -> None:  # noqa: ANN001
    page.goto("/agenda")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_mobile_menu(browser, site: str) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", base_url=site)
    tab = context.new_page()
    tab.goto("/")
    tab.get_by_role("button", name="Menu").click()
    tab.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Experts").wait_for()
    shot(tab, "07-mobile-menu", full_page=False)
    context.close()


def test_experts_from_the_home_page(page) -> None:  # noqa: ANN001
    page.goto("/")
    page.get_by_label("Sujet").fill("OCR")
    page.get_by_role("button", name="Trouver des experts").click()
    page.wait_for_url(re.compile(r"/experts\?q=OCR"))
    first = page.locator("ol.ted-experts > li").first
    assert "Camille Dupont" in first.inner_text()
    first.locator("summary").click()
    assert ".md" in first.locator("details").inner_text()
    shot(page, "08-experts")
