"""Signing in and curating in real headless Chromium: a local account, OpenID Connect, a merge in the UI.

One real ``ted serve`` over tests/fixtures/curation with single sign-on configured (TED_OIDC_*),
and one real OpenID Connect provider beside it (django-oauth-toolkit, tests/oidc_provider, its own
process and port, RS256 signed ID tokens, PKCE). The browser goes through the provider's login page
and back; TED exchanges the code and reads the user's claims over HTTP, as with ProConnect.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BROWSER_MARKS, FIXTURES, ROOT, run_ted
from test_web_browser import check_structure
from webserver import build_db, free_port, served

SHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "un-mot-de-passe-solide"
CLAIRE, DUPOND = "person:claire-dupont", "person:claire-dupond"

pytestmark = BROWSER_MARKS


def rsa_key(path: Path) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return path


@pytest.fixture(scope="module")
def provider_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = build_db(tmp_path_factory.mktemp("accounts") / "accounts.sqlite3", FIXTURES / "curation")
    run_ted("user", "create", "curatrice", "--role", "curator", "--password-stdin", db=db, input=PASSWORD + "\n")
    run_ted("user", "create", "admine", "--role", "admin", "--password-stdin", db=db, input=PASSWORD + "\n")
    return db


@pytest.fixture(scope="module")
def site(db: Path, provider_port: int) -> Iterator[str]:
    op = f"http://127.0.0.1:{provider_port}/o"
    env = {k: v for k, v in os.environ.items() if k != "TED_DB"}
    env.update({"TED_OIDC_CLIENT_ID": "ted", "TED_OIDC_CLIENT_SECRET": "secret-ted",
                "TED_OIDC_AUTHORIZATION_ENDPOINT": f"{op}/authorize/", "TED_OIDC_TOKEN_ENDPOINT": f"{op}/token/",
                "TED_OIDC_USERINFO_ENDPOINT": f"{op}/userinfo/",
                "TED_OIDC_JWKS_ENDPOINT": f"{op}/.well-known/jwks.json",
                "TED_OIDC_SCOPES": "openid email profile", "TED_OIDC_PROVIDER_NAME": "ProConnect"})
    with served(db, db.with_suffix(".log"), env=env) as base:
        yield base


@pytest.fixture(scope="module")
def provider(site: str, provider_port: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("oauth2_provider")
    folder = tmp_path_factory.mktemp("oidc")
    env = {**os.environ, "OIDC_PROVIDER_DB": str(folder / "op.sqlite3"), "OIDC_PROVIDER_KEY": str(rsa_key(
        folder / "key.pem"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = folder / "op.log"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "oidc_provider" / "serve.py"),
                                    str(provider_port), f"{site}/oidc/callback/"],
                                   stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while "ready" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{provider_port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def axe_clean(page) -> None:  # noqa: ANN001
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = module.Axe().run(page)
    serious = [f"{v['impact']} {v['id']}: {v['help']}" for v in results.response["violations"]
               if v.get("impact") in ("serious", "critical")]
    assert not serious, serious


def shot(page, name: str) -> None:  # noqa: ANN001
    check_structure(page)
    axe_clean(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def on_a_phone(page, urls: list[str]) -> None:  # noqa: ANN001
    """At 375 px the curation screens scroll only down: tables scroll inside their DSFR frame."""
    page.set_viewport_size({"width": 375, "height": 812})
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (url, width)
        page.screenshot(path=str(SHOTS / f"comptes-mobile-{len(url)}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(page, username: str = "curatrice", password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto("/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.wait_for_url("**/connexion**")
    shot(page, "comptes-connexion")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("#connexion-locale button[type=submit]").click()
    page.wait_for_load_state()


def test_local_account_merges_two_people_then_search_finds_one(page, site: str) -> None:  # noqa: ANN001
    assert page.context.cookies() == []
    log_in(page)
    assert page.get_by_role("button", name="Se déconnecter").count() >= 1
    page.get_by_role("link", name="Curation").first.click()
    page.wait_for_url("**/curation/")
    shot(page, "comptes-file-de-curation")
    row = page.locator("#doublons ~ div table tr", has_text="Claire Dupond")
    assert row.count() == 1 and "Claire Dupont" in row.inner_text()
    row.get_by_role("link", name="Comparer").click()
    page.wait_for_url("**/curation/fusion?**")
    assert page.locator("#fiche-A").count() == 1 and page.locator("#fiche-B").count() == 1
    assert page.get_by_text("claire.dupond.md").count() >= 1 and page.get_by_text("claire.dupont.md").count() >= 1
    shot(page, "comptes-fusion")
    page.fill("#fusion-note", "Même personne, nom mal orthographié")
    page.get_by_role("button", name="Fusionner B dans A").click()
    page.wait_for_url("**/curation/decider/merge")
    shot(page, "comptes-confirmation")
    page.locator("#confirmer").click()
    page.wait_for_url("**/entites/person:**decision=**")
    merged = page.url.split("?")[0]
    assert page.locator("h1").inner_text() in ("Claire Dupont", "Claire Dupond")
    assert page.get_by_text("Historique des corrections").count() == 1
    assert page.get_by_text("Même personne, nom mal orthographié").count() == 1
    shot(page, "comptes-fiche-curateur")
    merged_id = merged.split("/entites/")[1]
    on_a_phone(page, [merged, "/curation/", f"/curation/fusion?a={merged_id}&b=person:paul-lefort"])

    page.goto("/recherche?q=Claire&type=person")
    results = page.locator(".ted-result")
    assert results.count() == 1, results.all_inner_texts()
    assert "Claire" in results.first.inner_text()

    # Undo from the entity's history brings the two back (the service's undo, through the same confirmation).
    page.goto(merged)
    page.locator("form[action$='/curation/decider/undo'] button").first.click()
    page.locator("#confirmer").click()
    page.wait_for_load_state()
    page.goto("/recherche?q=Claire&type=person")
    assert page.locator(".ted-result").count() == 2
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Se connecter").count() >= 1
    assert page.goto("/curation/").url.split("?")[0].endswith("/connexion")


def test_single_sign_on_through_a_real_openid_provider(page, browser, site: str, provider: str,  # noqa: ANN001
                                                      db: Path) -> None:
    page.goto("/connexion")
    page.get_by_role("link", name="Se connecter avec ProConnect").click()
    page.wait_for_url(f"{provider}/login/**")
    page.fill("#op-username", "agent")
    page.fill("#op-password", "mot-de-passe-agent")
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(f"{site}/**")
    page.wait_for_load_state()
    page.problems.clear()  # the provider's own pages (its missing favicon) are not TED's
    assert "/connexion" not in page.url, page.url
    logout = page.get_by_role("button", name="Se déconnecter")
    assert logout.count() >= 1 and "agent@example.gouv.fr" in logout.first.inner_text()
    listing = run_ted("user", "list", db=db).stdout
    assert "agent@example.gouv.fr" in listing and "membre" in listing
    # A member has no curation screen, and can ask for their page.
    assert page.goto("/curation/").status == 403
    page.problems.remove("Failed to load resource: the server responded with a status of 403 (Forbidden)")
    page.goto(f"/entites/{DUPOND}")
    assert page.get_by_role("button", name="Revendiquer cette page").count() == 1
    shot(page, "comptes-fiche-membre")

    # The claim, a curator's approval in the review queue, then the member edits their own page.
    page.fill("#revendication-message", "C'est ma fiche")
    page.get_by_role("button", name="Revendiquer cette page").click()
    page.wait_for_url("**revendication=envoyee")
    assert page.get_by_text("Revendication en attente").count() == 1
    curator_context = browser.new_context(locale="fr-FR", base_url=site)
    curator = curator_context.new_page()
    log_in(curator)
    curator.goto("/curation/")
    row = curator.locator("#revendications ~ div table tr", has_text="agent@example.gouv.fr")
    row.get_by_role("button", name="Approuver").click()
    curator.wait_for_url("**/curation/**")
    curator_context.close()
    page.goto(f"/entites/{DUPOND}")
    assert page.get_by_role("link", name="Ma page").count() >= 1
    page.locator("summary", has_text="Modifier mon titre ou ma présentation").click()
    page.select_option("#attribut-membre", "summary")
    page.fill("#valeur-membre", "Je pilote les tableaux de bord de la DINUM.")
    page.get_by_role("button", name="Modifier", exact=True).click()
    page.locator("#confirmer").click()
    page.wait_for_url(f"**/entites/{DUPOND}?decision=**")
    assert page.locator("p.fr-text--lead", has_text="Je pilote les tableaux de bord de la DINUM.").count() == 1
    assert page.get_by_text("Renommer").count() == 0  # a member has no curator's action


def test_an_admin_changes_a_role_in_the_accounts_page(page) -> None:  # noqa: ANN001
    log_in(page, "admine")
    page.get_by_role("link", name="Comptes").first.click()
    page.wait_for_url("**/comptes")
    shot(page, "comptes-administration")
    row = page.locator("tr", has=page.locator("input[name=compte][value=curatrice]"))
    row.locator("select").select_option("member")
    row.get_by_role("button").click()
    page.wait_for_url("**/comptes")
    assert page.locator("tr", has=page.locator("input[name=compte][value=curatrice]")).locator(
        "select").input_value() == "member"
    row = page.locator("tr", has=page.locator("input[name=compte][value=curatrice]"))
    row.locator("select").select_option("curator")
    row.get_by_role("button").click()
    page.wait_for_url("**/comptes")
