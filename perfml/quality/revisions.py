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

from perfml.indicators.catalogue import NUMBERS
from perfml.indicators.periods import Period, official_as_of

PARTS = ("num", "den", "consolide", "actuel", "ecart")


def is_consolidation_known(consolidation: dt.date, extract: dt.date | None) -> bool:
    """True when the extract reaches the consolidation date (an unknown extract date counts
    as reaching it: the warehouse holds every row it has)."""
    return extract is None or extract >= consolidation


def indicator_revisions(
    con: ibis.BaseBackend,
    year: int,
    today: dt.date,
    extract: dt.date | None = None,
) -> tuple[pd.DataFrame, dt.date]:
    """Return (per level and code: `i<k>_num`, `i<k>_den` and `i<k>_actuel` as of `today`,
    `i<k>_consolide` as of the consolidation date, `i<k>_ecart` = actuel − consolidé) and
    the consolidation date. `extract` is the extract date: when it is before the
    consolidation date, `i<k>_consolide` and `i<k>_ecart` are empty."""
    from perfml.indicators.engine import compute_indicators_each

    period = Period.year(year)
    consolidation = official_as_of(period)
    keys = ["niveau", "code", "indicateur"]
    known = is_consolidation_known(consolidation, extract)
    # Both dates are sent to the database together; the consolidation date only when the
    # extract reaches it and it is not `today`.
    replay = known and today != consolidation
    dates = [today, consolidation] if replay else [today]
    frames = compute_indicators_each(con, [(period, day) for day in dates])
    merged = frames[0][[*keys, "numerateur", "denominateur", "valeur"]].rename(
        columns={"valeur": "valeur_actuel"}
    )
    if not known:
        merged["valeur_consolide"] = np.nan
    elif replay:
        merged = merged.merge(
            frames[1][[*keys, "valeur"]].rename(columns={"valeur": "valeur_consolide"}),
            on=keys,
            how="left",
        )
    else:
        merged["valeur_consolide"] = merged["valeur_actuel"]
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
