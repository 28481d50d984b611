"""Achievement of last year's targets, per ML × indicator, and the ML's performance score.

`a = 1` when the target is reached (direction-aware: at or above it where higher is
better, at or below it where lower is better). Otherwise `a = 0` in the binary mode; in
the progressive mode `a` is the share of the way covered from the previous year's value
to the target, clamped to 0–1.

An indicator counts for an ML only when it is measurable: it has a value, the count the
value rests on (youths or exits, the catalogue's `effectif`) reaches the configured
minimum, and it has a meaningful target (`perfml.plausibility.is_meaningful_target`: a
target of 0 where higher is better asks nothing). Otherwise it passes its weight to the
ML's other indicators: the ML's score is `Σ ω_k a_k / Σ ω_k` over its measurable
indicators, and an ML with none scores 0 — no bonus without results.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Literal

import pandas as pd

from perfml.french import french_count
from perfml.funding.config import DEFAULT_MIN_COUNT
from perfml.funding.rounding import to_fraction
from perfml.indicators.catalogue import indicator as catalogue_indicator
from perfml.plausibility import is_meaningful_target

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
    "too_few": "effectif de {count} sous le minimum de {minimum} ({basis}) : son poids passe "
    "aux autres indicateurs",
    "no_count": "effectif inconnu ({basis}) : son poids passe aux autres indicateurs",
    "empty_target": "cible de {target} qui ne demande aucun résultat : son poids passe aux "
    "autres indicateurs",
}


def nothing_measurable(min_count: int) -> str:
    """Return why an ML with no measurable indicator gets no bonus (French)."""
    return (
        "aucun indicateur mesurable (valeur calculable, effectif d'au moins "
        f"{min_count}, cible qui demande un résultat) : pas de majoration"
    )


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


def _count_of(row: dict, basis: str) -> float | None:
    value = row.get(basis)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def measure_one(
    row: dict, direction: Direction, mode: Literal["binaire", "progressif"], min_count: int
) -> tuple[float, str]:
    """Return one ML × indicator's achievement (NaN: not measurable) and its French remark."""
    number = int(row["indicateur"])
    item = catalogue_indicator(number)
    basis = item.count_basis
    basis_label = "sorties" if basis == "numerateur" else f"dénominateur : {item.denominator}"
    value, target = row["valeur"], row["cible"]
    if not _known(value):
        return math.nan, REMARKS["no_value"]
    count = _count_of(row, basis)
    if count is None:
        return math.nan, REMARKS["no_count"].format(basis=basis_label)
    if count < min_count:
        return math.nan, REMARKS["too_few"].format(
            count=french_count(count), minimum=min_count, basis=basis_label
        )
    if not _known(target):
        return math.nan, REMARKS["no_target"]
    if not is_meaningful_target(item, float(target)):
        return math.nan, REMARKS["empty_target"].format(target=french_count(float(target)))
    achievement, key = achieve(value, target, row.get("valeur_precedente"), direction, mode)
    return achievement, REMARKS[key]


def measure_achievements(
    table: pd.DataFrame,
    weights: Mapping[int, Fraction],
    directions: Mapping[int, Direction],
    mode: Literal["binaire", "progressif"],
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """Return the achievement of each ML × indicator in force, with its effective weight.

    `table` has one row per ML × indicator (at least the indicators of `weights`) with
    `code_ml`, `indicateur`, `valeur`, `numerateur`, `denominateur`, `cible` and
    `valeur_precedente` (NaN when unknown); `min_count`: the smallest count (youths or
    exits) a value must rest on to count. The result adds `sens`, `calculable` (the
    indicator is measurable and counts), `atteinte` (NaN when not measurable), `poids`
    (configured), `poids_effectif` (after weight passing), `contribution`
    (= poids_effectif × atteinte) and `remarque` (French).
    """
    in_force = {k: w for k, w in weights.items() if w > 0}
    rows = table[table["indicateur"].isin(list(in_force))].copy()
    rows = rows.sort_values(["code_ml", "indicateur"]).reset_index(drop=True)
    results = [
        measure_one(row, directions[int(row["indicateur"])], mode, min_count)
        for row in rows.to_dict("records")
    ]
    rows["sens"] = rows["indicateur"].map(directions)
    rows["atteinte"] = pd.Series([a for a, _ in results], index=rows.index, dtype="float64")
    rows["calculable"] = rows["atteinte"].notna()
    rows["remarque"] = pd.Series([r for _, r in results], index=rows.index, dtype="object")
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
