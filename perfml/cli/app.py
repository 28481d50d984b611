"""The Typer application shared by every command module, and how it speaks.

Results go to stdout (`console`, silenced by `--quiet`), warnings and errors to stderr
(`warn`, `fail`). Neither console reads Rich markup: a message is printed as written,
so a folder called `data[red]x` or a config key `[regions.93]` reaches the user intact;
styles are given as arguments, never inside the text.
"""

from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from perfml.cli._french import FrenchCommand, FrenchGroup, error_text
from perfml.errors import UserError
from perfml.progress import set_quiet


class FrenchTyper(typer.Typer):
    """A Typer application whose groups and commands speak French (`cls=` hook)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cls", FrenchGroup)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("rich_markup_mode", "rich")
        super().__init__(**kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", FrenchCommand)
        return super().command(*args, **kwargs)


app = FrenchTyper(
    name="perfml",
    help=(
        "perfml : indicateurs, groupes homogènes, cibles et allocation des missions locales "
        "(instruction DGEFP du 16 mai 2019)."
    ),
    no_args_is_help=True,
)

console = Console(markup=False, highlight=False)
err_console = Console(stderr=True, markup=False, highlight=False)


def perfml_version() -> str:
    """Return the installed version of perfml."""
    # Imported here: importlib.metadata costs a tenth of a second at every start.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("perfml")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "inconnue"


def _show_version(value: bool) -> None:
    if value:
        console.print(f"perfml {perfml_version()}")
        raise typer.Exit()


@app.callback()
def options(
    _version: bool = typer.Option(
        False,
        "--version",
        is_eager=True,
        callback=_show_version,
        help="Affiche la version de perfml et quitte.",
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        help="N'affiche que les avertissements et les erreurs (sur la sortie d'erreur).",
    ),
) -> None:
    """perfml : indicateurs, groupes homogènes, cibles et allocation des missions locales."""
    console.quiet = quiet
    set_quiet(quiet)


def say(message: str, style: str | None = None) -> None:
    """Print a result or progress message on stdout (nothing with `--quiet`)."""
    console.print(Text(message, style=style or ""))


def warn(message: str) -> None:
    """Print a warning on stderr, prefixed with « Attention : »."""
    err_console.print(Text.assemble(("Attention : ", "bold yellow"), message))


def fail(message: str, code: int = 1) -> None:
    """Print a French error message on stderr and stop with `code`."""
    err_console.print(error_text(message))
    raise typer.Exit(code)


__all__ = ["UserError", "app", "console", "err_console", "fail", "say", "warn"]

DEFAULT_WAREHOUSE = Path("var/entrepot.duckdb")
