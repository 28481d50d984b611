"""What-if: two configurations applied to the same year, side by side.

Configuration A is the reference (`--config`), B the alternative (`--comparer`). For
each ML: A's and B's base, bonus and total, the gap `B − A` in euros and in % of A, and
who gains or loses. The same for each region (envelope, paid to MLs, pool).
"""

from __future__ import annotations

import math

import pandas as pd

from perfml.funding.campaign import AllocationResult

GAINS = "gagne"
LOSES = "perd"
SAME = "inchangé"
ONLY_A = "absente de B"
ONLY_B = "absente de A"


def _direction(gap: float, in_a: bool, in_b: bool) -> str:
    if not in_b:
        return ONLY_A
    if not in_a:
        return ONLY_B
    if gap > 0:
        return GAINS
    return LOSES if gap < 0 else SAME


def _percent(gap: float, reference: float) -> float:
    return 100.0 * gap / reference if reference else math.nan


def compare_ml(a: AllocationResult, b: AllocationResult) -> pd.DataFrame:
    """Return one row per ML of A or B: both allocations, the gap, and who gains or loses.

    The rows are sorted by gap (the largest loss first), then by code.
    """
    columns = ["code_ml", "nom", "code_region", "base_eur", "bonus_eur", "total_eur"]
    left = a.ml_table()[columns]
    right = b.ml_table()[columns]
    merged = left.merge(right, on=["code_ml"], how="outer", suffixes=("_a", "_b"), indicator=True)
    merged["nom"] = merged["nom_a"].fillna(merged["nom_b"])
    merged["code_region"] = merged["code_region_a"].fillna(merged["code_region_b"])
    in_a = merged["_merge"] != "right_only"
    in_b = merged["_merge"] != "left_only"
    frame = pd.DataFrame(
        {
            "code_ml": merged["code_ml"],
            "nom": merged["nom"],
            "code_region": merged["code_region"],
            "total_a_eur": merged["total_eur_a"].astype("Int64"),
            "total_b_eur": merged["total_eur_b"].astype("Int64"),
        }
    )
    gap = merged["total_eur_b"].fillna(0) - merged["total_eur_a"].fillna(0)
    frame["ecart_eur"] = gap.astype("int64")
    frame["ecart_pct"] = [
        _percent(g, r) if both else math.nan
        for g, r, both in zip(gap, merged["total_eur_a"], in_a & in_b, strict=True)
    ]
    for part in ("base", "bonus"):
        frame[f"{part}_a_eur"] = merged[f"{part}_eur_a"].astype("Int64")
        frame[f"{part}_b_eur"] = merged[f"{part}_eur_b"].astype("Int64")
    frame["sens"] = [_direction(g, x, y) for g, x, y in zip(gap, in_a, in_b, strict=True)]
    return frame.sort_values(["ecart_eur", "code_ml"], ignore_index=True)


def compare_regions(a: AllocationResult, b: AllocationResult) -> pd.DataFrame:
    """Return one row per region: envelope, amount paid to MLs and pool under A and B."""
    keep = ["code_region", "enveloppe_eur", "verse_eur", "reserve_eur"]
    left, right = a.summary(), b.summary()
    for frame in (left, right):
        frame["verse_eur"] = frame["base_eur"] + frame["bonus_eur"]
    merged = left[keep].merge(right[keep], on="code_region", how="outer", suffixes=("_a", "_b"))
    merged = merged.sort_values("code_region", ignore_index=True)
    for column in merged.columns[1:]:
        merged[column] = merged[column].astype("Int64")
    merged["ecart_verse_eur"] = merged["verse_eur_b"].fillna(0) - merged["verse_eur_a"].fillna(0)
    merged["ecart_verse_eur"] = merged["ecart_verse_eur"].astype("int64")
    return merged


def count_directions(comparison: pd.DataFrame) -> dict[str, int]:
    """Return how many MLs gain, lose or keep the same amount."""
    counts = comparison["sens"].value_counts()
    return {key: int(counts.get(key, 0)) for key in (GAINS, LOSES, SAME, ONLY_A, ONLY_B)}
