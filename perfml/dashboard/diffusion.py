"""The dashboard's tables as they may leave the State services: small counts masked.

`interne` (default): every figure is shown. `externe` (an ML's file shared outside the
State services): the rule of `perfml.disclosure` applies to every count of people,
dispositifs, propositions, offers or MER — activity measures, and the numerators and
denominators of the indicators that count them. A rate whose numerator or denominator is
masked is masked too ("s"), and so is an evolution whose either side is masked. The
context (public statistics, ICARE amounts) is not masked.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from perfml.activity import MEASURES
from perfml.dashboard.levels import Row
from perfml.disclosure import SECONDARY, is_masked, small_count_mask

Diffusion = Literal["interne", "externe"]
DIFFUSIONS: tuple[str, ...] = ("interne", "externe")

# Indicator numerators and denominators that are not counts of people or files: the NEET
# of the territory (INSEE), the ETP and the resources (ICARE).
NOT_COUNTS = frozenset({"i1_den", "i9_den", "i10_num"})


def activity_families() -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Return the activity measures grouped as (total, parts) families, and the others."""
    families: dict[str, list[str]] = {}
    for measure in MEASURES:
        if measure.part_of:
            families.setdefault(measure.part_of, []).append(measure.name)
    singles = [m.name for m in MEASURES if m.name not in families and not m.part_of]
    return list(families.items()), singles


def indicator_count_columns() -> list[str]:
    """Return the indicator columns (`i1_num`…) that count people or files."""
    columns = [f"i{k}_{part}" for k in range(1, 11) for part in ("num", "den")]
    return [c for c in columns if c not in NOT_COUNTS]


def _masks(
    frame: pd.DataFrame, families: list[tuple[str, list[str]]], singles: list[str], total_row
) -> pd.DataFrame:
    marks = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for total, parts in families:
        found = small_count_mask(frame, parts, total_column=total, total_row=total_row)
        marks[found.columns] = found
    for column in singles:
        marks[[column]] = small_count_mask(frame, [column], total_row=total_row)
    return marks


def mask_counts(
    frame: pd.DataFrame,
    rows: list[Row],
    families: list[tuple[str, list[str]]],
    singles: list[str],
) -> pd.DataFrame:
    """Mask the small counts of `frame` (one row per entry of `rows`, same order).

    When the last row is the total of the others (a region's MLs, the nation's regions),
    columns are protected over the other rows; otherwise (an ML with its region and the
    nation for reference) each row is masked on its own.
    """
    if rows and rows[-1].is_total:
        marks = _masks(frame, families, singles, total_row=frame.index[-1])
    else:
        marks = pd.concat(
            [_masks(frame.iloc[[i]], families, singles, None) for i in range(len(frame))]
        )
    result = frame.copy()
    for column in {c for _total, parts in families for c in [_total, *parts]} | set(singles):
        shown = result[column].astype(object)
        shown[(marks[column] == "primaire").to_numpy()] = "< 5"
        shown[(marks[column] == "secondaire").to_numpy()] = SECONDARY
        result[column] = shown
    return result


def mask_rates(frame: pd.DataFrame, value: str, parts: list[str]) -> pd.DataFrame:
    """Mask `value` ("s") in every row where one of `parts` is masked."""
    hidden = frame[parts].map(is_masked).any(axis=1)
    shown = frame[value].astype(object)
    shown[hidden.to_numpy()] = SECONDARY
    return frame.assign(**{value: shown})
