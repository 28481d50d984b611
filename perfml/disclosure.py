"""Small-count masking of tables that leave the State services (statistical secrecy).

Rule (documented in `docs/tableau-de-bord.md`):
- **Primary masking**: a count strictly below the threshold (5) and above zero is shown
  as "< 5". A zero is shown: it says nothing about a person and masking it would hide
  the structure of the table (keyword `mask_zeros=True` masks zeros too).
- **Secondary masking**: a masked cell must not be recoverable by subtraction from a
  total. In every row that has a total (`total_column`) and in every column (whose total
  is published, e.g. the region or the nation row), when exactly one cell is masked, the
  smallest other non-zero cell of that row or column is masked too, shown as "s". This
  repeats until no row or column has a single masked cell. Zeros are never chosen: a
  masked zero would let the reader rebuild the primary cell from the total.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

THRESHOLD = 5
SECONDARY = "s"
PRIMARY_MARK = "primaire"
SECONDARY_MARK = "secondaire"


def primary_label(threshold: int = THRESHOLD) -> str:
    """Return what a primary-masked cell shows ("< 5")."""
    return f"< {threshold}"


def is_small_count(value: float, threshold: int = THRESHOLD, mask_zeros: bool = False) -> bool:
    """Tell whether a count must be masked: below the threshold (and above zero by default)."""
    if value is None or pd.isna(value):
        return False
    return value < threshold and (mask_zeros or value > 0)


def _single_masked_to_complete(values: np.ndarray, masked: np.ndarray) -> int | None:
    """Return the index of the cell to mask next in a line holding exactly one masked cell."""
    if masked.sum() != 1:
        return None
    candidates = [
        i for i in range(len(values)) if not masked[i] and not np.isnan(values[i]) and values[i] > 0
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (values[i], i))


def small_count_mask(
    frame: pd.DataFrame,
    count_columns: Sequence[Hashable],
    total_column: Hashable | None = None,
    threshold: int = THRESHOLD,
    *,
    total_row: Hashable | None = None,
    mask_zeros: bool = False,
) -> pd.DataFrame:
    """Return which cells to mask: "primaire", "secondaire" or "" for each count cell.

    `count_columns` are cells adding up to `total_column` in each row (when given);
    every count column's total is taken as published, so columns are protected over the
    rows other than `total_row` (the row holding the column totals, when the frame has
    one).
    """
    columns = list(count_columns)
    all_columns = [*columns, total_column] if total_column is not None else columns
    values = frame[all_columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    primary = np.vectorize(lambda v: is_small_count(v, threshold, mask_zeros), otypes=[bool])(
        values
    )
    masked = primary.copy()
    n_parts = len(columns)
    body = [i for i, label in enumerate(frame.index) if total_row is None or label != total_row]
    changed = True
    while changed:
        changed = False
        if total_column is not None:
            for i in range(len(frame)):
                if masked[i, n_parts]:
                    continue  # an unknown total reveals nothing
                j = _single_masked_to_complete(values[i, :n_parts], masked[i, :n_parts])
                if j is not None:
                    masked[i, j] = changed = True
        for j in range(len(all_columns)):
            k = _single_masked_to_complete(values[body, j], masked[body, j])
            if k is not None:
                masked[body[k], j] = changed = True
    marks = np.where(primary, PRIMARY_MARK, np.where(masked, SECONDARY_MARK, ""))
    return pd.DataFrame(marks, index=frame.index, columns=all_columns)


def mask_small_counts(
    frame: pd.DataFrame,
    count_columns: Sequence[Hashable],
    total_column: Hashable | None = None,
    threshold: int = THRESHOLD,
    *,
    total_row: Hashable | None = None,
    mask_zeros: bool = False,
) -> pd.DataFrame:
    """Return a copy of `frame` whose small counts show "< 5" and secondary cells "s".

    The masked columns become text-and-number (object) columns; other columns are kept.
    """
    marks = small_count_mask(
        frame,
        count_columns,
        total_column,
        threshold,
        total_row=total_row,
        mask_zeros=mask_zeros,
    )
    result = frame.copy()
    for column in marks.columns:
        shown = result[column].astype(object)
        shown[marks[column] == PRIMARY_MARK] = primary_label(threshold)
        shown[marks[column] == SECONDARY_MARK] = SECONDARY
        result[column] = shown
    return result


def is_masked(value: object) -> bool:
    """Tell whether a cell of a masked table was masked."""
    return isinstance(value, str) and (value == SECONDARY or value.startswith("< "))
