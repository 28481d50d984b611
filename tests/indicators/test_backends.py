"""The engines: typed in-memory DuckDB, and PostgreSQL giving exactly DuckDB's results."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandas.testing as pdt
import pytest

from indicators.cases import exits_case
from indicators.engines import (
    calendar_frame,
    dates_backend,
    expected_calendar,
    reference,
    reference_series,
    runs,
)
from perfml.errors import UserError
from perfml.indicators import compute_indicators, indicator_sql, monthly_series
from perfml.indicators.backends import (
    connect_postgres,
    contract_schema,
    copy_to_postgres,
    memory_backend,
)


def test_memory_backend_creates_every_contract_table_with_contract_types():
    con = memory_backend({})
    assert con.table("dispositifs").schema() == contract_schema("dispositifs")
    assert con.table("jeunes").schema()["neet_premier_accueil"].is_boolean()
    assert con.table("structures_annee").schema()["etp"].is_floating()


def test_memory_backend_rejects_an_unknown_column():
    with pytest.raises(ValueError, match="unknown columns"):
        memory_backend({"structures": [{"code_ml": "01001", "couleur": "bleu"}]})


def test_memory_backend_leaves_missing_cells_null():
    con = memory_backend({"offres": [{"id_offre": "o", "code_ml": "01001"}]})
    row = con.execute(con.table("offres")).iloc[0]
    assert pd.isna(row["nb_postes"]) and pd.isna(row["date_saisie"])


@pytest.fixture(scope="module")
def pg_url(postgres_cluster):
    return postgres_cluster.create_database("indicateurs")


@pytest.mark.postgres
def test_postgres_month_arithmetic_matches_python(pg_url):
    pg = copy_to_postgres(dates_backend(), pg_url, schema="calendrier", tables=["dates"])
    pdt.assert_frame_equal(calendar_frame(pg), expected_calendar())


@pytest.mark.postgres
def test_copy_to_postgres_keeps_rows_and_types(pg_url):
    case = exits_case()
    pg = copy_to_postgres(memory_backend(case.rows), pg_url, schema="copie")
    assert pg.table("dispositifs").count().execute() == len(case.rows["dispositifs"])
    types = pg.table("dispositifs").schema()
    assert types["date_entree"].is_date() and types["code_ml"].is_string()


@pytest.mark.postgres
def test_postgres_gives_the_duckdb_results_on_every_hand_made_case(pg_url):
    for rank, (name, period, as_of, rows) in enumerate(runs()):
        pg = copy_to_postgres(memory_backend(rows), pg_url, schema=f"cas_{rank}")
        got = compute_indicators(pg, period, as_of=as_of)
        pdt.assert_frame_equal(got, reference(rows, period, as_of), obj=name)


@pytest.mark.postgres
def test_postgres_monthly_series_equals_duckdb(pg_url):
    _, _, _, rows = runs()[0]
    pg = copy_to_postgres(memory_backend(rows), pg_url, schema="serie")
    pdt.assert_frame_equal(monthly_series(pg, "2024-01", "2024-12"), reference_series(rows))


@pytest.mark.postgres
def test_postgres_monthly_series_as_of_a_date_equals_duckdb(pg_url):
    _, _, _, rows = runs()[0]
    pg = copy_to_postgres(memory_backend(rows), pg_url, schema="serie_au")
    as_of = dt.date(2024, 9, 1)
    got = monthly_series(pg, "2024-01", "2024-12", as_of=as_of)
    pdt.assert_frame_equal(got, reference_series(rows, as_of))


@pytest.mark.postgres
def test_indicator_sql_on_postgres_is_postgres_sql(pg_url):
    case = exits_case()
    pg = copy_to_postgres(memory_backend(case.rows), pg_url, schema="sql")
    sql = indicator_sql(pg, 5, case.period)
    assert "DOUBLE PRECISION" in sql and "'EMPLOI'" in sql


def test_connect_postgres_to_a_closed_port_is_a_french_user_error():
    with pytest.raises(UserError, match="Connexion à PostgreSQL impossible"):
        connect_postgres("postgresql://postgres@127.0.0.1:9/postgres")


def test_postgres_url_that_cannot_be_read_is_a_user_error():
    with pytest.raises(UserError, match="illisible"):
        connect_postgres("postgresql://[")
