"""Benchmark of the box-plot reports: one A4 PDF per ML of the national extract.

Runs what `perfml rapports --annee N` does for the extract's last year: the year's
values (compute_indicators, as of the consolidation date), the groups (built into the
run's private copy of the warehouse when it has none), the distributions and proposals,
then the ~440 pages with a pool of 2 processes.
"""

from __future__ import annotations

from bench.context import BenchContext


def last_year(warehouse) -> int:
    """The last year of the extract's `contexte` table."""
    from perfml.warehouse import connect

    con = connect(warehouse)
    try:
        return int(con.sql("SELECT max(annee) AS annee FROM contexte").execute()["annee"][0])
    finally:
        con.disconnect()


def write_all_reports(context: BenchContext) -> None:
    """Write the PDF report of every ML of the national extract's last year."""
    from perfml.reports.campaign import load_campaign
    from perfml.reports.pdf import write_reports

    campaign = load_campaign(context.warehouse, last_year(context.warehouse))
    write_reports(campaign, context.work_dir / "rapports")


BENCHMARKS = [("rapports PDF de toutes les missions locales (448)", write_all_reports)]
