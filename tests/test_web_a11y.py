"""Accessibility of every page type, measured by axe-core in real headless Chromium, desktop and mobile.

One real ``ted serve`` over the web fixtures and one browser for the module. axe-core is the copy
bundled by ``axe-playwright-python`` (no network). axe is an automated check: it finds part of what
an RGAA audit would, not all of it; the accessibility statement says so. Screenshots of every page
type at both sizes go to test-artifacts/screenshots/ (``a11y-<page>-<size>.png``).
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator

import pytest

from conftest import BROWSER_MARKS, ROOT, run_ted
from webserver import WEB_FIXTURES, build_db, served

SHOTS = ROOT / "test-artifacts" / "screenshots"
SIZES = {"bureau": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}
BLOCKING = {"serious", "critical"}
# Page types with a fixed address; entities (one per type) and documents are found through the API.
FIXED = {
    "accueil": "/",
    "recherche": "/recherche?q=OCR",
    "recherche-filtree": "/recherche?q=donn%C3%A9es&type=person",
    "experts": "/experts?q=OCR",
    "organisations": "/organisations",
    "agenda": "/agenda",
    "api": "/api/",
    "accessibilite": "/accessibilite",
    "mentions-legales": "/mentions-legales",
    "donnees-personnelles": "/donnees-personnelles",
    "cookies": "/gestion-des-cookies",
    "plan-du-site": "/plan-du-site",
    "sources": "/sources",
    "connexion": "/connexion",
    "introuvable": "/cette-page-n-existe-pas",
    "requete-invalide": "/recherche?q=OCR&organisation=Insee",
}
STATUS = {"introuvable": 404, "requete-invalide": 400}
ENTITY_TYPES = ("person", "organisation", "project", "event", "skill")
MANDATORY_FOOTER = ("Accessibilité : ", "Mentions légales", "Données personnelles", "Gestion des cookies",
                    "Plan du site")

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_db(tmp_path_factory.mktemp("a11y") / "web.sqlite3", WEB_FIXTURES)
    # /sources with a source up to date and one failing (nobody listens on the discard port): table and alert
    run_ted("sources", "add", "fixtures", str(WEB_FIXTURES), db=db)
    run_ted("sources", "add", "site-ferme", "http://127.0.0.1:9/sitemap.xml", db=db)
    run_ted("sync", db=db, check=False)
    with served(db, db.with_suffix(".log")) as base:
        yield base


@pytest.fixture(scope="module")
def axe() -> object:
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return module.Axe()


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own loopback server
        return json.load(answer)


@pytest.fixture(scope="module")
def pages(site: str) -> dict[str, str]:
    """Every page type: the fixed ones, one entity of each type, and a source document when TED has such pages."""
    found = dict(FIXED)
    for kind in ENTITY_TYPES:
        hits = get_json(f"{site}/api/search?q=donn%C3%A9es&type={kind}")["results"] or \
            get_json(f"{site}/api/search?type={kind}")["results"]
        assert hits, f"the web fixtures hold no {kind}"
        found[f"fiche-{kind}"] = "/entites/" + hits[0]["id"]
    document = first_document_page(site)
    if document:
        found["document"] = document
    return found


def first_document_page(site: str) -> str | None:
    """The first /documents/<id> link of a search page, if TED renders such pages (issue 10, part 5)."""
    with urllib.request.urlopen(f"{site}/recherche?q=OCR", timeout=30) as answer:  # noqa: S310
        html = answer.read().decode()
    match = re.search(r'href="(/documents/[^"#?]+)', html)
    return match.group(1) if match else None


@pytest.fixture(scope="module", params=list(SIZES))
def tab(request: pytest.FixtureRequest, browser, site: str) -> Iterator[object]:  # noqa: ANN001 - a Browser
    """One browser tab per screen size, reused by every page of the module."""
    context = browser.new_context(viewport=SIZES[request.param], locale="fr-FR", base_url=site)
    page = context.new_page()
    page.size = request.param
    page.problems = []
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def blocking_violations(axe, page) -> list[str]:  # noqa: ANN001
    results = axe.run(page)
    return [f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(n["target"][0] if len(n["target"]) == 1
                                                                      else str(n["target"]) for n in v["nodes"][:5])
            for v in results.response["violations"] if v.get("impact") in BLOCKING]


PAGE_NAMES = [*FIXED, *(f"fiche-{kind}" for kind in ENTITY_TYPES), "document"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_serious_violation(tab, axe, pages: dict[str, str], name: str) -> None:  # noqa: ANN001
    if name not in pages:
        pytest.skip("TED has no /documents/<id> page yet")
    tab.problems.clear()
    answer = tab.goto(pages[name])
    assert answer is not None and answer.status == STATUS.get(name, 200), pages[name]
    tab.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"a11y-{name}-{tab.size}.png"), full_page=True)
    violations = blocking_violations(axe, tab)
    assert not violations, "\n".join(violations)
    # Nothing wider than the screen: a horizontal scroll bar on a phone hides part of every line.
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{pages[name]} overflows by {overflow}px at {tab.size}"
    # A CSP violation or a script error shows up as a console error (an error page's own status does too).
    problems = [p for p in tab.problems if not (name in STATUS and f"status of {STATUS[name]}" in p)]
    assert not problems, problems


# Pages with colours of TED's own (marks, pictures, cited lines): also checked in the dark theme, which the
# DSFR applies when the system asks for it (data-fr-scheme="system").
DARK_PAGES = ("accueil", "recherche", "experts", "fiche-person", "fiche-event", "document")


@pytest.fixture(scope="module")
def dark_tab(browser, site: str) -> Iterator[object]:  # noqa: ANN001 - a Browser
    context = browser.new_context(viewport=SIZES["bureau"], locale="fr-FR", base_url=site, color_scheme="dark")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", DARK_PAGES)
def test_dark_theme(dark_tab, axe, pages: dict[str, str], name: str) -> None:  # noqa: ANN001
    if name not in pages:
        pytest.skip("TED has no /documents/<id> page yet")
    dark_tab.goto(pages[name])
    dark_tab.wait_for_load_state("networkidle")
    assert dark_tab.locator("html").get_attribute("data-fr-theme") == "dark"
    dark_tab.screenshot(path=str(SHOTS / f"a11y-{name}-sombre.png"), full_page=True)
    violations = blocking_violations(axe, dark_tab)
    assert not violations, "\n".join(violations)


def test_footer_mandatory_links(tab, site: str) -> None:  # noqa: ANN001
    tab.goto("/")
    bottom = tab.locator("footer .fr-footer__bottom-list")
    for label in MANDATORY_FOOTER:
        link = bottom.get_by_role("link", name=re.compile("^" + re.escape(label)))
        assert link.count() == 1, label
        href = link.get_attribute("href")
        with urllib.request.urlopen(site + href, timeout=30) as answer:  # noqa: S310
            assert answer.status == 200, href
    statement = bottom.get_by_role("link", name=re.compile("^Accessibilité")).inner_text()
    assert re.search(r"(non|partiellement|totalement) conforme", statement), statement


def test_mobile_results_before_filters(browser, site: str) -> None:  # noqa: ANN001
    """On a phone the first result is on the first screen, the facets wait behind a "Filtrer" button."""
    context = browser.new_context(viewport=SIZES["mobile"], locale="fr-FR", base_url=site)
    page = context.new_page()
    page.goto("/recherche?q=donn%C3%A9es")
    first = page.locator("ol.ted-results > li").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < SIZES["mobile"]["height"], box
    facet = page.locator("a[data-facet]").first
    assert not facet.is_visible()
    page.get_by_role("button", name=re.compile("^Filtrer")).click()
    facet.wait_for(state="visible")
    heading = page.locator("#resultats").bounding_box()
    assert heading is not None and heading["x"] >= 0 and heading["x"] + heading["width"] <= SIZES["mobile"]["width"]
    # Ranks are ::marker content drawn left of each item: the item must leave them room on screen ("12." ~ 28px).
    for url, item in (("/recherche?q=donn%C3%A9es", "ol.ted-results > li"), ("/experts?q=OCR", "ol.ted-experts > li")):
        page.goto(url)
        left = page.locator(item).first.bounding_box()
        assert left is not None and left["x"] >= 32, (url, left)
    context.close()


def test_no_cookie_nor_browser_storage(tab) -> None:  # noqa: ANN001
    """What the cookies page says: no cookie; in local storage, only the DSFR's display scheme."""
    tab.context.clear_cookies()  # the tab is shared: the login page (a form, so a CSRF cookie) may have been seen
    for url in ("/", "/recherche?q=OCR", "/experts?q=OCR", "/agenda", "/gestion-des-cookies"):
        tab.goto(url)
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate("Object.keys(window.localStorage)") in ([], ["scheme"]), url
        assert tab.evaluate("window.sessionStorage.length") == 0, url
    assert tab.context.cookies() == []
    assert "scheme" in tab.locator("main").inner_text()


def test_axe_reports_what_it_should(tab, axe) -> None:  # noqa: ANN001
    """axe really runs under TED's CSP: a field stripped of its label, on a real page, is reported (serious)."""
    tab.goto("/")
    tab.evaluate("document.querySelector('label[for=recherche-champ]').remove()")
    violations = blocking_violations(axe, tab)
    assert any(" label" in v and "#recherche-champ" in v for v in violations), violations


def test_pictures_show_the_lists_data(tab) -> None:  # noqa: ANN001
    """The neighbourhood graph and the programme timeline draw the same data as the page's lists and table."""
    tab.goto("/entites/person:camille-dupont")
    figure = tab.locator("figure[data-picture=graph]")
    figure.wait_for(state="visible")
    hrefs = "nodes => nodes.map(n => n.getAttribute('href'))"
    drawn = set(figure.locator(".ted-picture svg a.ted-graph__node[href]:not(.ted-graph__node--colleague)")
                .evaluate_all(hrefs))
    listed = set(tab.locator("section ul.ted-links > li > a:first-child").evaluate_all(hrefs))
    assert drawn and (drawn == listed if tab.size == "bureau" else drawn <= listed), (drawn, listed)
    # Colleagues (who shares a project or an event) are listed nowhere else: the caption lists them, as links.
    colleagues = figure.locator(".ted-picture__colleagues li")
    assert colleagues.count() == 1 and colleagues.first.inner_text().startswith("Julien Martin — "), \
        colleagues.all_inner_texts()
    if tab.size == "bureau":
        drawn_colleagues = figure.locator("svg a.ted-graph__node--colleague").evaluate_all(hrefs)
        assert drawn_colleagues == ["/entites/person:julien-martin"], drawn_colleagues
    assert figure.locator(".ted-picture svg").get_attribute("aria-hidden") == "true"
    assert "ci-dessous" in figure.locator("figcaption").inner_text()

    tab.goto("/entites/event:atelier-lire-les-formulaires-scannes-ocr-et-extraction-d-informations")
    timeline = tab.locator("figure[data-picture=timeline]")
    timeline.wait_for(state="visible")
    times = timeline.locator("svg .ted-timeline__time").all_text_contents()
    assert times == ["14 h", "14 h 15", "15 h 30", "17 h"], times
    assert tab.locator("table tbody tr").count() == len(times)


def test_pictures_wait_for_javascript(browser, site: str) -> None:  # noqa: ANN001
    """Without JavaScript no empty frame is left: the figure stays hidden and the lists say it all."""
    context = browser.new_context(viewport=SIZES["bureau"], locale="fr-FR", base_url=site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/entites/person:camille-dupont")
    assert page.locator("figure[data-picture=graph]").count() == 1
    assert not page.locator("figure[data-picture=graph]").is_visible()
    assert page.locator("section ul.ted-links > li").count() > 0
    context.close()


def test_filters_without_javascript(browser, site: str) -> None:  # noqa: ANN001
    """On a phone without JavaScript the "Filtrer" button cannot open: the facets are shown (noscript.css)."""
    context = browser.new_context(viewport=SIZES["mobile"], locale="fr-FR", base_url=site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/recherche?q=donn%C3%A9es")
    assert page.locator("a[data-facet]").first.is_visible()
    assert not page.get_by_role("button", name=re.compile("^Filtrer")).is_visible()
    context.close()
