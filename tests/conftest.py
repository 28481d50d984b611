"""Fixtures shared by the whole suite: tools that must exist, PostgreSQL, Spark, extracts.

In CI (`CI=true`) a test that needs PostgreSQL, Java/PySpark or Chromium must run: a
missing tool fails it instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# The regional extract (60 MLs, 2023-2025 and late entries to 1 March 2026): the year
# 2025, seen with every row or as known on its official date.
REGION_YEAR = 2025
REGION_AS_OF = dt.date(2026, 3, 1)


def require(condition: bool, what: str) -> None:
    """Skip the test when `condition` is false, or fail it in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} est requis en CI et manque sur cette machine")
    pytest.skip(f"{what} manque sur cette machine")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The `shared/` folder beside the repository (spec, seeds, reference data)."""
    require(SHARED.is_dir(), "le dossier ../shared")
    return SHARED


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster on a loopback port, for the whole session."""
    from perfml.testing.postgres import find_pg_bin, start_cluster

    require(find_pg_bin() is not None, "PostgreSQL (initdb)")
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def spark_session():
    """A local PySpark session (one core, temporary warehouse), for the whole session."""
    require(shutil.which("java") is not None, "Java (pour PySpark)")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    warehouse = tempfile.mkdtemp(prefix="perfml-spark-")
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("perfml-tests")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()
    shutil.rmtree(warehouse, ignore_errors=True)


@pytest.fixture(scope="session")
def mini_extract(tmp_path_factory) -> Path:
    """The `mini` synthetic extract (a handful of MLs over 2 regions, seed 1, 2022-2024)."""
    from perfml.synth import generate

    out = tmp_path_factory.mktemp("mini_extract")
    generate(scale="mini", seed=1, out_dir=out, start_year=2022, end_year=2024)
    return out


@pytest.fixture(scope="session")
def mini_warehouse(mini_extract, tmp_path_factory) -> Path:
    """A DuckDB warehouse holding the loaded `mini` extract (read it, do not write it)."""
    from perfml.loading import load_extract

    path = tmp_path_factory.mktemp("mini_warehouse") / "entrepot.duckdb"
    load_extract(mini_extract, path)
    return path


@pytest.fixture
def mini_warehouse_copy(mini_warehouse, tmp_path) -> Path:
    """A private copy of the `mini` warehouse, for tests that write results into it."""
    path = tmp_path / "entrepot.duckdb"
    shutil.copy(mini_warehouse, path)
    return path


@pytest.fixture(scope="session")
def region_extract(tmp_path_factory) -> Path:
    """The `region` synthetic extract (60 MLs in 3 regions, seed 1, 2023-2025, Parquet).

    Generated and loaded once for the whole suite (`region_warehouse`): the years are
    fixed, not the generator's default (the last complete ones at the time of the run).
    """
    from perfml.synth import generate

    out = tmp_path_factory.mktemp("region_extract")
    generate(scale="region", seed=1, out_dir=out, start_year=REGION_YEAR - 2, end_year=REGION_YEAR)
    return out


@pytest.fixture(scope="session")
def region_warehouse(region_extract, tmp_path_factory) -> Path:
    """A DuckDB warehouse holding the loaded `region` extract (read it, do not write it)."""
    from perfml.loading import load_extract

    path = tmp_path_factory.mktemp("region_warehouse") / "entrepot.duckdb"
    load_extract(region_extract, path)
    return path
