"""Hierarchical clustering on principal components: FactoMineR's `HCPC`, step by step.

`hcpc(data, k)` gives the groups `HCPC(PCA(data, scale.unit = TRUE, ncp), nb.clust = k,
consol)` gives in FactoMineR 2.7 (`shared/spec/groups.md`): PCA, rows sorted by their
first coordinate, Ward tree, cut into k clusters (or FactoMineR's automatic k),
Hartigan–Wong k-means from the centroids of the cut, clusters numbered by the first
coordinate of their centre, then the description of each cluster (`catdes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from perfml.groups.description import catdes
from perfml.groups.kmeans import HartiganWong
from perfml.groups.pca import PCA, axis_names, impute_means
from perfml.groups.ward import WardTree

AUTO = "auto"
# HCPC's `iter.max` for the consolidation.
CONSOLIDATION_MAX_ITER = 10


@dataclass
class HCPCResult:
    """What `hcpc` learned. Every table is indexed like the input rows."""

    labels: pd.Series  # group 1..k of each row
    n_clusters: int
    eigenvalues: pd.Series  # all eigenvalues of the correlation matrix (Dim.1, Dim.2…)
    coordinates: pd.DataFrame  # the rows' coordinates on the kept axes
    inertia_gains: np.ndarray  # the Ward tree's n − 1 inertia increases, largest first
    description: dict[int, pd.DataFrame]  # per group: catdes' table (significant variables)
    variable_association: pd.DataFrame  # catdes' `quanti.var`: η² and p-value per variable
    centers: pd.DataFrame  # groups × axes: the centre of each group in the PCA space
    consolidated: bool
    kmeans_converged: bool | None  # None without consolidation
    kmeans_iterations: int | None
    imputed_columns: list[str] = field(default_factory=list)  # had missing cells (mean)

    @property
    def sizes(self) -> pd.Series:
        """Return the number of rows of each group (index 1..k)."""
        return self.labels.value_counts().sort_index()


def hcpc(
    data: pd.DataFrame,
    n_clusters: int | str | None,
    n_components: int = 5,
    consolidate: bool = True,
    proba: float = 0.05,
) -> HCPCResult:
    """Cluster the rows of `data` (numeric columns) into groups exactly as FactoMineR's HCPC.

    `n_clusters=None` or `"auto"` chooses k as FactoMineR does (between 3 and
    min(10, round(n/2))). Missing cells are replaced by their column's mean, as
    FactoMineR's PCA does (the names of those columns are in `imputed_columns`).
    """
    frame = data.astype(float)
    if frame.shape[0] < 3:
        raise ValueError("La classification (HCPC) demande au moins trois lignes.")
    frame, imputed = impute_means(frame)
    if frame.isna().any().any():
        empty = [str(c) for c in frame.columns if frame[c].isna().all()]
        raise ValueError(f"Colonnes sans aucune valeur : {', '.join(empty)}.")

    pca = PCA(n_components).fit(frame.to_numpy())
    axes = axis_names(pca.n_components_)
    coordinates = pd.DataFrame(pca.coordinates_, index=frame.index, columns=axes)

    # Step 2: the clustering sees the rows by increasing first coordinate (stable sort).
    order = np.argsort(pca.coordinates_[:, 0], kind="stable")
    sorted_coords = pca.coordinates_[order]

    tree = WardTree().fit(sorted_coords)
    k = _resolve_n_clusters(n_clusters, tree)
    cut = tree.cut(k)

    converged = iterations = None
    if consolidate:
        start = np.vstack([sorted_coords[cut == g].mean(axis=0) for g in range(1, k + 1)])
        # A starting centre that attracts no row raises EmptyClusterError, as R stops.
        km = HartiganWong(k, max_iter=CONSOLIDATION_MAX_ITER).fit(sorted_coords, start)
        sorted_labels = km.labels_ + 1
        converged, iterations = km.converged_, km.n_iter_
    else:
        sorted_labels = cut

    # Step 6: number the groups by the first coordinate of their centre.
    centres = np.vstack([sorted_coords[sorted_labels == g].mean(axis=0) for g in range(1, k + 1)])
    rank = np.empty(k, dtype=int)
    rank[np.argsort(centres[:, 0], kind="stable")] = np.arange(1, k + 1)
    labels_sorted_rows = rank[sorted_labels - 1]
    labels = np.empty(len(order), dtype=int)
    labels[order] = labels_sorted_rows
    label_series = pd.Series(labels, index=frame.index, name="groupe")

    centre_frame = pd.DataFrame(
        centres[np.argsort(centres[:, 0], kind="stable")],
        index=pd.RangeIndex(1, k + 1, name="groupe"),
        columns=axes,
    )
    description, association = catdes(frame, label_series, proba=proba)
    return HCPCResult(
        labels=label_series,
        n_clusters=k,
        eigenvalues=pd.Series(pca.eigenvalues_, index=axis_names(len(pca.eigenvalues_))),
        coordinates=coordinates,
        inertia_gains=tree.inertia_gains_,
        description=description,
        variable_association=association,
        centers=centre_frame,
        consolidated=consolidate,
        kmeans_converged=converged,
        kmeans_iterations=iterations,
        imputed_columns=imputed,
    )


def is_auto(n_clusters: int | str | None) -> bool:
    """Say whether `n_clusters` asks for FactoMineR's automatic number of clusters."""
    return n_clusters is None or (isinstance(n_clusters, str) and n_clusters.lower() == AUTO)


def _resolve_n_clusters(n_clusters: int | str | None, tree: WardTree) -> int:
    if is_auto(n_clusters):
        return tree.auto_n_clusters()
    k = int(n_clusters)  # type: ignore[arg-type]
    if not 2 <= k <= tree.n_rows_ - 1:
        raise ValueError(
            f"Le nombre de groupes doit être compris entre 2 et {tree.n_rows_ - 1}, pas {k}."
        )
    return k
