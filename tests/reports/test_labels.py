"""French number, date and region wording."""

import datetime as dt

from perfml.reports.labels import (
    format_value,
    french_count,
    french_date,
    french_number,
    region_label,
)


def test_french_number_uses_a_decimal_comma_and_narrow_spaces():
    assert french_number(12345.678, 1) == "12\u202f345,7"


def test_format_value_of_a_rate_ends_with_a_percent_sign():
    assert format_value(23.44, "%") == "23,4\u00a0%"


def test_format_value_of_a_cost_has_no_decimals_and_a_euro_sign():
    assert format_value(12882.4, "€ / sortie") == "12\u202f882\u00a0€"


def test_format_value_compact_drops_the_exits_per_etp_unit():
    assert format_value(5.44, "sorties / ETP", compact=True) == "5,4"


def test_format_value_of_nothing_is_a_dash():
    assert format_value(None, "%") == "–"


def test_french_count_keeps_decimals_only_when_there_are_some():
    assert (french_count(652.0), french_count(9.25)) == ("652", "9,2")


def test_french_date_writes_the_first_of_the_month_as_1er():
    assert french_date(dt.date(2025, 3, 1)) == "1er mars 2025"


def test_region_label_names_the_region():
    assert region_label("84") == "Auvergne-Rhône-Alpes (84)"
