"""Reading one cell: strict French and ISO formats, natural Parquet types."""

import datetime as dt

import duckdb
import pytest

from perfml.loading.cells import raw_sql, typed_sql


def read_text(kind, text, decimal_comma=False):
    """The typed value DuckDB gives for a text cell holding `text`."""
    sql = typed_sql(kind, "v", "VARCHAR", decimal_comma)
    return duckdb.sql(f"SELECT {sql} FROM (SELECT ?::VARCHAR AS v)", params=[text]).fetchone()[0]


def read_typed(kind, literal, source_type):
    """The typed value for a cell of a Parquet column of type `source_type`."""
    sql = typed_sql(kind, "v", source_type, True)
    return duckdb.sql(
        f"SELECT {sql} FROM (SELECT CAST({literal} AS {source_type}) AS v)"
    ).fetchone()[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("01/03/2024", dt.date(2024, 3, 1)),
        ("1/3/2024", dt.date(2024, 3, 1)),
        (" 01/03/2024 ", dt.date(2024, 3, 1)),
    ],
)
def test_iso_and_french_dates_are_read(text, expected):
    assert read_text("date", text) == expected


@pytest.mark.parametrize(
    "text", ["2024-02-30", "31/02/2024", "01/03/24", "2024-03-01 10:00", "20240301", "-2024-01-01"]
)
def test_ambiguous_or_impossible_dates_are_not_read(text):
    assert read_text("date", text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", True), ("0", False), ("true", True), ("FALSE", False), ("Oui", True),
        ("non", False), ("O", True), ("n", False), ("VRAI", True), ("faux", False),
    ],
)  # fmt: skip
def test_french_booleans_are_read_in_any_case(text, expected):
    assert read_text("bool", text) is expected


def test_an_unknown_boolean_word_is_not_read():
    assert read_text("bool", "peut-être") is None


@pytest.mark.parametrize(("text", "expected"), [("3", 3), ("-3", -3), ("3.0", 3), ("+12", 12)])
def test_integers_are_read(text, expected):
    assert read_text("int", text) == expected


@pytest.mark.parametrize("text", ["3.5", "1e3", "1_000", "trois", "3,0"])
def test_non_integers_are_not_rounded(text):
    assert read_text("int", text) is None


def test_an_integral_decimal_comma_is_an_integer_in_a_semicolon_file():
    assert read_text("int", "3,0", decimal_comma=True) == 3


def test_a_decimal_comma_is_read_in_a_semicolon_file():
    assert read_text("decimal", "12,5", decimal_comma=True) == 12.5


def test_a_decimal_comma_is_refused_in_a_comma_file():
    assert read_text("decimal", "12,5", decimal_comma=False) is None


@pytest.mark.parametrize("text", ["nan", "inf", "0x10", "12.5.1"])
def test_non_finite_or_odd_numbers_are_not_read(text):
    assert read_text("decimal", text) is None


def test_a_parquet_float_holding_an_integer_is_an_integer():
    assert read_typed("int", "3.0", "DOUBLE") == 3


def test_a_parquet_float_with_a_fraction_is_not_an_integer():
    assert read_typed("int", "3.5", "DOUBLE") is None


def test_a_parquet_timestamp_is_a_date():
    assert read_typed("date", "'2024-03-01 00:00:00'", "TIMESTAMP") == dt.date(2024, 3, 1)


def test_a_parquet_integer_zero_one_is_a_boolean():
    assert read_typed("bool", "1", "INTEGER") is True


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_text_is_empty(text):
    sql = raw_sql("v", "VARCHAR")
    assert (
        duckdb.sql(f"SELECT {sql} FROM (SELECT ?::VARCHAR AS v)", params=[text]).fetchone()[0]
        is None
    )


def test_text_is_kept_as_given():
    sql = raw_sql("v", "VARCHAR")
    value = duckdb.sql(f"SELECT {sql} FROM (SELECT ' J1 ' AS v)").fetchone()[0]
    assert value == " J1 "


def test_a_parquet_nan_is_empty():
    sql = raw_sql("v", "DOUBLE")
    assert duckdb.sql(f"SELECT {sql} FROM (SELECT 'nan'::DOUBLE AS v)").fetchone()[0] is None
