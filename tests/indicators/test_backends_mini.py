"""On the whole `mini` synthetic extract, PostgreSQL and PySpark give DuckDB's indicators."""

from __future__ import annotations

import pandas.testing as pdt
import pytest

from perfml.indicators import Period, compute_indicators, official_as_of
from perfml.indicators.backends import copy_to_postgres
from perfml.indicators.spark import copy_to_spark
from perfml.warehouse import connect

YEAR = Period.year(2024)  # the mini extract covers 2022-2024


def _sorted(frame):
    columns = ["niveau", "code", "indicateur", "numerateur", "denominateur", "valeur"]
    return frame[columns].sort_values(["niveau", "code", "indicateur"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def duckdb_result(mini_warehouse):
    return _sorted(compute_indicators(connect(mini_warehouse), YEAR, official_as_of(YEAR)))


@pytest.mark.postgres
def test_postgres_gives_the_duckdb_indicators_on_the_mini_extract(
    mini_warehouse, postgres_cluster, duckdb_result
):
    url = postgres_cluster.create_database("mini_indicateurs")
    pg = copy_to_postgres(connect(mini_warehouse), url, schema="perfml")
    got = _sorted(compute_indicators(pg, YEAR, official_as_of(YEAR)))
    pdt.assert_frame_equal(got, duckdb_result, check_dtype=False)


@pytest.mark.spark
@pytest.mark.slow
def test_spark_gives_the_duckdb_indicators_on_the_mini_extract(
    mini_warehouse, spark_session, duckdb_result, tmp_path
):
    spark = copy_to_spark(connect(mini_warehouse), spark_session, tmp_path)
    got = _sorted(compute_indicators(spark, YEAR, official_as_of(YEAR)))
    pdt.assert_frame_equal(got, duckdb_result, check_dtype=False)
