"""Options shared by the commands that write files (`--csv`)."""

from __future__ import annotations

import typer

from perfml.errors import UserError
from perfml.outputs import CSV_OPTION_HELP, DEFAULT_DIALECT, csv_dialect


def _check_dialect(value: str) -> str:
    """Check the dialect before any computation; a French message when it is unknown."""
    try:
        return csv_dialect(value).name
    except UserError as error:
        raise typer.BadParameter(str(error)) from None


def csv_option():
    """The `--csv excel|standard` option (default: excel, for a French Excel)."""
    return typer.Option(
        DEFAULT_DIALECT.name,
        "--csv",
        metavar="excel|standard",
        help=CSV_OPTION_HELP,
        callback=_check_dialect,
    )
