"""The 10 national indicators of the DGEFP instruction of 16 May 2019.

`compute_indicators(con, period, as_of=None)` computes them for every ML, region and the
nation on any Ibis backend holding the contract's tables (DuckDB, PostgreSQL, PySpark);
`monthly_series` gives the 12-rolling-month values at each month end; `CATALOGUE` holds
their labels, themes, units and directions; `indicator_sql` shows the SQL one runs.
"""

from perfml.indicators.catalogue import CATALOGUE, THEMES, Indicator, Theme, indicator
from perfml.indicators.engine import LEVELS, compute_indicators, indicator_sql
from perfml.indicators.periods import Period, add_months, official_as_of
from perfml.indicators.series import monthly_series

__all__ = [
    "CATALOGUE",
    "LEVELS",
    "THEMES",
    "Indicator",
    "Period",
    "Theme",
    "add_months",
    "compute_indicators",
    "indicator",
    "indicator_sql",
    "monthly_series",
    "official_as_of",
]
