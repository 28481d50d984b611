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
3. the program first tries the masked cells alone (no new mask needed), then the cells
   sharing a relation with p and the cells closing a cycle with two of those (in a table:
   its row, its column and the corners), then 2 and 4 relations around p, then the whole
   connected table; cells further away are held at their value, which can only make the
   change harder to find, never wrong. When even the whole table cannot move p so far
   (almost every count small), the cells giving the widest interval are masked and p is
   reported as `limited`;
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
from scipy.sparse import hstack

from perfml.disclosure.audit import (
    PRIMARY_MARK,
    SECONDARY_MARK,
    CellInterval,
    unprotected,
)
from perfml.disclosure.relations import CellKey, PublishedCells, describe_cell, solve
from perfml.disclosure.rules import MaskingRules
from perfml.errors import UserError

MASKED_COST = 1e-3
CYCLES = "cycles"  # the smallest scope: the cell's relations and the corners closing them
DEPTHS = (CYCLES, 2, 4, None)
# Audits of the masks (and repairs of what they find) before giving up.
REPAIR_ROUNDS = 3


class SuppressionError(UserError):
    """No set of secondary cells protects a primary cell (the table must not be published)."""

    def __init__(self, failing: list[CellInterval]):
        cells = ", ".join(f"« {describe_cell(i.key)} »" for i in failing[:3])
        more = f" et {len(failing) - 3} autres" if len(failing) > 3 else ""
        super().__init__(
            f"Diffusion externe impossible : après masquage, {len(failing)} cellule(s) "
            f"masquée(s) resteraient déductibles ({cells}{more}). Produisez le fichier en "
            "diffusion interne et signalez l'anomalie."
        )


def is_primary(value: float, rules: MaskingRules) -> bool:
    """Tell whether a count must be masked ("< 5")."""
    if value is None or math.isnan(value):
        return False
    return rules.smallest_primary <= value < rules.threshold


def _movable(matrix, marked: np.ndarray, rules: MaskingRules) -> np.ndarray:
    """Return which cells a change may move: masked ones, and counts of threshold or more."""
    values = matrix.values
    with np.errstate(invalid="ignore"):
        big = values >= rules.threshold
    return ~np.isnan(values) & ~matrix.fixed & (marked | big)


class _ChangeProgram:
    """The changes of the table around `key` that keep every relation and every label true.

    Columns: y⁺ and y⁻ of every movable cell in scope (y = y⁺ − y⁻), then y of `key`.
    """

    def __init__(self, cells, marks, key, rules, depth, only_masked=False):
        matrix = cells.matrix()
        marked = matrix.flags(marks)
        primary = matrix.flags([k for k, s in marks.items() if s == PRIMARY_MARK])
        free = marked if only_masked else _movable(matrix, marked, rules)
        if depth == CYCLES:
            scope = matrix.cycles(matrix.index[key], free)
        else:
            scope = matrix.neighbourhood(matrix.index[key], free, depth)
        rows, block = matrix.block(scope)
        moving = scope[1:]
        self.free = [matrix.keys[i] for i in moving]
        self.n = len(moving)
        parts = block[:, 1:]
        full = hstack([parts, -parts, block[:, :1]]).tocsr()
        is_eq = matrix.is_eq[rows]
        self.kwargs = {}
        if is_eq.any():
            self.kwargs.update(A_eq=full[is_eq], b_eq=np.zeros(int(is_eq.sum())))
        if (~is_eq).any():
            # Σ coef × (x + y) ≤ 0: Σ coef × y ≤ −Σ coef × x
            self.kwargs.update(A_ub=full[~is_eq], b_ub=-matrix.residual[rows][~is_eq])
        values = matrix.values[moving]
        is_marked, is_primary = marked[moving], primary[moving]
        unit = np.where(is_marked, MASKED_COST, values) + 1e-7 * moving
        self.cost = np.concatenate([unit, unit, [0.0]])
        high = np.where(is_primary, rules.threshold - 1 - values, np.inf)
        low = np.where(is_primary, rules.smallest_primary, rules.threshold)
        down = np.maximum(values - low, 0.0)
        self.bounds = [(0.0, None if np.isinf(h) else max(h, 0.0)) for h in high] + [
            (0.0, d) for d in down
        ]

    def cheapest(self, shift: float) -> list[CellKey] | None:
        """Return the cells the cheapest change moving `key` by `shift` moves (None: none)."""
        result = solve(self.cost, [*self.bounds, (shift, shift)], **self.kwargs)
        if result.status != 0:
            return None
        moved = np.abs(result.x[: self.n] - result.x[self.n : 2 * self.n])
        return [k for i, k in enumerate(self.free) if moved[i] > 1e-7]

    def farthest(self, shift: float) -> float:
        """Return how far towards `shift` any change can move `key` (0 when none can)."""
        objective = np.zeros(2 * self.n + 1)
        objective[-1] = -1.0 if shift > 0 else 1.0
        bound = (0.0, shift) if shift > 0 else (shift, 0.0)
        result = solve(objective, [*self.bounds, bound], **self.kwargs)
        return float(result.x[-1]) if result.status == 0 else 0.0


def _programs(cells, marks, key, rules):
    """Yield the change programs around `key`: first over masked cells only (no new mask
    needed), then wider and wider (each scope once)."""
    yield _ChangeProgram(cells, marks, key, rules, 4, only_masked=True)
    size = -1
    for depth in DEPTHS:
        program = _ChangeProgram(cells, marks, key, rules, depth)
        if program.n > size:
            size = program.n
            yield program


def _mask_cheapest_change(cells, marks, key, shift, rules) -> bool:
    """Mask the cells of the cheapest change moving `key` by `shift`, found in the narrowest
    scope that has one; return False when even the whole table has none."""
    for program in _programs(cells, marks, key, rules):
        touched = program.cheapest(shift)
        if touched is not None:
            for k in touched:
                marks.setdefault(k, SECONDARY_MARK)
            return True
    return False


def _protect_side(cells, marks, key, shift, rules, limited) -> None:
    """Mask what lets `key` move by `shift`; as far as possible when it cannot go so far."""
    if _mask_cheapest_change(cells, marks, key, shift, rules):
        return
    # Even masking every cell could not hide more (a table whose cells are all small):
    # mask what gives the widest interval and report the cell.
    whole = _ChangeProgram(cells, marks, key, rules, None)
    reach = whole.farthest(shift)
    limited.add(key)
    if abs(reach) > 1e-9:
        for k in whole.cheapest(reach) or []:
            marks.setdefault(k, SECONDARY_MARK)


def _protect_primary(cells, marks, key, rules, limited) -> None:
    """Let a primary cell reach both ends of its protection interval."""
    value = cells.values[key]
    for target in (rules.protection_haute, rules.protection_basse):
        if target != value:
            _protect_side(cells, marks, key, target - value, rules, limited)


def _protect_secondary(cells, marks, key, rules, limited) -> None:
    """Let a secondary cell move by at least one unit, up or else down."""
    if not any(_mask_cheapest_change(cells, marks, key, s, rules) for s in (1.0, -1.0)):
        limited.add(key)


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
    marks: dict[Hashable, str] = {
        key: PRIMARY_MARK
        for key, value in cells.values.items()
        if key not in cells.fixed and is_primary(value, rules)
    }
    for key in list(marks):
        _protect_primary(cells, marks, key, rules, limited)
    # A cell the audit found protected stays so: masking more cells only widens intervals.
    protected: set = set()
    for _round in range(REPAIR_ROUNDS + 1):
        audited = [k for k in marks if k not in limited and k not in protected]
        failing = unprotected(cells, marks, rules, skip=protected | limited)
        if not failing:
            return Masking(marks, limited)
        if _round == REPAIR_ROUNDS:
            break
        protected.update(set(audited) - {interval.key for interval in failing})
        for interval in failing:
            repair = _protect_primary if interval.status == PRIMARY_MARK else _protect_secondary
            repair(cells, marks, interval.key, rules, limited)
    raise SuppressionError(failing)
