"""The `perfml` command: one sub-command per module of this package.

Each module of `perfml.cli` registers its own commands on `app` (import it from
`perfml.cli.app`); heavy imports stay inside the command functions so that
`perfml --help` answers at once.
"""

import importlib
import pkgutil

from perfml.cli import _catalogue

# Typer evaluates its translatable strings when imported: the French catalogue first.
_catalogue.install()

from perfml.cli._french import error_text  # noqa: E402
from perfml.cli.app import UserError, app, err_console  # noqa: E402


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
        err_console.print(error_text(error))
        # Stopped by a signal: the shell's usual status (130 for Ctrl-C, 143 for SIGTERM).
        signum = getattr(error, "signum", None)
        raise SystemExit(128 + signum if signum else 1) from None
