"""The split of the national CPO credit between regions: activity, then progression.

With a credit `C` (whole euros) and a performance share `p`:

1. the activity part `A = round((1 − p) · C)` (half up) is split by each region's
   activity share `a_r = Σ_c w_c · X_rc / Σ_j X_jc`, where `X_rc` sums criterion c over
   the region's MLs;
2. the performance part `P = C − A` rewards the **progression** of the region's results
   from one year to the next on the indicators of the rule: each indicator gets a
   progression score `g_rk` in 0–1 (direction-aware, see `progression_score`), the
   region a score `s_r = Σ ω_k g_rk / Σ ω_k` over the indicators it can compute, and `P`
   is split in proportion to `a_r · s_r` — so that a region that progressed everywhere
   gets its activity share of `P` raised, and a region that progressed nowhere gets
   none of it. If no region progressed at all, `P` is split like the activity part.

Both parts are split by largest remainder: the regions' totals add up to `C` exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from perfml.funding.achievement import (
    Direction,
    effective_weights,
    is_better_or_equal,
    weighted_scores,
)
from perfml.funding.allocation import criteria_shares
from perfml.funding.config import NationalRule
from perfml.funding.rounding import apportion, round_half_up, to_fraction

REMARKS = {
    "better": "progression",
    "not_better": "pas de progression",
    "partial": "progression partielle (en deçà de la progression pleine)",
    "full": "progression pleine ou au-delà",
    "no_value": "valeur non calculable : son poids passe aux autres indicateurs",
    "no_previous": "valeur de l'année précédente inconnue : son poids passe aux autres",
    "zero_previous": (
        "valeur de l'année précédente nulle : progression relative non définie, son poids "
        "passe aux autres"
    ),
}


@dataclass(frozen=True)
class NationalSplit:
    """The national split: one row per region, the progression and activity details."""

    credit_eur: int
    regions: pd.DataFrame
    progression: pd.DataFrame
    activity: pd.DataFrame
    performance_by_activity: bool  # no region progressed: P split like the activity part


def _known(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def progression_score(
    value: float,
    previous: float,
    direction: Direction,
    score: str,
    full_progression: Fraction,
) -> tuple[float, str]:
    """Return the progression score (0–1) of a region on one indicator, and its remark key.

    `binaire`: 1 if the value is strictly better than the year before, else 0.
    `relatif`: the direction-aware relative change `(v − v_prev) / |v_prev|` (sign
    flipped where lower is better) divided by `full_progression`, clamped to 0–1: a
    progression of `full_progression` (e.g. 10 %) or more scores 1.
    """
    if not _known(value):
        return math.nan, "no_value"
    if not _known(previous):
        return math.nan, "no_previous"
    if score == "binaire":
        if is_better_or_equal(previous, value, direction):
            return 0.0, "not_better"
        return 1.0, "better"
    if previous == 0:
        return math.nan, "zero_previous"
    change = (value - previous) / abs(previous)
    if direction == "lower":
        change = -change
    share = change / float(full_progression)
    if share >= 1:
        return 1.0, "full"
    if share <= 0:
        return 0.0, "not_better"
    return share, "partial"


def measure_progressions(
    table: pd.DataFrame,
    weights: Mapping[int, Fraction],
    directions: Mapping[int, Direction],
    score: str,
    full_progression: Fraction,
) -> pd.DataFrame:
    """Return each region × indicator's progression score and effective weight.

    `table` has `code_region`, `indicateur`, `valeur` and `valeur_precedente`. The result
    adds `sens`, `evolution` (direction-aware: positive is better), `score`,
    `calculable`, `poids`, `poids_effectif`, `contribution` and `remarque`.
    """
    in_force = {k: w for k, w in weights.items() if w > 0}
    rows = table[table["indicateur"].isin(list(in_force))].copy()
    rows = rows.sort_values(["code_region", "indicateur"]).reset_index(drop=True)
    rows["sens"] = rows["indicateur"].map(directions)
    sign = rows["sens"].map({"higher": 1.0, "lower": -1.0})
    rows["evolution"] = (rows["valeur"] - rows["valeur_precedente"]) * sign
    results = [
        progression_score(v, p, directions[k], score, full_progression)
        for v, p, k in zip(
            rows["valeur"], rows["valeur_precedente"], rows["indicateur"], strict=True
        )
    ]
    rows["score"] = [s for s, _ in results]
    rows["calculable"] = rows["score"].notna()
    rows["remarque"] = [REMARKS[r] for _, r in results]
    rows["poids"] = rows["indicateur"].map(lambda k: float(in_force[k]))
    effective = effective_weights(
        rows["code_region"], rows["indicateur"], rows["calculable"], in_force
    )
    rows["poids_effectif"] = [float(w) for w in effective]
    rows["contribution"] = rows["poids_effectif"] * rows["score"].fillna(0.0)
    return rows


def split_national(
    rule: NationalRule, activity: pd.DataFrame, progressions: pd.DataFrame
) -> NationalSplit:
    """Split `rule.credit_eur` between the regions of `activity` (one row per region).

    `activity` has `code_region` and the regional sum of each criterion of
    `rule.activity`; `progressions` is `measure_progressions`' result.
    """
    activity = activity.sort_values("code_region").reset_index(drop=True)
    codes = activity["code_region"].tolist()
    shares, detail = criteria_shares(activity, rule.activity, "code_region", "France")
    scores = weighted_scores(
        progressions["code_region"],
        progressions["indicateur"],
        progressions["score"],
        rule.indicators,
    )
    region_scores = [to_fraction(scores.get(code, 0)) for code in codes]
    credit = rule.credit_eur
    activity_total = round_half_up((1 - rule.performance_share) * credit)
    performance_total = credit - activity_total
    performance_weights = [a * s for a, s in zip(shares, region_scores, strict=True)]
    by_activity = sum(performance_weights, Fraction(0)) == 0
    if by_activity:
        performance_weights = shares
    activity_eur = apportion(activity_total, shares)
    performance_eur = apportion(performance_total, performance_weights)
    regions = pd.DataFrame(
        {
            "code_region": codes,
            "part_activite": [float(a) for a in shares],
            "score_progression": [float(s) for s in region_scores],
            "part_performance": [
                float(w / sum(performance_weights, Fraction(0))) for w in performance_weights
            ],
            "activite_eur": activity_eur,
            "performance_eur": performance_eur,
        }
    )
    regions["total_eur"] = regions["activite_eur"] + regions["performance_eur"]
    return NationalSplit(credit, regions, progressions, detail, by_activity)


def regional_activity(criteria: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Sum each criterion over the MLs of each region; unknown when one ML's value is."""
    sums = criteria.groupby("code_region", sort=True)[names].sum()
    incomplete = criteria[names].isna().groupby(criteria["code_region"], sort=True).any()
    return sums.mask(incomplete).reset_index()
