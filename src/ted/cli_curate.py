"""``ted curate``: curation decisions from the command line, thin over ``ted.services.curation``.

Built by :func:`curate_app` with the main command's ``setup`` (open the database), passed in
rather than imported, so that this module and ``ted.cli`` do not import each other.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ted.cli_french import FrenchCommand, FrenchGroup

console = Console(stderr=True)
out = Console()

DbOption = Annotated[str | None, typer.Option("--db", help="Fichier SQLite ou URL postgresql:// (défaut : $TED_DB "
                                                           "ou ./ted.sqlite3)")]
NoteOption = Annotated[str, typer.Option("--note", help="Pourquoi : la raison, gardée avec la décision")]
AuthorOption = Annotated[str | None, typer.Option(
    "--auteur", help="Qui décide (défaut : $TED_AUTHOR, sinon l'utilisateur du système)")]


def _author(given: str | None) -> str:
    if given:
        return given
    try:
        return os.environ.get("TED_AUTHOR") or getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def candidates_table(candidates) -> Table:  # noqa: ANN001 - ted.services.forget.Candidate
    """The entities a name could mean, escaped (names come from documents), for ``forget`` and ``curate``."""
    table = Table()
    for column in ("Identifiant", "Nom", "Autres graphies", "Documents"):
        table.add_column(column, overflow="fold")
    for candidate in candidates:
        table.add_row(escape(candidate.id), escape(candidate.name), escape(", ".join(candidate.aliases)),
                      str(candidate.documents))
    return table


def _print_candidates(error) -> None:  # noqa: ANN001 - ted.services.forget.Ambiguous
    console.print(f"[yellow]Rien n'a été décidé : « {escape(error.query)} » ne désigne pas une seule entité "
                  f"({escape(str(error))}). Candidats :[/yellow]")
    console.print(candidates_table(error.candidates))
    console.print("Relancez avec l'identifiant choisi (par exemple "
                  f"{escape(error.candidates[0].id)}).", highlight=False)


def curate_app(setup: Callable[[str | None], None]) -> typer.Typer:
    """The ``ted curate`` sub-command; ``setup(db)`` opens the database as every ``ted`` command does."""
    app = typer.Typer(help="Corriger le graphe : décisions de curation rejouées après chaque ingestion.",
                      no_args_is_help=True, cls=FrenchGroup)

    def run(db: str | None, action: str, *args: object) -> object:
        """Open the database, then call ``ted.services.curation.<action>(*args)``; errors become French sentences."""
        setup(db)
        from ted.services import curation

        try:
            return getattr(curation, action)(*args)
        except curation.NotFound as error:
            console.print(f"[red]{escape(_sentence(str(error)))}. Vérifiez avec « ted search ».[/red]", highlight=False)
        except curation.Ambiguous as error:
            _print_candidates(error)
        except curation.CurationError as error:
            console.print(f"[red]{escape(_sentence(str(error)))}.[/red]", highlight=False)
        raise typer.Exit(1)

    def done(decision) -> None:  # noqa: ANN001 - ted.store.decisions.Decision
        from ted.services.curation import describe

        console.print(f"Décision {escape(decision.id)} enregistrée et appliquée : {escape(describe(decision))}. "
                      f"Annulez-la avec « ted curate undo {escape(decision.id)} ».", highlight=False)

    @app.command(cls=FrenchCommand)
    def merge(kept: Annotated[str, typer.Argument(help="Entité gardée (nom ou identifiant)")],
              other: Annotated[str, typer.Argument(help="Entité fusionnée dans la première")],
              note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Fusionner deux entités : la seconde devient un autre nom de la première."""
        done(run(db, "merge", kept, other, note, _author(auteur)))

    @app.command(cls=FrenchCommand)
    def split(entity: Annotated[str, typer.Argument(help="Entité (nom ou identifiant)")],
              alias: Annotated[str, typer.Argument(help="Nom dont les mentions deviennent une autre entité")] = "",
              document: Annotated[str, typer.Option(
                  "--document", help="Séparer plutôt les mentions de ce document (chemin comme dans l'export)")] = "",
              note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Séparer d'une entité les mentions qui la nomment ALIAS, ou celles d'un document (--document)."""
        if bool(alias) == bool(document):
            raise _usage("ted curate split ENTITÉ ALIAS, ou ted curate split ENTITÉ --document CHEMIN")
        done(run(db, "split", entity, alias, note, _author(auteur), document))

    @app.command(cls=FrenchCommand)
    def rename(entity: Annotated[str, typer.Argument(help="Entité (nom ou identifiant)")],
               name: Annotated[str, typer.Argument(help="Nouveau nom (l'ancien reste un autre nom)")],
               note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Renommer une entité (son identifiant ne change pas)."""
        done(run(db, "rename", entity, name, note, _author(auteur)))

    @app.command(cls=FrenchCommand)
    def retype(entity: Annotated[str, typer.Argument(help="Entité (nom ou identifiant)")],
               type_: Annotated[str, typer.Argument(metavar="TYPE",
                                                    help="person, organisation, project, event ou skill")],
               note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Changer le type d'une entité (les relations que ce type ne permet pas sont retirées)."""
        done(run(db, "retype", entity, type_, note, _author(auteur)))

    @app.command(cls=FrenchCommand)
    def reject(what: Annotated[list[str], typer.Argument(
                   metavar="ENTITÉ | TYPE_RELATION SOURCE CIBLE",
                   help="Une entité, ou une relation : son type, sa source et sa cible")],
               note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Rejeter une entité (bruit) ou une relation fausse ; le rejet survit aux ingestions."""
        if len(what) == 1:
            done(run(db, "reject_entity", what[0], note, _author(auteur)))
        elif len(what) == 3:
            done(run(db, "reject_relation", *what, note, _author(auteur)))
        else:
            raise _usage("ted curate reject ENTITÉ, ou ted curate reject TYPE_RELATION SOURCE CIBLE")

    @app.command(cls=FrenchCommand)
    def add(relation: Annotated[str, typer.Argument(help="Type de relation (member_of, works_on, has_skill...)")],
            source: Annotated[str, typer.Argument(help="Source (nom ou identifiant)")],
            target: Annotated[str, typer.Argument(help="Cible (nom ou identifiant)")],
            note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Ajouter une relation qu'aucun document n'affirme (affichée « ajouté par un curateur »)."""
        done(run(db, "add_relation", relation, source, target, note, _author(auteur)))

    @app.command("add-attribute", cls=FrenchCommand)
    def add_attribute(entity: Annotated[str, typer.Argument(help="Entité (nom ou identifiant)")],
                      attribute: Annotated[str, typer.Argument(help="Attribut (titles, acronym, city...)")],
                      value: Annotated[str, typer.Argument(help="Valeur")],
                      note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Ajouter un attribut qu'aucun document ne donne (un titre, un sigle...)."""
        done(run(db, "add_attribute", entity, attribute, value, note, _author(auteur)))

    @app.command(cls=FrenchCommand)
    def hide(what: Annotated[list[str], typer.Argument(
                 metavar="ENTITÉ --attribut CLÉ | TYPE_RELATION SOURCE CIBLE",
                 help="Une relation, ou une entité avec --attribut")],
             attribut: Annotated[str | None, typer.Option("--attribut", help="Attribut de l'entité à masquer")] = None,
             note: NoteOption = "", auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Masquer un fait vrai mais qui ne doit pas être public (pages, recherche, experts, exports)."""
        if len(what) == 1 and attribut:
            done(run(db, "hide_attribute", what[0], attribut, note, _author(auteur)))
        elif len(what) == 3 and not attribut:
            done(run(db, "hide_relation", *what, note, _author(auteur)))
        else:
            raise _usage("ted curate hide ENTITÉ --attribut CLÉ, ou ted curate hide TYPE_RELATION SOURCE CIBLE")

    @app.command(cls=FrenchCommand)
    def undo(decision: Annotated[str, typer.Argument(help="Identifiant de la décision (voir ted curate list)")],
             auteur: AuthorOption = None, db: DbOption = None) -> None:
        """Annuler une décision : le graphe est reconstruit sans elle."""
        undone = run(db, "undo", decision, _author(auteur))
        from ted.services.curation import describe

        console.print(f"Décision {escape(undone.id)} annulée : {escape(describe(undone))}.",
                      highlight=False)

    @app.command("list", cls=FrenchCommand)
    def list_(db: DbOption = None) -> None:
        """Lister les décisions : appliquées, orphelines (cible disparue) et annulées."""
        setup(db)
        from django.utils import timezone

        from ted.services import curation

        rows = curation.decisions()
        if not rows:
            console.print("Aucune décision de curation.")
            return
        table = Table(title="Décisions de curation")
        for column in ("Identifiant", "Date", "Auteur", "Décision", "Note", "État"):
            table.add_column(column, overflow="fold")
        for d in rows:
            if d.undone_at:
                state = f"[dim]annulée le {timezone.localtime(d.undone_at):%d/%m/%Y}[/dim]"
            elif d.problem:
                state = f"[yellow]orpheline : {escape(d.problem)}[/yellow]"
            else:
                state = "[green]appliquée[/green]"
            table.add_row(d.id, f"{timezone.localtime(d.created_at):%d/%m/%Y %H:%M}", escape(d.author),
                          escape(curation.describe(d)), escape(d.note), state)
        out.print(table)
        counts = curation.count_by_state(rows)
        console.print(", ".join(f"{n} {state}{'s' if n > 1 else ''}" for state, n in counts.items()))

    @app.command("export", cls=FrenchCommand)
    def export_(output: Annotated[Path, typer.Option("-o", "--output", help="Fichier JSON lines à écrire")],
                db: DbOption = None) -> None:
        """Écrire toutes les décisions (annulées comprises) dans un fichier à versionner."""
        if not output.parent.is_dir():
            console.print(f"[red]Impossible d'écrire {escape(str(output))} : le dossier {escape(str(output.parent))} "
                          "n'existe pas.[/red]")
            raise typer.Exit(1)
        setup(db)
        from ted.services import curation

        try:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = curation.export_decisions(handle)
        except OSError as error:
            console.print(f"[red]Impossible d'écrire {escape(str(output))} : {escape(error.strerror or str(error))}."
                          "[/red]")
            raise typer.Exit(1) from None
        console.print(f"{count} décision{'s' if count > 1 else ''} écrite{'s' if count > 1 else ''} dans "
                      f"{escape(str(output))}", highlight=False)

    @app.command("import", cls=FrenchCommand)
    def import_(path: Annotated[Path, typer.Argument(help="Fichier écrit par ted curate export")],
                db: DbOption = None) -> None:
        """Importer les décisions d'un fichier (d'une autre instance) et les appliquer."""
        if not path.is_file():
            console.print(f"[red]Le fichier {escape(str(path))} n'existe pas : rien n'a été importé.[/red]")
            raise typer.Exit(1)
        summary = run(db, "import_decisions", path)
        console.print(f"Décisions importées : {summary.added} nouvelles, {summary.updated} annulées depuis, "
                      f"{summary.unchanged} déjà connues ; {summary.orphaned} orpheline(s).", highlight=False)
        if summary.orphaned:
            console.print("[yellow]Voir « ted curate list » pour les décisions orphelines.[/yellow]")

    return app


def _usage(expected: str) -> typer.Exit:
    console.print(f"[red]Arguments incorrects. Attendu : {escape(expected)}.[/red]", highlight=False)
    return typer.Exit(2)


def print_orphans(orphaned: list) -> None:
    """The ingest summary's lines on decisions whose target is gone: kept, and applied again if it comes back."""
    for problem in orphaned:
        console.print(f"[yellow]Décision orpheline[/yellow] {escape(problem.path)} : {escape(problem.reason)} "
                      "(gardée ; voir ted curate list)", highlight=False)
