"""The Rich progress bars of a load: one bar per table (read, checked, written)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import Progress, TaskID

from perfml.progress import progress_bar

STEPS = ("lu", "contrôlé", "écrit")


class LoadProgress:
    """One progress bar per table; does nothing when disabled."""

    def __init__(self, tables: list[str], enabled: bool, console: Console | None = None) -> None:
        self.tables = tables
        self.enabled = enabled
        self.console = console
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> LoadProgress:
        if self.enabled:
            self._progress = progress_bar(step=True, console=self.console)
            self._progress.start()
            for table in self.tables:
                self._tasks[table] = self._progress.add_task(
                    table, total=len(STEPS), step="en attente"
                )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def advance(self, table: str, step: str) -> None:
        """Mark `step` (one of STEPS) done for `table`."""
        if self._progress is not None and table in self._tasks:
            self._progress.update(self._tasks[table], completed=STEPS.index(step) + 1, step=step)
