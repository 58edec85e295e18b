"""WSGI entry point: ``ted serve`` runs it under waitress; any WSGI server can load ``ted.web.wsgi:application``.

Behind another server, the environment says what ``ted serve`` would otherwise work out:
``TED_DB``, ``TED_ALLOWED_HOSTS`` (the names the site is reached under; only the loopback
names without it) and, when several machines serve one database, a shared ``TED_SECRET_KEY``.
"""

import os

from django.core.wsgi import get_wsgi_application

from ted.store import database

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ted.settings")
# Once per process (``ted serve`` has already done it): a new database gets its schema,
# one left behind by an older TED stops the start with SchemaOutdated (run ``ted migrate``).
database.setup()
application = get_wsgi_application()
