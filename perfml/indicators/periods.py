"""Observation periods `[d0, d1]` (both days included) and the calendar arithmetic they need.

`x + n months` is calendar arithmetic clamped to the month's end (2023-01-31 + 1 month =
2023-02-28; 2024-02-29 + 12 months = 2025-02-28), the convention of the spec and of
DuckDB, PostgreSQL and Spark's `date + INTERVAL n MONTH`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from perfml.errors import UserError
from perfml.french import MONTH_NAMES, french_short_date

# Two months of late entry after the period before an official computation (Annexe 2, 3.2).
LATE_ENTRY_MONTHS = 2


def add_months(day: dt.date, months: int) -> dt.date:
    """Return `day + months` calendar months, clamped to the end of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of `month` of `year`."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_index(day: dt.date) -> int:
    """Return the month's rank since year 0 (`year * 12 + month - 1`), for month arithmetic."""
    return day.year * 12 + day.month - 1


def format_date(day: dt.date) -> str:
    """Return `day` the French way (31/12/2024)."""
    return french_short_date(day)


@dataclass(frozen=True)
class Period:
    """A period `[start, end]`, both days included."""

    start: dt.date
    end: dt.date
    # How the period was built, for its French label; not part of its identity.
    kind: str = field(default="periode", compare=False)

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise UserError(
                f"La période est vide : le début ({format_date(self.start)}) est après "
                f"la fin ({format_date(self.end)})."
            )

    @classmethod
    def year(cls, year: int) -> Period:
        """Return the calendar year `year`."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "annee")

    @classmethod
    def semester(cls, year: int, semester: int) -> Period:
        """Return semester 1 (January–June) or 2 (July–December) of `year`."""
        if semester not in (1, 2):
            raise UserError(f"Le semestre doit être 1 ou 2 (reçu : {semester}).")
        first = 1 + 6 * (semester - 1)
        return cls(dt.date(year, first, 1), month_end(year, first + 5), "semestre")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Return quarter 1..4 of `year`."""
        if quarter not in (1, 2, 3, 4):
            raise UserError(f"Le trimestre doit être compris entre 1 et 4 (reçu : {quarter}).")
        first = 1 + 3 * (quarter - 1)
        return cls(dt.date(year, first, 1), month_end(year, first + 2), "trimestre")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Return the calendar month `month` of `year`."""
        if not 1 <= month <= 12:
            raise UserError(f"Le mois doit être compris entre 1 et 12 (reçu : {month}).")
        return cls(dt.date(year, month, 1), month_end(year, month), "mois")

    @classmethod
    def rolling12(cls, end: dt.date) -> Period:
        """Return the 12 rolling months ending on `end`: the 12 whole months ending with
        `end`'s month when `end` is a month's last day, else `end − 12 months + 1 day`."""
        if end == month_end(end.year, end.month):
            # Not `end − 12 months + 1 day`: from 2025-02-28 that gives 2024-02-29.
            return cls(add_months(end.replace(day=1), -11), end, "glissant")
        return cls(add_months(end, -12) + dt.timedelta(days=1), end, "glissant")

    @classmethod
    def parse_semester(cls, text: str) -> Period:
        """Return the semester written `YYYY-S1` or `YYYY-S2`."""
        match = re.fullmatch(r"\s*(\d{4})\s*-?\s*[sS]\s*([12])\s*", text)
        if not match:
            raise UserError(
                f"Semestre illisible : « {text} ». Écrivez l'année et le semestre, "
                "par exemple 2024-S1 ou 2024-S2."
            )
        return cls.semester(int(match.group(1)), int(match.group(2)))

    @property
    def label(self) -> str:
        """French label of the period ("année 2024", "1er semestre 2024"…)."""
        start, end = self.start, self.end
        if self.kind == "annee":
            return f"année {start.year}"
        if self.kind == "semestre":
            return f"{'1er' if start.month == 1 else '2e'} semestre {start.year}"
        if self.kind == "trimestre":
            rank = (start.month - 1) // 3 + 1
            return f"{'1er' if rank == 1 else f'{rank}e'} trimestre {start.year}"
        if self.kind == "mois":
            return f"{MONTH_NAMES[start.month - 1]} {start.year}"
        if self.kind == "glissant":
            return f"12 mois glissants au {format_date(end)}"
        return f"du {format_date(start)} au {format_date(end)}"

    @property
    def is_whole_months(self) -> bool:
        """True when the period starts on a 1st and ends on a month's last day."""
        return self.start.day == 1 and self.end == month_end(self.end.year, self.end.month)

    def stock_day(self, as_of: dt.date | None = None) -> dt.date:
        """Return the day `T = min(d1, A)` a stock is taken on."""
        return self.end if as_of is None else min(self.end, as_of)


def official_as_of(period: Period) -> dt.date:
    """Return the consolidation date of an official run: the end of the period's two months
    of late entry (1 September for a first semester, 1 March of the next year for a year).
    """
    return add_months(period.end + dt.timedelta(days=1), LATE_ENTRY_MONTHS)


def coverage_warning(
    period: Period, extract_date: dt.date | None, as_of: dt.date | None = None
) -> str | None:
    """Refuse a period the extract does not cover; say when its figures are provisional.

    A period starting after the extract date has no data at all: its figures would be
    zeros presented as results, so it is refused. A period not over at the date the data
    is known (the as-of date, at most the extract date) is computed, with the returned
    « provisoire » warning for the console and the output.
    """
    if extract_date is None:
        return None
    if period.start > extract_date:
        raise UserError(
            f"La période ({period.label}) commence après la date d'extraction "
            f"({format_date(extract_date)}) : l'extrait ne la couvre pas, aucun chiffre n'est "
            "calculé. Chargez un extrait plus récent ou choisissez une période passée."
        )
    known = min(as_of, extract_date) if as_of is not None else extract_date
    if period.end <= known:
        return None
    return (
        f"Résultats provisoires : la période ({period.label}) n'est pas terminée au "
        f"{format_date(known)}, date jusqu'à laquelle les données sont connues ; les chiffres "
        "changeront avec les saisies suivantes."
    )


def recorded_extract_date(con) -> dt.date | None:
    """The extract date recorded in the warehouse `con` reads, None when there is none.

    A warehouse without a recorded extract date (an engine other than DuckDB, an old
    warehouse) cannot be checked: its periods all pass `coverage_warning`. Read it once
    per command and give it to every `coverage_warning` (on Spark, a read is a job).
    """
    from perfml.warehouse import extract_date

    try:
        return extract_date(con)
    except Exception:  # a backend without the metadata table: nothing to check against
        return None


def coverage_of(con, period: Period, as_of: dt.date | None = None) -> str | None:
    """Apply `coverage_warning` to `period` with the extract date recorded in `con`.

    The one check every computation of a period goes through: it raises the French
    `UserError` for a period after the extract, and returns the « provisoire » warning (or
    None) that the caller keeps with its figures, prints and writes in its output.
    """
    return coverage_warning(period, recorded_extract_date(con), as_of)
