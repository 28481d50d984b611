"""How the groups changed from one year to the next, and what moved each mission locale.

Group numbers are not comparable from one year to the next (each year's groups are
numbered by the first axis of that year's PCA), so the comparison works on partitions:

- the **adjusted Rand index** (Hubert & Arabie) between last year's and this year's
  partitions of the missions locales present both years: 1 = the same partition, about
  0 = no more agreement than chance;
- last year's groups are **matched** to this year's by the largest overlap (an optimal
  one-to-one assignment on the table of counts); a mission locale **changed group** when
  its group this year is not the match of its group last year;
- for each one that changed, the **variables that moved it**. Both years are
  standardised with this year's national means and standard deviations. Let `o` be this
  year's mean profile of its former group-mates (last year's group, itself excluded) and
  `n` the mean profile of its new group (itself excluded). Its relative closeness to
  the new group, `‖z − o‖² − ‖z − n‖²`, is a sum over variables; the part of it due to
  its own change from `z₀` (last year) to `z` (this year) is, for variable j,
  `2·(z_j − z₀_j)·(n_j − o_j)`: the change of the variable in the direction that leads
  from its former companions to its new group. The variables with the largest positive
  part are reported (at most 3, each carrying at least 10 % of the positive parts), with
  their change in standard deviations. When the parts sum to zero or less, the mission
  locale itself did not change toward its new group: the move comes from the
  recomposition of the groups around it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from perfml.groups.description import ContextVariable, format_number, short_label

# How many variables explain each move, and the smallest share of the positive parts a
# variable must carry to be named (below it, the change is noise next to the others).
TOP_DRIVERS = 3
MIN_DRIVER_SHARE = 0.10


@dataclass
class Stability:
    """The comparison of a year's groups with the previous year's."""

    previous_year: int
    year: int
    adjusted_rand: float
    n_common: int  # missions locales classified both years
    matching: dict[int, int]  # last year's group → this year's group (largest overlap)
    # code_ml, groupe_precedent, groupe_apparie (this year's match of last year's group),
    # groupe, explication
    moves: pd.DataFrame
    drivers: pd.DataFrame  # code_ml, rang, variable, evolution, contribution

    @property
    def n_changed(self) -> int:
        """Return the number of missions locales that changed group."""
        return len(self.moves)


def adjusted_rand_index(previous: pd.Series, current: pd.Series) -> float:
    """Return the adjusted Rand index of two labellings on the rows they share.

    Hubert & Arabie's formula on the table of counts n_ij, with a_i and b_j its margins:
    (Σ C(n_ij, 2) − E) / (M − E), E = Σ C(a_i, 2)·Σ C(b_j, 2)/C(n, 2) the expected index
    and M = (Σ C(a_i, 2) + Σ C(b_j, 2))/2 its maximum; 1 when M = E (trivial partitions).
    """
    common = previous.index.intersection(current.index)
    counts = pd.crosstab(previous.loc[common], current.loc[common]).to_numpy(dtype=float)

    def pairs(values: np.ndarray) -> float:
        return float((values * (values - 1) / 2).sum())

    index = pairs(counts)
    rows, cols = pairs(counts.sum(axis=1)), pairs(counts.sum(axis=0))
    total = pairs(np.array([counts.sum()]))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def match_groups(previous: pd.Series, current: pd.Series) -> dict[int, int]:
    """Match last year's groups to this year's by the largest total overlap (one to one)."""
    common = previous.index.intersection(current.index)
    table = pd.crosstab(previous.loc[common], current.loc[common])
    rows, cols = linear_sum_assignment(table.to_numpy(), maximize=True)
    return {int(table.index[r]): int(table.columns[c]) for r, c in zip(rows, cols, strict=True)}


def changed_group(previous: pd.Series, current: pd.Series, matching: dict[int, int]) -> pd.Series:
    """Return, for each row classified both years, whether it left its matched group."""
    common = previous.index.intersection(current.index)
    expected = previous.loc[common].map(lambda g: matching.get(int(g), -1))
    return pd.Series(expected.to_numpy() != current.loc[common].to_numpy(), index=common)


def move_contributions(
    codes: Sequence[str],
    previous: pd.Series,
    current: pd.Series,
    previous_z: pd.DataFrame,
    current_z: pd.DataFrame,
) -> pd.DataFrame:
    """Return each variable's part `2·Δz_j·(n_j − o_j)` in the move of each of `codes`.

    One row per code, one column per variable of `current_z` (see the module's
    docstring); NaN where last year's profile is unknown or a group has no other member.
    """
    index = current_z.index
    last_group = previous.reindex(index)
    this_group = current.reindex(index)
    rows = index.get_indexer(list(codes))
    own = current_z.to_numpy()[rows]
    # This year's profiles summed by last year's group and by this year's group.
    old_sums = current_z.groupby(last_group).sum()
    old_counts = last_group.value_counts()
    new_sums = current_z.groupby(this_group).sum()
    new_counts = this_group.value_counts()
    old_of, new_of = last_group.iloc[rows], this_group.iloc[rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        old_centre = (old_sums.loc[old_of].to_numpy() - own) / (
            old_counts.loc[old_of].to_numpy()[:, None] - 1
        )
        new_centre = (new_sums.loc[new_of].to_numpy() - own) / (
            new_counts.loc[new_of].to_numpy()[:, None] - 1
        )
    change = own - previous_z.reindex(index=list(codes), columns=current_z.columns).to_numpy()
    parts = 2 * change * (new_centre - old_centre)
    parts[~np.isfinite(parts)] = np.nan
    return pd.DataFrame(parts, index=list(codes), columns=current_z.columns)


def standardise(frame: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Centre and scale `frame` by the means and population sds of `reference`."""
    sd = reference.std(ddof=0).replace(0.0, 1.0)
    return (frame - reference.mean()) / sd


def compare_years(
    previous: pd.Series,
    current: pd.Series,
    previous_data: pd.DataFrame | None,
    current_data: pd.DataFrame,
    previous_year: int,
    year: int,
    catalogue: dict[str, ContextVariable],
) -> Stability:
    """Compare two years' groups and explain each move (see the module's docstring)."""
    matching = match_groups(previous, current)
    changed = changed_group(previous, current, matching)
    movers = changed.index[changed.to_numpy()]
    drivers_rows: list[dict] = []
    move_rows: list[dict] = []
    variables = list(current_data.columns)
    parts = pd.DataFrame(np.nan, index=movers, columns=variables)
    if previous_data is not None:
        variables = [v for v in variables if v in previous_data.columns]
        reference = current_data[variables]
        current_z = standardise(reference, reference)
        previous_z = standardise(previous_data[variables], reference)
        parts = move_contributions(movers, previous, current, previous_z, current_z)
        changes = current_z.reindex(movers) - previous_z.reindex(movers)
    for code_ml, row in zip(movers, parts.to_numpy(), strict=True):
        evolutions = {}
        for rank, column in enumerate(main_drivers(row), start=1):
            variable = variables[column]
            evolution = float(changes.at[code_ml, variable])
            evolutions[variable] = evolution
            drivers_rows.append(
                {
                    "code_ml": code_ml,
                    "rang": rank,
                    "variable": variable,
                    "evolution": evolution,
                    "contribution": float(row[column]),
                }
            )
        move_rows.append(
            {
                "code_ml": code_ml,
                "groupe_precedent": int(previous.loc[code_ml]),
                "groupe_apparie": matching.get(int(previous.loc[code_ml])),
                "groupe": int(current.loc[code_ml]),
                "explication": explain_move(
                    evolutions, known=bool(np.isfinite(row).any()), catalogue=catalogue
                ),
            }
        )
    moves = pd.DataFrame(
        move_rows,
        columns=["code_ml", "groupe_precedent", "groupe_apparie", "groupe", "explication"],
    )
    moves["groupe_apparie"] = moves["groupe_apparie"].astype("Int64")
    drivers = pd.DataFrame(
        drivers_rows, columns=["code_ml", "rang", "variable", "evolution", "contribution"]
    )
    return Stability(
        previous_year=previous_year,
        year=year,
        adjusted_rand=adjusted_rand_index(previous, current),
        n_common=len(changed),
        matching=matching,
        moves=moves,
        drivers=drivers,
    )


def main_drivers(parts: np.ndarray) -> list[int]:
    """Return the columns of the variables that moved a mission locale, largest part first.

    At most `TOP_DRIVERS` positive parts, each at least `MIN_DRIVER_SHARE` of the positive
    total; none when the parts sum to zero or less (it did not move itself).
    """
    finite = np.where(np.isfinite(parts), parts, 0.0)
    if finite.sum() <= 0:
        return []
    positive = np.where(finite > 0, finite, 0.0)
    threshold = MIN_DRIVER_SHARE * positive.sum()
    order = np.argsort(-positive, kind="stable")
    return [int(c) for c in order[:TOP_DRIVERS] if positive[c] > 0 and positive[c] >= threshold]


def explain_move(
    evolutions: dict[str, float], known: bool, catalogue: dict[str, ContextVariable]
) -> str:
    """Say in French which variables moved a mission locale (their change in sds)."""
    if not known:
        return "contexte de l'année précédente indisponible : changement non expliqué"
    if not evolutions:
        return (
            "ses propres variables ont peu évolué vers son nouveau groupe : le changement "
            "tient à la recomposition des groupes"
        )
    parts = []
    for variable, evolution in evolutions.items():
        label = short_label(variable, catalogue)
        direction = "en hausse" if evolution > 0 else "en baisse"
        amount = format_number(evolution) if evolution < 0 else "+" + format_number(evolution)
        unit = "écart-type" if abs(evolution) < 2 else "écarts-types"
        parts.append(f"{label} {direction} ({amount} {unit})")
    return ", ".join(parts)
