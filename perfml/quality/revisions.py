"""The effect of late entries on the indicators: value at the asked date vs. consolidated value.

Each indicator of the year is computed twice: as of the date asked (`perfml qualite --au`,
by default the extract date), exactly what `perfml indicateurs --au` gives, and as of the
consolidation date of the instruction (1 March of the next year). The gap is
`asked − consolidated`, in points for rates, in the indicator's unit for 9 and 10:

- asked date after the consolidation date: what the entries made since changed;
- asked date before it: how far the provisional figure still was from the consolidated one;
- the consolidated value is only known when the extract reaches the consolidation date;
  before, it and the gap are empty (never a value computed on an incomplete replay).
"""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pandas as pd

from perfml.indicators.periods import Period, official_as_of

NUMBERS = tuple(range(1, 11))
PARTS = ("num", "den", "consolide", "actuel", "ecart")


def is_consolidation_known(consolidation: dt.date, extract: dt.date | None) -> bool:
    """True when the extract reaches the consolidation date (an unknown extract date counts
    as reaching it: the warehouse holds every row it has)."""
    return extract is None or extract >= consolidation


def indicator_revisions(
    con: ibis.BaseBackend,
    year: int,
    today: dt.date,
    indicators_fn=None,
    extract: dt.date | None = None,
) -> tuple[pd.DataFrame, dt.date]:
    """Return (per level and code: `i<k>_num`, `i<k>_den` and `i<k>_actuel` as of `today`,
    `i<k>_consolide` as of the consolidation date, `i<k>_ecart` = actuel − consolidé) and
    the consolidation date. `extract` is the extract date: when it is before the
    consolidation date, `i<k>_consolide` and `i<k>_ecart` are empty."""
    if indicators_fn is None:
        from perfml.indicators import compute_indicators as indicators_fn
    period = Period.year(year)
    consolidation = official_as_of(period)
    keys = ["niveau", "code", "indicateur"]
    current = indicators_fn(con, period, as_of=today)
    merged = current[[*keys, "numerateur", "denominateur", "valeur"]].rename(
        columns={"valeur": "valeur_actuel"}
    )
    if not is_consolidation_known(consolidation, extract):
        merged["valeur_consolide"] = np.nan
    elif today == consolidation:
        merged["valeur_consolide"] = merged["valeur_actuel"]
    else:
        consolidated = indicators_fn(con, period, as_of=consolidation)
        merged = merged.merge(
            consolidated[[*keys, "valeur"]].rename(columns={"valeur": "valeur_consolide"}),
            on=keys,
            how="left",
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
    ordered = [f"i{k}_{part}" for k in NUMBERS for part in PARTS]
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
