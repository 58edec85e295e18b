"""URL map of the web application (pages, JSON, calendars, API)."""

from django.conf import settings
from django.urls import include, path

from ted.web import accounts, curation, documents, sources, views
from ted.web.api import api

pages = [
    path("", views.home, name="home"),
    path("recherche", views.search_page, name="search"),
    path("experts", views.experts_page, name="experts"),
    path("agenda", views.agenda, name="agenda"),
    path("agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("organisations", views.organisations, name="organisations"),
    path("accessibilite", views.accessibility, name="accessibility"),
    path("mentions-legales", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles", views.personal_data, name="personal_data"),
    path("gestion-des-cookies", views.cookies, name="cookies"),
    path("plan-du-site", views.sitemap, name="sitemap"),
    path("sources", sources.sources_page, name="sources"),
    # Entity ids look like "person:jane-doe"; the path converter takes any character but NUL checks
    # happen in the view (find_entity), so odd ids give a 404, never an error.
    path("entites/<path:entity_id>.json", views.entity_json, name="entity_json"),
    path("entites/<path:entity_id>", views.entity_page, name="entity"),
    path("evenements/<path:entity_id>.ics", views.event_ics, name="event_ics"),
    path("documents/<int:document_id>.json", documents.document_json, name="document_json"),
    path("documents/<int:document_id>", documents.document_page, name="document"),
    # Accounts, claims and curation (ted/web/accounts.py, ted/web/curation.py): every write is a POST.
    path("connexion", accounts.LoginView.as_view(), name="login"),
    path("deconnexion", accounts.LogoutView.as_view(), name="logout"),
    path("revendiquer/<path:entity_id>", accounts.claim, name="claim"),
    path("curation/revendications/<int:claim_id>", accounts.decide_claim, name="decide_claim"),
    path("curation/", curation.queue, name="curation"),
    path("comptes", accounts.accounts_page, name="accounts"),
    path("comptes/role", accounts.set_role, name="set_role"),
    *curation.urls,
]

urlpatterns = [
    path("", include((pages, "ted"))),
    path("api/", views.api_docs, name="api_docs"),
    path("api/", api.urls),
]
if settings.TED_OIDC_ENABLED:  # single sign-on (ProConnect): /oidc/authenticate/, /oidc/callback/
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "ted.web.views.bad_request"
handler404 = "ted.web.views.not_found"
handler500 = "ted.web.views.server_error"
