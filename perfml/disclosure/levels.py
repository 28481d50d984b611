"""The counts one command publishes for every level of the network: MLs, regions, nation.

A cell is `(column, niveau, code)`: the count `column` of one ML, region or the nation
(`niveau` ML, REGION or NATIONAL, as in the computed frames), wherever it is shown. For
every count a region is the sum of its MLs and the nation the sum of the regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from perfml.disclosure.relations import PublishedCells

Entity = tuple[str, str]  # (niveau, code)
Marks = dict[tuple[str, str, str], str]  # (column, niveau, code) → primaire | secondaire


def hierarchy(structures: pd.DataFrame, nation: str = "FR") -> dict[Entity, list[Entity]]:
    """Return each region's MLs and the nation's regions as (niveau, code) entities."""
    children: dict[Entity, list[Entity]] = {}
    pairs = zip(structures["code_ml"], structures["code_region"], strict=True)
    for code_ml, region in sorted(pairs):
        children.setdefault(("REGION", region), []).append(("ML", code_ml))
    children[("NATIONAL", nation)] = sorted(children)
    return children


def add_counts(cells: PublishedCells, frame: pd.DataFrame, columns: list[str]) -> None:
    """Add the counts `columns` of every row of a frame with `niveau` and `code` columns."""
    for row in frame[["niveau", "code", *columns]].itertuples(index=False):
        niveau, code, *values = row
        for column, value in zip(columns, values, strict=True):
            cells.add_cell((column, niveau, code), value)


def add_hierarchy(
    cells: PublishedCells, columns: Iterable[str], children: Mapping[Entity, list[Entity]]
) -> None:
    """Declare, for every column, each parent entity = Σ its children (`hierarchy`)."""
    for column in columns:
        for parent, kids in children.items():
            cells.add_sum(
                (column, *parent),
                [(column, *kid) for kid in kids],
                f"{column} : {parent[0]} {parent[1]} = somme de ses composantes",
            )
