"""Small tables with their row, column and grand totals, as published cells."""

from __future__ import annotations

from perfml.disclosure.relations import PublishedCells


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
