"""Achievement of last year's targets, per ML × indicator, and the ML's performance score.

`a = 1` when the target is reached (direction-aware: at or above it where higher is
better, at or below it where lower is better). Otherwise `a = 0` in the binary mode; in
the progressive mode `a` is the share of the way covered from the previous year's value
to the target, clamped to 0–1. An indicator without a value or a target for an ML passes
its weight to the ML's other indicators: the ML's score is `Σ ω_k a_k / Σ ω_k` over the
indicators that can be computed for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Literal

import pandas as pd

from perfml.funding.rounding import to_fraction

Direction = Literal["higher", "lower"]

# Indicator values are ratios computed in floating point: a value printed equal to its
# target must count as reaching it.
REACH_TOLERANCE = 1e-9

REMARKS = {
    "reached": "cible atteinte",
    "missed": "cible non atteinte",
    "partial": "cible non atteinte : part du chemin parcouru depuis l'année précédente",
    "no_previous": "cible non atteinte ; valeur de l'année précédente inconnue : atteinte binaire",
    "no_way": "cible non atteinte ; la cible ne demandait pas de progrès sur l'année précédente",
    "no_value": "valeur non calculable : son poids passe aux autres indicateurs",
    "no_target": "aucune cible : son poids passe aux autres indicateurs",
}
NOTHING_COMPUTABLE = "aucun indicateur calculable : pas de majoration"


def _known(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def is_better_or_equal(value: float, reference: float, direction: Direction) -> bool:
    """Whether `value` is at least as good as `reference` (with a rounding tolerance)."""
    slack = REACH_TOLERANCE * max(1.0, abs(reference))
    if direction == "higher":
        return value >= reference - slack
    return value <= reference + slack


def achieve(
    value: float,
    target: float,
    previous: float | None,
    direction: Direction,
    mode: Literal["binaire", "progressif"],
) -> tuple[float, str]:
    """Return the achievement (0–1) of `target` by `value` and the remark that explains it."""
    if is_better_or_equal(value, target, direction):
        return 1.0, "reached"
    if mode == "binaire":
        return 0.0, "missed"
    if not _known(previous):
        return 0.0, "no_previous"
    if is_better_or_equal(previous, target, direction):
        return 0.0, "no_way"
    share = (value - previous) / (target - previous)
    return min(1.0, max(0.0, share)), "partial"


def measure_achievements(
    table: pd.DataFrame,
    weights: Mapping[int, Fraction],
    directions: Mapping[int, Direction],
    mode: Literal["binaire", "progressif"],
) -> pd.DataFrame:
    """Return the achievement of each ML × indicator in force, with its effective weight.

    `table` has one row per ML × indicator (at least the indicators of `weights`) with
    `code_ml`, `indicateur`, `valeur`, `cible` and `valeur_precedente` (NaN when
    unknown). The result adds `sens`, `calculable`, `atteinte` (NaN when not
    computable), `poids` (configured), `poids_effectif` (after weight passing),
    `contribution` (= poids_effectif × atteinte) and `remarque` (French).
    """
    in_force = {k: w for k, w in weights.items() if w > 0}
    rows = table[table["indicateur"].isin(list(in_force))].copy()
    rows = rows.sort_values(["code_ml", "indicateur"]).reset_index(drop=True)
    results = []
    for value, target, previous, indicator in zip(
        rows["valeur"], rows["cible"], rows["valeur_precedente"], rows["indicateur"], strict=True
    ):
        if not _known(value):
            results.append((math.nan, "no_value"))
        elif not _known(target):
            results.append((math.nan, "no_target"))
        else:
            results.append(achieve(value, target, previous, directions[indicator], mode))
    rows["sens"] = rows["indicateur"].map(directions)
    rows["atteinte"] = [a for a, _ in results]
    rows["calculable"] = rows["atteinte"].notna()
    rows["remarque"] = [REMARKS[r] for _, r in results]
    rows["poids"] = rows["indicateur"].map(lambda k: float(in_force[k]))
    effective = effective_weights(rows["code_ml"], rows["indicateur"], rows["calculable"], in_force)
    rows["poids_effectif"] = [float(w) for w in effective]
    rows["contribution"] = rows["poids_effectif"] * rows["atteinte"].fillna(0.0)
    return rows


def effective_weights(
    owners: pd.Series, indicators: pd.Series, computable: pd.Series, weights: Mapping[int, Fraction]
) -> list[Fraction]:
    """Return ω_k / Σ ω over each owner's computable indicators, 0 for the others.

    `owners` (an ML or a region code), `indicators` and `computable` are aligned rows;
    this is how an indicator that cannot be computed passes its weight to the others.
    """
    computable_sum: dict[str, Fraction] = {}
    for owner, indicator, ok in zip(owners, indicators, computable, strict=True):
        if ok:
            computable_sum[owner] = computable_sum.get(owner, Fraction(0)) + weights[indicator]
    return [
        weights[k] / computable_sum[owner] if ok else Fraction(0)
        for owner, k, ok in zip(owners, indicators, computable, strict=True)
    ]


def weighted_scores(
    owners: pd.Series, indicators: pd.Series, values: pd.Series, weights: Mapping[int, Fraction]
) -> dict[str, Fraction]:
    """Return each owner's exact score `Σ ω_k a_k / Σ ω_k` over its known values (NaN: unknown).

    An owner with no known value scores 0: there is nothing to reward.
    """
    numerators: dict[str, Fraction] = {}
    denominators: dict[str, Fraction] = {}
    for owner, indicator, value in zip(owners, indicators, values, strict=True):
        numerators.setdefault(owner, Fraction(0))
        denominators.setdefault(owner, Fraction(0))
        if _known(value) and weights.get(indicator, 0) > 0:
            numerators[owner] += weights[indicator] * to_fraction(value)
            denominators[owner] += weights[indicator]
    return {
        owner: numerators[owner] / denominators[owner] if denominators[owner] else Fraction(0)
        for owner in numerators
    }


def performance_scores(
    achievements: pd.DataFrame, weights: Mapping[int, Fraction]
) -> dict[str, Fraction]:
    """Return each ML's exact performance score from `measure_achievements`' result."""
    return weighted_scores(
        achievements["code_ml"], achievements["indicateur"], achievements["atteinte"], weights
    )
