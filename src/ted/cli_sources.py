"""``ted sources add|list|remove``, ``ted sync`` and ``ted worker``: sources TED follows and keeps in sync.

``ted.cli`` calls ``attach_sources`` with its own helpers (open the database, fail with a French sentence,
print an ingestion summary), so this module does not import it back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ted.cli_french import FrenchCommand, FrenchGroup

console = Console(stderr=True)
out = Console()
DbOption = Annotated[str | None, typer.Option("--db", help="Fichier SQLite ou URL postgresql:// (défaut : $TED_DB ou "
                                                           "./ted.sqlite3)")]
_helpers: dict[str, Callable[..., Any]] = {}


def _setup(db: str | None, **options: bool) -> None:
    _helpers["setup"](db, **options)


def _fail(message: str, code: int = 1) -> typer.Exit:
    return _helpers["fail"](message, code)


def _print_summary(summary: object) -> None:
    _helpers["print_summary"](summary)


def attach_sources(app: typer.Typer, setup: Callable[..., None], fail: Callable[..., typer.Exit],
                   print_summary: Callable[[object], None]) -> None:
    """Register ``ted sources``, ``ted sync`` and ``ted worker`` on the main application."""
    _helpers.update(setup=setup, fail=fail, print_summary=print_summary)
    app.command(cls=FrenchCommand)(sync)
    app.command(cls=FrenchCommand)(worker)
    app.add_typer(sources_app, name="sources")


sources_app = typer.Typer(help="Sources suivies : dépôts git, sites web, dossiers.", no_args_is_help=True,
                          cls=FrenchGroup)

INCLUDE_HELP = "Ne lire que les chemins (ou adresses) qui correspondent à ce motif, ex. '*.md' (répétable)"
EVERY_HELP = "Période de synchronisation : 30min, 6h, 1j…"


def _local_time(moment) -> str:  # noqa: ANN001 - datetime | None
    if moment is None:
        return "jamais"
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


@sources_app.command("add", cls=FrenchCommand)
def add(
    name: Annotated[str, typer.Argument(help="Nom de la source (lettres, chiffres, . - _)")],
    uri: Annotated[str, typer.Argument(help="git+https://…, git+file://…, https://…/sitemap.xml, un flux, une page "
                                            "ou un dossier")],
    include: Annotated[list[str] | None, typer.Option("--include", help=INCLUDE_HELP)] = None,
    every: Annotated[str, typer.Option("--every", help=EVERY_HELP)] = "6h",
    db: DbOption = None,
) -> None:
    """Suivre une source : elle sera lue par « ted sync » (ou par le worker)."""
    _setup(db, create=True)
    from ted.services.sync import SourceConfigError, add_source, describe_every, parse_every
    from ted.sources import UnsupportedSource

    try:
        seconds = parse_every(every)
        source = add_source(name, uri, include or (), seconds)
    except (SourceConfigError, UnsupportedSource) as error:
        raise _fail(f"Source non ajoutée : {error}.", 2) from None
    console.print(f"Source « {escape(source.name)} » ajoutée : {escape(source.uri)}, synchronisée toutes les "
                  f"{describe_every(source.every)}. Lancez « ted sync » pour la lire maintenant.", highlight=False)


@sources_app.command("list", cls=FrenchCommand)
def list_(db: DbOption = None) -> None:
    """Lister les sources suivies, leur dernière synchronisation et leurs échecs."""
    _setup(db)
    from ted.services.sync import describe_every, list_sources

    views = list_sources()
    if not views:
        console.print("Aucune source suivie : ajoutez-en une avec « ted sources add NOM ADRESSE ».")
        return
    table = Table(title="Sources suivies")
    for column in ("Nom", "Adresse", "Filtre", "Période", "Dernière synchro", "État", "Documents", "Échecs"):
        table.add_column(column, justify="right" if column in ("Documents", "Échecs") else "left")
    for view in views:
        source = view.source
        state = {"ok": "[green]ok[/green]", "failed": "[red]échec[/red]"}.get(source.last_status, "jamais lue")
        table.add_row(escape(source.name), escape(source.uri), escape(", ".join(source.include)) or "—",
                      describe_every(source.every), _local_time(source.last_sync_at), state, str(view.documents),
                      str(view.failed))
    out.print(table)
    for view in views:
        if view.source.last_status == "failed":
            console.print(f"[red]{escape(view.source.name)}[/red] : {escape(view.source.last_error)}",
                          highlight=False)


@sources_app.command("remove", cls=FrenchCommand)
def remove(
    name: Annotated[str, typer.Argument(help="Nom de la source")],
    db: DbOption = None,
) -> None:
    """Ne plus suivre une source : ses documents et ce qu'ils disent sont retirés du graphe."""
    _setup(db)
    from ted.services.sync import SourceConfigError, remove_source

    try:
        removed = remove_source(name)
    except SourceConfigError as error:
        raise _fail(f"Rien n'a été retiré : {error}.", 2) from None
    console.print(f"Source « {escape(name)} » retirée, avec ses {removed} document{'s' if removed > 1 else ''}.",
                  highlight=False)


def sync(
    names: Annotated[list[str] | None, typer.Argument(help="Sources à synchroniser (défaut : toutes)")] = None,
    force: Annotated[bool, typer.Option("--tout", "--force", help="Même les sources dont la période n'est pas "
                                                                  "écoulée")] = False,
    worker: Annotated[bool, typer.Option("--worker", help="Confier la synchronisation au worker Celery "
                                                          "(ted worker) au lieu de l'exécuter ici")] = False,
    db: DbOption = None,
) -> None:
    """Synchroniser les sources suivies dont la période est écoulée (incrémental)."""
    _setup(db)
    from ted.services.sync import SourceConfigError, get_source

    try:
        for name in names or ():
            get_source(name)
    except SourceConfigError as error:
        raise _fail(f"Rien n'a été synchronisé : {error}.", 2) from None
    if worker:
        _queue(list(names or ()), force or bool(names))
        return
    _sync_here(list(names or ()), force or bool(names))


def _queue(names: list[str], force: bool) -> None:
    from ted.services.worker import app as celery
    from ted.services.worker import broker_url, queue_name

    try:
        celery.send_task("ted.sync", kwargs={"names": names, "force": force}, queue=queue_name())
    except Exception as error:  # noqa: BLE001 - kombu's errors vary with the transport
        raise _fail(f"Impossible de joindre le courtier {broker_url()} ({type(error).__name__}) : vérifiez que Redis "
                    "tourne, ou synchronisez au premier plan avec « ted sync ».") from None
    console.print(f"Synchronisation confiée au worker (file « {queue_name()} ») : suivez-la avec "
                  "« ted sources list » ou sur la page /sources.", highlight=False)


def _sync_here(names: list[str], force: bool) -> None:
    from ted.services.sync import sync as run

    def done(result) -> None:  # noqa: ANN001 - SyncResult
        if result.error:
            console.print(f"[red]{escape(result.name)} : {escape(result.error)}[/red]", highlight=False)
            return
        console.print(f"[bold]{escape(result.name)}[/bold]", highlight=False)
        _print_summary(result.summary)

    results, entities = run(names, force=force, done=done)
    if not results:
        console.print("Aucune source à synchroniser : toutes sont à jour (« ted sync --tout » pour forcer).")
        return
    if entities:
        console.print(f"Entités : {', '.join(f'{n} {t}' for t, n in sorted(entities.items()))}")
    failed = [r.name for r in results if r.error]
    if failed:
        raise _fail(f"{len(failed)} source{'s' if len(failed) > 1 else ''} en échec : {', '.join(failed)} ; les "
                    "autres sont à jour.")


def worker(
    db: DbOption = None,
    queue: Annotated[str | None, typer.Option("--queue", help="File Celery (défaut : $TED_QUEUE ou ted)")] = None,
    beat: Annotated[bool, typer.Option("--beat/--sans-beat", help="Planifier aussi les synchronisations "
                                                                  "périodiques (beat)")] = True,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=8, help="Processus de travail")] = 1,
) -> None:
    """Lancer le worker Celery (Redis) qui synchronise les sources en arrière-plan."""
    _setup(db, create=True)
    from ted.store import database

    os.environ["TED_DB"] = database.target()
    if queue:
        os.environ["TED_QUEUE"] = queue
    try:
        from ted.services import worker as jobs  # configured from the environment set above
    except ImportError as error:
        raise _fail(f"Le worker a besoin de Celery ({error.name} manque) : pip install 'ted[worker]' "
                    "(make install l'installe).") from None
    scheduled = f", avec beat (toutes les {jobs.beat_seconds():g} s)" if beat else ""
    console.print(f"Worker TED sur {jobs.broker_url()}, file « {jobs.queue_name()} », base {database.target()}"
                  f"{scheduled}.", highlight=False)
    jobs.start(concurrency=concurrency, beat=beat)

