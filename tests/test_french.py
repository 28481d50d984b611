"""French numbers, dates and agreement."""

import datetime as dt

from perfml.french import french_count, french_date, french_number, plural


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
