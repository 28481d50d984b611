"""Where progress bars and spinners are drawn: stderr, silenced by `perfml --quiet`.

Results go to stdout and can be redirected or piped; progress is for the person
watching, so every bar of perfml (core or command line) draws on the console returned
by `progress_console()`.
"""

from __future__ import annotations

from rich.console import Console

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
