"""Monthly monitoring: at each month end, the value over the 12 rolling months.

All the months of a series run in one query per indicator (the rows are joined against
a small table of windows), not one computation per month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

import ibis
import pandas as pd

from perfml.errors import UserError
from perfml.indicators.catalogue import NUMBERS
from perfml.indicators.engine import (
    LEVELS,
    Progress,
    compute_indicators_each,
    compute_ml,
    pool,
    read_structures,
)
from perfml.indicators.periods import (
    Period,
    coverage_warning,
    month_end,
    month_index,
    recorded_extract_date,
)
from perfml.indicators.windows import MonthlyWindows

MonthLike = dt.date | str | tuple[int, int]


def parse_month(value: MonthLike) -> dt.date:
    """Return the first day of the month given as a date, `YYYY-MM` or (year, month)."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    if isinstance(value, tuple):
        year, month = value
    else:
        match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(value))
        if not match:
            raise UserError(
                f"Mois illisible : « {value} ». Écrivez-le AAAA-MM, par exemple 2024-03."
            )
        year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise UserError(f"Mois illisible : « {value} » (le mois va de 01 à 12).")
    return dt.date(year, month, 1)


def month_starts(start: MonthLike, end: MonthLike) -> list[dt.date]:
    """Return the first day of every month from `start` to `end`, both included."""
    first, last = parse_month(start), parse_month(end)
    if first > last:
        raise UserError(f"Le premier mois ({first:%Y-%m}) est après le dernier ({last:%Y-%m}).")
    return [
        dt.date(index // 12, index % 12 + 1, 1)
        for index in range(month_index(first), month_index(last) + 1)
    ]


def monthly_coverage(
    con: ibis.BaseBackend,
    start_month: MonthLike,
    end_month: MonthLike,
    as_of: dt.date | None = None,
) -> tuple[list[dt.date], str | None]:
    """Refuse a month the extract does not cover; return the months not over when the data
    is known (first days) and the one « provisoire » warning naming them (None if none)."""
    months = month_starts(start_month, end_month)
    known = recorded_extract_date(con)
    provisional = [
        m for m in months if coverage_warning(Period.month(m.year, m.month), known, as_of)
    ]
    if not provisional:
        return [], None
    first, last = provisional[0], provisional[-1]
    if first == last:
        span = Period.month(first.year, first.month)
    else:
        span = Period(first, month_end(last.year, last.month))
    return provisional, coverage_warning(span, known, as_of)


def monthly_series(
    con: ibis.BaseBackend,
    start_month: MonthLike,
    end_month: MonthLike,
    as_of: dt.date | None = None,
    levels: Iterable[str] = LEVELS,
    numbers: Sequence[int] = NUMBERS,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """For each month from `start_month` to `end_month`, the value of every indicator at
    every level over the 12 rolling months ending on that month's last day.

    Columns: `mois` (first day of the month), then those of `compute_indicators`.
    """
    months = month_starts(start_month, end_month)
    periods = [Period.rolling12(month_end(m.year, m.month)) for m in months]
    ml = compute_ml(con, MonthlyWindows(periods, as_of), as_of, numbers, progress)
    out = pool(ml, read_structures(con), levels)
    out.insert(0, "mois", out.pop("fenetre").map(dict(enumerate(months))))
    return out


def publication_day(month: dt.date) -> dt.date:
    """The as-of date a month's figure is first published: the month's last day (what a
    monthly follow-up run that day knows)."""
    return month_end(month.year, month.month)


def first_published_series(
    con: ibis.BaseBackend,
    start_month: MonthLike,
    end_month: MonthLike,
    as_of: dt.date | None = None,
    levels: Iterable[str] = LEVELS,
) -> pd.DataFrame:
    """The monthly series with, for each month, the value first published and today's.

    `valeur_premiere_publication` is the 12-rolling-month value as known on the month's
    last day (`publication_day`); `valeur` is the value as known on `as_of` (every row
    when None), as `monthly_series` gives it; `revision` = valeur − first published
    (points for rates). Columns: `mois`, `niveau`, `code`, `code_region`, `indicateur`,
    `numerateur`, `denominateur`, `valeur`, `date_premiere_publication`,
    `valeur_premiere_publication`, `revision`. Each month has its own as-of date: the
    first publications are sent to the database together (`compute_indicators_each`).
    """
    levels = tuple(levels)
    months = month_starts(start_month, end_month)
    today = monthly_series(con, start_month, end_month, as_of=as_of, levels=levels)
    days = [publication_day(month) for month in months]
    firsts = compute_indicators_each(con, [(Period.rolling12(day), day) for day in days], levels)
    first = pd.concat(
        [
            frame[["niveau", "code", "indicateur", "valeur"]].assign(
                mois=month, date_premiere_publication=day
            )
            for month, day, frame in zip(months, days, firsts, strict=True)
        ],
        ignore_index=True,
    ).rename(columns={"valeur": "valeur_premiere_publication"})
    out = today.merge(first, on=["mois", "niveau", "code", "indicateur"], how="left")
    out["revision"] = out["valeur"] - out["valeur_premiere_publication"]
    return out
