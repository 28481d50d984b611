"""The indicator catalogue: complete, in the instruction's order, with its directions."""

import pytest

from perfml.errors import UserError
from perfml.indicators import CATALOGUE, THEMES, indicator


def test_catalogue_holds_the_ten_indicators_in_order():
    assert [i.number for i in CATALOGUE] == list(range(1, 11))


def test_only_indicators_3_and_10_are_better_when_lower():
    assert [i.number for i in CATALOGUE if not i.is_higher_better] == [3, 10]


def test_units_are_rates_except_9_and_10():
    assert [i.number for i in CATALOGUE if not i.is_rate] == [9, 10]
    assert indicator(9).unit == "sorties / ETP" and indicator(10).unit == "€ / sortie"


def test_themes_follow_annexe_2():
    assert len(THEMES) == 4
    assert [i.theme.number for i in CATALOGUE] == [1, 1, 2, 2, 2, 2, 3, 3, 4, 4]


def test_indicators_1_to_6_weigh_on_the_2020_funding_and_7_to_10_do_not():
    assert [i.number for i in CATALOGUE if i.is_in_force(2020)] == [1, 2, 3, 4, 5, 6]


def test_every_indicator_has_french_wordings():
    for i in CATALOGUE:
        assert i.label and i.short_label and i.numerator and i.denominator and i.objective


def test_unknown_indicator_is_a_french_user_error():
    with pytest.raises(UserError, match="numérotés de 1 à 10"):
        indicator(11)
