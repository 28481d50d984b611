"""Benchmark of the exhaustive dashboard: national + every region of the national extract.

As `perfml tableau-de-bord --tout` does: every ML's activity is computed once with
grouped queries (regions and the nation are sums of it), the 10 indicators once per
period (the semester and the previous one), then one workbook per level is written.
"""

from __future__ import annotations

from bench.context import BenchContext


def every_dashboard(context: BenchContext) -> None:
    """Write the national dashboard and one per region for the last complete semester."""
    from perfml.dashboard import compute_figures, write_every_dashboard
    from perfml.indicators import Period
    from perfml.warehouse import connect, extract_date

    con = connect(context.warehouse)
    extracted = extract_date(con)
    # The last first semester whose consolidation date (1 September) the extract reaches.
    year = extracted.year if extracted.month >= 9 else extracted.year - 1
    figures = compute_figures(con, Period.semester(year, 1))
    write_every_dashboard(figures, context.work_dir / "tableaux_de_bord")


BENCHMARKS = [("tableau de bord exhaustif national + régions", every_dashboard)]
