"""Where progress bars and spinners are drawn: stderr, silenced by `perfml --quiet`.

Results go to stdout and can be redirected or piped; progress is for the person
watching, so every bar of perfml (core or command line) draws on the console returned
by `progress_console()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

_quiet = False


def set_quiet(quiet: bool) -> None:
    """Silence (or restore) every progress bar of this process."""
    global _quiet
    _quiet = quiet


def is_quiet() -> bool:
    """Tell whether progress bars are silenced (`perfml --quiet`)."""
    return _quiet


def progress_console() -> Console:
    """Return the console progress bars draw on: stderr, quiet when asked."""
    return Console(stderr=True, quiet=_quiet, markup=False, highlight=False)


def progress_bar(
    *,
    counted: bool = False,
    step: bool = False,
    spinner: bool = False,
    transient: bool = False,
    console: Console | None = None,
) -> Progress:
    """Return a progress bar on the progress console: description, bar, elapsed time.

    `counted` adds « 12/448 », `step` the task's `step` field, `spinner` a spinner in
    front. Descriptions are plain text: a name with brackets is never read as Rich markup,
    and the console's `markup=False` cannot print a style tag literally.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [
        *([SpinnerColumn()] if spinner else []),
        TextColumn("{task.description}", markup=False, style="progress.description"),
        BarColumn(),
        *([MofNCompleteColumn()] if counted else []),
        *([TextColumn("{task.fields[step]}", markup=False)] if step else []),
        TimeElapsedColumn(),
    ]
    return Progress(*columns, console=console or progress_console(), transient=transient)
