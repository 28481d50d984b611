"""The homogeneous groups of missions locales: FactoMineR's HCPC, exactly, and its outputs.

`hcpc(data, k)` clusters a table; `build_groups(warehouse, year)` builds and stores a
year's groups (and each ML's 15 nearest MLs) from the warehouse's `contexte`;
`load_groups(con, year)` and `load_neighbours(con, year)` read them back.
"""

from perfml.groups.hcpc import HCPCResult, hcpc
from perfml.groups.kmeans import HartiganWong
from perfml.groups.neighbours import nearest_neighbours
from perfml.groups.pca import PCA
from perfml.groups.stability import Stability
from perfml.groups.store import (
    GroupsResult,
    build_groups,
    has_groups,
    load_groups,
    load_neighbours,
)
from perfml.groups.ward import WardTree

__all__ = [
    "PCA",
    "GroupsResult",
    "HCPCResult",
    "HartiganWong",
    "Stability",
    "WardTree",
    "build_groups",
    "has_groups",
    "hcpc",
    "load_groups",
    "load_neighbours",
    "nearest_neighbours",
]
