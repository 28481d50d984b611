"""Statistical secrecy of external diffusion: small counts masked, and kept secret.

- `rules`: the threshold and the protection level, as data (`regles.toml`);
- `relations`: the cells one command publishes and the additive relations between them;
- `audit`: each masked cell's feasible interval, by linear programming (HiGHS);
- `suppression`: primary masking ("< 5") and secondary masking ("s") until every masked
  cell is protected.

`small_count_mask` and `mask_small_counts` apply the method to one frame whose rows and
columns add up (a row total column, the column totals published). The full description
is in docs/diffusion.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd

from perfml.disclosure.audit import PRIMARY_MARK, SECONDARY_MARK
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import MaskingRules, default_rules
from perfml.disclosure.suppression import is_primary, protect

THRESHOLD = 5
SECONDARY = "s"
__all__ = [
    "PRIMARY_MARK",
    "SECONDARY",
    "SECONDARY_MARK",
    "THRESHOLD",
    "frame_cells",
    "is_masked",
    "is_small_count",
    "mask_small_counts",
    "primary_label",
    "protect",
    "small_count_mask",
]


def primary_label(threshold: int = THRESHOLD) -> str:
    """Return what a primary-masked cell shows ("< 5")."""
    return f"< {threshold}"


def _rules(threshold: int, mask_zeros: bool) -> MaskingRules:
    base = default_rules()
    if threshold == base.seuil and mask_zeros == base.masquer_zeros:
        return base
    return MaskingRules(seuil=threshold, masquer_zeros=mask_zeros, protection_haute=threshold - 1)


def is_small_count(value: float, threshold: int = THRESHOLD, mask_zeros: bool = False) -> bool:
    """Tell whether a count must be masked: below the threshold (and above zero by default)."""
    if value is None or pd.isna(value):
        return False
    return is_primary(float(value), _rules(threshold, mask_zeros))


def frame_cells(
    frame: pd.DataFrame,
    count_columns: Sequence[Hashable],
    total_column: Hashable | None = None,
    total_row: Hashable | None = None,
) -> PublishedCells:
    """Return the cells of `frame` and their relations; keys are (row label, column).

    Each row's `count_columns` add up to its `total_column` (when given); each column adds
    up over the rows other than `total_row` to its total: the `total_row` cell when the
    frame has one, otherwise a column total published elsewhere (key ("", column), never
    masked here).
    """
    columns = list(count_columns)
    all_columns = [*columns, total_column] if total_column is not None else columns
    values = frame[all_columns].apply(pd.to_numeric, errors="coerce").astype(float)
    cells = PublishedCells()
    for label in frame.index:
        for column in all_columns:
            cells.add_cell((label, column), values.loc[label, column])
    body = [label for label in frame.index if total_row is None or label != total_row]
    if total_column is not None:
        for label in frame.index:
            cells.add_sum((label, total_column), [(label, c) for c in columns], f"ligne {label}")
    for column in all_columns:
        if total_row is None:
            cells.add_cell(("", column), values.loc[body, column].sum(min_count=1), fixed=True)
            total = ("", column)
        else:
            total = (total_row, column)
        cells.add_sum(total, [(label, column) for label in body], f"colonne {column}")
    return cells


def small_count_mask(
    frame: pd.DataFrame,
    count_columns: Sequence[Hashable],
    total_column: Hashable | None = None,
    threshold: int = THRESHOLD,
    *,
    total_row: Hashable | None = None,
    mask_zeros: bool = False,
) -> pd.DataFrame:
    """Return which cells to mask: "primaire", "secondaire" or "" for each count cell."""
    columns = list(count_columns)
    all_columns = [*columns, total_column] if total_column is not None else columns
    cells = frame_cells(frame, columns, total_column, total_row)
    marks = protect(cells, _rules(threshold, mask_zeros))
    result = pd.DataFrame("", index=frame.index, columns=all_columns)
    for (label, column), status in marks.items():
        if label in frame.index:
            result.loc[label, column] = status
    return result


def mask_small_counts(
    frame: pd.DataFrame,
    count_columns: Sequence[Hashable],
    total_column: Hashable | None = None,
    threshold: int = THRESHOLD,
    *,
    total_row: Hashable | None = None,
    mask_zeros: bool = False,
) -> pd.DataFrame:
    """Return a copy of `frame` whose small counts show "< 5" and secondary cells "s"."""
    marks = small_count_mask(
        frame, count_columns, total_column, threshold, total_row=total_row, mask_zeros=mask_zeros
    )
    result = frame.copy()
    for column in marks.columns:
        shown = result[column].astype(object)
        shown[(marks[column] == PRIMARY_MARK).to_numpy()] = primary_label(threshold)
        shown[(marks[column] == SECONDARY_MARK).to_numpy()] = SECONDARY
        result[column] = shown
    return result


def is_masked(value: object) -> bool:
    """Tell whether a cell of a masked table was masked."""
    return isinstance(value, str) and (value == SECONDARY or value.startswith("< "))
