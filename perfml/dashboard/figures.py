"""Every figure of the exhaustive dashboard, computed once for all MLs, regions and the nation.

Activity is computed per ML with grouped queries and summed into regions and the nation;
the 10 indicators come from `perfml.indicators.compute_indicators`; the context from the
yearly tables. The current period is computed as of the instruction's consolidation date
(1 September for a first semester, 1 March of the next year for a year) unless another
date is asked; the previous period of the same length as of its own consolidation date
(never after the current one's).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import ibis
import pandas as pd

from perfml.activity import activity_by_level
from perfml.dashboard.context import ContextColumn, aggregate_context, context_by_ml
from perfml.errors import UserError
from perfml.indicators.periods import Period, add_months, coverage_warning, official_as_of
from perfml.warehouse import extract_date

IndicatorsFn = Callable[..., pd.DataFrame]
INDICATOR_NUMBERS = tuple(range(1, 11))


def parse_period(text: str) -> Period:
    """Read a dashboard period: `2023` (a year) or `2023-S1` / `2023-S2` (a semester)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return Period.year(int(text))
    if re.fullmatch(r"\d{4}\s*-?\s*[sS]\s*[12]", text):
        return Period.parse_semester(text)
    raise UserError(
        f"Période illisible : « {text} ». Écrivez une année (2023) ou un semestre "
        "(2023-S1 ou 2023-S2)."
    )


def parse_day(text: str, option: str = "--au") -> dt.date:
    """Read a date written `AAAA-MM-JJ` or `JJ/MM/AAAA`."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise UserError(f"Date illisible pour {option} : « {text} ». Écrivez AAAA-MM-JJ ou JJ/MM/AAAA.")


def period_with_article(period: Period) -> str:
    """Return the period's label with its article: "l'année 2024", "le 1er semestre 2024"."""
    label = period.label
    if label[:1] in "aeiouéAEIOUÉ":
        return f"l'{label}"
    if label.startswith("du "):
        return f"la période {label}"
    return f"le {label}"


def period_of(period: Period) -> str:
    """Return "de l'année 2024", "du 1er semestre 2024"…"""
    text = period_with_article(period)
    return f"du {text[3:]}" if text.startswith("le ") else f"de {text}"


def period_code(period: Period) -> str:
    """Return the short name of a period for headers and files: `2023`, `2023-S1`…"""
    if period.kind == "annee":
        return str(period.start.year)
    if period.kind == "semestre":
        return f"{period.start.year}-S{1 if period.start.month == 1 else 2}"
    return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"


def previous_period(period: Period) -> Period:
    """Return the period of the same length just before: previous year or semester."""
    if period.kind == "annee":
        return Period.year(period.start.year - 1)
    if period.kind == "semestre":
        first = period.start.month == 1
        return Period.semester(
            period.start.year - 1 if first else period.start.year, 2 if first else 1
        )
    if period.is_whole_months:
        months = (
            (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
        )
        start = add_months(period.start, -months)
        return Period(start, period.start - dt.timedelta(days=1))
    length = period.end - period.start + dt.timedelta(days=1)
    return Period(period.start - length, period.start - dt.timedelta(days=1))


def indicators_wide(long: pd.DataFrame) -> pd.DataFrame:
    """Pivot `compute_indicators` rows into one row per (niveau, code): `i1_num`, `i1_val`…"""
    frame = long.set_index(["niveau", "code", "indicateur"])[
        ["numerateur", "denominateur", "valeur"]
    ].unstack("indicateur")
    short = {"numerateur": "num", "denominateur": "den", "valeur": "val"}
    frame.columns = [f"i{int(number)}_{short[what]}" for what, number in frame.columns]
    wanted = [f"i{k}_{part}" for k in INDICATOR_NUMBERS for part in ("num", "den", "val")]
    return frame.reindex(columns=wanted).astype(float).reset_index()


@dataclass
class DashboardFigures:
    """The figures of every level for one period and its previous period."""

    period: Period
    previous: Period
    as_of: dt.date
    previous_as_of: dt.date
    as_of_is_official: bool
    extract_date: dt.date | None
    structures: pd.DataFrame
    activity: pd.DataFrame
    activity_previous: pd.DataFrame
    indicators: pd.DataFrame
    indicators_previous: pd.DataFrame
    context: pd.DataFrame
    context_columns: list[ContextColumn]
    # The « provisoire » warning of a period not over when its data is known (else None).
    provisional_note: str | None = None

    @property
    def context_year(self) -> int:
        """The year of the yearly tables used (the year of the period's last day)."""
        return self.period.end.year

    @property
    def reaches_as_of(self) -> bool:
        """True when the extract goes at least to the as-of date (figures consolidated)."""
        return self.extract_date is None or self.extract_date >= self.as_of


def compute_figures(
    con: ibis.BaseBackend,
    period: Period,
    as_of: dt.date | None = None,
    indicators_fn: IndicatorsFn | None = None,
    step: Callable[[str], None] | None = None,
) -> DashboardFigures:
    """Compute every figure of the dashboard for `period` (and the previous period)."""
    if indicators_fn is None:
        from perfml.indicators import compute_indicators as indicators_fn
    step = step or (lambda _description: None)
    official = official_as_of(period)
    chosen = as_of or official
    # Before any computation: a period after the extract is refused, not shown as zeros.
    extracted = extract_date(con)
    provisional_note = coverage_warning(period, extracted, chosen)
    previous = previous_period(period)
    previous_as_of = min(official_as_of(previous), chosen)
    structures = con.table("structures").execute()[["code_ml", "nom", "code_region"]]

    step("Activité de la période")
    current_activity = activity_by_level(con, period, chosen)
    step("Activité de la période précédente")
    previous_activity = activity_by_level(con, previous, previous_as_of)
    step("Indicateurs de la période")
    current_indicators = indicators_wide(indicators_fn(con, period, as_of=chosen))
    step("Indicateurs de la période précédente")
    previous_indicators = indicators_wide(indicators_fn(con, previous, as_of=previous_as_of))
    step("Contexte")
    ml_context, columns = context_by_ml(con, period.end.year)
    context = aggregate_context(ml_context, columns, structures)
    return DashboardFigures(
        period=period,
        previous=previous,
        as_of=chosen,
        previous_as_of=previous_as_of,
        as_of_is_official=as_of is None or as_of == official,
        extract_date=extracted,
        structures=structures,
        activity=current_activity,
        activity_previous=previous_activity,
        indicators=current_indicators,
        indicators_previous=previous_indicators,
        context=context,
        context_columns=columns,
        provisional_note=provisional_note,
    )
