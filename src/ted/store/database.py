"""Point Django at the chosen database and bring its schema up to date."""

from __future__ import annotations

import os

_ready = False


def setup(db: str | None = None, migrate: bool = True) -> None:
    """Configure Django for ``db`` (path or postgresql:// URL), once per process."""
    global _ready
    if db:
        os.environ["TED_DB"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ted.settings")
    if _ready:
        return
    import django

    django.setup()
    _ready = True
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
