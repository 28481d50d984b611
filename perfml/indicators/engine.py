"""Compute the indicators at the three levels: ML, region (pooled), nation (pooled).

The database computes every ML's numerator and denominator (in one statement or one per
indicator, as the engine's execution strategy decides);
the region's and the nation's values are then the ratio of the **summed** numerators and
denominators of their MLs, leaving out an ML whose numerator or denominator is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from perfml.errors import UserError
from perfml.indicators.catalogue import NUMBERS, indicator
from perfml.indicators.definitions import DEFINITIONS
from perfml.indicators.periods import Period
from perfml.indicators.sources import Sources
from perfml.indicators.windows import SingleWindow, Windows

LEVELS = ("ML", "REGION", "NATIONAL")
NATIONAL_CODE = "FR"
COLUMNS = ["niveau", "code", "code_region", "indicateur", "numerateur", "denominateur", "valeur"]

Progress = Callable[[int], None]


def indicator_expr(sources: Sources, windows: Windows, number: int) -> ir.Table:
    """The Ibis expression of indicator `number`: one row per window and ML of `structures`
    (`fenetre`, `code_ml`, `indicateur`, `numerateur`, `denominateur`)."""
    indicator(number)  # a clear error for an unknown number
    table = DEFINITIONS[number](sources, windows)
    return table.select(
        "fenetre",
        "code_ml",
        indicateur=ibis.literal(number, type="int32"),
        numerateur=table.numerateur,
        denominateur=table.denominateur,
    )


def compute_ml(
    con: ibis.BaseBackend,
    windows: Windows,
    as_of: dt.date | None = None,
    numbers: Sequence[int] = NUMBERS,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Return every ML's numerator and denominator of each indicator in each window.

    The engine's execution strategy (`perfml.indicators.execution`) decides what the
    database is sent: one statement for the 10 definitions (DuckDB, Spark), or shared
    sets as analysed temporary tables and one statement per indicator (PostgreSQL).
    `progress(number)` is called for each indicator once its figures are in.
    """
    ml = compute_ml_each(con, [(windows, as_of)], numbers, progress)
    return ml.drop(columns="calcul")


def compute_ml_each(
    con: ibis.BaseBackend,
    computations: Sequence[tuple[Windows, dt.date | None]],
    numbers: Sequence[int] = NUMBERS,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """`compute_ml` for several (windows, as-of date) computations sent together: one
    statement for all of them on DuckDB and Spark, rather than one per as-of date.

    Column `calcul` is the rank of the computation in `computations`; `progress(number)`
    is called as each computation's indicator's figures come in.
    """
    from perfml.indicators.execution import strategy_for

    check_tables(con)
    strategy = strategy_for(con)
    try:
        exprs = {}
        for rank, (windows, as_of) in enumerate(computations):
            sources = strategy.sources(con, as_of)
            for number in numbers:
                expr = indicator_expr(sources, windows, number)
                exprs[rank, number] = expr.mutate(calcul=ibis.literal(rank, type="int32"))
        # The strategy reports each expression by its key (rank, number).
        report = None if progress is None else (lambda key: progress(key[1]))
        ml = strategy.run(con, exprs, report)
    finally:
        strategy.close()
    for column in ("numerateur", "denominateur"):
        ml[column] = ml[column].astype("float64")
    for column in ("indicateur", "fenetre", "calcul"):
        ml[column] = ml[column].astype("int64")
    return ml.sort_values(
        ["calcul", "fenetre", "indicateur", "code_ml"], kind="stable", ignore_index=True
    )


def values(frame: pd.DataFrame) -> pd.Series:
    """The value of each row: numerator / denominator in the indicator's unit, NaN when the
    denominator is 0 or either side is unknown."""
    num = frame["numerateur"].to_numpy(dtype="float64")
    den = frame["denominateur"].to_numpy(dtype="float64")
    scale = frame["indicateur"].map({n: indicator(n).scale for n in NUMBERS})
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(np.isfinite(num) & (den > 0), num / den, np.nan)
    return pd.Series(value, index=frame.index) * scale.to_numpy(dtype="float64")


def pool(
    ml: pd.DataFrame, structures: pd.DataFrame, levels: Iterable[str] = LEVELS
) -> pd.DataFrame:
    """Return the ML rows and the pooled region and nation rows, with their values.

    `ml`: fenetre, code_ml, indicateur, numerateur, denominateur; `structures`: code_ml,
    code_region. A pooled ratio sums the numerators and denominators of the MLs whose
    both are known; with no such ML, both are unknown.
    """
    levels = tuple(levels)
    unknown = set(levels) - set(LEVELS)
    if unknown:
        raise UserError(
            f"Niveau inconnu : {', '.join(sorted(unknown))} (niveaux possibles : ML, REGION, "
            "NATIONAL)."
        )
    ml = ml.merge(structures[["code_ml", "code_region"]], on="code_ml", how="left")
    parts = []
    if "ML" in levels:
        parts.append(ml.assign(niveau="ML", code=ml["code_ml"]))
    known = ml[ml["numerateur"].notna() & ml["denominateur"].notna()]
    keys = ["fenetre", "indicateur"]
    if "REGION" in levels:
        region = _pooled(ml, known, [*keys, "code_region"])
        parts.append(region.assign(niveau="REGION", code=region["code_region"]))
    if "NATIONAL" in levels:
        nation = _pooled(ml, known, keys)
        parts.append(nation.assign(niveau="NATIONAL", code=NATIONAL_CODE, code_region=None))
    if not parts:
        return pd.DataFrame(columns=["fenetre", *COLUMNS])
    out = pd.concat(parts, ignore_index=True)
    out["valeur"] = values(out)
    order = {level: rank for rank, level in enumerate(LEVELS)}
    out = out.assign(_rang=out["niveau"].map(order)).sort_values(
        ["fenetre", "_rang", "code", "indicateur"], kind="stable"
    )
    return out[["fenetre", *COLUMNS]].reset_index(drop=True)


def _pooled(ml: pd.DataFrame, known: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum the known numerators and denominators by `keys`; groups with none stay unknown."""
    every = ml[keys].drop_duplicates()
    sums = known.groupby(keys, as_index=False)[["numerateur", "denominateur"]].sum()
    return every.merge(sums, on=keys, how="left")


def read_structures(con: ibis.BaseBackend) -> pd.DataFrame:
    """The MLs and their regions."""
    return con.execute(con.table("structures").select("code_ml", "code_region"))


REQUIRED_TABLES = (
    "structures",
    "structures_annee",
    "contexte",
    "jeunes",
    "dispositifs",
    "situations",
    "propositions",
    "offres",
    "mises_en_relation",
)


def check_tables(con: ibis.BaseBackend) -> None:
    """Raise a `UserError` naming the contract tables missing from `con`."""
    present = set(con.list_tables())
    missing = [name for name in REQUIRED_TABLES if name not in present]
    if missing:
        raise UserError(
            "Tables manquantes pour calculer les indicateurs : "
            f"{', '.join(missing)}. Chargez d'abord un extrait complet (perfml charger)."
        )


def compute_indicators(
    con: ibis.BaseBackend,
    period: Period,
    as_of: dt.date | None = None,
    levels: Iterable[str] = LEVELS,
    numbers: Sequence[int] = NUMBERS,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Compute the indicators of `period` as known on `as_of` (every row when None).

    Returns one row per level × code × indicator: `niveau` (ML, REGION, NATIONAL), `code`
    (code_ml, code_region or FR), `code_region`, `indicateur`, `numerateur`,
    `denominateur` and `valeur` (NaN when not computable). Every ML of `structures` has a
    row for every indicator.
    """
    return compute_indicators_each(con, [(period, as_of)], levels, numbers, progress)[0]


def compute_indicators_each(
    con: ibis.BaseBackend,
    computations: Sequence[tuple[Period, dt.date | None]],
    levels: Iterable[str] = LEVELS,
    numbers: Sequence[int] = NUMBERS,
    progress: Progress | None = None,
) -> list[pd.DataFrame]:
    """`compute_indicators` of each (period, as-of date) of `computations`, in that order,
    sent to the database together (`compute_ml_each`): a replay at two dates, or the
    first publication of each month, is one statement on DuckDB and Spark."""
    windows = [(SingleWindow(period, as_of), as_of) for period, as_of in computations]
    ml = compute_ml_each(con, windows, numbers, progress)
    # Each computation has one window: its rank stands for the window.
    ml["fenetre"] = ml.pop("calcul")
    out = pool(ml, read_structures(con), levels)
    return [
        out[out["fenetre"] == rank].drop(columns="fenetre").reset_index(drop=True)
        for rank in range(len(computations))
    ]


def indicator_sql(
    con: ibis.BaseBackend, number: int, period: Period, as_of: dt.date | None = None
) -> str:
    """Return the SQL that indicator `number` runs on `con` for `period` and `as_of`."""
    check_tables(con)
    expr = indicator_expr(Sources(con, as_of), SingleWindow(period, as_of), number)
    return str(ibis.to_sql(expr))
