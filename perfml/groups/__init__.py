"""The homogeneous groups of missions locales: FactoMineR's HCPC, exactly, and its outputs.

`hcpc(data, k)` clusters a table; `build_groups(warehouse, year)` builds and stores a
year's groups from the warehouse's `contexte`; `load_groups(con, year)` reads them back.
"""

from perfml.groups.hcpc import HCPCResult, hcpc
from perfml.groups.kmeans import HartiganWong
from perfml.groups.pca import PCA
from perfml.groups.stability import Stability
from perfml.groups.store import GroupsResult, build_groups, has_groups, load_groups
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
]
