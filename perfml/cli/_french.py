"""French wording for what Typer and its bundled Click print by themselves.

Typer's `gettext` strings are French through our catalogue (`perfml.cli._catalogue`).
The rest (usage line, help option, type placeholders, parse errors) comes from Click's
classes, which Typer lets an application replace through its public `cls=` hook:
`FrenchCommand` and `FrenchGroup` give the French usage line, help option and
placeholders, and `FrenchGroup.main` renders every usage error in French from the
exception's own fields, whatever English text Click or Pydantic put in it.
"""

from __future__ import annotations

import re
import sys
from difflib import get_close_matches
from typing import Any

from rich.console import Console
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

USAGE_PREFIX = "Utilisation : "
HELP_TEXT = "Affiche cette aide et quitte."


# --- the French command classes ------------------------------------------------------

METAVARS = {
    "<int>": "<entier>",
    "<float>": "<nombre>",
    "<str>": "<texte>",
    "<text>": "<texte>",
    "<path>": "<chemin>",
    "<file>": "<fichier>",
    "<directory>": "<dossier>",
    "<bool>": "",
    "<datetime>": "<date>",
}


def _frenchify_params(command: Any) -> None:
    """Give every parameter a French type placeholder in the help (`<entier>`…)."""
    for param in command.params:
        if param.metavar is not None or not hasattr(param, "display_type"):
            continue
        shown = param.display_type(None) if _is_plain(param) else None
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif shown in METAVARS:
            param.metavar = METAVARS[shown]


def _is_plain(param: Any) -> bool:
    descriptor = getattr(param, "type_descriptor", None)
    return descriptor is not None and not getattr(descriptor, "is_choice", False)


class _FrenchHelp:
    """French usage line, help option and type placeholders, for a command or a group."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _frenchify_params(self)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx: Any) -> Any:
        help_option = super().get_help_option(ctx)
        if help_option is not None:
            help_option.help = HELP_TEXT
            help_option.metavar = ""
        return help_option


class FrenchCommand(_FrenchHelp, TyperCommand):
    """A Typer command whose usage line, help option and placeholders are French."""


class FrenchGroup(_FrenchHelp, TyperGroup):
    """A Typer group in French: usage line, help option, and every usage error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["subcommand_metavar"] = kwargs.get("subcommand_metavar") or (
            "COMMANDE [ARGUMENTS]..."
        )
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if (
            name
            and not name.startswith("-")
            and self.get_command(ctx, name) is None
            and not ctx.resilient_parsing
        ):
            message = f"Commande inconnue : « {name} »."
            matches = get_close_matches(name, list(self.commands))
            if matches:
                message += f" Vouliez-vous dire {', '.join(matches)} ?"
            ctx.fail(message)
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except Exception as error:
            if type(error).__name__ == "Abort":
                _print_error("Interrompu.")
                sys.exit(1)
            if not _is_click_exception(error):
                raise
            show_usage_error(error)
            sys.exit(error.exit_code)
        # In non-standalone mode Click returns the code of a `typer.Exit` it met.
        sys.exit(result if isinstance(result, int) else 0)


def _is_click_exception(error: BaseException) -> bool:
    return any(kind.__name__ == "ClickException" for kind in type(error).__mro__)


# --- usage errors rendered in French -------------------------------------------------

PYDANTIC_ERRORS = {
    "int_parsing": "un nombre entier est attendu",
    "int_from_float": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu (par exemple 12.5)",
    "bool_parsing": "oui ou non est attendu",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "datetime_from_date_parsing": "une date AAAA-MM-JJ est attendue",
    "enum": "valeur non prévue",
    "literal_error": "valeur non prévue",
    "string_too_long": "texte trop long",
}

PATH_MESSAGES = (
    (re.compile(r"^\w+ (?P<path>'.*') does not exist\.$", re.S), "{path} n'existe pas."),
    (re.compile(r"^\w+ (?P<path>'.*') is a file\.$", re.S), "{path} est un fichier."),
    (re.compile(r"^\w+ (?P<path>'.*') is a directory\.$", re.S), "{path} est un dossier."),
    (re.compile(r"^\w+ (?P<path>'.*') is not readable\.$", re.S), "{path} n'est pas lisible."),
    (
        re.compile(r"^\w+ (?P<path>'.*') is not writable\.$", re.S),
        "{path} n'est pas accessible en écriture.",
    ),
    (
        re.compile(r"^Value (?P<value>.*) is not a valid (?P<kind>\w+)\.$", re.S),
        "{value} n'est pas une valeur valide.",
    ),
)


def _hint(error: Any) -> str | None:
    if getattr(error, "param_hint", None) is not None:
        hint = error.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    if getattr(error, "param", None) is not None:
        return error.param.get_error_hint()
    return None


def _bad_value(error: Any) -> str:
    cause = error.__cause__
    if cause is not None and hasattr(cause, "errors"):
        errors = cause.errors()
        if errors:
            first = errors[0]
            reason = PYDANTIC_ERRORS.get(first.get("type", ""), "valeur non reconnue")
            expected = (first.get("ctx") or {}).get("expected")
            if expected:
                reason += f" (attendu : {expected})"
            received = first.get("input")
            if isinstance(received, str):
                reason += f" ; reçu « {received} »"
            return reason
    message = str(getattr(error, "message", error))
    for pattern, french in PATH_MESSAGES:
        match = pattern.match(message)
        if match:
            return french.format(**match.groupdict())
    return message


def french_usage_message(error: Any) -> str:
    """Return the French text of a Click usage error, from its fields."""
    kinds = {kind.__name__ for kind in type(error).__mro__}
    if "NoSuchOption" in kinds:
        message = f"Option inconnue : {error.option_name}."
        if error.possibilities:
            message += f" Vouliez-vous dire {', '.join(sorted(error.possibilities))} ?"
        return message
    if "MissingParameter" in kinds:
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        what = {"option": "l'option", "argument": "l'argument"}.get(kind, "le paramètre")
        hint = _hint(error)
        return f"Il manque {what} {hint}." if hint else f"Il manque {what}."
    if "BadParameter" in kinds:
        hint = _hint(error)
        reason = _bad_value(error)
        return f"Valeur invalide pour {hint} : {reason}" if hint else f"Valeur invalide : {reason}"
    if "BadOptionUsage" in kinds:
        message = str(error.message)
        if "requires" in message:
            return f"L'option {error.option_name} attend une valeur."
        if "does not take a value" in message:
            return f"L'option {error.option_name} ne prend pas de valeur."
        return message
    message = str(getattr(error, "message", error))
    extra = re.match(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$", message)
    if extra:
        return f"Argument en trop : {extra['args']}."
    if message == "Missing command.":
        return "Il manque la commande."
    return message


def error_text(message: object) -> Text:
    """Return an error line as every error of perfml is printed: « Erreur : » in red, then
    the message as written (never read as Rich markup)."""
    return Text.assemble(("Erreur : ", "bold red"), str(message))


def _print_error(message: str) -> None:
    Console(stderr=True).print(error_text(message))


def show_usage_error(error: Any) -> None:
    """Print a usage error in French on stderr: the usage line, a hint, the message."""
    kinds = {kind.__name__ for kind in type(error).__mro__}
    if "NoArgsIsHelpError" in kinds:  # the help was printed when the error was made
        return
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        console.print(Text(ctx.get_usage()))
        if ctx.command.get_help_option(ctx) is not None:
            console.print(
                Text(f"Essayez « {ctx.command_path} {ctx.help_option_names[0]} » pour l'aide.")
            )
    text = french_usage_message(error) if "UsageError" in kinds else error.format_message()
    console.print(error_text(text))
