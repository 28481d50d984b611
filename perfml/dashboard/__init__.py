"""The exhaustive dashboard (Annexe 2, § 3.2): activity, context and the 10 indicators of
the nation, a region or an ML, with the previous period, twice a year.

`compute_figures(con, period, as_of=None)` computes every level at once;
`write_dashboard(figures, level, path, diffusion)` writes one level's workbook and
`write_every_dashboard(figures, out_dir)` the national one and one per region.
"""

from perfml.dashboard.figures import (
    DashboardFigures,
    compute_figures,
    parse_period,
    period_code,
    previous_period,
)
from perfml.dashboard.levels import Level, parse_level
from perfml.dashboard.sheets import dashboard_file_name, write_dashboard, write_every_dashboard

__all__ = [
    "DashboardFigures",
    "Level",
    "compute_figures",
    "dashboard_file_name",
    "parse_level",
    "parse_period",
    "period_code",
    "previous_period",
    "write_dashboard",
    "write_every_dashboard",
]
