"""Each mission locale's 15 nearest missions locales in the clustering space of the groups.

CIPFA's Nearest Neighbours model compares each UK authority with its 15 statistically
closest ones; here the distance is the Euclidean distance between the MLs' coordinates
`F = Z·V` on the PCA axes the groups are built from (same variables, same number of
axes, missing cells replaced by their mean as for the groups). Unlike a group, a list
of neighbours is never smaller than 15 (when there are at least 16 MLs) and is centred
on the ML itself. Ties in distance are broken by the neighbour's `code_ml`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NEIGHBOUR_COUNT = 15
NEIGHBOUR_COLUMNS = ("code_ml", "rang", "code_ml_voisin", "distance")


def nearest_neighbours(coordinates: pd.DataFrame, count: int = NEIGHBOUR_COUNT) -> pd.DataFrame:
    """Return each row's `count` nearest other rows (all others when there are fewer).

    `coordinates`: one row per ML (index `code_ml`), one column per PCA axis. The result
    has the columns `code_ml`, `rang` (1 = nearest), `code_ml_voisin`, `distance`, sorted
    by `code_ml` and `rang`; equal distances are ordered by `code_ml_voisin`.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    codes = np.asarray(coordinates.index.astype(str))
    if len(set(codes)) != len(codes):
        raise ValueError("each code_ml must appear once")
    points = coordinates.to_numpy(dtype=float)
    if np.isnan(points).any():
        raise ValueError("coordinates must not be missing")
    order = np.argsort(codes, kind="stable")
    codes, points = codes[order], points[order]
    n = len(codes)
    kept = min(count, n - 1)
    if kept < 1:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _DTYPES.items()})
    # Each distance is computed from the differences (not |a|² + |b|² − 2ab), so that
    # d(a, b) == d(b, a) bit for bit and equal distances stay equal.
    differences = points[:, None, :] - points[None, :, :]
    distances = np.sqrt((differences**2).sum(axis=2))
    # The ML itself comes last (it is never its own neighbour). lexsort: last key first;
    # codes are sorted, so the position breaks ties in distance by code.
    ranking = distances.copy()
    np.fill_diagonal(ranking, np.inf)
    positions = np.broadcast_to(np.arange(n), (n, n))
    chosen = np.lexsort((positions, ranking), axis=-1)[:, :kept]
    frame = pd.DataFrame(
        {
            "code_ml": np.repeat(codes, kept),
            "rang": np.tile(np.arange(1, kept + 1), n),
            "code_ml_voisin": codes[chosen].ravel(),
            "distance": np.take_along_axis(distances, chosen, axis=1).ravel(),
        }
    )
    return frame.astype(_DTYPES)


_DTYPES = {"code_ml": "object", "rang": "int64", "code_ml_voisin": "object", "distance": "float64"}
