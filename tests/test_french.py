"""French numbers, dates and agreement."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfml.french import (
    french_count,
    french_date,
    french_decimal,
    french_euros,
    french_integer,
    french_number,
    french_percent,
    french_share,
    french_short_date,
    french_signed,
    parse_french_number,
    plural,
)


def test_french_number_uses_a_decimal_comma_and_narrow_spaces():
    assert french_number(12345.678, 1) == "12\u202f345,7"


def test_french_count_keeps_decimals_only_when_there_are_some():
    assert (french_count(652.0), french_count(9.25)) == ("652", "9,2")


def test_french_date_writes_the_first_of_the_month_as_1er():
    assert french_date(dt.date(2025, 3, 1)) == "1er mars 2025"


def test_french_count_groups_thousands_with_narrow_spaces():
    assert french_count(1234567) == "1\u202f234\u202f567"


def test_plural_follows_french_usage_zero_and_one_are_singular():
    assert plural(0, "mission locale", "missions locales") == "0 mission locale"
    assert plural(1, "mission locale", "missions locales") == "1 mission locale"
    assert plural(2, "mission locale", "missions locales") == "2 missions locales"


def test_plural_groups_the_thousands_of_its_count():
    assert plural(56040, "ligne", "lignes") == "56\u202f040 lignes"


def test_percent_and_share_put_a_no_break_space_before_the_sign():
    assert french_percent(23.44) == "23,4\u00a0%"
    assert french_share(0.25, 0) == "25\u00a0%"


def test_euros_are_whole_and_grouped():
    assert french_euros(12345678.4) == "12\u202f345\u202f678\u00a0€"


def test_signed_difference_uses_the_true_minus_sign_and_no_minus_zero():
    assert (french_signed(1.46), french_signed(-2), french_signed(-0.01)) == (
        "+1,5",
        "\u22122,0",
        "0,0",
    )


def test_decimal_drops_trailing_zeros():
    assert (french_decimal(0.25), french_decimal(1234.5), french_decimal(3.0)) == (
        "0,25",
        "1\u202f234,5",
        "3",
    )


def test_short_date_is_day_month_year():
    assert french_short_date(dt.date(2024, 12, 31)) == "31/12/2024"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("10 000 000", Decimal(10_000_000)),
        ("10\u00a0000\u00a0000", Decimal(10_000_000)),
        ("10\u202f000\u202f000 €", Decimal(10_000_000)),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" -3 ", Decimal(-3)),
        ("\u22123", Decimal(-3)),
    ],
)
def test_parse_reads_numbers_typed_the_french_way(typed, value):
    assert parse_french_number(typed, unit="€") == value


@pytest.mark.parametrize("typed", ["", "abc", "1.234,5", "12,5,1", "1e6", "--3", "€"])
def test_parse_refuses_what_is_not_a_number_in_french(typed):
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_french_number(typed, unit="€")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_reads_back_every_grouped_integer(value):
    assert parse_french_number(french_integer(value)) == value
    assert parse_french_number(french_euros(value), unit="€") == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_parse_reads_back_every_written_decimal(value):
    assert parse_french_number(french_decimal(float(value), 2)) == value
