"""The cells one command publishes and the additive relations a reader can combine.

A cell is named by a hashable key that says what it counts, not where it is written:
the same count shown on two sheets, in a workbook and in a CSV, or by two levels of the
same command (an ML in its region's table and in its own file) is one cell. A relation is
linear: `Σ coef × cell = 0` (a total and its parts: months and cumulated totals, an ML, its
region and the nation, a family of measures and its total) or `Σ coef × cell ≤ 0` (a part
never exceeds its whole: a numerator and its denominator, "dont" measures).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.sparse import coo_matrix

from perfml.errors import UserError

CellKey = Hashable
TOLERANCE = 1e-6
# Below this many matrix entries a linear program is passed dense to scipy.
DENSE_CELLS = 250_000


class InconsistentFigures(UserError, ValueError):
    """The figures to publish contradict one another: their masking cannot be checked."""

    def __init__(self, problem: str):
        super().__init__(
            f"Diffusion externe impossible : {problem}. Les chiffres à publier se contredisent, "
            "le secret statistique ne peut donc pas être vérifié ; vérifiez que le référentiel "
            "des structures (rattachement de chaque mission locale à sa région) correspond aux "
            "données chargées, et signalez l'anomalie si elle persiste."
        )


def describe_cell(key: CellKey) -> str:
    """Return a cell's key as a reader would say it: `cumul ML 01001`."""
    return " ".join(map(str, key)) if isinstance(key, tuple) else str(key)


@dataclass(frozen=True)
class Relation:
    """A linear relation between published cells: `Σ coef × cell` is 0 (eq) or ≤ 0 (le)."""

    terms: tuple[tuple[CellKey, float], ...]
    kind: Literal["eq", "le"]
    name: str

    def residual(self, values: Mapping[CellKey, float]) -> float:
        """Return `Σ coef × value` on the true values."""
        return sum(coef * values[key] for key, coef in self.terms)


@dataclass
class PublishedCells:
    """The counts published together and the relations between them."""

    values: dict[CellKey, float] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    # Cells whose value is published elsewhere as is (a total this table does not mask).
    fixed: set = field(default_factory=set)

    def add_cell(self, key: CellKey, value: float, fixed: bool = False) -> None:
        """Add a published count (NaN: none, in no relation; `fixed`: never masked)."""
        value = float("nan") if value is None else float(value)
        if fixed:
            self.fixed.add(key)
        if key in self.values and not _same(self.values[key], value):
            raise InconsistentFigures(
                f"la cellule « {describe_cell(key)} » serait publiée avec deux valeurs "
                f"({self.values[key]:g} et {value:g})"
            )
        self.values[key] = value

    def has(self, key: CellKey) -> bool:
        """Tell whether `key` is a published count with a value."""
        return key in self.values and not math.isnan(self.values[key])

    def _add(self, terms: dict[CellKey, float], kind: str, name: str, only_if_true: bool) -> bool:
        relation = Relation(tuple(terms.items()), kind, name)
        residual = relation.residual(self.values)
        if (kind == "eq" and abs(residual) > TOLERANCE) or (kind == "le" and residual > TOLERANCE):
            if only_if_true:
                return False  # a relation the figures do not satisfy tells the reader nothing
            raise InconsistentFigures(
                f"relation fausse sur les données, « {name} » (écart {residual:g})"
            )
        self.relations.append(relation)
        return True

    def add_sum(
        self, total: CellKey, parts: Iterable[CellKey], name: str, only_if_true: bool = False
    ) -> bool:
        """Declare `total = Σ parts` (parts without a value are left out of the sum, as a
        total skips them); return False when the total has no value or, with
        `only_if_true`, when the figures do not satisfy it."""
        if not self.has(total):
            return False
        terms: dict[CellKey, float] = {total: 1.0}
        for part in parts:
            if part == total or not self.has(part):
                continue
            terms[part] = terms.get(part, 0.0) - 1.0
        if len(terms) < 2:
            return False
        return self._add(terms, "eq", name, only_if_true)

    def add_at_most(self, parts: Iterable[CellKey], whole: CellKey, name: str) -> bool:
        """Declare `Σ parts ≤ whole` when every member has a value and the figures satisfy it."""
        parts = list(parts)
        if not self.has(whole) or not all(self.has(p) for p in parts):
            return False
        terms: dict[CellKey, float] = {whole: -1.0}
        for part in parts:
            terms[part] = terms.get(part, 0.0) + 1.0
        return self._add(terms, "le", name, only_if_true=True)

    def matrix(self) -> RelationMatrix:
        """Return the relations as one sparse matrix (built once, rebuilt after additions)."""
        size = (len(self.values), len(self.relations))
        if getattr(self, "_matrix", None) is None or self._matrix.size != size:
            self._matrix = RelationMatrix(self)
        return self._matrix


class RelationMatrix:
    """Every relation as a row of one sparse matrix over every cell (in publication order)."""

    def __init__(self, cells: PublishedCells):
        self.size = (len(cells.values), len(cells.relations))
        self.keys = list(cells.values)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.values = np.array([cells.values[k] for k in self.keys], dtype=float)
        self.fixed = np.zeros(len(self.keys), dtype=bool)
        self.fixed[[self.index[k] for k in cells.fixed if k in self.index]] = True
        rows, cols, data = [], [], []
        for r, relation in enumerate(cells.relations):
            for key, coef in relation.terms:
                rows.append(r)
                cols.append(self.index[key])
                data.append(coef)
        shape = (len(cells.relations), len(self.keys))
        self.csr = coo_matrix((data, (rows, cols)), shape=shape).tocsr()
        self.csc = self.csr.tocsc()
        self.is_eq = np.array([r.kind == "eq" for r in cells.relations], dtype=bool)
        self.residual = self.csr @ np.nan_to_num(self.values)

    def flags(self, keys) -> np.ndarray:
        """Return a boolean vector over the cells, true for `keys`."""
        flags = np.zeros(len(self.keys), dtype=bool)
        flags[[self.index[k] for k in keys]] = True
        return flags

    def neighbourhood(self, seed: int, free: np.ndarray, depth: int | None) -> np.ndarray:
        """Return the cells at most `depth` relations from `seed` (seed first), crossing
        only `free` cells; `depth=None`: the whole connected component."""
        seen = np.zeros(len(self.keys), dtype=bool)
        seen[seed] = True
        order = [np.array([seed])]
        frontier = order[0]
        level = 0
        while frontier.size and (depth is None or level < depth):
            level += 1
            rows = np.unique(self.csc[:, frontier].indices)
            reached = np.unique(self.csr[rows].indices)
            frontier = reached[~seen[reached] & free[reached]]
            seen[frontier] = True
            order.append(frontier)
        return np.concatenate(order)

    def cycles(self, seed: int, free: np.ndarray) -> np.ndarray:
        """Return `seed`, the `free` cells sharing a relation with it, and the `free` cells
        sharing relations with two of those (the corners that close a cycle in a table).
        """
        first = self.csc[:, [seed]].indices
        near = np.unique(self.csr[first].indices)
        near = near[free[near] & (near != seed)]
        second = np.setdiff1d(np.unique(self.csc[:, near].indices), first)
        counts = np.asarray((self.csr[second] != 0).sum(axis=0)).ravel()
        corners = np.flatnonzero((counts >= 2) & free)
        corners = np.setdiff1d(corners, np.append(near, seed))
        return np.concatenate([[seed], near, corners]).astype(int)

    def block(self, columns: np.ndarray):
        """Return the relations touching `columns` and their matrix restricted to them."""
        rows = np.unique(self.csc[:, columns].indices)
        return rows, self.csr[rows][:, columns]


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= TOLERANCE


def solve(cost, bounds, **constraints):
    """Solve a linear program with scipy's HiGHS; small matrices are passed dense (faster)."""
    from scipy.optimize import linprog

    for name in ("A_ub", "A_eq"):
        matrix = constraints.get(name)
        is_small = matrix is not None and matrix.shape[0] * matrix.shape[1] <= DENSE_CELLS
        if is_small and hasattr(matrix, "toarray"):
            constraints[name] = matrix.toarray()
    return linprog(cost, bounds=bounds, method="highs", **constraints)
