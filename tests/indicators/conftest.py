"""Fixtures of the cross-engine tests at realistic size: the regional extract, its DuckDB
results, and a standalone Spark cluster on loopback (one for the whole session)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import require

# The regional extract (60 MLs, 2023-2025 and late entries to 1 March 2026): the year
# 2025, seen with every row or as known on its official date.
REGION_YEAR = 2025
REGION_AS_OF = dt.date(2026, 3, 1)


@pytest.fixture(scope="session")
def region_extract(tmp_path_factory) -> Path:
    """The `region` synthetic extract (Parquet, seed 1), generated once."""
    from perfml.synth import generate

    out = tmp_path_factory.mktemp("region_extract")
    generate(scale="region", seed=1, out_dir=out, start_year=REGION_YEAR - 2, end_year=REGION_YEAR)
    return out


@pytest.fixture(scope="session")
def region_warehouse(region_extract, tmp_path_factory) -> Path:
    """The regional extract loaded into a DuckDB warehouse (read it, do not write it)."""
    from perfml.loading import load_extract

    path = tmp_path_factory.mktemp("region_warehouse") / "entrepot.duckdb"
    load_extract(region_extract, path)
    return path


@pytest.fixture(scope="session")
def region_reference(region_warehouse):
    """DuckDB's indicators of the regional year, by as-of date (None: every row)."""
    from perfml.indicators import Period, compute_indicators
    from perfml.warehouse import connect

    con = connect(region_warehouse, read_only=True)
    period = Period.year(REGION_YEAR)
    results = {as_of: compute_indicators(con, period, as_of) for as_of in (None, REGION_AS_OF)}
    con.disconnect()
    return results


@pytest.fixture(scope="session")
def spark_cluster():
    """A standalone Spark cluster (master + 1 worker of 2 cores and 2 GB) and a Spark
    Connect server on loopback (using half of it), for the whole session."""
    from perfml.testing.spark import has_connect_server, spark_home, start_spark_cluster

    require(shutil.which("java") is not None and spark_home() is not None, "Java et pyspark")
    require(has_connect_server(), "le serveur Spark Connect de pyspark")
    cluster = start_spark_cluster(connect=True)
    yield cluster
    cluster.stop()
