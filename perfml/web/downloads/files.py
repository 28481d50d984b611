"""The files users download, produced by the core API and kept once made.

The PDF of an ML is the reports' own page (`perfml.reports.pdf`), drawn from the
snapshot's campaign; the dashboard workbooks are `perfml.dashboard`'s. Both are made on
first demand and kept in the cache folder under the warehouse version's key.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from perfml.web.figures.inline import DRAWING_LOCK
from perfml.web.figures.snapshot import Snapshot
from perfml.web.figures.store import derived


def _cached(snapshot: Snapshot, name: str, make: Callable[[Path], Path]) -> bytes:
    """The bytes of file `name` for this snapshot, made by `make(folder)` the first time."""
    digest = hashlib.sha256(snapshot.key.encode()).hexdigest()[:16]
    folder = Path(settings.PERFML_CACHE_DIR) / f"fichiers-{digest}"
    path = folder / name
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as scratch:
            made = make(Path(scratch))
            made.replace(path)  # atomic: a half-written file is never served
    return path.read_bytes()


def ml_report_pdf(snapshot: Snapshot, code_ml: str) -> tuple[str, bytes]:
    """The ML's PDF report (the box plots page of the instruction): file name and bytes."""
    from perfml.reports.pdf import report_path, write_reports

    name = report_path(Path(), snapshot.year, code_ml).name

    def make(folder: Path) -> Path:
        with DRAWING_LOCK:
            return write_reports(snapshot.campaign, folder, codes=[code_ml], workers=1)[0]

    return name, _cached(snapshot, name, make)


def dashboard_figures(snapshot: Snapshot):
    """The exhaustive dashboard's figures of the year (computed on first use)."""

    def compute(con, snap):
        from perfml.dashboard.figures import compute_figures
        from perfml.indicators import Period

        return compute_figures(con, Period.year(snap.year))

    return derived(snapshot, "tableau_de_bord", compute)


def dashboard_xlsx(snapshot: Snapshot, kind: str, code: str | None) -> tuple[str, bytes]:
    """The dashboard workbook of the nation, a region or an ML: file name and bytes."""
    from perfml.dashboard.levels import Level
    from perfml.dashboard.sheets import dashboard_file_name, write_dashboard

    figures = dashboard_figures(snapshot)
    level = Level(kind, code)
    name = dashboard_file_name(figures, level)
    return name, _cached(
        snapshot, name, lambda folder: write_dashboard(figures, level, folder / name)
    )
