"""At realistic size (the regional extract: 60 MLs, 5.9 million rows), every engine gives
DuckDB's figures for every indicator, with and without an as-of date: PostgreSQL, Spark
in local mode, and Spark on a standalone cluster (Spark Connect, and a `spark://`
master driven by the command line)."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pandas.testing as pdt
import pytest

from indicators.conftest import REGION_AS_OF, REGION_YEAR
from perfml.indicators import Period, compute_indicators, monthly_series
from perfml.indicators.backends import copy_to_postgres
from perfml.indicators.spark import connect_spark
from perfml.warehouse import connect

PERIOD = Period.year(REGION_YEAR)
AS_OF_DATES = pytest.mark.parametrize("as_of", [None, REGION_AS_OF], ids=["tout", "au"])


@pytest.fixture(scope="module")
def region_pg(region_warehouse, postgres_cluster):
    url = postgres_cluster.create_database("region")
    source = connect(region_warehouse, read_only=True)
    pg = copy_to_postgres(source, url, schema="region")
    source.disconnect()
    return pg


@pytest.mark.postgres
@pytest.mark.slow
@AS_OF_DATES
def test_postgres_gives_the_duckdb_indicators_on_the_regional_extract(
    region_pg, region_reference, as_of
):
    got = compute_indicators(region_pg, PERIOD, as_of=as_of)
    pdt.assert_frame_equal(got, region_reference[as_of])


@pytest.mark.postgres
@pytest.mark.slow
def test_postgres_monthly_series_as_of_a_date_equals_duckdb_on_the_regional_extract(
    region_pg, region_warehouse
):
    args = (f"{REGION_YEAR}-01", f"{REGION_YEAR}-12")
    expected = monthly_series(connect(region_warehouse, read_only=True), *args, as_of=REGION_AS_OF)
    pdt.assert_frame_equal(monthly_series(region_pg, *args, as_of=REGION_AS_OF), expected)


@pytest.mark.spark
@pytest.mark.slow
@AS_OF_DATES
def test_local_spark_reading_the_parquet_extract_gives_the_duckdb_indicators(
    spark_session, region_extract, region_reference, as_of
):
    spark = connect_spark(region_extract, spark_session)
    got = compute_indicators(spark, PERIOD, as_of=as_of)
    pdt.assert_frame_equal(got, region_reference[as_of])


def _perfml(*args: str) -> subprocess.CompletedProcess:
    """Run `perfml indicateurs` in its own process (its own Spark driver or client: a
    Spark Connect session cannot share a process with the local Spark of other tests)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for variable in ("SPARK_REMOTE", "MASTER", "PYSPARK_SUBMIT_ARGS"):
        env.pop(variable, None)
    # RFC 4180 CSV (`--csv standard`), read back by pandas' defaults.
    command = [sys.executable, "-m", "perfml", "indicateurs", "--annee", str(REGION_YEAR),
               "--au", REGION_AS_OF.isoformat(), "--csv", "standard", *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="module")
def region_duckdb_csv(region_warehouse, tmp_path_factory) -> pd.DataFrame:
    """`perfml indicateurs` on DuckDB, as of the official date, read back as text."""
    out = tmp_path_factory.mktemp("region_csv") / "duckdb.csv"
    done = _perfml("--entrepot", str(region_warehouse), "--sortie", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    return pd.read_csv(out, dtype=str)


@pytest.mark.spark
@pytest.mark.cluster
@pytest.mark.slow
def test_spark_connect_on_a_cluster_reads_the_parquet_extract_and_gives_the_duckdb_figures(
    spark_cluster, region_extract, region_duckdb_csv, tmp_path
):
    out = tmp_path / "spark.csv"
    done = _perfml("--donnees", str(region_extract), "--moteur", "spark",
                   "--spark", spark_cluster.connect_url, "--sortie", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    pdt.assert_frame_equal(pd.read_csv(out, dtype=str), region_duckdb_csv)


@pytest.mark.spark
@pytest.mark.cluster
@pytest.mark.slow
def test_command_on_a_standalone_master_copies_the_warehouse_and_gives_the_duckdb_figures(
    spark_cluster, region_warehouse, region_duckdb_csv, tmp_path
):
    """`--spark spark://…`: a Spark driver in perfml's process, executors on the cluster,
    the warehouse written as Parquet into the folder named by --dossier-spark."""
    shared, out = tmp_path / "partage", tmp_path / "spark.csv"
    done = _perfml("--entrepot", str(region_warehouse), "--moteur", "spark",
                   "--spark", spark_cluster.master_url, "--dossier-spark", str(shared),
                   "--sortie", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert (shared / "dispositifs.parquet").exists()
    pdt.assert_frame_equal(pd.read_csv(out, dtype=str), region_duckdb_csv)
    # Neither Spark's log lines nor the Java launcher's notices reach the user.
    assert done.stderr.strip() == ""
