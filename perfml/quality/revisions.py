"""The effect of late entries on the indicators: consolidated value vs. value known today.

Each indicator of the year is computed twice: as of the consolidation date of the
instruction (1 March of the next year) and as of the extract date (everything entered
since included). The gap is what the entries made after the consolidation date changed:
in points for rates, in the indicator's unit for 9 and 10.
"""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pandas as pd

from perfml.indicators.periods import Period, official_as_of

NUMBERS = tuple(range(1, 11))


def indicator_revisions(
    con: ibis.BaseBackend, year: int, today: dt.date, indicators_fn=None
) -> tuple[pd.DataFrame, dt.date]:
    """Return (per level and code: `i<k>_num`, `i<k>_den` and `i<k>_consolide` as of the
    consolidation date, `i<k>_actuel` as of `today`, `i<k>_ecart`) and the consolidation
    date. When `today` is not after it, both values are the same."""
    if indicators_fn is None:
        from perfml.indicators import compute_indicators as indicators_fn
    period = Period.year(year)
    consolidation = official_as_of(period)
    consolidated = indicators_fn(con, period, as_of=consolidation)
    current = indicators_fn(con, period, as_of=max(today, consolidation))
    keys = ["niveau", "code", "indicateur"]
    merged = consolidated[[*keys, "numerateur", "denominateur", "valeur"]].merge(
        current[[*keys, "valeur"]], on=keys, suffixes=("_consolide", "_actuel")
    )
    merged["ecart"] = merged["valeur_actuel"] - merged["valeur_consolide"]
    short = {
        "numerateur": "num",
        "denominateur": "den",
        "valeur_consolide": "consolide",
        "valeur_actuel": "actuel",
        "ecart": "ecart",
    }
    wide = merged.set_index(keys)[list(short)].unstack()
    wide.columns = [f"i{int(k)}_{short[what]}" for what, k in wide.columns]
    parts = ("num", "den", "consolide", "actuel", "ecart")
    ordered = [f"i{k}_{part}" for k in NUMBERS for part in parts]
    frame = wide.reindex(columns=ordered).astype(float).reset_index()
    return frame, consolidation


def relative_gap(consolidated: pd.Series, current: pd.Series) -> pd.Series:
    """Return |current − consolidated| / |consolidated| (NaN when the base is 0 or unknown)."""
    base = consolidated.abs()
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(
            np.where(base > 0, (current - consolidated).abs() / base, np.nan),
            index=consolidated.index,
        )
