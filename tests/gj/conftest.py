"""Fixtures of the Garantie jeunes tests: the hand-made extract of `extract.py`."""

from __future__ import annotations

import pandas as pd
import pytest
from handmade_warehouse import build_warehouse, d

from gj.extract import AS_OF, NETWORK, make_extract
from perfml.gj import GJConfig, follow_gj
from perfml.gj.entries import follow_entries
from perfml.gj.targets import targets_by_level
from perfml.warehouse import connect


@pytest.fixture(scope="package")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("gj") / "w.duckdb"
    return build_warehouse(path, make_extract().rows, extract_date=d("2024-07-31"))


@pytest.fixture(scope="package")
def follow(warehouse):
    config = GJConfig(national_target=1000, ml_targets={"01001": 12}, network_regions=NETWORK)
    return follow_gj(connect(warehouse), 2024, AS_OF, config)


@pytest.fixture(scope="package")
def entries_for(warehouse):
    """Return a function computing the entries follow-up alone (no quality criteria)."""

    def compute(config: GJConfig) -> pd.DataFrame:
        con = connect(warehouse)
        structures = con.table("structures").execute()
        regions, mls = targets_by_level(con, 2024, config, structures, AS_OF)
        return follow_entries(con, 2024, AS_OF, config, structures, regions, mls)

    return compute
