"""The progress bars of a load: one per table, silent when disabled."""

from rich.console import Console

from perfml.loading.progress import LoadProgress


def test_each_table_gets_a_bar_showing_its_last_step():
    console = Console(record=True, width=100)
    with LoadProgress(["jeunes", "offres"], enabled=True, console=console) as progress:
        progress.advance("jeunes", "écrit")
    text = console.export_text()
    assert "jeunes" in text
    assert "offres" in text
    assert "écrit" in text


def test_a_disabled_progress_prints_nothing():
    console = Console(record=True, width=100)
    with LoadProgress(["jeunes"], enabled=False, console=console) as progress:
        progress.advance("jeunes", "lu")
    assert console.export_text() == ""
