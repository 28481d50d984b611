"""The counts one command publishes for every level of the network: MLs, regions, nation.

A cell is `(column, niveau, code)`: the count `column` of one ML, region or the nation
(`niveau` ML, REGION or NATIONAL, as in the computed frames), wherever it is shown. For
every count a region is the sum of its MLs and the nation the sum of the regions. The
masks decided once for all of them are shown the same way in every table of the command
(the dashboard's, the Garantie jeunes follow-up's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from perfml.disclosure import SECONDARY, is_masked
from perfml.disclosure.audit import PRIMARY_MARK, SECONDARY_MARK
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import MaskingRules

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


def mask_counts(
    frame: pd.DataFrame,
    entities: Sequence[Entity],
    columns: list[str],
    marks: Marks,
    rules: MaskingRules,
) -> pd.DataFrame:
    """Show the masked counts of `frame` (row i is `entities[i]`): "< 5" or "s"."""
    result = frame.copy()
    for column in columns:
        shown = result[column].astype(object).to_numpy(copy=True)
        for i, (niveau, code) in enumerate(entities):
            status = marks.get((column, niveau, code))
            if status == PRIMARY_MARK:
                shown[i] = rules.label
            elif status == SECONDARY_MARK:
                shown[i] = SECONDARY
        result[column] = shown
    return result


def mask_derived(frame: pd.DataFrame, value: str, parts: list[str]) -> pd.DataFrame:
    """Mask `value` ("s") in every row where one of `parts` (computed into it) is masked."""
    hidden = frame[parts].map(is_masked).any(axis=1)
    shown = frame[value].astype(object)
    shown[hidden.to_numpy()] = SECONDARY
    return frame.assign(**{value: shown})
