"""Run the test OpenID Connect provider: ``python serve.py PORT REDIRECT_URI`` (env: OIDC_PROVIDER_DB, _KEY).

Creates its schema, one person (``agent@example.gouv.fr`` / ``mot-de-passe-agent``) and one
confidential client (``ted`` / ``secret-ted``, RS256, PKCE), then serves with waitress and prints
``ready`` once listening.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "oidc_provider.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import get_application_model  # noqa: E402
from waitress.server import create_server  # noqa: E402

USERNAME, PASSWORD, EMAIL = "agent", "mot-de-passe-agent", "agent@example.gouv.fr"
CLIENT_ID, CLIENT_SECRET = "ted", "secret-ted"


def main(port: int, redirect_uri: str) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    get_user_model().objects.create_user(USERNAME, email=EMAIL, password=PASSWORD, first_name="Camille",
                                         last_name="Agent")
    application = get_application_model()
    application.objects.create(
        name="TED", client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uris=redirect_uri,
        client_type=application.CLIENT_CONFIDENTIAL, authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
        algorithm=application.RS256_ALGORITHM, skip_authorization=True)
    server = create_server(get_wsgi_application(), host="127.0.0.1", port=port, threads=2)
    print("ready", flush=True)
    server.run()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
