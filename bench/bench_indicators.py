"""Benchmark of the 10 national indicators on the national extract.

One job, as a monthly monitoring run does it: the 10 indicators of the last complete
year as of its official date (1 March of the next year), then the 12 monthly values over
12 rolling months of that year, at the three levels (ML, region, nation), on DuckDB.
"""

from __future__ import annotations

import datetime as dt

from bench.context import BenchContext


def last_complete_year(extract_date: dt.date) -> int:
    """The last calendar year that ends on or before the extract date."""
    return (
        extract_date.year
        if (extract_date.month, extract_date.day) == (12, 31)
        else extract_date.year - 1
    )


def year_and_twelve_months(context: BenchContext) -> None:
    """Compute the year's indicators and its 12 monthly rolling values, at 3 levels."""
    from perfml.indicators import Period, compute_indicators, monthly_series, official_as_of
    from perfml.warehouse import connect, extract_date

    con = connect(context.warehouse)
    year = last_complete_year(extract_date(con) or dt.date.today())
    period = Period.year(year)
    yearly = compute_indicators(con, period, as_of=official_as_of(period))
    monthly = monthly_series(con, f"{year}-01", f"{year}-12")
    assert len(yearly) and len(monthly)
    con.disconnect()


BENCHMARKS = [("10 indicateurs + 12 mois glissants, 3 niveaux", year_and_twelve_months)]
