"""Small tables as published cells: with their row, column and grand totals, or one frame
whose rows and columns add up."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd

from perfml.disclosure import SECONDARY
from perfml.disclosure.audit import PRIMARY_MARK
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import MaskingRules


def table_cells(rows: list[list[int]]) -> PublishedCells:
    """Return the cells (i, j) of `rows`, row totals (i, "T"), column totals ("T", j) and
    the grand total ("T", "T"), with the sums between them."""
    cells = PublishedCells()
    n, m = len(rows), len(rows[0])
    for i in range(n):
        for j in range(m):
            cells.add_cell((i, j), rows[i][j])
        cells.add_cell((i, "T"), sum(rows[i]))
    for j in range(m):
        cells.add_cell(("T", j), sum(r[j] for r in rows))
    cells.add_cell(("T", "T"), sum(map(sum, rows)))
    for i in [*range(n), "T"]:
        cells.add_sum((i, "T"), [(i, j) for j in range(m)], f"ligne {i}")
    for j in [*range(m), "T"]:
        cells.add_sum(("T", j), [(i, j) for i in range(n)], f"colonne {j}")
    return cells


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
    values = frame[all_columns].astype(float)
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


def shown_frame(frame: pd.DataFrame, marks: dict, rules: MaskingRules) -> pd.DataFrame:
    """Return `frame` as a reader sees it with `marks` (keys (row label, column)): "< 5"
    for a primary cell, "s" for a secondary one."""
    shown = frame.astype(object)
    for (label, column), status in marks.items():
        if label in frame.index:
            shown.loc[label, column] = rules.label if status == PRIMARY_MARK else SECONDARY
    return shown
