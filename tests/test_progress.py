"""The one progress-bar factory: what a person watching the terminal reads."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from perfml.progress import progress_bar


def _drawn(description: str, **options) -> str:
    out = io.StringIO()
    console = Console(file=out, markup=False, highlight=False, width=100, force_terminal=True)
    with progress_bar(console=console, **options) as bar:
        task = bar.add_task(description, total=3, step="lu")
        bar.advance(task)
    return out.getvalue()


@pytest.mark.parametrize(
    "options", [{}, {"counted": True}, {"step": True}, {"spinner": True}], ids=str
)
def test_progress_bar_never_prints_a_style_tag(options):
    assert "[progress" not in _drawn("Rapports PDF", **options)


def test_progress_bar_prints_brackets_of_a_description_as_they_are():
    assert "Mission locale [Nord] [bold]" in _drawn("Mission locale [Nord] [bold]")


def test_progress_bar_counted_shows_done_over_total():
    assert "1/3" in _drawn("Missions locales", counted=True)
