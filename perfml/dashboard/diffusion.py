"""The dashboard's tables as they may leave the State services: small counts kept secret.

`interne` (default): every figure is shown. `externe` (a file shared outside the State
services): the rules of `perfml.disclosure` apply to every count of people, dispositifs,
propositions, offers or MER — activity measures, and the numerators and denominators of
the indicators that count them.

The masks are decided once per period for the whole hierarchy (every ML, every region,
the nation) and every level reads them: the national file, a region's file and an ML's
file show the same cells masked, so that putting the files of one command together (or of
`--tout` and `--niveau ml`) gives nothing back. The relations a reader can combine:

- for every count, a region is the sum of its MLs and the nation the sum of the regions;
- a family of measures adds up to its total (exits by situation, propositions by theme,
  offers by origin) when the figures do (otherwise the parts are at most the total);
- a "dont" measure is at most the measure above it; a rate's numerator is at most its
  denominator;
- a measure that is also an indicator's numerator or denominator (its definition says so)
  is the same count.

A rate whose numerator or denominator is masked is masked too ("s"), and so is an
evolution whose either side is masked. The context (public statistics, ICARE amounts) is
not masked. Each period (the current one and the previous one, known at another date) is
protected on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from perfml.activity import MEASURES
from perfml.disclosure.levels import Marks, add_counts, add_hierarchy, hierarchy
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import MaskingRules, default_rules
from perfml.disclosure.suppression import masking
from perfml.indicators.catalogue import CATALOGUE

Diffusion = Literal["interne", "externe"]
DIFFUSIONS: tuple[str, ...] = ("interne", "externe")

# Indicator numerators and denominators that are not counts of people or files: the NEET
# of the territory (INSEE), the ETP and the resources (ICARE).
NOT_COUNTS = frozenset({"i1_den", "i9_den", "i10_num"})
INDICATOR_ROLE = re.compile(r"(numérateur|dénominateur) de l'indicateur (\d+)")


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


def dont_parents() -> dict[str, str]:
    """Return each "dont" measure outside a family with the measure it is part of (above it)."""
    parents: dict[str, str] = {}
    last = None
    for measure in MEASURES:
        if measure.label.startswith("dont ") and not measure.part_of and last:
            parents[measure.name] = last
        elif not measure.label.startswith("dont "):
            last = measure.name
    return parents


def shared_counts() -> list[tuple[str, str]]:
    """Return (measure, indicator column) pairs that count the same thing (definitions say)."""
    pairs = []
    for measure in MEASURES:
        for role, number in INDICATOR_ROLE.findall(measure.definition):
            column = f"i{number}_{'num' if role == 'numérateur' else 'den'}"
            if column not in NOT_COUNTS:
                pairs.append((measure.name, column))
    return pairs


def period_cells(
    activity: pd.DataFrame, indicators: pd.DataFrame, structures: pd.DataFrame
) -> PublishedCells:
    """Return the counts of one period at every level and the relations between them."""
    from perfml.activity import NATION_CODE

    cells = PublishedCells()
    measures = [m.name for m in MEASURES]
    counts = indicator_count_columns()
    add_counts(cells, activity, measures)
    add_counts(cells, indicators, counts)
    entities = sorted({(n, c) for _col, n, c in cells.values})
    add_hierarchy(cells, [*measures, *counts], hierarchy(structures, NATION_CODE))
    families, _singles = activity_families()
    parents = dont_parents()
    rates = [ind.number for ind in CATALOGUE if ind.unit == "%"]
    for entity in entities:
        for total, parts in families:
            keys = [(p, *entity) for p in parts]
            name = f"{total} = somme de ses parties ({entity[1]})"
            if not cells.add_sum((total, *entity), keys, name, only_if_true=True):
                cells.add_at_most(keys, (total, *entity), name)
        for part, parent in parents.items():
            cells.add_at_most([(part, *entity)], (parent, *entity), f"{part} ≤ {parent}")
        for number in rates:
            num, den = f"i{number}_num", f"i{number}_den"
            if num in counts and den in counts:
                cells.add_at_most([(num, *entity)], (den, *entity), f"{num} ≤ {den}")
        for measure, column in shared_counts():
            cells.add_sum(
                (measure, *entity), [(column, *entity)], f"{measure} = {column}", only_if_true=True
            )
    return cells


@dataclass(frozen=True)
class DashboardMasks:
    """The masks of the current and the previous period, for every level."""

    current: Marks
    previous: Marks
    rules: MaskingRules
    # Cells no masking can fully protect (tables where almost every count is small).
    limited_current: frozenset = frozenset()
    limited_previous: frozenset = frozenset()

    @property
    def limited(self) -> int:
        """How many masked cells cannot be fully protected, both periods."""
        return len(self.limited_current) + len(self.limited_previous)


def dashboard_masks(figures, rules: MaskingRules | None = None) -> DashboardMasks:
    """Decide the masks of every count of the dashboard, both periods, every level."""
    rules = rules or default_rules()
    current = masking(period_cells(figures.activity, figures.indicators, figures.structures), rules)
    previous = masking(
        period_cells(figures.activity_previous, figures.indicators_previous, figures.structures),
        rules,
    )
    return DashboardMasks(
        current.marks,
        previous.marks,
        rules,
        frozenset(current.limited),
        frozenset(previous.limited),
    )


def limited_note(count: int) -> list[str]:
    """Return the note telling the reader that some masked cells are only partly protected."""
    if not count:
        return []
    if count == 1:
        return [
            "1 cellule masquée ne peut pas être entièrement protégée (presque tous les "
            "effectifs voisins sont petits) : son intervalle est aussi large que les chiffres "
            "le permettent."
        ]
    return [
        f"{count} cellules masquées ne peuvent pas être entièrement protégées (presque tous "
        "les effectifs voisins sont petits) : leur intervalle est aussi large que les "
        "chiffres le permettent."
    ]
