"""The ``ted`` command (Typer + Rich). See TED.md for the contract of each sub-command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ted.cli_curate import candidates_table, curate_app, print_orphans
from ted.cli_french import FrenchCommand, FrenchGroup, install
from ted.cli_sources import attach_sources
from ted.cli_users import attach as attach_users

install()  # Typer's own texts (help panels) in French; its usage errors are FrenchGroup's
app = typer.Typer(help="TED — Trouver mon Expert Data : le graphe des experts data de l'État.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, cls=FrenchGroup)
console = Console(stderr=True)
out = Console()

DB_HELP = "Fichier SQLite ou URL postgresql:// (défaut : $TED_DB ou ./ted.sqlite3)"
DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]


def _fail(message: str, code: int = 1) -> typer.Exit:
    """Say what went wrong and what to do, in one sentence on stderr; the caller raises the exit."""
    console.print(f"[red]{escape(message)}[/red]", highlight=False)
    return typer.Exit(code)


def _setup(db: str | None, migrate: bool = True, create: bool = False) -> None:
    """Configure Django for ``db``; a new database gets its schema, an outdated one stops the command.

    Only ``create`` (``ted ingest``) and ``migrate`` may start a new database: any other
    command on a database that does not exist, or holds no TED schema, stops with exit code 1
    rather than answer "no result" from an empty file it just made.
    """

    from ted.store import database as tdb

    target = db or os.environ.get("TED_DB") or "ted.sqlite3"
    local = not target.startswith(("postgresql://", "postgres://"))
    if local and not create and migrate and not Path(target).expanduser().is_file():
        raise _fail(f"La base {target} n'existe pas : vérifiez le chemin (--db ou TED_DB), ou créez-la avec "
                    f"« ted ingest DOSSIER --db {target} ».")
    notify = lambda message: console.print(message, markup=False, highlight=False)  # noqa: E731
    try:
        tdb.setup(target, migrate=False)
        if migrate and not create and tdb.is_new():
            raise _fail(f"La base {target} ne contient pas encore de données TED : remplissez-la avec "
                        f"« ted ingest DOSSIER --db {target} ».")
        if migrate:
            tdb.ensure_schema(notify)
    except tdb.SchemaOutdated as error:
        raise _fail(str(error), 2) from None
    except typer.Exit:
        raise
    except Exception as error:  # noqa: BLE001 - a database that cannot be opened is a user error
        raise _fail(f"Impossible d'ouvrir la base {target} : {' '.join(str(error).split())}") from None


@app.command(cls=FrenchCommand)
def migrate(db: DbOption = None) -> None:
    """Créer ou mettre à jour le schéma de la base (après une mise à jour de TED)."""

    _setup(db, migrate=False)
    from ted.store import database as tdb

    target = escape(tdb.target())
    try:
        pending = tdb.pending_migrations()
        if not pending:
            console.print(f"La base {target} est à jour : aucune migration à appliquer.", highlight=False)
            return
        if tdb.is_new():
            console.print(f"Nouvelle base {target} : création du schéma…", highlight=False)
        else:
            console.print(f"Mise à jour du schéma de {target} : {', '.join(pending)}…", highlight=False)
        tdb.apply_migrations()
    except Exception as error:  # noqa: BLE001 - a failed migration is reported, the database is left as SQL left it
        console.print(f"[red]Échec de la migration de {target} : {escape(str(error))}[/red]")
        raise typer.Exit(1) from None
    plural = "s" if len(pending) > 1 else ""
    console.print(f"{len(pending)} migration{plural} appliquée{plural}.", highlight=False)


@app.command(cls=FrenchCommand)
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Dossiers ou fichiers à lire")],
    db: DbOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Code de sortie 1 si un fichier échoue")] = False,
) -> None:
    """Lire, extraire, résoudre et indexer des documents (incrémental)."""
    missing = [p for p in paths if "://" not in p and not Path(p).expanduser().exists()]
    if missing:
        raise _fail(f"{'Ces chemins n' if len(missing) > 1 else 'Ce chemin n'}'existe pas : {', '.join(missing)}. "
                    "Vérifiez le nom du dossier ou du fichier ; rien n'a été ingéré.")
    _setup(db, create=True)
    from ted.services.ingest import ingest as run
    from ted.sources import UnsupportedSource

    columns = (TextColumn("[bold]Ingestion"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} doc/s"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("ingest", total=None, rate="–")
        import time

        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-6)
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f}")

        try:
            summary = run(paths, progress=progress)
        except UnsupportedSource as error:
            raise _fail(str(error), 2) from None
    _print_summary(summary)
    if summary.source_errors:  # a source that could not be listed at all: nothing of it was changed
        raise _fail(" ".join(problem.reason for problem in summary.source_errors) + " ; rien d'autre n'est perdu.")
    if strict and (summary.failed or summary.still_failing):
        raise typer.Exit(1)


def _print_summary(summary) -> None:  # noqa: ANN001
    console.print(
        f"Documents : {summary.new} nouveaux, {summary.changed} modifiés, {summary.unchanged} inchangés, "
        f"{summary.removed} supprimés, {summary.failed} en échec, {summary.skipped} ignorés "
        f"({summary.seconds:.1f} s)")
    if summary.entities:
        parts = ", ".join(f"{n} {t}" for t, n in sorted(summary.entities.items()))
        console.print(f"Entités : {parts}")
    if summary.problems:
        table = Table(title="Fichiers non ingérés", show_lines=False)
        table.add_column("Fichier")
        table.add_column("État")
        table.add_column("Raison")
        for problem in summary.problems:
            table.add_row(problem.path, "échec" if problem.kind == "failed" else "ignoré", problem.reason)
        console.print(table)
    for warning in summary.warnings:
        console.print(f"[yellow]Attention[/yellow] {warning.path} : {warning.reason}")
    print_orphans(summary.orphaned)


@app.command(cls=FrenchCommand)
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl, jsonld, csv ou ics")] = "jsonl",
    db: DbOption = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Fichier de sortie (défaut : stdout)")] = None,
) -> None:
    """Exporter le graphe."""
    if output and not output.parent.is_dir():
        raise _fail(f"Impossible d'écrire {output} : le dossier {output.parent} n'existe pas. "
                    "Créez-le ou choisissez un autre fichier avec -o.")
    _setup(db)
    from ted.exports import writers

    writer = writers().get(format)
    if writer is None:
        raise _fail(f"Format inconnu « {format} » : choisissez parmi {', '.join(writers())}.", 2)
    if output:
        try:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = writer(handle)
        except OSError as error:
            raise _fail(f"Impossible d'écrire {output} : {error.strerror or error}. "
                        "Choisissez un autre fichier avec -o.") from None
        console.print(f"{count} enregistrements écrits dans {output}")
    else:
        writer(sys.stdout)


@app.command(cls=FrenchCommand)
def stats(db: DbOption = None) -> None:
    """Compter documents, entités et relations ; lister les fichiers en échec."""
    _setup(db)
    from django.db.models import Count

    from ted.store import models as m

    table = Table(title="TED")
    table.add_column("Quoi")
    table.add_column("Nombre", justify="right")
    for status, n in m.Document.objects.values_list("status").annotate(n=Count("id")).order_by("status"):
        table.add_row(f"documents ({status})", str(n))
    for type_, n in m.Entity.objects.values_list("type").annotate(n=Count("id")).order_by("type"):
        table.add_row(f"entités {type_}", str(n))
    for type_, n in m.Relation.objects.values_list("type").annotate(n=Count("id")).order_by("type"):
        table.add_row(f"relations {type_}", str(n))
    out.print(table)
    bad = m.Document.objects.exclude(status="ok").order_by("path")
    if bad.exists():
        problems = Table(title="Fichiers non ingérés")
        problems.add_column("Fichier")
        problems.add_column("État")
        problems.add_column("Raison")
        for doc in bad:
            problems.add_row(doc.path, "échec" if doc.status == "failed" else "ignoré", doc.error)
        out.print(problems)


@app.command(cls=FrenchCommand)
def forget(
    name_or_id: Annotated[str, typer.Argument(help="Nom complet de la personne ou identifiant (person:...)")],
    db: DbOption = None,
    yes: Annotated[bool, typer.Option(
        "--yes", help="Confirmer quand un nom partiel ne désigne qu'une personne (scripts)")] = False,
) -> None:
    """Effacer une personne (RGPD) : retirée du graphe, des index, des textes conservés et des ingestions suivantes."""
    _setup(db)
    from ted.services.forget import Ambiguous, NotFound
    from ted.services.forget import forget as erase

    try:
        result = erase(name_or_id, choose=yes)
    except NotFound as error:
        console.print(f"[red]{escape(str(error).capitalize())}. Vérifiez avec « ted search ».[/red]")
        raise typer.Exit(1) from None
    except Ambiguous as error:
        _print_candidates(error)
        raise typer.Exit(1) from None
    if result.entity_id:
        console.print(f"{escape(result.entity_id)} effacé ({escape(', '.join(result.names))}) : retiré du graphe, "
                      "de l'index et des textes conservés ; ce nom restera exclu des prochaines ingestions.")
    else:
        console.print(f"Aucune personne « {escape(name_or_id)} » dans le graphe aujourd'hui ; "
                      "ce nom sera exclu des prochaines ingestions.")


def _print_candidates(error) -> None:  # noqa: ANN001 - ted.services.forget.Ambiguous
    """Nothing was changed: say why and how to choose."""
    query = escape(error.query)
    if not error.candidates:
        console.print(f"[red]Rien n'a été effacé : « {query} » ne suffit pas ({escape(str(error))}). "
                      "Donnez le prénom et le nom, ou l'identifiant (person:...).[/red]")
        return
    console.print(f"[yellow]Rien n'a été effacé : « {query} » ne désigne pas une seule personne "
                  f"({escape(str(error))}). Candidats :[/yellow]")
    console.print(candidates_table(error.candidates))
    first = escape(error.candidates[0].id)
    hint = f"Relancez avec l'identifiant choisi, par exemple : ted forget {first}"
    if len(error.candidates) == 1:
        hint += f' (ou, dans un script : ted forget "{query}" --yes)'
    console.print(hint + ".", highlight=False)


@app.command(cls=FrenchCommand)
def search(
    query: Annotated[str, typer.Argument(help="Mots à rechercher")],
    type: Annotated[str | None, typer.Option(
        "--type", help="person, organisation, project, event, skill ou document")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Nombre de résultats", min=1, max=200)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON (liste de résultats)")] = False,
    db: DbOption = None,
) -> None:
    """Rechercher personnes, organisations, projets, événements, compétences et documents."""
    from ted.schema import TYPE_LABELS

    if type and type not in TYPE_LABELS:
        raise _fail(f"Type inconnu « {type} » : choisissez parmi {', '.join(TYPE_LABELS)}.", 2)
    _setup(db)
    import json
    from dataclasses import asdict

    from rich.markup import escape

    from ted.search.query import search as run
    from ted.search.snippet import Snippet
    from ted.services.graph import ensure_index

    ensure_index()  # a store ingested before search existed
    found = run(query, type=type, limit=limit)
    if as_json:
        print(json.dumps([asdict(hit) for hit in found.results], ensure_ascii=False, indent=2))
        return
    if found.message:
        console.print(f"[yellow]{found.message}[/yellow]")
    if not found.results:
        return
    table = Table(title=f"« {query} » : {found.total} résultat(s)")
    for column in ("Rang", "Type", "Nom", "Score", "Extrait"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(found.results, 1):
        pages = "".join(f"\n[dim]page : {escape(str(d['path']))}[/dim]" for d in hit.documents)  # folded into it
        table.add_row(str(rank), hit.type, f"{escape(hit.name)}\n[dim]{escape(hit.path or hit.id)}[/dim]{pages}",
                      f"{hit.score:.2f}", Snippet(hit.snippet, hit.marks).rich())
    out.print(table)


@app.command(cls=FrenchCommand)
def experts(
    topic: Annotated[str, typer.Argument(help="Sujet (compétence, technique, thème)")],
    limit: Annotated[int, typer.Option("--limit", help="Nombre d'experts", min=1, max=200)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON (liste d'experts avec leurs preuves)")] = False,
    db: DbOption = None,
) -> None:
    """Classer les personnes expertes d'un sujet, avec les preuves qui justifient le rang."""
    _setup(db)
    import json
    from dataclasses import asdict

    from ted.search.experts import find_experts
    from ted.services.graph import ensure_index

    ensure_index()
    found = find_experts(topic, limit=limit)
    if as_json:
        print(json.dumps([{"type": "person", **asdict(e)} for e in found], ensure_ascii=False, indent=2))
        return
    if not found:
        console.print(f"[yellow]Aucune personne trouvée pour « {topic} ».[/yellow]")
        return
    table = Table(title=f"Experts pour « {escape(topic)} »")
    for column in ("Rang", "Personne", "Pourquoi"):
        table.add_column(column, overflow="fold")
    for rank, expert in enumerate(found, 1):
        table.add_row(str(rank), _expert_who(expert), _expert_why(expert))
    out.print(table)


def _expert_who(expert) -> str:  # noqa: ANN001 - a search.experts.Expert
    """Name, current role and body (as the web's expert list shows them), and the id to look them up."""
    role = " · ".join(part for part in (expert.role, expert.organisation) if part)
    return escape(expert.name) + (f"\n{escape(role)}" if role else "") + f"\n[dim]{escape(expert.id)}[/dim]"


def _expert_why(expert) -> str:  # noqa: ANN001 - a search.experts.Expert
    """The web's sentences, one per kind of evidence, each with the lines it rests on; the quotes when there
    are no sentences. No raw score: it means nothing to a reader (issue 10)."""
    if expert.explanations:
        return "\n".join(
            "• " + escape(x.sentence[:1].upper() + x.sentence[1:])
            + "".join(f"\n  [dim]{escape(s.document)}, ligne {s.line}[/dim]" for s in x.sources)
            for x in expert.explanations)
    return "\n".join(f"• {escape(e.kind)} : {escape(e.via_name)} — [dim]{escape(e.document)}, ligne {e.line}[/dim]"
                     f" « {escape(e.quote[:80])} »" for e in expert.evidence[:4])


def _is_loopback(host: str) -> bool:
    """Whether ``host`` (as given to --host) is reachable from this machine only."""
    import ipaddress

    bare = host.strip("[]").lower()
    if bare == "localhost":
        return True
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any interface


def _served_names(host: str) -> tuple[list[str], bool]:
    """The Host names a server bound to ``host`` answers to, and whether that is a guess.

    Loopback: the three loopback names. A given address or name: that one. The wildcard
    (0.0.0.0, ::) has no name of its own: the loopback names, the machine's name and its
    addresses, a guess the caller says out loud.
    """
    import contextlib
    import ipaddress
    import socket

    def as_host(name: str) -> str:
        return f"[{name}]" if ":" in name else name.lower()

    loopback = ["127.0.0.1", "localhost", "[::1]"]
    bare = host.strip("[]")
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        address = None
    if host in ("", "*") or (address is not None and address.is_unspecified):
        names = [socket.gethostname(), socket.getfqdn()]
        with contextlib.suppress(OSError):
            names += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)]
        return list(dict.fromkeys([*loopback, *(as_host(name) for name in names if name)])), True
    if bare.lower() == "localhost" or (address is not None and address.is_loopback):
        return list(dict.fromkeys([as_host(bare), *loopback])), False
    return [as_host(bare)], False


@app.command(cls=FrenchCommand)
def serve(
    host: Annotated[str, typer.Option("--host", help="Adresse d'écoute")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port d'écoute", min=0, max=65535)] = 8000,
    db: DbOption = None,
    threads: Annotated[int, typer.Option("--threads", help="Fils de traitement", min=1, max=64)] = 8,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="Nom d'hôte sous lequel le service est joint (répétable ; défaut : "
                               "$TED_ALLOWED_HOSTS, sinon l'adresse d'écoute)")] = None,
) -> None:
    """Servir l'application web et l'API (serveur WSGI waitress, fichiers statiques par WhiteNoise)."""
    _setup(db)
    from django.conf import settings
    from waitress import create_server

    from ted.services.graph import ensure_index

    # Requests whose Host header names another site get a 400 (forged links, DNS rebinding).
    if allowed_host:
        settings.ALLOWED_HOSTS = [name.strip() for name in allowed_host if name.strip()]
    elif not os.environ.get("TED_ALLOWED_HOSTS", "").strip():
        settings.ALLOWED_HOSTS, guessed = _served_names(host)
        if guessed:
            names = ", ".join(settings.ALLOWED_HOSTS)
            console.print(f"Écoute sur toutes les interfaces ({host}) : seuls les noms {names} "
                          "sont acceptés (les autres reçoivent une erreur 400). Donnez le nom public du service "
                          "avec --allowed-host NOM ou TED_ALLOWED_HOSTS=nom1,nom2.", markup=False, highlight=False)

    if not _is_loopback(host):
        console.print(f"Attention : TED écoute sur {host}, une adresse joignable depuis le réseau. Il ne "
                      "chiffre rien : toute machine qui atteint ce port lit le graphe et les extraits des documents "
                      "(la lecture est publique), et les mots de passe et cookies de session des contributeurs y "
                      "passeraient en clair. Pour un usage local, gardez --host 127.0.0.1 ; pour un service ouvert, "
                      "placez-le derrière un serveur HTTPS de confiance et définissez TED_HTTPS=1.", markup=False,
                      highlight=False)

    from ted.web.wsgi import application

    ensure_index()  # a store ingested by an older TED gets its index now, not on the first query

    try:
        server = create_server(application, host=host, port=port, threads=threads, ident="TED")
    except OSError as error:  # port taken, address not available...
        console.print(f"[red]Impossible d'écouter sur {host}:{port} : {error.strerror or error}[/red]")
        raise typer.Exit(2) from None
    shown = f"[{host}]" if ":" in host else host
    out.print(f"TED est servi sur http://{shown}:{server.effective_port}/ (Ctrl+C pour arrêter)", highlight=False)
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        console.print("Arrêt du serveur.")
    finally:
        server.close()


app.add_typer(curate_app(_setup), name="curate")


attach_sources(app, _setup, _fail, _print_summary)  # ted sources, ted sync, ted worker (ted/cli_sources.py)


attach_users(app, _setup, _fail, console, out)  # ted user ... (ted/cli_users.py)


def main() -> None:
    """The ``ted`` command: a bug shows one French sentence, not a traceback, unless ``TED_DEBUG`` is set."""
    try:
        app(prog_name="ted")  # also under `python -m ted`: usage and help name the command people type
    except KeyboardInterrupt:
        console.print("Interrompu.")
        sys.exit(130)
    except Exception as error:
        if os.environ.get("TED_DEBUG"):
            raise
        detail = " ".join(str(error).split())[:300]
        console.print(f"[red]Erreur inattendue ({type(error).__name__}{' : ' + escape(detail) if detail else ''}). "
                      "Relancez avec TED_DEBUG=1 pour voir la trace, et signalez-la.[/red]", highlight=False)
        sys.exit(1)
