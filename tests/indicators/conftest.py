"""Fixtures of the cross-engine tests at realistic size: the DuckDB results of the regional
extract (`region_warehouse`, built once in tests/conftest.py), and a standalone Spark
cluster on loopback (one for the whole session)."""

from __future__ import annotations

import shutil

import pytest
from conftest import REGION_AS_OF, REGION_YEAR, require


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
