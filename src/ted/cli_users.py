"""``ted user``: local accounts and their roles, for whoever administers the instance's server.

Whoever can run ``ted`` on the server can already read and write the database, so these commands
ask for no login: they are the way the first administrator is made. Passwords are read from
standard input (``--password-stdin``) or generated and printed once; API tokens are printed once
and stored only as a digest.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ted.cli_french import FrenchCommand, FrenchGroup

users = typer.Typer(help="Comptes locaux et rôles (membre, curateur, administrateur).", no_args_is_help=True,
                    cls=FrenchGroup)
ROLE_HELP = "member (membre), curator (curateur) ou admin (administrateur)"
DbOption = Annotated[str | None, typer.Option("--db", help="Fichier SQLite ou URL postgresql:// "
                                                          "(défaut : $TED_DB ou ./ted.sqlite3)")]


class _Main:
    """The main command's helpers, given by ``attach`` (so that ``cli`` and this module do not import each other)."""

    setup: Callable[[str | None], None]
    fail: Callable[[str], typer.Exit]
    console: Console  # messages (stderr)
    out: Console  # results (stdout)


cli = _Main()


def attach(app: typer.Typer, setup: Callable[[str | None], None], fail: Callable[[str], typer.Exit],
           console: Console, out: Console) -> None:
    """Add ``ted user`` to the main command, with its database set-up, its error exit and its consoles."""
    cli.setup, cli.fail, cli.console, cli.out = setup, fail, console, out
    app.add_typer(users, name="user", help="Comptes locaux et rôles (membre, curateur, administrateur).")


def _ready(db: str | None):  # noqa: ANN202 - the services module, once Django is set up
    cli.setup(db)
    from ted.services import accounts

    return accounts


def _run(action, *args):  # noqa: ANN001, ANN202 - one account operation; its French refusal ends the command
    from ted.services.accounts import AccountError

    try:
        return action(*args)
    except AccountError as error:
        raise cli.fail(str(error)[0].upper() + str(error)[1:] + ".") from None


def _password(stdin: bool) -> str | None:
    if not stdin:
        return None
    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise cli.fail("Le mot de passe lu sur l'entrée standard doit compter au moins 10 caractères.")
    return password


@users.command(cls=FrenchCommand)
def create(name: Annotated[str, typer.Argument(help="Identifiant du compte")],
           role: Annotated[str, typer.Option("--role", help=ROLE_HELP)] = "member",
           email: Annotated[str, typer.Option("--email", help="Adresse électronique (facultative)")] = "",
           password_stdin: Annotated[bool, typer.Option("--password-stdin",
                                                        help="Lire le mot de passe sur l'entrée standard")] = False,
           db: DbOption = None) -> None:
    """Créer un compte local ; sans --password-stdin, un mot de passe est tiré au hasard et affiché une fois."""
    accounts = _ready(db)
    chosen = _run(accounts.parse_role, role)
    _user, password = _run(accounts.create_user, name, chosen, _password(password_stdin), email)
    cli.console.print(f"Compte « {escape(name)} » créé, rôle {chosen.label}.", highlight=False)
    if not password_stdin:
        cli.out.print(f"Mot de passe : {escape(password)}", highlight=False)


@users.command("list", cls=FrenchCommand)
def list_(db: DbOption = None) -> None:
    """Lister les comptes, leur rôle et la page qu'ils tiennent."""
    accounts = _ready(db)
    table = Table("compte", "rôle", "courriel", "page tenue", "actif")
    for account in accounts.accounts():
        table.add_row(escape(account.username), account.role, escape(account.email), escape(account.person or ""),
                      "oui" if account.active else "non")
    cli.out.print(table)


@users.command("set-role", cls=FrenchCommand)
def set_role(name: Annotated[str, typer.Argument(help="Identifiant du compte")],
             role: Annotated[str, typer.Argument(help=ROLE_HELP)], db: DbOption = None) -> None:
    """Changer le rôle d'un compte."""
    accounts = _ready(db)
    chosen = _run(accounts.parse_role, role)
    _run(accounts.set_role, name, chosen)
    cli.console.print(f"Compte « {escape(name)} » : rôle {chosen.label}.", highlight=False)


@users.command(cls=FrenchCommand)
def password(name: Annotated[str, typer.Argument(help="Identifiant du compte")], db: DbOption = None) -> None:
    """Changer le mot de passe d'un compte (lu sur l'entrée standard)."""
    accounts = _ready(db)
    _run(accounts.set_password, name, _password(True))
    cli.console.print(f"Mot de passe du compte « {escape(name)} » changé.", highlight=False)


@users.command(cls=FrenchCommand)
def remove(name: Annotated[str, typer.Argument(help="Identifiant du compte")], db: DbOption = None) -> None:
    """Supprimer un compte, ses revendications et ses jetons (ses décisions gardent son nom)."""
    accounts = _ready(db)
    _run(accounts.remove_user, name)
    cli.console.print(f"Compte « {escape(name)} » supprimé.", highlight=False)


@users.command(cls=FrenchCommand)
def token(name: Annotated[str, typer.Argument(help="Identifiant du compte")],
          label: Annotated[str, typer.Option("--label", help="À quoi sert ce jeton")] = "",
          revoke: Annotated[bool, typer.Option("--revoke", help="Révoquer tous les jetons du compte")] = False,
          db: DbOption = None) -> None:
    """Créer un jeton d'API (affiché une seule fois) qui agit avec le rôle du compte, ou révoquer ses jetons."""
    accounts = _ready(db)
    if revoke:
        count = _run(accounts.revoke_tokens, name)
        cli.console.print(f"{count} jeton(s) révoqué(s) pour « {escape(name)} ».", highlight=False)
        return
    cli.out.print(_run(accounts.create_token, name, label), highlight=False)
    cli.console.print("Jeton affiché une seule fois : envoyez-le dans l'en-tête « Authorization: Bearer … ».",
                      highlight=False)
