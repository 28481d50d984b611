"""Options shared by the commands that write files (`--csv`)."""

from __future__ import annotations

from enum import StrEnum

import typer

from perfml.outputs import CSV_OPTION_HELP


class CsvChoice(StrEnum):
    """The CSV dialects a user can choose (see `perfml.outputs`)."""

    excel = "excel"
    standard = "standard"


def csv_option():
    """The `--csv excel|standard` option (default: excel, for a French Excel)."""
    return typer.Option(CsvChoice.excel, "--csv", help=CSV_OPTION_HELP, case_sensitive=False)
