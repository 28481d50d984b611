"""The audit of a masked publication: each masked cell's feasible interval, by linear programming.

For a masked cell, the reader knows every published value, every relation between cells
(`perfml.disclosure.relations`) and what the labels say: a primary cell ("< 5") lies between
1 (0 when zeros are masked) and 4, a secondary cell ("s") is never below the threshold
(zeros and small counts are never secondary). The interval of the cell is the minimum and
the maximum of its value over every table compatible with that knowledge, two linear
programs solved with scipy's HiGHS (`linprog(method="highs")`). Only the masked cells
connected to the audited one through relations enter its programs: a published value is a
constant and cuts the chain. With `depth=k` the programs keep only the cells at most `k`
relations away and hold the others at their true value: the interval can only be narrower
than the exact one, so a cell protected at depth k is protected (quick verification).
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass

import numpy as np

from perfml.disclosure.relations import CellKey, PublishedCells, RelationMatrix, solve
from perfml.disclosure.rules import MaskingRules

PRIMARY_MARK = "primaire"
SECONDARY_MARK = "secondaire"
EPSILON = 1e-6
# A secondary cell must not be known exactly: its interval is at least this wide.
SECONDARY_WIDTH = 1.0


def label_bounds(status: str, rules: MaskingRules) -> tuple[float, float]:
    """Return what the label of a masked cell tells the reader: its lowest and highest value."""
    if status == PRIMARY_MARK:
        return float(rules.smallest_primary), float(rules.threshold - 1)
    return float(rules.threshold), np.inf


@dataclass(frozen=True)
class CellInterval:
    """The interval a reader can deduce for one masked cell."""

    key: CellKey
    status: str
    value: float
    low: float
    high: float
    required_low: float
    required_high: float

    @property
    def is_protected(self) -> bool:
        """Tell whether the interval is as wide as the protection asks."""
        if self.status == PRIMARY_MARK:
            return (
                self.low <= self.required_low + EPSILON
                and self.high >= self.required_high - EPSILON
            )
        return self.high - self.low >= SECONDARY_WIDTH - EPSILON


def required_interval(status: str, value: float, rules: MaskingRules) -> tuple[float, float]:
    """Return the interval the cell's feasible interval must contain."""
    if status == PRIMARY_MARK:
        return float(rules.protection_basse), float(rules.protection_haute)
    return value, value


class _Program:
    """The constraints on a set of masked cells, the other cells held at their value."""

    def __init__(
        self,
        matrix: RelationMatrix,
        marks: Mapping[CellKey, str],
        variables: np.ndarray,
        rules: MaskingRules,
    ):
        self.keys = [matrix.keys[i] for i in variables]
        rows, block = matrix.block(variables)
        # Σ coef × x over the variables, the other cells' Σ coef × value on the right side.
        known = matrix.residual[rows] - block @ np.nan_to_num(matrix.values[variables])
        is_eq = matrix.is_eq[rows]
        self.constraints = {}
        if is_eq.any():
            self.constraints.update(A_eq=block[is_eq], b_eq=-known[is_eq])
        if (~is_eq).any():
            self.constraints.update(A_ub=block[~is_eq], b_ub=-known[~is_eq])
        self.bounds = [label_bounds(marks[key], rules) for key in self.keys]

    def extreme(self, index: int, sign: float) -> float:
        """Return the min (sign 1) or the max (sign −1) of variable `index`."""
        c = np.zeros(len(self.keys))
        c[index] = sign
        bounds = [(lo, None if np.isinf(hi) else hi) for lo, hi in self.bounds]
        result = solve(c, bounds, **self.constraints)
        if result.status == 3:  # unbounded
            return -sign * np.inf
        if result.status != 0:
            raise RuntimeError(
                f"audit du secret statistique : programme linéaire en échec ({result.message})"
            )
        return float(result.x[index])


def interval_of(
    cells: PublishedCells,
    marks: Mapping[CellKey, str],
    key: CellKey,
    rules: MaskingRules,
    depth: int | None = None,
) -> CellInterval:
    """Return the feasible interval of the masked cell `key`."""
    matrix = cells.matrix()
    return _interval_of(cells, matrix, matrix.flags(marks), marks, key, rules, depth)


def _interval_of(cells, matrix, masked, marks, key, rules, depth) -> CellInterval:
    """`interval_of`, `masked` flagging the cells of `marks` in `matrix`."""
    variables = matrix.neighbourhood(matrix.index[key], masked, depth)
    return _interval(_Program(matrix, marks, variables, rules), 0, cells, marks, rules)


def _interval(program: _Program, index, cells, marks, rules) -> CellInterval:
    key = program.keys[index]
    status, value = marks[key], cells.values[key]
    low, high = program.extreme(index, 1.0), program.extreme(index, -1.0)
    required_low, required_high = required_interval(status, value, rules)
    return CellInterval(key, status, value, low, high, required_low, required_high)


def audit(
    cells: PublishedCells,
    marks: Mapping[CellKey, str],
    rules: MaskingRules,
    depth: int | None = None,
) -> list[CellInterval]:
    """Return the feasible interval of every masked cell (exact when `depth` is None)."""
    matrix = cells.matrix()
    masked = matrix.flags(marks)
    if depth is not None:
        return [_interval_of(cells, matrix, masked, marks, key, rules, depth) for key in marks]
    results: list[CellInterval] = []
    done = np.zeros(len(matrix.keys), dtype=bool)
    for key in marks:
        if done[matrix.index[key]]:
            continue
        component = matrix.neighbourhood(matrix.index[key], masked, None)
        done[component] = True
        program = _Program(matrix, marks, component, rules)
        results += [_interval(program, i, cells, marks, rules) for i in range(len(component))]
    return results


def unprotected(
    cells: PublishedCells,
    marks: Mapping[CellKey, str],
    rules: MaskingRules,
    skip: Container = (),
) -> list[CellInterval]:
    """Return the masked cells a reader can narrow; quick check first, exact one if needed.

    Cells in `skip` (known not to be fully protectable) are not checked.
    """
    matrix = cells.matrix()
    masked = matrix.flags(marks)
    failing = []
    for key in marks:
        if key in skip:
            continue
        if _interval_of(cells, matrix, masked, marks, key, rules, 2).is_protected:
            continue
        exact = _interval_of(cells, matrix, masked, marks, key, rules, None)
        if not exact.is_protected:
            failing.append(exact)
    return failing


def marks_of_publication(
    cells: PublishedCells, shown: Mapping[CellKey, list[object]], rules: MaskingRules
) -> dict[CellKey, str]:
    """Return the marks a reader sees, from every place each cell is shown.

    `shown` gives, for each cell key, what each sheet or file shows for it: a number, the
    primary label ("< 5"), "s", or an empty cell. A cell shown as a number anywhere is
    published; otherwise a cell shown as "< 5" is primary and one shown as "s" secondary.
    Raise `ValueError` when a number shown differs from the true value.
    """
    marks: dict[CellKey, str] = {}
    for key, places in shown.items():
        numbers = [p for p in places if isinstance(p, int | float) and not np.isnan(p)]
        for number in numbers:
            if abs(float(number) - cells.values[key]) > 1e-6:
                raise ValueError(f"{key!r} : {number} publié pour {cells.values[key]}")
        if numbers:
            continue
        if rules.label in places:
            marks[key] = PRIMARY_MARK
        elif "s" in places:
            marks[key] = SECONDARY_MARK
    return marks
