"""One region's allocation: base by criteria, performance bonus, pool — in whole euros.

With an envelope `E` (whole euros):

1. the base total is `B = round(90 % · E)` (half up), split between the MLs by largest
   remainder in proportion to `share_i = Σ_c w_c · x_ic / Σ_j x_jc`;
2. the exact bonus `b_i = 10 % · base_i · s_i` (s_i: the ML's performance score, 0–1)
   is rounded by `rounding.round_capped`, never above `floor(10 % · base_i)`: an ML
   with a full score gets exactly that cap, one with a zero score nothing;
3. the pool takes the rest, `E − Σ base_i − Σ bonus_i`, which is never negative.

Everything is exact (fractions); MLs are ordered by `code_ml`, which breaks ties.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from perfml.errors import UserError
from perfml.funding.criteria import CRITERIA
from perfml.funding.rounding import apportion, round_capped, round_half_up, to_fraction

BASE_SHARE = Fraction(9, 10)  # the instruction: 90 % of the regional envelope
MAX_BONUS = Fraction(1, 10)  # each ML's base may be raised by up to 10 % of itself


@dataclass(frozen=True)
class RegionAllocation:
    """The allocation of one region: one row per ML, the criteria detail and the pool."""

    code_region: str
    envelope_eur: int
    ml: pd.DataFrame
    criteria: pd.DataFrame

    @property
    def base_eur(self) -> int:
        return int(self.ml["base_eur"].sum())

    @property
    def bonus_eur(self) -> int:
        return int(self.ml["bonus_eur"].sum())

    @property
    def pool_eur(self) -> int:
        """What is left for network structuring and innovative projects."""
        return self.envelope_eur - self.base_eur - self.bonus_eur


def criteria_shares(
    values: pd.DataFrame, weights: Mapping[str, Fraction], key: str, place: str
) -> tuple[list[Fraction], pd.DataFrame]:
    """Return each row's exact share `Σ_c w_c · x_c / Σ x_c` and the per-criterion detail.

    `values` has the `key` column (an ML or a region code) and one column per criterion
    of `weights`, in the order of the result. A criterion with a positive weight must be
    known for every row and not be zero for all of them (else a `UserError` naming
    `place`, e.g. « Région 84 »).
    """
    shares = [Fraction(0)] * len(values)
    detail = []
    for name, weight in weights.items():
        if weight == 0:
            continue
        label = CRITERIA[name].label
        column = values[name]
        unknown = values.loc[column.isna(), key].tolist()
        if unknown:
            raise UserError(
                f"{place} : « {label} » est inconnu pour {', '.join(unknown[:10])}"
                f"{' …' if len(unknown) > 10 else ''} ; complétez l'extrait ou donnez un "
                "poids nul à ce critère."
            )
        exact = [to_fraction(x) for x in column]
        total = sum(exact, Fraction(0))
        if total == 0:
            raise UserError(
                f"{place} : « {label} » vaut 0 partout et ne peut rien répartir ; "
                "donnez un poids nul à ce critère."
            )
        for i, (code, x) in enumerate(zip(values[key], exact, strict=True)):
            part = x / total
            shares[i] += weight * part
            detail.append(
                {
                    key: code,
                    "critere": name,
                    "valeur": float(x),
                    "total_region": float(total),
                    "part": float(part),
                    "poids": float(weight),
                    "contribution": float(weight * part),
                }
            )
    columns = [key, "critere", "valeur", "total_region", "part", "poids", "contribution"]
    return shares, pd.DataFrame(detail, columns=columns)


def allocate_region(
    code_region: str,
    envelope_eur: int,
    values: pd.DataFrame,
    weights: Mapping[str, Fraction],
    scores: Mapping[str, Fraction],
) -> RegionAllocation:
    """Split `envelope_eur` between the MLs of `values` (one row per ML of the region).

    `weights` are the base criteria's weights (summing to 1), `scores` each ML's
    performance score in 0–1 (a missing ML scores 0).
    """
    if envelope_eur < 0 or int(envelope_eur) != envelope_eur:
        raise ValueError("l'enveloppe est un nombre entier d'euros positif ou nul")
    if values.empty:
        raise UserError(f"La région {code_region} n'a aucune mission locale dans l'entrepôt.")
    values = values.sort_values("code_ml").reset_index(drop=True)
    shares, detail = criteria_shares(values, weights, "code_ml", f"Région {code_region}")
    base_total = round_half_up(BASE_SHARE * envelope_eur)
    bases = apportion(base_total, shares)
    exact_scores = [to_fraction(scores.get(code, 0)) for code in values["code_ml"]]
    if any(not 0 <= s <= 1 for s in exact_scores):
        raise ValueError("un score de performance est hors de 0–1")
    caps = [math.floor(MAX_BONUS * b) for b in bases]
    bonuses = round_capped(
        [MAX_BONUS * b * s for b, s in zip(bases, exact_scores, strict=True)], caps
    )
    ml = pd.DataFrame(
        {
            "code_ml": values["code_ml"],
            "code_region": code_region,
            "part_base": [float(s) for s in shares],
            "base_eur": bases,
            "score_performance": [float(s) for s in exact_scores],
            "bonus_max_eur": caps,
            "bonus_eur": bonuses,
        }
    )
    ml["total_eur"] = ml["base_eur"] + ml["bonus_eur"]
    allocation = RegionAllocation(code_region, int(envelope_eur), ml, detail)
    if allocation.pool_eur < 0:  # impossible by construction; never pay out more than E
        raise AssertionError(f"réserve négative pour la région {code_region}")
    return allocation
