"""Box statistics of the ML values per reference population, and the ML's quartile.

The instruction's "boîte à moustaches" (Annexe 2, § 3.1) sets an ML's value against the
distribution of the ML values of three populations: the nation, the ML's region and its
homogeneous group. A fourth one, "voisins", is the ML's 15 nearest MLs in the groups'
PCA space (`perfml.groups.neighbours`; CIPFA's Nearest Neighbours model): its reference
is the ML's own code, as each ML has its own neighbours. A distribution is taken over
the MLs that have a value (the others are left out): n, min, Q1, median, Q3, max, with
quartiles by linear interpolation between order statistics (numpy's `linear`, R type 7,
Excel `QUARTILE.INC`).

Everything here works on plain pandas data, so that the CLI, the reports and the web
application share one definition.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

# The reference populations, in the order they are drawn and listed.
POPULATIONS: tuple[str, ...] = ("NATIONAL", "REGION", "GROUPE", "VOISINS")
NATIONAL_CODE = "FR"

STAT_COLUMNS: tuple[str, ...] = ("n", "min", "q1", "mediane", "q3", "max")
DISTRIBUTION_COLUMNS: tuple[str, ...] = ("population", "reference", "indicateur", *STAT_COLUMNS)

HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class Box:
    """The box statistics of one distribution: n, min, Q1, median, Q3, max."""

    n: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


def box_of(values: Iterable[float]) -> Box | None:
    """Return the box statistics of `values` (missing values left out), None when empty."""
    array = np.asarray(list(values), dtype=float)
    array = array[~np.isnan(array)]
    if array.size == 0:
        return None
    q1, median, q3 = np.quantile(array, [0.25, 0.5, 0.75], method="linear")
    return Box(
        int(array.size), float(array.min()), float(q1), float(median), float(q3), float(array.max())
    )


def compute_distributions(
    values: pd.DataFrame, membership: pd.DataFrame, neighbours: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the box statistics of every indicator for the nation, each region and group.

    `values` has one row per ML × indicator (`code_ml`, `indicateur`, `valeur`; NaN when
    the ML has no value); `membership` one row per ML (`code_ml`, `code_region`,
    `groupe`; a missing group leaves the ML out of the group distributions only);
    `neighbours` (`code_ml`, `code_ml_voisin`: `perfml.groups.nearest_neighbours`), when
    given, adds each ML's "voisins" distribution (its neighbours' values, not its own).
    The result has the columns of `DISTRIBUTION_COLUMNS`, `reference` being `FR`, the
    region code, the group number as text, or the ML's code for its neighbours.
    """
    members = membership[["code_ml", "code_region", "groupe"]].drop_duplicates("code_ml")
    frame = values[["code_ml", "indicateur", "valeur"]].merge(members, on="code_ml", how="inner")
    frame = frame[frame["valeur"].notna()].copy()
    frame["valeur"] = frame["valeur"].astype(float)
    frame["indicateur"] = frame["indicateur"].astype(int)
    frame["NATIONAL"] = NATIONAL_CODE
    frame["REGION"] = frame["code_region"].astype("string")
    frame["GROUPE"] = frame["groupe"].map(_group_reference).astype("string")
    parts = []
    for population in POPULATIONS:
        if population == "VOISINS":
            if neighbours is None:
                continue
            pairs = neighbours[["code_ml", "code_ml_voisin"]].astype(str)
            part = pairs.merge(
                frame[["code_ml", "indicateur", "valeur"]]
                .astype({"code_ml": str})
                .rename(columns={"code_ml": "code_ml_voisin"}),
                on="code_ml_voisin",
            ).rename(columns={"code_ml": population})
        else:
            part = frame[frame[population].notna()]
        parts.append(_box_statistics(part, population))
    result = pd.concat(parts, ignore_index=True)
    result["reference"] = result["reference"].astype(str)
    result["n"] = result["n"].astype(int)
    return result[list(DISTRIBUTION_COLUMNS)]


def _box_statistics(part: pd.DataFrame, population: str) -> pd.DataFrame:
    """The box statistics of `valeur` per (`population` key, indicator).

    One `box_of` per distribution: pandas' aggregation with a quantile per group cost
    about 1 ms a group, and the neighbours give one distribution per ML and indicator.
    """
    rows = [
        (reference, number, box.n, box.minimum, box.q1, box.median, box.q3, box.maximum)
        for (reference, number), values in part.groupby([population, "indicateur"], sort=True)[
            "valeur"
        ]
        if (box := box_of(values.to_numpy())) is not None
    ]
    stats = pd.DataFrame(rows, columns=["reference", "indicateur", *STAT_COLUMNS])
    stats.insert(0, "population", population)
    return stats


def _group_reference(group: object) -> str | None:
    """The text key of a group number (None for a missing group)."""
    if group is None or (isinstance(group, float) and math.isnan(group)) or group is pd.NA:
        return None
    return str(int(group))


def reference_of(
    population: str, code_region: object, groupe: object, code_ml: object = None
) -> str | None:
    """Return the key of the ML's reference in `population` (None when it has none)."""
    if population == "NATIONAL":
        return NATIONAL_CODE
    if population == "REGION":
        return None if code_region is None else str(code_region)
    if population == "VOISINS":
        return None if code_ml is None else str(code_ml)
    return _group_reference(groupe)


def box_lookup(distributions: pd.DataFrame) -> dict[tuple[str, str, int], Box]:
    """Index a distributions table by (population, reference, indicator)."""
    return {
        (row.population, str(row.reference), int(row.indicateur)): Box(
            int(row.n), row.min, row.q1, row.mediane, row.q3, row.max
        )
        for row in distributions.itertuples(index=False)
    }


def quartile_of(value: float | None, box: Box | None, direction: str) -> int | None:
    """Return the ML's quartile (1 = worst quarter, 4 = best) in `box`, direction-aware.

    Higher is better: 1 if v < Q1, 2 if Q1 ≤ v < median, 3 if median ≤ v < Q3, 4 if
    v ≥ Q3. Lower is better, mirrored: 1 if v > Q3, 2 if median < v ≤ Q3, 3 if
    Q1 < v ≤ median, 4 if v ≤ Q1. None when there is no value or no distribution.
    """
    if box is None or is_missing_value(value):
        return None
    if direction == HIGHER:
        if value < box.q1:
            return 1
        if value < box.median:
            return 2
        if value < box.q3:
            return 3
        return 4
    if direction == LOWER:
        if value > box.q3:
            return 1
        if value > box.median:
            return 2
        if value > box.q1:
            return 3
        return 4
    raise ValueError(f"Sens inconnu : {direction!r}.")


def is_better(candidate: float, reference: float, direction: str) -> bool:
    """Return whether `candidate` is strictly better than `reference` in `direction`."""
    return candidate > reference if direction == HIGHER else candidate < reference


def is_missing_value(value: object) -> bool:
    """Say whether `value` is missing for pandas (None, NaN, NA, NaT)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
