"""The messages Typer (and the Click it builds on) print themselves, in French: usage errors, usage, help.

Typer writes its own messages in English ("Missing argument 'query'.", "No such option: --x",
"Usage:"), some through gettext and most as plain strings (Typer 0.29 vendors its own Click,
without gettext; validation messages come from pydantic). A gettext catalogue would
therefore translate only part of them, and only on a machine whose locale is French. TED
speaks French whatever the locale, so the translation is done where Click lets an
application take over, with its documented API:

- :class:`FrenchGroup` runs the command with ``standalone_mode=False``, so that usage
  errors come back as exceptions, and prints each one as a French sentence built from the
  exception's *type and attributes* (``MissingParameter.param``, ``NoSuchOption.option_name``
  and ``possibilities``...), not from its English text; the few errors that carry only a
  message (unknown command, extra argument, pydantic's validation) are matched by pattern,
  with a French sentence of last resort when a new Typer words them otherwise;
- ``get_usage`` and ``get_help_option`` (of the group and of each command) give "Utilisation :"
  and the help option's text; Typer's Rich panel titles are module constants, set once.

The CLI tests run each mistake through the real command and check the French sentence.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from typer.core import TyperCommand, TyperGroup

HELP_OPTION = "Afficher cette aide et quitter."

# Typer's Rich output (help panels, error panel) takes these titles from module constants.
TYPER_TEXTS = {
    "DEPRECATED_STRING": "(obsolète) ",
    "DEFAULT_STRING": "[défaut : {}]",
    "ENVVAR_STRING": "[variable d'environnement : {}]",
    "REQUIRED_LONG_STRING": "[obligatoire]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commandes",
    "ERRORS_PANEL_TITLE": "Erreur",
    "ABORTED_TEXT": "Interrompu.",
    "RICH_HELP": "Essayez [blue]« {command_path} {help_option} »[/] pour l'aide.",
}

# Validation messages (pydantic's in Typer 0.29, Click's before), as French reasons.
VALUE_REASONS = [
    (re.compile(r"valid integer|is not a valid int", re.I), lambda m: "un nombre entier est attendu"),
    (re.compile(r"valid number|is not a valid float", re.I), lambda m: "un nombre est attendu"),
    (re.compile(r"greater than or equal to (\S+?)\.?$", re.I), lambda m: f"la valeur doit être au moins {m[1]}"),
    (re.compile(r"less than or equal to (\S+?)\.?$", re.I), lambda m: f"la valeur doit être au plus {m[1]}"),
    (re.compile(r"greater than (\S+?)\.?$", re.I), lambda m: f"la valeur doit dépasser {m[1]}"),
    (re.compile(r"less than (\S+?)\.?$", re.I), lambda m: f"la valeur doit être inférieure à {m[1]}"),
    (re.compile(r"is not in the range (.+?)\.?$", re.I), lambda m: f"la valeur doit être dans l'intervalle {m[1]}"),
    (re.compile(r"(?:is not one of|should be) (.+?)\.?$", re.I), lambda m: f"choisissez parmi {m[1]}"),
]
NO_SUCH_COMMAND = re.compile(r"^No such command '(?P<name>.*?)'\.?(?: Did you mean (?P<close>.+)\?)?$", re.S)
EXTRA_ARGUMENTS = re.compile(r"unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)", re.S)


def install() -> None:
    """Set Typer's Rich titles in French (idempotent)."""
    from typer import rich_utils

    for constant, text in TYPER_TEXTS.items():
        if hasattr(rich_utils, constant):
            setattr(rich_utils, constant, text)


def _kinds(error: BaseException) -> set[str]:
    """The names of the error's classes: Typer's vendored Click and Click itself name them alike."""
    return {cls.__name__ for cls in type(error).__mro__}


def _quoted(text: str) -> str:
    return f"« {text.strip(chr(39) + chr(34))} »"


def _hint(error: Any) -> str:
    """The parameter a usage error is about, as the user typed it (--limit, QUERY)."""
    hint = getattr(error, "param_hint", None)
    param = getattr(error, "param", None)
    if hint is None and param is not None:
        try:
            hint = param.get_error_hint()
        except TypeError:  # Click's own signature takes the context
            hint = param.get_error_hint(getattr(error, "ctx", None))
    if hint is None:
        return ""
    return " / ".join(_quoted(h) for h in ([hint] if isinstance(hint, str) else hint))


def _reason(message: str) -> str:
    for pattern, reason in VALUE_REASONS:
        found = pattern.search(message)
        if found:
            return reason(found)
    return "valeur refusée"


def french_error(error: Any) -> str:
    """One French sentence for a usage error, from its type and attributes."""
    kinds = _kinds(error)
    message = str(getattr(error, "message", "") or "")
    if "MissingParameter" in kinds:
        param = getattr(error, "param", None)
        kind = getattr(error, "param_type", None) or getattr(param, "param_type_name", "parameter")
        what = {"argument": "l'argument", "option": "l'option"}.get(kind, "le paramètre")
        return f"Il manque {what} {_hint(error)}.".replace("  ", " ")
    if "NoSuchOption" in kinds:
        close = sorted(getattr(error, "possibilities", None) or [])
        suggestion = f" Vouliez-vous dire {', '.join(close)} ?" if close else ""
        return f"Option inconnue : {_quoted(error.option_name)}.{suggestion}"
    if "BadOptionUsage" in kinds:
        option = _quoted(getattr(error, "option_name", "") or "")
        if "requires" in message:
            return f"L'option {option} attend une valeur."
        if "does not take a value" in message:
            return f"L'option {option} ne prend pas de valeur."
        return f"L'option {option} est mal employée."
    if "BadParameter" in kinds:
        where = _hint(error)
        return f"Valeur invalide{' pour ' + where if where else ''} : {_reason(message)}."
    if "NoArgsIsHelpError" not in kinds and "UsageError" in kinds:
        found = NO_SUCH_COMMAND.match(message)
        if found:
            close = found["close"]
            suggestion = f" Vouliez-vous dire {', '.join(_quoted(c) for c in close.split(', '))} ?" if close else ""
            return f"Commande inconnue : {_quoted(found['name'])}.{suggestion}"
        found = EXTRA_ARGUMENTS.search(message)
        if found:
            return f"Argument en trop : {found['args']}."
        if message.startswith("Missing command"):
            return "Commande manquante."
        return "Commande mal formée."
    return f"Erreur : {message}" if message else "Erreur."


def _show(error: Any) -> None:
    """Usage, the sentence, and where to find help, on stderr (Click's layout, in French)."""
    ctx = getattr(error, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
    lines.append(f"Erreur : {french_error(error)}" if "UsageError" in _kinds(error) else french_error(error))
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        lines.append(f"Essayez « {ctx.command_path} {ctx.help_option_names[0]} » pour l'aide.")
    print("\n".join(lines), file=sys.stderr)


class FrenchHelp:
    """Usage and the help option's text in French, for the group and every command."""

    def get_usage(self, ctx: Any) -> str:
        return super().get_usage(ctx).replace("Usage:", "Utilisation :", 1)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option


class FrenchCommand(FrenchHelp, TyperCommand):
    pass


class FrenchGroup(FrenchHelp, TyperGroup):
    """Runs the command and answers a user's mistake with a French sentence and Click's exit code."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except Exception as error:
            kinds = _kinds(error)
            if "Abort" in kinds:
                print("Interrompu.", file=sys.stderr)
                sys.exit(1)
            if "NoArgsIsHelpError" in kinds:  # the help was printed: `ted` alone
                sys.exit(getattr(error, "exit_code", 2))
            if "ClickException" not in kinds:
                raise
            _show(error)
            sys.exit(getattr(error, "exit_code", 1))
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


__all__ = ["FrenchCommand", "FrenchGroup", "french_error", "install"]
