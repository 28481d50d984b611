"""Ward's hierarchical clustering and the cut of its tree, as FactoMineR's HCPC does them.

HCPC builds the tree with `flashClust::hclust(method = "ward")` on the squared distances
multiplied by 1/(2n): a merge height is then the increase of within-cluster inertia
(rows weighted 1/n), `n_A·n_B/(n_A + n_B)·‖g_A − g_B‖²/n`. scipy's `linkage(X, "ward")`
makes the same merges with height h, and h²/(2n) is that increase.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import linkage

# FactoMineR's defaults for the automatic number of clusters (HCPC's `min` and `max`).
AUTO_MIN_CLUSTERS = 3
AUTO_MAX_CLUSTERS = 10


class WardTree:
    """Ward tree of the rows of `X` (in the order given).

    Learned attributes: `linkage_` (scipy's merge matrix), `inertia_gains_` (the n − 1
    inertia increases, largest first: `inertia_gains_[0]` is the last merge, as
    FactoMineR's `inert.gain`) and `within_` (`within_[k − 1]` is the within-cluster
    inertia with k clusters, FactoMineR's `intra`).
    """

    def fit(self, X) -> WardTree:
        """Build the tree."""
        values = np.asarray(X, dtype=float)
        n_rows = values.shape[0]
        if n_rows < 2:
            raise ValueError("L'arbre de Ward demande au moins deux lignes.")
        self.n_rows_ = n_rows
        self.linkage_ = linkage(values, method="ward")
        gains = self.linkage_[:, 2] ** 2 / (2 * n_rows)
        self.inertia_gains_ = gains[::-1].copy()
        # within(k) = the sum of the gains of the merges that a cut into k clusters undoes.
        self.within_ = np.cumsum(self.inertia_gains_[::-1])[::-1].copy()
        return self

    def cut(self, n_clusters: int) -> np.ndarray:
        """Return labels 1..k of a cut into `n_clusters` (the last k − 1 merges undone).

        Clusters are numbered in the order in which their first row appears, as R's
        `cutree` does; this numbering is the order of the centres given to k-means.
        """
        n_rows = self.n_rows_
        if not 1 <= n_clusters <= n_rows:
            raise ValueError(f"Impossible de couper {n_rows} lignes en {n_clusters} groupes.")
        parent = list(range(2 * n_rows - 1))

        def root(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for step in range(n_rows - n_clusters):
            left, right = int(self.linkage_[step, 0]), int(self.linkage_[step, 1])
            parent[root(left)] = n_rows + step
            parent[root(right)] = n_rows + step
        numbers: dict[int, int] = {}
        labels = np.empty(n_rows, dtype=int)
        for row in range(n_rows):
            labels[row] = numbers.setdefault(root(row), len(numbers) + 1)
        return labels

    def auto_n_clusters(self, minimum: int = AUTO_MIN_CLUSTERS, maximum: int | None = None) -> int:
        """Return FactoMineR's automatic number of clusters.

        The k in [minimum, maximum] that minimises within(k)/within(k − 1); `maximum`
        defaults to min(10, round(n/2)) and never exceeds n − 1. R's `round` rounds half
        to even, as Python's does.
        """
        n_rows = self.n_rows_
        if maximum is None:
            maximum = min(AUTO_MAX_CLUSTERS, round(n_rows / 2))
        maximum = min(maximum, n_rows - 1)
        if maximum < minimum:
            raise ValueError(
                f"too few rows ({n_rows}) to choose between {minimum} and more clusters"
            )
        ks = np.arange(minimum, maximum + 1)
        ratios = self.within_[ks - 1] / self.within_[ks - 2]
        # `which.min`: the first minimum.
        return int(ks[int(np.argmin(ratios))])
