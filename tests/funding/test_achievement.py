"""Achievement of last year's targets and weight passing (hand-computed)."""

import math
from fractions import Fraction

import pandas as pd
import pytest

from perfml.funding.achievement import achieve, measure_achievements, performance_scores

NAN = math.nan
DIRECTIONS = {1: "higher", 2: "higher", 3: "lower"}


def test_binary_higher_reaches_at_equality():
    assert achieve(30.0, 30.0, None, "higher", "binaire")[0] == 1.0


def test_binary_higher_misses_below_target():
    assert achieve(29.9, 30.0, None, "higher", "binaire")[0] == 0.0


def test_binary_lower_reaches_below_target():
    assert achieve(19.0, 20.0, None, "lower", "binaire")[0] == 1.0


def test_binary_lower_misses_above_target():
    assert achieve(21.0, 20.0, None, "lower", "binaire")[0] == 0.0


def test_reaching_tolerates_floating_point_noise():
    assert achieve(0.1 + 0.2, 0.3, None, "higher", "binaire")[0] == 1.0


@pytest.mark.parametrize(
    ("value", "expected"), [(25.0, 0.5), (27.5, 0.75), (35.0, 1.0), (15.0, 0.0)]
)
def test_progressive_higher_is_the_share_of_the_way_clamped(value, expected):
    # From 20 last year to a target of 30.
    assert achieve(value, 30.0, 20.0, "higher", "progressif")[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"), [(35.0, 0.5), (32.0, 0.8), (25.0, 1.0), (45.0, 0.0)]
)
def test_progressive_lower_is_the_share_of_the_way_clamped(value, expected):
    # From 40 last year down to a target of 30 (lower is better).
    assert achieve(value, 30.0, 40.0, "lower", "progressif")[0] == pytest.approx(expected)


def test_progressive_without_previous_value_falls_back_to_binary():
    assert achieve(25.0, 30.0, NAN, "higher", "progressif") == (0.0, "no_previous")


def test_progressive_with_a_target_not_better_than_last_year_gives_zero_when_missed():
    # Target 30 is below last year's 35: missing it is no progress at all.
    assert achieve(28.0, 30.0, 35.0, "higher", "progressif") == (0.0, "no_way")


def _table(rows, denominator=100.0):
    frame = pd.DataFrame(
        rows, columns=["code_ml", "indicateur", "valeur", "cible", "valeur_precedente"]
    )
    frame["numerateur"] = 50.0
    frame["denominateur"] = denominator
    return frame


WEIGHTS = {1: Fraction(1, 2), 2: Fraction(1, 4), 3: Fraction(1, 4)}


def test_an_indicator_without_value_passes_its_weight_to_the_others():
    table = _table(
        [
            ("01001", 1, NAN, 30.0, 20.0),
            ("01001", 2, 50.0, 40.0, 30.0),
            ("01001", 3, 25.0, 20.0, 22.0),
        ]
    )
    result = measure_achievements(table, WEIGHTS, DIRECTIONS, "binaire")
    assert result["poids_effectif"].tolist() == [0.0, 0.5, 0.5]
    assert performance_scores(result, WEIGHTS) == {"01001": Fraction(1, 2)}


def test_an_indicator_without_target_passes_its_weight_to_the_others():
    table = _table(
        [
            ("01001", 1, 35.0, 30.0, 20.0),
            ("01001", 2, 50.0, NAN, 30.0),
            ("01001", 3, 25.0, 20.0, 22.0),
        ]
    )
    result = measure_achievements(table, WEIGHTS, DIRECTIONS, "binaire")
    # Indicator 1 (reached) now weighs 1/2 / 3/4 = 2/3, indicator 3 (missed) 1/3.
    assert performance_scores(result, WEIGHTS) == {"01001": Fraction(2, 3)}
    assert result.loc[1, "remarque"].startswith("aucune cible")


def test_an_ml_with_nothing_computable_scores_zero():
    table = _table([("01001", 1, NAN, 30.0, 20.0), ("01001", 2, 50.0, NAN, 30.0)])
    result = measure_achievements(
        table, {1: Fraction(1, 2), 2: Fraction(1, 2)}, DIRECTIONS, "binaire"
    )
    assert performance_scores(result, {1: Fraction(1, 2), 2: Fraction(1, 2)}) == {"01001": 0}


def test_a_value_resting_on_too_few_youths_passes_its_weight():
    table = _table([("01001", 1, 35.0, 30.0, 20.0)], denominator=19.0)
    table = pd.concat([table, _table([("01001", 3, 25.0, 20.0, 22.0)])], ignore_index=True)
    result = measure_achievements(table, WEIGHTS, DIRECTIONS, "binaire", min_count=20)
    assert result["calculable"].tolist() == [False, True]
    assert "effectif de 19 sous le minimum de 20" in result.loc[0, "remarque"]


def test_the_minimum_count_is_configurable():
    table = _table([("01001", 1, 35.0, 30.0, 20.0)], denominator=19.0)
    result = measure_achievements(table, {1: Fraction(1)}, DIRECTIONS, "binaire", min_count=10)
    assert result["atteinte"].tolist() == [1.0]


def test_indicator_9_counts_its_exits_not_its_etp():
    # 12 ETP but 240 exits: the value rests on 240 exits.
    table = _table([("01001", 9, 20.0, 15.0, NAN)], denominator=12.0)
    table["numerateur"] = 240.0
    result = measure_achievements(table, {9: Fraction(1)}, {9: "higher"}, "binaire")
    assert result["calculable"].tolist() == [True]


def test_a_zero_target_where_higher_is_better_is_no_target():
    # The case: an ML with no youth, value 0 against a proposed target of 0.
    table = _table([("01001", 1, 0.0, 0.0, NAN)], denominator=3000.0)
    result = measure_achievements(table, {1: Fraction(1)}, DIRECTIONS, "binaire")
    assert result["calculable"].tolist() == [False]
    assert "ne demande aucun résultat" in result.loc[0, "remarque"]
    assert performance_scores(result, {1: Fraction(1)}) == {"01001": 0}


def test_a_target_of_100_percent_where_lower_is_better_is_no_target():
    table = _table([("01001", 3, 40.0, 100.0, NAN)])
    result = measure_achievements(table, {3: Fraction(1)}, DIRECTIONS, "binaire")
    assert result["calculable"].tolist() == [False]


def test_an_unknown_count_makes_the_indicator_not_measurable():
    table = _table([("01001", 1, 35.0, 30.0, 20.0)], denominator=NAN)
    result = measure_achievements(table, {1: Fraction(1)}, DIRECTIONS, "binaire")
    assert result["calculable"].tolist() == [False]


def test_indicators_outside_the_weights_are_left_out():
    table = _table([("01001", 1, 35.0, 30.0, 20.0), ("01001", 9, 1.0, 2.0, 1.0)])
    result = measure_achievements(table, {1: Fraction(1)}, {**DIRECTIONS, 9: "higher"}, "binaire")
    assert result["indicateur"].tolist() == [1]


def test_progressive_scores_weight_the_shares_of_the_way():
    table = _table([("01001", 1, 25.0, 30.0, 20.0), ("01001", 3, 30.0, 30.0, 40.0)])
    weights = {1: Fraction(1, 2), 3: Fraction(1, 2)}
    result = measure_achievements(table, weights, DIRECTIONS, "progressif")
    assert performance_scores(result, weights) == {"01001": Fraction(3, 4)}
