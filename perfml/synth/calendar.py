"""Dates as day numbers: the simulation window and vectorised calendar arithmetic.

Every date of the generator is an integer number of days since 1970-01-01 held in a
numpy array; it becomes a Parquet/Arrow `date32` only when written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

EPOCH = dt.date(1970, 1, 1)
# 1970-01-01 was a Thursday: (day + 3) % 7 gives 0 for Monday … 6 for Sunday.
_MONDAY_OFFSET = 3
SATURDAY, SUNDAY = 5, 6


def day_number(date: dt.date) -> int:
    """Return the day number of `date` (days since 1970-01-01)."""
    return (date - EPOCH).days


def to_date(day: int) -> dt.date:
    """Return the calendar date of a day number."""
    return EPOCH + dt.timedelta(days=int(day))


def year_bounds(year: int) -> tuple[int, int]:
    """Return the day numbers of 1 January and 31 December of `year`."""
    return day_number(dt.date(year, 1, 1)), day_number(dt.date(year, 12, 31))


def year_of(days: np.ndarray) -> np.ndarray:
    """Return the calendar year of each day number."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Add calendar months, clamping to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    as_dates = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month_start = as_dates.astype("datetime64[M]")
    day_in_month = (as_dates - month_start.astype("datetime64[D]")).astype(np.int64)
    target = month_start + np.timedelta64(months, "M")
    following = (target + np.timedelta64(1, "M")).astype("datetime64[D]")
    target_length = (following - target.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]").astype(np.int64) + np.minimum(
        day_in_month, target_length - 1
    )


def to_weekday(days: np.ndarray) -> np.ndarray:
    """Move Saturdays to the Friday before and Sundays to the Monday after.

    Missions locales receive youths on working days; an event drawn on a weekend moves
    to the nearest working day, never before a weekday it was drawn after.
    """
    days = np.asarray(days, dtype=np.int64)
    weekday = (days + _MONDAY_OFFSET) % 7
    return days - (weekday == SATURDAY) + (weekday == SUNDAY)


def draw_days_in_year(
    rng: np.random.Generator, year: int, n: int, month_weights: np.ndarray | None = None
) -> np.ndarray:
    """Draw `n` working days of `year`, months weighted by `month_weights` (12 values)."""
    weights = np.ones(12) if month_weights is None else np.asarray(month_weights, dtype=float)
    month = rng.choice(12, size=n, p=weights / weights.sum())
    month_starts = np.array(
        [day_number(dt.date(year, m + 1, 1)) for m in range(12)] + [year_bounds(year)[1] + 1]
    )
    length = month_starts[month + 1] - month_starts[month]
    days = month_starts[month] + np.floor(rng.random(n) * length).astype(np.int64)
    first, last = year_bounds(year)
    return np.clip(to_weekday(days), first, last)


@dataclass(frozen=True)
class Window:
    """The simulated span: warm-up years, reported years and the extraction date.

    Events happen from 1 January of the first warm-up year to 31 December of
    `end_year`; late entries (`date_saisie`) are recorded up to `extraction_day`,
    1 March of the next year: the instruction's two months of late entry end there, and
    the official yearly figures are computed as of that day.
    """

    start_year: int
    end_year: int
    warmup_years: int

    @property
    def first_year(self) -> int:
        return self.start_year - self.warmup_years

    @property
    def years(self) -> tuple[int, ...]:
        """Every simulated year, warm-up included."""
        return tuple(range(self.first_year, self.end_year + 1))

    @property
    def reported_years(self) -> tuple[int, ...]:
        return tuple(range(self.start_year, self.end_year + 1))

    @property
    def first_day(self) -> int:
        return year_bounds(self.first_year)[0]

    @property
    def last_day(self) -> int:
        """The last day an event can happen on (31 December of `end_year`)."""
        return year_bounds(self.end_year)[1]

    @property
    def extraction_day(self) -> int:
        """The last day a late entry can be recorded on (1 March after `end_year`)."""
        return day_number(dt.date(self.end_year + 1, 3, 1))
