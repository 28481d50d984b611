"""French wording for what Typer and its bundled Click print by themselves.

Typer ships English strings (help option, panel titles, usage errors) with no
translation catalogue; a DREETS officer reads only French, so we replace them once,
before the application is built.
"""

from __future__ import annotations

from typer import rich_utils
from typer._click import decorators, exceptions, formatting

PANEL_STRINGS = {
    "DEPRECATED_STRING": "(obsolète) ",
    "DEFAULT_STRING": "[par défaut : {}]",
    "ENVVAR_STRING": "[variable d'environnement : {}]",
    "REQUIRED_LONG_STRING": "[obligatoire]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commandes",
    "ERRORS_PANEL_TITLE": "Erreur",
    "ABORTED_TEXT": "Interrompu.",
    "RICH_HELP": "Essayez [blue]« {command_path} {help_option} »[/] pour l'aide.",
}
PARAM_TYPES = {"option": "l'option", "argument": "l'argument", "parameter": "le paramètre"}


def _hint(error: exceptions.BadParameter) -> str | None:
    if error.param_hint is not None:
        hint = error.param_hint
    elif error.param is not None:
        hint = error.param.get_error_hint()
    else:
        return None
    return exceptions._join_param_hints(hint)


def _bad_parameter_message(self: exceptions.BadParameter) -> str:
    hint = _hint(self)
    if hint is None:
        return f"Valeur invalide : {self.message}"
    return f"Valeur invalide pour {hint} : {self.message}"


def _missing_parameter_message(self: exceptions.MissingParameter) -> str:
    hint = _hint(self)
    kind = self.param_type or (self.param.param_type_name if self.param else "parameter")
    what = PARAM_TYPES.get(kind, kind)
    return f"Il manque {what} {hint}." if hint else f"Il manque {what}."


def _no_such_option_init(self, option_name, message=None, possibilities=None, ctx=None):
    exceptions.UsageError.__init__(self, message or f"Option inconnue : {option_name}", ctx)
    self.option_name = option_name
    self.possibilities = possibilities


def _no_such_option_message(self: exceptions.NoSuchOption) -> str:
    if not self.possibilities:
        return self.message
    return f"{self.message} Vouliez-vous dire {', '.join(sorted(self.possibilities))} ?"


_english_help_option = decorators.help_option
_english_write_usage = formatting.HelpFormatter.write_usage
USAGE_PREFIX = "Utilisation : "


def _write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
    _english_write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)


def _help_option(param_decls):
    decorator = _english_help_option(param_decls)

    def apply(command):
        command = decorator(command)
        command.params[-1].help = "Affiche cette aide et quitte."
        return command

    return apply


def install() -> None:
    """Replace Typer's English strings by French ones (idempotent)."""
    for name, text in PANEL_STRINGS.items():
        setattr(rich_utils, name, text)
    exceptions.BadParameter.format_message = _bad_parameter_message
    exceptions.MissingParameter.format_message = _missing_parameter_message
    exceptions.NoSuchOption.__init__ = _no_such_option_init
    exceptions.NoSuchOption.format_message = _no_such_option_message
    decorators.help_option = _help_option
    formatting.HelpFormatter.write_usage = _write_usage
    usage_pattern = rf"(?P<usage>{USAGE_PREFIX})"
    if usage_pattern not in rich_utils.OptionHighlighter.highlights:
        rich_utils.OptionHighlighter.highlights = [
            *rich_utils.OptionHighlighter.highlights,
            usage_pattern,
        ]
