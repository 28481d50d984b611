"""Regions and départements of France: the real frame the synthetic network sits in.

`regions.csv` holds the 18 regions with their INSEE codes and the number of missions
locales of the real network; `departements.csv` the 101 départements with rounded
public figures (population in thousands, area, poverty rate) used only to spread the
missions locales and to draw plausible territories, and `ml_max` where a département
is covered by a single mission locale.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd


def _read(name: str) -> pd.DataFrame:
    with resources.files("perfml.synth").joinpath(name).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype={"code_region": str, "code_departement": str})


@cache
def regions() -> pd.DataFrame:
    """Return the regions: `code_region`, `nom`, `nb_ml` (national network)."""
    return _read("regions.csv")


@cache
def departements() -> pd.DataFrame:
    """Return the départements with their region, population, area and poverty rate."""
    frame = _read("departements.csv")
    frame["ml_max"] = frame["ml_max"].astype("Int64")
    return frame


def is_overseas(code_region: str) -> bool:
    """True for an overseas region (INSEE codes 01 to 06)."""
    return code_region.startswith("0")


def allocate(total: int, weights: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Split `total` into integers ≥ 1 and ≤ `caps`, proportional to `weights`.

    Largest remainders, then units moved away from capped entries to the others: the
    result always sums to `total` (when 1 per entry fits and the caps allow it).
    """
    weights = np.asarray(weights, dtype=float)
    caps = np.asarray(caps, dtype=np.int64)
    counts = np.ones(len(weights), dtype=np.int64)
    remaining = total - len(weights)
    open_ = counts < caps
    while remaining > 0 and open_.any():
        share = np.where(open_, weights, 0.0)
        exact = remaining * share / share.sum()
        extra = np.minimum(np.floor(exact).astype(np.int64), caps - counts)
        if extra.sum() == 0:
            # Fewer units left than entries: give them to the largest remainders.
            order = np.argsort(-(exact - np.floor(exact)), kind="stable")
            chosen = order[open_[order]][:remaining]
            if len(chosen) == 0:
                break
            extra = np.zeros_like(counts)
            extra[chosen] = 1
        counts += extra
        remaining -= int(extra.sum())
        open_ = counts < caps
    return counts


def ml_counts(region_counts: dict[str, int]) -> pd.DataFrame:
    """Return the départements of the given regions with `nb_ml`, their number of MLs.

    A département gets MLs in proportion to its population to the power 0.75 (big
    départements have more but larger missions locales), at least one each.
    """
    frame = departements()
    parts = []
    for code_region, total in region_counts.items():
        deps = frame[frame["code_region"] == code_region].copy()
        caps = deps["ml_max"].fillna(total).astype(np.int64).to_numpy()
        deps["nb_ml"] = allocate(total, deps["population_milliers"].to_numpy() ** 0.75, caps)
        parts.append(deps)
    return pd.concat(parts, ignore_index=True)
