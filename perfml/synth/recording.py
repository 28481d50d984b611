"""When rows reach i-milo: entry dates (`date_saisie`), most on the day, a few late."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from perfml.synth.calendar import Window

# Share of rows entered on the day of the event, within two weeks, within two months
# and later (the instruction grants two months of late entry; a few go beyond).
LAG_SHARES = (0.90, 0.06, 0.025, 0.015)
LAG_RANGES = ((0, 0), (1, 14), (15, 60), (61, 200))
# Rows entered on the day are left empty half of the time: the contract reads an empty
# `date_saisie` as the event date, and consumers must apply that default.
EMPTY_WHEN_ON_TIME = 0.5


def draw_lags(rng: np.random.Generator, n: int) -> np.ndarray:
    """Draw `n` recording delays in days."""
    band = rng.choice(len(LAG_SHARES), size=n, p=LAG_SHARES)
    low = np.array([r[0] for r in LAG_RANGES])[band]
    high = np.array([r[1] for r in LAG_RANGES])[band]
    return low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)


def entry_dates(
    rng: np.random.Generator, event_days: np.ndarray, window: Window, keep_empty: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Return (`date_saisie` days, mask of empty cells) for rows whose events are given.

    A delay that would pass the extraction date is cut to it: the row was entered on
    the last day the extract covers.
    """
    lags = draw_lags(rng, len(event_days))
    days = np.minimum(event_days + lags, max(window.extraction_day, 0))
    days = np.maximum(days, event_days)
    empty = (
        (lags == 0) & (rng.random(len(event_days)) < EMPTY_WHEN_ON_TIME)
        if keep_empty
        else (np.zeros(len(event_days), dtype=bool))
    )
    return days, empty


def date_array(days: np.ndarray, empty: np.ndarray | None = None) -> pa.Array:
    """Return an Arrow `date32` array of day numbers, null where `empty` is true."""
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32(), mask=empty)
