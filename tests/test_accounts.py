"""Accounts, roles, claims and the permissions of every write, in process with Django's test Client.

The store is filled by the real ingestion of tests/fixtures/curation (three profiles: Claire Dupont
and Claire Dupond, whom resolution keeps apart, and Paul Lefort); decisions go through the real
curation service, which rebuilds the graph and the index.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from conftest import FIXTURES, run_ted
from ingest_helpers import ingest_folders

CURATION = FIXTURES / "curation"
PASSWORD = "un-mot-de-passe-solide"
CLAIRE, DUPOND, PAUL = "person:claire-dupont", "person:claire-dupond", "person:paul-lefort"


@pytest.fixture(scope="module")
def store():
    from django.contrib.auth import get_user_model

    from ted.services import accounts
    from ted.store.accounts import Role

    ingest_folders(CURATION)
    get_user_model().objects.all().delete()
    accounts.create_user("curatrice", Role.CURATOR, PASSWORD)
    accounts.create_user("membre", Role.MEMBER, PASSWORD)
    accounts.create_user("autre", Role.MEMBER, PASSWORD)
    accounts.create_user("admine", Role.ADMIN, PASSWORD)
    yield


def signed_in(username: str, **options: object) -> Client:
    client = Client(**options)
    answer = client.post("/connexion", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content[:500]
    return client


def decisions() -> int:
    from ted.store import models as m

    return m.Decision.objects.count()


def page_writes() -> list[tuple[str, dict[str, str]]]:
    """Every form a page can post, each with fields that would be accepted from a curator."""
    from ted.web.curation import ACTIONS

    fields = {"a": CLAIRE, "b": DUPOND, "entity": CLAIRE, "alias": "Claire Dupont", "name": "Claire D.",
              "type": "organisation", "relation": "has_skill", "source": CLAIRE, "target": "skill:python",
              "attribute": "summary", "value": "Statisticienne", "action": "reject",
              "fact": f"has_skill|{CLAIRE}|skill:python", "decision": "00000000",
              "document": "_authors/claire.dupont.md"}
    writes = [(f"/curation/decider/{kind}", {**{f: fields[f] for f in action.fields}, "confirme": "oui"})
              for kind, action in ACTIONS.items()]
    return [*writes, (f"/revendiquer/{CLAIRE}", {}), ("/curation/revendications/1", {"decision": "approuver"}),
            ("/comptes/role", {"compte": "autre", "role": "admin"})]


def api_writes(client: Client) -> list[str]:
    """Every write of the API, read from its OpenAPI schema (a new endpoint is checked without editing this)."""
    schema = client.get("/api/openapi.json").json()
    return [path for path, methods in schema["paths"].items() if "post" in methods and path != "/api/experts"]


def test_without_session_every_write_is_refused(store) -> None:  # noqa: ANN001
    anonymous = Client()
    for url, data in page_writes():
        answer = anonymous.post(url, data)
        assert answer.status_code == 403 or (answer.status_code == 302 and answer["Location"].startswith(
            "/connexion")), (url, answer.status_code)
    writes = api_writes(anonymous)
    assert len(writes) >= 10, writes
    for url in writes:
        answer = anonymous.post(url.replace("{decision_id}", "00000000").replace("{claim_id}", "1"), {"entity": CLAIRE},
                                content_type="application/json")
        assert answer.status_code == 403, (url, answer.status_code, answer.content[:200])
        assert "Authentification requise" in answer.json()["detail"]
    bad_token = anonymous.post("/api/curation/merge", {"kept": CLAIRE, "other": DUPOND},
                               content_type="application/json", HTTP_AUTHORIZATION="Bearer ted_faux")
    assert bad_token.status_code == 403
    for page in ("/curation/", f"/curation/fusion?a={CLAIRE}&b={DUPOND}"):
        answer = anonymous.get(page)
        assert answer.status_code == 302 and answer["Location"].startswith("/connexion?suivant=/curation/")
    assert decisions() == 0


def test_login_returns_to_the_page_asked_and_only_to_this_site(store) -> None:  # noqa: ANN001
    client = Client()
    form = client.get("/connexion?suivant=/curation/").content.decode()
    assert 'name="suivant" value="/curation/"' in form
    back = client.post("/connexion", {"username": "curatrice", "password": PASSWORD, "suivant": "/curation/"})
    assert back.status_code == 302 and back["Location"] == "/curation/"
    away = Client().post("/connexion", {"username": "curatrice", "password": PASSWORD,
                                        "suivant": "https://ailleurs.example/"})
    assert away.status_code == 302 and away["Location"] == "/"
    wrong = Client().post("/connexion", {"username": "curatrice", "password": "pas le bon"})
    assert wrong.status_code == 200 and "Identifiant ou mot de passe incorrect" in wrong.content.decode()


def test_only_admins_change_roles(store) -> None:  # noqa: ANN001
    from ted.services.accounts import role_of
    from ted.store.accounts import Role

    def role(name: str) -> Role:
        from django.contrib.auth import get_user_model

        return role_of(get_user_model().objects.get(username=name))

    curator, admin = signed_in("curatrice"), signed_in("admine")
    assert curator.get("/comptes").status_code == 403
    assert curator.post("/comptes/role", {"compte": "autre", "role": "admin"}).status_code == 403
    assert role("autre") == Role.MEMBER
    page = admin.get("/comptes").content.decode()
    assert "curatrice" in page and 'name="role"' in page and "Comptes" in admin.get("/").content.decode()
    assert admin.post("/comptes/role", {"compte": "autre", "role": "curator"}).status_code == 302
    assert role("autre") == Role.CURATOR
    assert admin.post("/comptes/role", {"compte": "autre", "role": "member"}).status_code == 302
    assert admin.post("/comptes/role", {"compte": "admine", "role": "member"}).status_code == 403
    assert admin.post("/comptes/role", {"compte": "autre", "role": "chef"}).status_code == 403
    assert role("admine") == Role.ADMIN and role("autre") == Role.MEMBER


def test_member_without_role_gets_403(store) -> None:  # noqa: ANN001
    member = signed_in("membre")
    assert member.get("/curation/").status_code == 403
    answer = member.post("/curation/decider/merge", {"a": CLAIRE, "b": DUPOND, "confirme": "oui"})
    assert answer.status_code == 403 and "propre page" in answer.content.decode()
    assert decisions() == 0


def test_anonymous_pages_hold_no_form_and_set_no_cookie(store) -> None:  # noqa: ANN001
    anonymous = Client()
    for url in ("/", f"/entites/{CLAIRE}", "/recherche?q=Claire", "/curation/"):
        answer = anonymous.get(url)
        assert not answer.cookies, (url, answer.cookies)
        assert b"csrfmiddlewaretoken" not in answer.content, url
    page = anonymous.get(f"/entites/{CLAIRE}").content.decode()
    assert f'href="/connexion?suivant=/entites/{CLAIRE.replace(":", "%3A")}"' in page  # back there after
    assert "Corriger cette fiche" not in page and "Revendiquer" not in page


def test_session_writes_need_the_csrf_token(store) -> None:  # noqa: ANN001
    from django.contrib.auth import get_user_model

    curator = Client(enforce_csrf_checks=True)  # the login form itself needs the cookie: sign in directly
    curator.force_login(get_user_model().objects.get(username="curatrice"))
    answer = curator.post("/curation/decider/rename", {"entity": CLAIRE, "name": "X", "confirme": "oui"})
    assert answer.status_code == 403 and "formulaire a expiré" in answer.content.decode()
    api = curator.post("/api/curation/rename", {"entity": CLAIRE, "name": "X"}, content_type="application/json")
    assert api.status_code == 403
    assert decisions() == 0


def test_claim_then_edit_only_ones_own_page(store) -> None:  # noqa: ANN001
    from ted.store import models as m

    member, curator = signed_in("membre"), signed_in("curatrice")
    edit = {"entity": CLAIRE, "attribute": "titles", "value": "Responsable des indicateurs", "confirme": "oui"}
    assert member.post("/curation/decider/add_attribute", edit).status_code == 403  # not approved yet
    page = member.get(f"/entites/{CLAIRE}").content.decode()
    assert "Revendiquer cette page" in page
    assert member.post(f"/revendiquer/{CLAIRE}", {"message": "C'est moi"}).status_code == 302
    assert "Revendication en attente" in member.get(f"/entites/{CLAIRE}").content.decode()
    assert member.post("/curation/decider/add_attribute", edit).status_code == 403  # still pending
    queue = curator.get("/curation/").content.decode()
    assert "membre" in queue and CLAIRE in queue
    from ted.store.accounts import Claim

    claim = Claim.objects.get(entity_id=CLAIRE)
    assert member.post(f"/curation/revendications/{claim.pk}", {"decision": "approuver"}).status_code == 403
    assert curator.post(f"/curation/revendications/{claim.pk}", {"decision": "approuver"}).status_code == 302

    # Confirmation first: nothing changes until "confirme".
    preview = member.post("/curation/decider/add_attribute", {**edit, "confirme": ""})
    assert preview.status_code == 200 and "Confirmer" in preview.content.decode() and decisions() == 0
    assert member.post("/curation/decider/add_attribute", edit).status_code == 302
    assert m.Entity.objects.get(id=CLAIRE).attributes["titles"][0] == "Responsable des indicateurs"
    own_fact = f"has_skill|{CLAIRE}|skill:python"
    assert member.post("/curation/decider/relation",
                       {"action": "hide", "fact": own_fact, "confirme": "oui"}).status_code == 302
    assert not m.Relation.objects.filter(type="has_skill", source_id=CLAIRE, target_id="skill:python").exists()
    done = decisions()

    # Nothing else: another person's page, a rename, a rejection, a field outside the four, a curator's screen.
    refused = [
        ("add_attribute", {**edit, "entity": PAUL}),
        ("add_attribute", {**edit, "attribute": "url", "value": "https://exemple.fr"}),
        ("rename", {"entity": CLAIRE, "name": "Claire D.", "confirme": "oui"}),
        ("reject_entity", {"entity": CLAIRE, "confirme": "oui"}),
        ("add_relation", {"relation": "member_of", "source": PAUL, "target": "DINUM", "confirme": "oui"}),
        ("relation", {"action": "reject", "fact": f"member_of|{CLAIRE}|organisation:institut-national-de-la-"
                                                  "statistique-et-des-etudes-economiques", "confirme": "oui"}),
        ("relation", {"action": "hide", "fact": f"has_skill|{PAUL}|skill:javascript", "confirme": "oui"}),
        ("merge", {"a": CLAIRE, "b": DUPOND, "confirme": "oui"}),
    ]
    for kind, data in refused:
        assert member.post(f"/curation/decider/{kind}", data).status_code == 403, kind
    assert signed_in("autre").post("/curation/decider/add_attribute", edit).status_code == 403
    assert decisions() == done
    assert "Ma page" in member.get("/").content.decode()


def test_api_tokens_act_with_their_role(store) -> None:  # noqa: ANN001
    from ted.services import accounts

    client = Client()
    member_token, curator_token = accounts.create_token("autre"), accounts.create_token("curatrice")
    body = {"kept": CLAIRE, "other": DUPOND, "note": "une seule personne"}
    refused = client.post("/api/curation/merge", body, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {member_token}")
    assert refused.status_code == 403
    merged = client.post("/api/curation/merge", body, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {curator_token}")
    assert merged.status_code == 200, merged.content
    decision = merged.json()
    assert decision["author"] == "curatrice" and decision["kind"] == "merge"
    people = client.get("/api/search?q=Claire&type=person").json()["results"]
    assert [p["id"] for p in people] == [CLAIRE]
    undone = client.post(f"/api/curation/decisions/{decision['id']}/undo",
                         HTTP_AUTHORIZATION=f"Bearer {curator_token}")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert len(client.get("/api/search?q=Claire&type=person").json()["results"]) == 2
    # The same through the pages: merge, then split off one document's mentions: two people again.
    curator = signed_in("curatrice")
    assert curator.post("/curation/decider/merge", {"a": CLAIRE, "b": DUPOND, "confirme": "oui"}).status_code == 302
    assert len(client.get("/api/search?q=Claire&type=person").json()["results"]) == 1
    split = curator.post("/curation/decider/split_document",
                         {"entity": CLAIRE, "document": "_authors/claire.dupond.md", "confirme": "oui"})
    assert split.status_code == 302, split.content[:300]
    assert sorted(p["name"] for p in client.get("/api/search?q=Claire&type=person").json()["results"]) == [
        "Claire Dupond", "Claire Dupont"]
    wrong = client.post("/api/curation/merge", {"kept": CLAIRE, "other": "skill:python"},
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {curator_token}")
    assert wrong.status_code == 400 and "même type" in wrong.json()["detail"]
    claim = client.post("/api/claims", {"entity": PAUL}, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {member_token}")
    assert claim.status_code == 200 and claim.json()["status"] == "pending"
    by_member = client.post(f"/api/claims/{claim.json()['id']}/decision", {"approve": True},
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {member_token}")
    assert by_member.status_code == 403
    approved = client.post(f"/api/claims/{claim.json()['id']}/decision", {"approve": True},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {curator_token}")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    own = client.post("/api/curation/add-attribute", {"entity": PAUL, "attribute": "summary", "value": "Développeur"},
                      content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {member_token}")
    assert own.status_code == 200, own.content
    other = client.post("/api/curation/add-attribute", {"entity": CLAIRE, "attribute": "summary", "value": "X"},
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {member_token}")
    assert other.status_code == 403
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/curation/merge"]["post"]
    assert operation["security"] and "403" in operation["responses"]


def test_queue_lists_the_near_miss_with_its_similarity(store) -> None:  # noqa: ANN001
    page = signed_in("curatrice").get("/curation/").content.decode()
    assert "Claire Dupont" in page and "Claire Dupond" in page
    assert "fusion?a=person%3Aclaire-dupond&amp;b=person%3Aclaire-dupont" in page
    side_by_side = signed_in("curatrice").get(f"/curation/fusion?a={CLAIRE}&b={DUPOND}").content.decode()
    assert "Statistique" in side_by_side and "claire.dupond.md" in side_by_side and "Fusionner B dans A" in side_by_side


def test_near_duplicates_are_pairs_resolution_kept_apart() -> None:
    from ted.graph.suggest import Named, near_duplicates

    pairs = near_duplicates([Named("person:a", "person", ("Jean Dupont",)),
                             Named("person:b", "person", ("Jean Dupond",)),
                             Named("person:c", "person", ("Marie Curie",)),
                             Named("skill:x", "skill", ("Jean Dupont",))])
    assert [(p.a, p.b) for p in pairs] == [("person:a", "person:b")] and 85 <= pairs[0].similarity < 100


def test_oidc_is_off_unless_configured_and_complete() -> None:
    from ted.settings import oidc_settings

    assert oidc_settings({}) == {}
    with pytest.raises(ImproperlyConfigured, match="TED_OIDC_TOKEN_ENDPOINT"):
        oidc_settings({"TED_OIDC_CLIENT_ID": "ted", "TED_OIDC_CLIENT_SECRET": "s",
                       "TED_OIDC_AUTHORIZATION_ENDPOINT": "https://op/authorize",
                       "TED_OIDC_USERINFO_ENDPOINT": "https://op/userinfo", "TED_OIDC_JWKS_ENDPOINT": "https://op/jwks"})


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_user_command(tmp_path, monkeypatch, backend: str) -> None:  # noqa: ANN001
    monkeypatch.setenv("TED_HOME", str(tmp_path / "home"))  # a PostgreSQL instance's secret key goes there
    if backend == "postgres":
        from webserver import PG_SERVER, postgres_available, postgres_database

        if not postgres_available():
            pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER}")
        with postgres_database() as url:
            check_user_command(url)
    else:
        check_user_command(tmp_path / "users.sqlite3")


def check_user_command(db) -> None:  # noqa: ANN001 - a path or a postgresql:// URL
    run_ted("ingest", str(CURATION / "_authors" / "paul.lefort.md"), db=db)
    made = run_ted("user", "create", "alice", "--role", "curateur", db=db)
    assert "rôle curateur" in made.stderr and made.stdout.startswith("Mot de passe : ")
    run_ted("user", "create", "bob", "--password-stdin", db=db, input="assez-long-pour-passer\n")
    twice = run_ted("user", "create", "alice", db=db, check=False)
    assert twice.returncode == 1 and "existe déjà" in twice.stderr
    bad_role = run_ted("user", "set-role", "bob", "chef", db=db, check=False)
    assert bad_role.returncode == 1 and "rôle inconnu" in bad_role.stderr.lower()
    run_ted("user", "set-role", "bob", "admin", db=db)
    token = run_ted("user", "token", "bob", db=db).stdout.strip()
    assert token.startswith("ted_") and len(token) > 40
    listing = run_ted("user", "list", db=db).stdout
    assert "alice" in listing and "curateur" in listing and "administrateur" in listing
    run_ted("user", "remove", "alice", db=db)
    assert "alice" not in run_ted("user", "list", db=db).stdout
    missing = run_ted("user", "remove", "alice", db=db, check=False)
    assert missing.returncode == 1 and "aucun compte" in missing.stderr.lower()


def test_queue_sections_read_the_current_graph(store, tmp_path) -> None:  # noqa: ANN001
    """Conflicts, low-confidence facts and new entities, each made to appear by a real change of the store."""
    from datetime import timedelta

    from django.utils import timezone

    from ted.services import curation
    from ted.services.ingest import ingest
    from ted.store import models as m
    from ted.web import curation as screens

    assert screens.employer_conflicts() == []
    decision = curation.merge(DUPOND, CLAIRE, author="curatrice")  # Insee and DINUM, neither part of the other
    try:
        conflicts = screens.employer_conflicts()
        assert [c["id"] for c in conflicts] == [DUPOND] and len(conflicts[0]["organisations"]) == 2
        assert "Plusieurs employeurs (1)" in signed_in("curatrice").get("/curation/").content.decode()
    finally:
        curation.undo(decision.id)

    relation = m.Relation.objects.filter(source_id=PAUL).first()
    m.Relation.objects.filter(pk=relation.pk).update(confidence=0.5)
    assert [(r["source"].id, r["confidence"]) for r in screens.low_confidence()] == [(PAUL, 0.5)]

    # Documents read two hours ago, then one new profile: only its entities are new.
    m.Document.objects.update(ingested_at=timezone.now() - timedelta(hours=2))
    folder = tmp_path / "nouveaux"
    folder.mkdir()
    (folder / "nadia.benali.md").write_text("---\nfullname: Nadia Benali\nrole: Géographe\ncompetences:\n"
                                            "  - Cartographie\n---\n\nNadia cartographie les données.\n")
    ingest([folder])
    fresh, _latest = screens.new_entities()
    assert "person:nadia-benali" in {e.id for e in fresh} and CLAIRE not in {e.id for e in fresh}
