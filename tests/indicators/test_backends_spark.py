"""PySpark (local mode) gives exactly DuckDB's results: every hand-made case in one test,
since starting the JVM and each Spark job are slow."""

from __future__ import annotations

import pandas.testing as pdt
import pytest

from indicators.engines import (
    calendar_frame,
    dates_backend,
    expected_calendar,
    reference,
    reference_series,
    runs,
)
from perfml.errors import UserError
from perfml.indicators import Period, compute_indicators, indicator_sql, monthly_series
from perfml.indicators.backends import memory_backend
from perfml.indicators.spark import connect_spark, copy_to_spark

# On a few rows, compiling generated Java code costs more than it saves.
SMALL_DATA_CONF = {
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    "spark.sql.adaptive.enabled": "false",
}


@pytest.fixture
def small_data_spark(spark_session):
    before = {key: spark_session.conf.get(key, None) for key in SMALL_DATA_CONF}
    for key, value in SMALL_DATA_CONF.items():
        spark_session.conf.set(key, value)
    yield spark_session
    for key, value in before.items():
        if value is None:
            spark_session.conf.unset(key)
        else:
            spark_session.conf.set(key, value)


@pytest.mark.spark
def test_spark_gives_the_duckdb_results_on_every_hand_made_case(small_data_spark, tmp_path):
    spark_session = small_data_spark
    sp = copy_to_spark(dates_backend(), spark_session, tmp_path / "calendrier", tables=["dates"])
    pdt.assert_frame_equal(calendar_frame(sp), expected_calendar(), obj="calendrier")

    for rank, (name, period, as_of, rows) in enumerate(runs()):
        sp = copy_to_spark(memory_backend(rows), spark_session, tmp_path / f"cas_{rank}")
        got = compute_indicators(sp, period, as_of=as_of)
        pdt.assert_frame_equal(got, reference(rows, period, as_of), obj=name)

    _, _, _, rows = runs()[0]
    sp = copy_to_spark(memory_backend(rows), spark_session, tmp_path / "serie")
    pdt.assert_frame_equal(monthly_series(sp, "2024-01", "2024-12"), reference_series(rows))
    assert "`dispositifs`" in indicator_sql(sp, 5, Period.year(2024))

    # The Parquet files written above can be registered directly.
    sp = connect_spark(tmp_path / "serie", spark_session)
    assert sp.table("jeunes").count().execute() == len(rows["jeunes"])
    with pytest.raises(UserError, match="Aucun fichier"):
        connect_spark(tmp_path / "calendrier", spark_session)
