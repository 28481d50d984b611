"""The `perfml` command: one sub-command per module of this package.

Each module of `perfml.cli` registers its own commands on `app` (import it from
`perfml.cli.app`); heavy imports stay inside the command functions so that
`perfml --help` answers at once.
"""

import importlib
import pkgutil

from rich.markup import escape

from perfml.cli.app import UserError, app, err_console


def _register_commands() -> None:
    for module in pkgutil.iter_modules(__path__):
        if module.name != "app" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_register_commands()


def main() -> None:
    """Run the command line; a `UserError` ends it with its French message, no traceback."""
    try:
        app()
    except UserError as error:
        # escape: a message naming a section such as [regions.84] is not Rich markup.
        err_console.print(f"[bold red]Erreur :[/] {escape(str(error))}")
        raise SystemExit(1) from None
