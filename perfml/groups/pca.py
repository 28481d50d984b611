"""Principal component analysis on standardised variables, as FactoMineR's `PCA` does it.

FactoMineR (`PCA(X, scale.unit = TRUE, ncp = 5)`) centres each variable, divides it by
its *population* standard deviation (denominator n), and takes the singular value
decomposition of the standardised table weighted by 1/n. The eigenvalues are those of
the correlation matrix; each kept axis is oriented so that the sum of its loadings is
non-negative (`svd.triplet`); the coordinates `F = Z·V` are not rescaled and are the
space in which HCPC clusters the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

# FactoMineR replaces a standard deviation this small by 1 (a constant column).
MIN_SD = 1e-16


def axis_names(count: int) -> list[str]:
    """Return FactoMineR's names of the first `count` axes: Dim.1, Dim.2…"""
    return [f"Dim.{i}" for i in range(1, count + 1)]


class PCA:
    """Standardised PCA keeping `n_components` axes (FactoMineR's `scale.unit = TRUE`).

    Learned attributes: `mean_`, `scale_` (population standard deviations), `eigenvalues_`
    (all min(n − 1, p) eigenvalues of the correlation matrix, decreasing),
    `components_` (p × ncp loading vectors, oriented), `coordinates_` (n × ncp) and
    `n_components_` (the number of axes actually kept: at most min(n − 1, p)).
    """

    def __init__(self, n_components: int = 5):
        self.n_components = n_components

    def fit(self, X) -> PCA:
        """Standardise `X` (rows × numeric columns) and compute the axes and coordinates."""
        values = np.asarray(X, dtype=float)
        n_rows, n_cols = values.shape
        if n_rows < 2:
            raise ValueError("L'ACP demande au moins deux lignes.")
        if self.n_components < 1:
            raise ValueError("Le nombre d'axes doit être au moins 1.")
        self.n_components_ = min(self.n_components, n_rows - 1, n_cols)
        self.mean_ = values.mean(axis=0)
        centred = values - self.mean_
        scale = np.sqrt((centred**2).mean(axis=0))
        scale[scale <= MIN_SD] = 1.0
        self.scale_ = scale
        standardised = centred / scale
        # The SVD of Z/√n gives the eigenvalues of the correlation matrix as d². One BLAS
        # thread: on a busy machine, threads make this tiny decomposition take seconds.
        with threadpool_limits(limits=1, user_api="blas"):
            _, singular, vt = np.linalg.svd(standardised / np.sqrt(n_rows), full_matrices=False)
        rank = min(n_rows - 1, n_cols)
        self.eigenvalues_ = singular[:rank] ** 2
        loadings = vt[: self.n_components_].T
        signs = np.sign(loadings.sum(axis=0))
        signs[signs == 0] = 1.0
        self.components_ = loadings * signs
        self.coordinates_ = standardised @ self.components_
        return self

    def transform(self, X) -> np.ndarray:
        """Return the coordinates of the rows of `X` on the fitted axes."""
        values = np.asarray(X, dtype=float)
        return ((values - self.mean_) / self.scale_) @ self.components_


def impute_means(data: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Replace missing cells by their column's mean, as FactoMineR's PCA does.

    Returns the completed table and the names of the columns that had missing cells.
    """
    missing = [str(c) for c in data.columns if data[c].isna().any()]
    if not missing:
        return data, []
    return data.fillna(data.mean()), missing
