"""Indicator values in their unit and region wording."""

from perfml.reports.labels import format_value, region_label


def test_format_value_of_a_rate_ends_with_a_percent_sign():
    assert format_value(23.44, "%") == "23,4\u00a0%"


def test_format_value_of_a_cost_has_no_decimals_and_a_euro_sign():
    assert format_value(12882.4, "€ / sortie") == "12\u202f882\u00a0€"


def test_format_value_compact_drops_the_exits_per_etp_unit():
    assert format_value(5.44, "sorties / ETP", compact=True) == "5,4"


def test_format_value_of_nothing_is_a_dash():
    assert format_value(None, "%") == "–"


def test_region_label_names_the_region():
    assert region_label("84") == "Auvergne-Rhône-Alpes (84)"
