"""The national split between regions: progression scores and whole-euro parts."""

import math
from fractions import Fraction

import pandas as pd
import pytest

from perfml.funding.config import NationalRule
from perfml.funding.national import (
    measure_progressions,
    progression_score,
    regional_activity,
    split_national,
)

NAN = math.nan
DIRECTIONS = {1: "higher", 3: "lower"}


def test_binary_progression_higher():
    assert progression_score(31.0, 30.0, "higher", "binaire", Fraction(1, 10))[0] == 1.0
    assert progression_score(30.0, 30.0, "higher", "binaire", Fraction(1, 10))[0] == 0.0


def test_binary_progression_lower_is_a_decrease():
    assert progression_score(29.0, 30.0, "lower", "binaire", Fraction(1, 10))[0] == 1.0
    assert progression_score(31.0, 30.0, "lower", "binaire", Fraction(1, 10))[0] == 0.0


def test_relative_progression_higher_is_scaled_by_full_progression():
    # +5 % on 40 → 42, with 10 % as full progression: score 0.5.
    assert progression_score(42.0, 40.0, "higher", "relatif", Fraction(1, 10))[0] == pytest.approx(
        0.5
    )


def test_relative_progression_lower_counts_a_decrease_and_clamps():
    # 40 → 38 is −5 %: half of a 10 % full progression; 40 → 30 is more than full.
    assert progression_score(38.0, 40.0, "lower", "relatif", Fraction(1, 10))[0] == pytest.approx(
        0.5
    )
    assert progression_score(30.0, 40.0, "lower", "relatif", Fraction(1, 10))[0] == 1.0
    assert progression_score(44.0, 40.0, "lower", "relatif", Fraction(1, 10))[0] == 0.0


def test_relative_progression_from_zero_is_not_computable():
    score, remark = progression_score(5.0, 0.0, "higher", "relatif", Fraction(1, 10))
    assert math.isnan(score) and remark == "zero_previous"


def _progressions(rows, weights, score="binaire"):
    table = pd.DataFrame(rows, columns=["code_region", "indicateur", "valeur", "valeur_precedente"])
    return measure_progressions(table, weights, DIRECTIONS, score, Fraction(1, 10))


def _rule(credit=1000, share=Fraction(1, 10)):
    return NationalRule(
        credit_eur=credit,
        performance_share=share,
        activity={"part_fixe": Fraction(1)},
        indicators={1: Fraction(1, 2), 3: Fraction(1, 2)},
    )


ACTIVITY = pd.DataFrame({"code_region": ["84", "93"], "part_fixe": [1, 3]})


def test_hand_split_rewards_the_region_that_progressed():
    # Activity shares 1/4 and 3/4: 900 € → 225 and 675. Region 84 progressed on both
    # indicators (score 1), 93 on none (score 0): the 100 € of performance go to 84.
    progressions = _progressions(
        [("84", 1, 31.0, 30.0), ("84", 3, 9.0, 10.0), ("93", 1, 29.0, 30.0), ("93", 3, 11.0, 10.0)],
        _rule().indicators,
    )
    split = split_national(_rule(), ACTIVITY, progressions)
    assert split.regions["activite_eur"].tolist() == [225, 675]
    assert split.regions["performance_eur"].tolist() == [100, 0]
    assert split.regions["total_eur"].sum() == 1000


def test_performance_part_is_weighted_by_activity_times_score():
    # Both progressed on one indicator of two (score 1/2): weights 1/8 and 3/8, so the
    # 100 € split 25 / 75.
    progressions = _progressions(
        [("84", 1, 31.0, 30.0), ("84", 3, 11.0, 10.0), ("93", 1, 29.0, 30.0), ("93", 3, 9.0, 10.0)],
        _rule().indicators,
    )
    split = split_national(_rule(), ACTIVITY, progressions)
    assert split.regions["performance_eur"].tolist() == [25, 75]


def test_when_no_region_progressed_performance_follows_activity():
    progressions = _progressions([("84", 1, 29.0, 30.0), ("93", 1, 29.0, 30.0)], _rule().indicators)
    split = split_national(_rule(), ACTIVITY, progressions)
    assert split.performance_by_activity
    assert split.regions["performance_eur"].tolist() == [25, 75]


def test_an_indicator_without_previous_value_passes_its_weight():
    progressions = _progressions([("84", 1, 31.0, NAN), ("84", 3, 9.0, 10.0)], _rule().indicators)
    assert progressions["poids_effectif"].tolist() == [0.0, 1.0]


def test_parts_add_up_to_the_credit_with_remainders():
    # 1001 € with 10 %: activity round(900.9) = 901 split 1:3 → 225.25 / 675.75 → 225 / 676.
    progressions = _progressions([("84", 1, 31.0, 30.0), ("93", 1, 31.0, 30.0)], _rule().indicators)
    split = split_national(_rule(credit=1001), ACTIVITY, progressions)
    assert split.regions["activite_eur"].tolist() == [225, 676]
    assert split.regions["total_eur"].sum() == 1001


def test_regional_activity_sums_mls_and_is_unknown_when_one_is():
    criteria = pd.DataFrame(
        {"code_region": ["84", "84", "93"], "part_fixe": [1, 1, 1], "etp": [2.0, NAN, 3.0]}
    )
    activity = regional_activity(criteria, ["part_fixe", "etp"])
    assert activity["part_fixe"].tolist() == [2, 1]
    assert math.isnan(activity.loc[0, "etp"]) and activity.loc[1, "etp"] == 3.0
