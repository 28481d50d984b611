"""The observation windows one computation covers: one period, or a run of 12 rolling months.

The indicator definitions are written once against this interface, so that a single
period compiles to plain SQL with literal dates (what `perfml indicateurs --sql` shows)
and a monthly series runs every window in one query per indicator, joining the rows
against a small table of windows instead of running 12 times.

A window carries its bounds `w_d0`/`w_d1`, its stock day `w_t` = min(d1, A), the stock's
cut-off `w_seuil` = T − 3 months and the year `w_annee` of d1 (yearly tables).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import ibis
import ibis.expr.types as ir
import pandas as pd

from perfml.indicators.periods import Period, add_months, month_index

# Indicator 3: "without a proposition for more than 3 months".
NO_PROPOSITION_MONTHS = 3
# Month-end clamping moves a date by at most 3 days; pre-filters keep that much more.
PREFILTER_SLACK_DAYS = 3
WINDOW_COLUMNS = ("w_d0", "w_d1", "w_t", "w_seuil", "w_annee")

Condition = Callable[[ir.Table, object], ir.BooleanValue]


@dataclass(frozen=True)
class Window:
    """One observation window: a period and the as-of date it is seen from."""

    key: int
    period: Period
    as_of: dt.date | None

    @property
    def stock_day(self) -> dt.date:
        """The day `T = min(d1, A)` the stock of indicator 3 is taken on."""
        return self.period.stock_day(self.as_of)

    @property
    def cutoff(self) -> dt.date:
        """`T − 3 months`: a youth whose latest event is strictly before it counts (ind. 3)."""
        return add_months(self.stock_day, -NO_PROPOSITION_MONTHS)

    def values(self) -> dict[str, object]:
        """The window's columns."""
        return {
            "w_d0": self.period.start,
            "w_d1": self.period.end,
            "w_t": self.stock_day,
            "w_seuil": self.cutoff,
            "w_annee": self.period.end.year,
        }


class Windows:
    """Base of the two shapes of a computation (one period; many monthly windows)."""

    windows: tuple[Window, ...]
    # Join keys of a per-window result: the window and the ML (or the youth, the offer…).
    window_keys: tuple[str, ...]

    def keys(self, *names: str) -> list[str]:
        """Return the join keys for per-window rows identified by `names`."""
        return [*self.window_keys, *names]

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """The first day and the last day any window covers."""
        return (
            min(w.period.start for w in self.windows),
            max(w.period.end for w in self.windows),
        )

    def within(self, table: ir.Table, column: str) -> ir.Table:
        """Keep the rows whose `column` falls between the first and the last day of the
        windows (the exact test for one period, a pre-filter for a series)."""
        start, end = self.span
        return table.filter(table[column].between(ibis.literal(start), ibis.literal(end)))

    def span_before(self, months: int) -> tuple[dt.date, dt.date]:
        """Bounds (with a few days' slack for month-end clamping) of the dates `x` such
        that `x + months` months may fall in some window: for cheap pre-filters on a
        stored date before the exact test on the computed one."""
        start, end = self.span
        slack = dt.timedelta(days=PREFILTER_SLACK_DAYS)
        return add_months(start, -months) - slack, add_months(end, -months) + slack

    def expand(self, table: ir.Table, condition: Condition) -> ir.Table:
        """Return `table` × the windows where `condition(row, window)` holds."""
        raise NotImplementedError

    @property
    def stock_span(self) -> tuple[dt.date, dt.date, dt.date]:
        """The earliest stock cut-off, the earliest and the latest stock day."""
        return (
            min(w.cutoff for w in self.windows),
            min(w.stock_day for w in self.windows),
            max(w.stock_day for w in self.windows),
        )

    def count(self, facts: ir.Table) -> ir.Table:
        """Sum `facts` (code_ml, cle, den, num) by window and ML over the rows whose `cle`
        falls in the window: `n` (denominator) and `n_num` (numerator)."""
        raise NotImplementedError

    def grid(self, structures: ir.Table) -> ir.Table:
        """Return every ML of `structures` for every window."""
        raise NotImplementedError

    def with_window(self, table: ir.Table) -> ir.Table:
        """Return `table` with its `fenetre` column (added when the shape has none)."""
        return table


class SingleWindow(Windows):
    """One period: window values are SQL literals, rows are filtered rather than joined."""

    window_keys = ()

    def __init__(self, period: Period, as_of: dt.date | None = None) -> None:
        self.window = Window(0, period, as_of)
        self.windows = (self.window,)
        self._literals = SimpleNamespace(
            **{name: ibis.literal(value) for name, value in self.window.values().items()}
        )

    def expand(self, table: ir.Table, condition: Condition) -> ir.Table:
        return table.filter(condition(table, self._literals)).mutate(**vars(self._literals))

    def count(self, facts: ir.Table) -> ir.Table:
        lit = self._literals
        inside = facts.filter(facts.cle.between(lit.w_d0, lit.w_d1))
        return inside.group_by("code_ml").aggregate(n=inside.den.sum(), n_num=inside.num.sum())

    def grid(self, structures: ir.Table) -> ir.Table:
        return structures.select("code_ml")

    def with_window(self, table: ir.Table) -> ir.Table:
        return table.mutate(fenetre=ibis.literal(self.window.key, type="int32"))


class MonthlyWindows(Windows):
    """Windows made of whole months (12 rolling months at each month end).

    Flows are counted once per ML and calendar month, then summed over each window's
    months: a few thousand rows to join instead of millions.
    """

    window_keys = ("fenetre",)

    def __init__(self, periods: Sequence[Period], as_of: dt.date | None = None) -> None:
        if not periods:
            raise ValueError("Il faut au moins une fenêtre.")
        if not all(p.is_whole_months for p in periods):
            raise ValueError("Les fenêtres mensuelles doivent couvrir des mois entiers.")
        self.windows = tuple(Window(k, p, as_of) for k, p in enumerate(periods))
        frame = pd.DataFrame(
            [
                {
                    "fenetre": w.key,
                    **w.values(),
                    "w_m0": month_index(w.period.start),
                    "w_m1": month_index(w.period.end),
                }
                for w in self.windows
            ]
        )
        schema = {
            "fenetre": "int32",
            "w_d0": "date",
            "w_d1": "date",
            "w_t": "date",
            "w_seuil": "date",
            "w_annee": "int64",
            "w_m0": "int64",
            "w_m1": "int64",
        }
        self.table = ibis.memtable(frame, schema=schema)

    def expand(self, table: ir.Table, condition: Condition) -> ir.Table:
        w = self.table
        joined = table.join(w, condition(table, w))
        return joined.select(
            *[table[c] for c in table.columns], w.fenetre, *[w[c] for c in WINDOW_COLUMNS]
        )

    def count(self, facts: ir.Table) -> ir.Table:
        inside = self.within(facts, "cle")
        inside = inside.mutate(mois=inside.cle.year() * 12 + inside.cle.month() - 1)
        monthly = inside.group_by(["code_ml", "mois"]).aggregate(
            n=inside.den.sum(), n_num=inside.num.sum()
        )
        w = self.table
        joined = monthly.join(w, monthly.mois.between(w.w_m0, w.w_m1)).select(
            w.fenetre, monthly.code_ml, monthly.n, monthly.n_num
        )
        return joined.group_by(["fenetre", "code_ml"]).aggregate(
            n=joined.n.sum(), n_num=joined.n_num.sum()
        )

    def grid(self, structures: ir.Table) -> ir.Table:
        w = self.table.select("fenetre")
        return structures.select("code_ml").cross_join(w).select("fenetre", "code_ml")
