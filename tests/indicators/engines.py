"""What the cross-engine tests share: the same cases and calendar checks on any backend."""

from __future__ import annotations

import datetime as dt

import ibis
import pandas as pd

from indicators.cases import merged_by_run
from perfml.indicators import Period, add_months, compute_indicators, monthly_series
from perfml.indicators.backends import memory_backend
from perfml.indicators.definitions import months_later

# Month ends, leap days and their neighbours, 2023–2025.
DATES = sorted(
    {dt.date(y, m, d) for y in (2023, 2024, 2025) for m in range(1, 13) for d in (1, 28)}
    | {
        add_months(dt.date(y, m, 1), 1) - dt.timedelta(days=1)
        for y in (2023, 2024)
        for m in range(1, 13)
    }
    | {dt.date(2024, 2, 29), dt.date(2024, 3, 30), dt.date(2024, 3, 31), dt.date(2023, 1, 31)}
)
SHIFTS = (1, 3, 12, -3, -12)


def calendar_frame(con: ibis.BaseBackend) -> pd.DataFrame:
    """`d + n months` (and `d + 12 months − 1 day`) computed by `con` for every date of
    DATES, from a table `dates` that must exist on `con`."""
    t = con.table("dates")
    columns = {f"plus_{n}".replace("-", "moins_"): months_later(t.d, n) for n in SHIFTS}
    columns["terme_gj"] = months_later(t.d, 12) - ibis.interval(days=1)
    frame = con.execute(t.select("d", **{k: v.cast("date") for k, v in columns.items()}))
    return frame.sort_values("d").reset_index(drop=True).map(_as_date)


def expected_calendar() -> pd.DataFrame:
    """The same figures computed in Python (`add_months`)."""
    rows = []
    for d in DATES:
        row = {"d": d}
        for n in SHIFTS:
            row[f"plus_{n}".replace("-", "moins_")] = add_months(d, n)
        row["terme_gj"] = add_months(d, 12) - dt.timedelta(days=1)
        rows.append(row)
    return pd.DataFrame(rows)


def _as_date(value):
    return value.date() if isinstance(value, pd.Timestamp) else value


def dates_backend() -> ibis.BaseBackend:
    """An in-memory DuckDB holding the table `dates` (column `d`)."""
    con = ibis.duckdb.connect()
    con.create_table("dates", ibis.memtable(pd.DataFrame({"d": DATES}), schema={"d": "date"}))
    return con


def runs() -> list[tuple[str, Period, dt.date | None, dict]]:
    """The hand-made extracts merged by (period, as-of date). Pooling is plain pandas on
    the ML rows, so equal ML rows on two engines mean equal pooled rows."""
    return [
        (f"{period.label} au {as_of}", period, as_of, rows)
        for (period, as_of), rows in merged_by_run().items()
    ]


def reference(rows: dict, period: Period, as_of: dt.date | None) -> pd.DataFrame:
    """The DuckDB result of a run, which the other engines must equal exactly."""
    return compute_indicators(memory_backend(rows), period, as_of=as_of)


def reference_series(rows: dict, as_of: dt.date | None = None) -> pd.DataFrame:
    """The DuckDB monthly series of 2024 for a run (as known on `as_of`)."""
    return monthly_series(memory_backend(rows), "2024-01", "2024-12", as_of=as_of)
