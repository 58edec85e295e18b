"""Point Django at the chosen database; give a new database its schema; apply migrations on request.

Migrations run in two cases only: a database that holds no data yet (new, or whose
first use was interrupted) gets its schema on first use, with a message; ``ted
migrate`` applies whatever is pending. A database with data and pending migrations
(made by an older TED) is refused with a message naming ``ted migrate``: upgrading a
store that holds data is a step the user takes knowingly (after a backup, once, not
from every server process and cron job at the same time). An up-to-date database
costs about a millisecond: two small queries (is there a ``django_migrations`` table,
what does it record) and a listing of the migration folders.
"""

from __future__ import annotations

import os
import pkgutil
import sys
from collections.abc import Callable
from importlib import import_module

_ready = False

Notify = Callable[[str], None]


class SchemaOutdated(Exception):
    """The database has migrations to apply: the user runs ``ted migrate``."""

    def __init__(self, target: str, pending: list[str]) -> None:
        self.target = target
        self.pending = pending
        shown = ", ".join(pending[:5]) + (" ..." if len(pending) > 5 else "")
        super().__init__(
            f"La base {target} a été créée par une version antérieure de TED et son schéma doit être mis à jour "
            f"({len(pending)} migration{'s' if len(pending) > 1 else ''} : {shown}). "
            f"Sauvegardez-la, puis lancez : ted migrate --db {target}")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup(db: str | None = None, migrate: bool = True, notify: Notify | None = None) -> None:
    """Configure Django for ``db`` (path or postgresql:// URL), once per process.

    With ``migrate`` (the default), make sure the schema is usable: a database without
    data gets it, saying so through ``notify`` (stderr by default); a database with data
    and pending migrations raises ``SchemaOutdated``. ``migrate=False`` only configures Django.
    """
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
        ensure_schema(notify or _stderr)


def target() -> str:
    """The database Django was set up with, as the user wrote it (path or URL)."""
    from django.conf import settings

    return settings.TED_DB


def ensure_schema(notify: Notify) -> None:
    """Create the schema of a database without data; raise ``SchemaOutdated`` if one with data is behind."""
    applied = _recorded_migrations()
    if applied is not None and _migration_files() <= applied:
        return  # up to date: every migration file is recorded (the common case, about 1 ms)
    pending = pending_migrations()
    if not pending:
        return
    if not applied:
        notify(f"Nouvelle base {target()} : création du schéma…")
    elif not _holds_data():  # a first use interrupted mid-way (kill -9): nothing to protect yet
        notify(f"Base {target()} encore vide : achèvement du schéma…")
    else:  # data, and migrations to apply: an older TED made this database
        raise SchemaOutdated(target(), pending)
    apply_migrations()


def is_new() -> bool:
    """True when no migration has been recorded yet: a new (or empty) database."""
    return not _recorded_migrations()


def pending_migrations() -> list[str]:
    """The migrations ``migrate`` would apply, as ``app.name``, in order (Django's own plan)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]


def apply_migrations() -> list[str]:
    """Apply every pending migration (``ted migrate``); return what was applied."""
    from django.core.management import call_command

    pending = pending_migrations()
    if pending:
        call_command("migrate", verbosity=0, interactive=False)
    return pending


def _recorded_migrations() -> set[tuple[str, str]] | None:
    """``(app, name)`` of the applied migrations, or None when ``django_migrations`` does not exist yet.

    Plain SQL rather than Django's MigrationRecorder: importing ``django.db.migrations``
    alone costs more (~8 ms) than this whole check (~1 ms).
    """
    from django.db import connection

    table = "django_migrations"  # django.db.migrations.recorder.MigrationRecorder's table
    if table not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {connection.ops.quote_name(table)}")
        return {(app, name) for app, name in cursor.fetchall()}


def _holds_data() -> bool:
    """Whether one of TED's own tables (``store_*``) has a row: only then is there something to protect."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith("store_"):
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def _migration_files() -> set[tuple[str, str]]:
    """``(app, name)`` of every migration module of the installed apps, found without importing them.

    When all of them are recorded as applied, Django's plan is empty; anything else
    (a new file, a squashed migration) goes to the full ``MigrationExecutor`` check,
    which imports every migration and costs tens of milliseconds more.
    """
    from django.apps import apps

    found = set()
    for config in apps.get_app_configs():
        try:
            package = import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(getattr(package, "__path__", [])):
            if not module.ispkg and not module.name.startswith(("_", "~")):
                found.add((config.label, module.name))
    return found
