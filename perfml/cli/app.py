"""The Typer application shared by every command module, and its French messages."""

from pathlib import Path

import typer
from rich.console import Console

from perfml.cli import _french
from perfml.errors import UserError

_french.install()

app = typer.Typer(
    name="perfml",
    help=(
        "perfml : indicateurs, groupes homogènes, cibles et allocation des missions locales "
        "(instruction DGEFP du 16 mai 2019)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    """Print a French error message and stop with `code`."""
    err_console.print(f"[bold red]Erreur :[/] {message}")
    raise typer.Exit(code)


__all__ = ["UserError", "app", "console", "err_console", "fail"]

DEFAULT_WAREHOUSE = Path("var/entrepot.duckdb")
