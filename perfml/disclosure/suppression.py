"""Secondary suppression: mask as few, as small cells as needed for every primary to be protected.

The method is the one of τ-ARGUS and of Kelly, Golden and Assad's network heuristic,
done cell by cell with linear programs:

1. every count from 1 to threshold − 1 (0 too when zeros are masked) is primary;
2. for each primary cell p, in the order the cells were published, and for each side of
   its protection interval (its value must be able to reach `protection_haute` and
   `protection_basse`), a linear program looks for a change y of the table that keeps every
   relation true, leaves every published cell unchanged except those it masks, keeps every
   cell within what its label would say (a primary between 1 and 4, a secondary at least
   the threshold), and moves p to the side asked; its cost is the sum of the values of
   the cells it moves (already masked cells cost almost nothing), so small cells are
   preferred and masked cells reused. Every published cell it moves becomes secondary
   ("s"); a zero or a missing value is never moved, a small count is already primary;
3. the program first looks 2 relations around p (its row, its column and theirs), then
   4, then the whole connected table; cells further away are held at their value, which
   can only make the change harder to find, never wrong;
4. the result is then audited (`perfml.disclosure.audit`); a secondary cell that a reader
   could know exactly is given its own change the same way.

Any change found for p stays possible when more cells are masked, so the cells masked for
one primary keep protecting it: the pattern is protected by construction, and the audit
says so. The order and the costs are fixed (ties broken by the publication order), so
the same figures always give the same masks.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from perfml.disclosure.audit import (
    PRIMARY_MARK,
    SECONDARY_MARK,
    label_bounds,
    unprotected,
)
from perfml.disclosure.relations import CellKey, PublishedCells
from perfml.disclosure.rules import MaskingRules

MASKED_COST = 1e-3
DEPTHS = (2, 4, None)


class SuppressionError(RuntimeError):
    """No set of secondary cells protects a primary cell (the table must not be published)."""


def is_primary(value: float, rules: MaskingRules) -> bool:
    """Tell whether a count must be masked ("< 5")."""
    if value is None or math.isnan(value):
        return False
    return rules.smallest_primary <= value < rules.threshold


def _can_move(cells: PublishedCells, marks, key, rules) -> bool:
    value = cells.values[key]
    if math.isnan(value) or key in cells.fixed:
        return False
    return key in marks or value >= rules.threshold


class _ChangeProgram:
    """The changes of the table around `key` that keep every relation and every label true.

    Columns: y⁺ and y⁻ of every movable cell in scope (y = y⁺ − y⁻), then y of `key`.
    """

    def __init__(self, cells, marks, rank, key, rules, depth):
        scope = cells.neighbourhood(key, lambda k: _can_move(cells, marks, k, rules), depth)
        self.free = scope[1:]
        position = {k: i for i, k in enumerate(self.free)}
        n = self.n = len(self.free)
        relations = sorted({r for k in scope for r in cells.relations_of(k)})
        rows = {"eq": ([], [], [], []), "le": ([], [], [], [])}
        for index in relations:
            relation = cells.relations[index]
            r_rows, r_cols, r_data, rhs = rows[relation.kind]
            row = len(rhs)
            for member, coef in relation.terms:
                if member == key:
                    r_rows.append(row)
                    r_cols.append(2 * n)
                    r_data.append(coef)
                elif member in position:
                    r_rows += [row, row]
                    r_cols += [position[member], n + position[member]]
                    r_data += [coef, -coef]
            # Σ coef × (x + y) ≤ 0 for a "le" relation; Σ coef × y = 0 for an equality.
            rhs.append(-relation.residual(cells.values) if relation.kind == "le" else 0.0)
        self.cost = np.zeros(2 * n + 1)
        up, down = [], []
        for k in self.free:
            value = cells.values[k]
            low, high = label_bounds(marks.get(k, SECONDARY_MARK), rules)
            unit = MASKED_COST if k in marks else value
            self.cost[position[k]] = self.cost[n + position[k]] = unit + 1e-7 * rank[k]
            up.append((0.0, None if np.isinf(high) else max(high - value, 0.0)))
            down.append((0.0, max(value - low, 0.0)))
        self.bounds = up + down
        self.kwargs = {}
        for kind, prefix in (("eq", "eq"), ("le", "ub")):
            r_rows, r_cols, r_data, rhs = rows[kind]
            if rhs:
                self.kwargs[f"A_{prefix}"] = coo_matrix(
                    (r_data, (r_rows, r_cols)), shape=(len(rhs), 2 * n + 1)
                ).tocsr()
                self.kwargs[f"b_{prefix}"] = np.array(rhs)

    def cheapest(self, shift: float) -> list[CellKey] | None:
        """Return the cells the cheapest change moving `key` by `shift` moves (None: none)."""
        result = linprog(
            self.cost, bounds=[*self.bounds, (shift, shift)], method="highs", **self.kwargs
        )
        if result.status != 0:
            return None
        moved = np.abs(result.x[: self.n] - result.x[self.n : 2 * self.n])
        return [k for i, k in enumerate(self.free) if moved[i] > 1e-7]

    def farthest(self, shift: float) -> float:
        """Return how far towards `shift` any change can move `key` (0 when none can)."""
        objective = np.zeros(2 * self.n + 1)
        objective[-1] = -1.0 if shift > 0 else 1.0
        bound = (0.0, shift) if shift > 0 else (shift, 0.0)
        result = linprog(objective, bounds=[*self.bounds, bound], method="highs", **self.kwargs)
        return float(result.x[-1]) if result.status == 0 else 0.0


def _protect_side(cells, marks, rank, key, shift, rules, limited) -> None:
    """Mask what lets `key` move by `shift`; as far as possible when it cannot go so far."""
    for depth in DEPTHS:
        program = _ChangeProgram(cells, marks, rank, key, rules, depth)
        touched = program.cheapest(shift)
        if touched is not None:
            for k in touched:
                marks.setdefault(k, SECONDARY_MARK)
            return
    # Even masking every cell could not hide more (a table whose cells are all small):
    # mask what gives the widest interval and report the cell.
    reach = program.farthest(shift)
    limited.add(key)
    if abs(reach) > 1e-9:
        for k in program.cheapest(reach) or []:
            marks.setdefault(k, SECONDARY_MARK)


@dataclass
class Masking:
    """The masks of a publication, and the cells no masking can fully protect."""

    marks: dict[CellKey, str]
    # Primary cells whose protection interval cannot be reached even with every cell
    # around masked (the figures themselves bound them: a table of small counts only).
    limited: set = field(default_factory=set)


def protect(cells: PublishedCells, rules: MaskingRules) -> dict[CellKey, str]:
    """Return the masks of `cells` ("primaire" or "secondaire" by cell; others published)."""
    return masking(cells, rules).marks


def masking(cells: PublishedCells, rules: MaskingRules) -> Masking:
    """Decide the primary and secondary masks of `cells` (see the module's docstring)."""
    limited: set = set()
    rank = {key: i for i, key in enumerate(cells.values)}
    marks: dict[Hashable, str] = {
        key: PRIMARY_MARK
        for key, value in cells.values.items()
        if key not in cells.fixed and is_primary(value, rules)
    }
    for key in [k for k, status in marks.items() if status == PRIMARY_MARK]:
        value = cells.values[key]
        for target in (rules.protection_haute, rules.protection_basse):
            if target != value:
                _protect_side(cells, marks, rank, key, target - value, rules, limited)
    for _round in range(3):
        failing = [f for f in unprotected(cells, marks, rules) if f.key not in limited]
        if not failing:
            return Masking(marks, limited)
        for interval in failing:
            if interval.status == PRIMARY_MARK:
                for target in (interval.required_high, interval.required_low):
                    if target != interval.value:
                        _protect_side(
                            cells, marks, rank, interval.key, target - interval.value, rules
                        )
            else:
                _protect_secondary(cells, marks, rank, interval.key, rules, limited)
    failing = [f for f in unprotected(cells, marks, rules) if f.key not in limited]
    if failing:
        raise SuppressionError(f"cellules encore déductibles après masquage : {failing[:3]}")
    return Masking(marks, limited)


def _protect_secondary(cells, marks, rank, key, rules, limited) -> None:
    """Let a secondary cell move by at least one unit, up or else down."""
    for shift in (1.0, -1.0):
        for depth in DEPTHS:
            touched = _ChangeProgram(cells, marks, rank, key, rules, depth).cheapest(shift)
            if touched is not None:
                for k in touched:
                    marks.setdefault(k, SECONDARY_MARK)
                return
    limited.add(key)
