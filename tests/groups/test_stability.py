"""Year-to-year stability: adjusted Rand index, matched groups and the variables of a move."""

import numpy as np
import pandas as pd
import pytest

from perfml.groups.stability import (
    adjusted_rand_index,
    changed_group,
    compare_years,
    explain_move,
    main_drivers,
    match_groups,
    move_contributions,
)


def labels(values, codes="abcdef"):
    return pd.Series(values, index=list(codes[: len(values)]))


def test_same_partition_under_other_numbers_has_rand_index_one():
    assert adjusted_rand_index(labels([1, 1, 2, 2, 3]), labels([3, 3, 1, 1, 2])) == 1.0


def test_rand_index_is_hubert_and_arabie_s():
    # Counts (1,1)=2, (2,2)=2, (3,2)=1, (3,3)=1: index 2; margins give Σ 3 and Σ 4 pairs
    # of 15: expected 3·4/15 = 0.8, maximum 3.5.
    value = adjusted_rand_index(labels([1, 1, 2, 2, 3, 3]), labels([1, 1, 2, 2, 2, 3]))
    assert value == pytest.approx((2 - 0.8) / (3.5 - 0.8))


def test_rand_index_of_a_chance_agreement_is_zero():
    # Counts [[2, 0], [1, 1]]: index 1 equals its expectation 2·3/6.
    assert adjusted_rand_index(labels([1, 1, 2, 2]), labels([1, 1, 1, 2])) == 0.0


def test_rand_index_uses_only_rows_classified_both_years():
    previous = labels([1, 1, 2, 2])
    current = pd.Series([5, 5, 6], index=["a", "b", "c"])
    # On a, b, c: {a, b}, {c} both years.
    assert adjusted_rand_index(previous, current) == 1.0


def test_groups_are_matched_by_largest_overlap():
    previous = labels([1, 1, 1, 2, 2, 3])
    current = labels([2, 2, 1, 1, 1, 1])
    # 1 → 2 (2 shared), 2 → 1 (2 shared); 3 has no group left.
    assert match_groups(previous, current) == {1: 2, 2: 1}


def test_a_row_changed_when_it_left_the_match_of_its_group():
    previous = labels([1, 1, 1, 2, 2, 3])
    current = labels([2, 2, 1, 1, 1, 1])
    changed = changed_group(previous, current, {1: 2, 2: 1})
    assert changed[changed].index.tolist() == ["c", "f"]


def test_contribution_is_own_change_towards_the_new_group():
    # Standardised profiles. Its former mates (b) sit at (0, 0) this year, its new group
    # (c) at (2, 0). It moved from (0, 0) to (1, 1): variable u contributes
    # 2·(1 − 0)·(2 − 0) = 4, variable w 2·(1 − 0)·(0 − 0) = 0.
    previous = pd.Series({"a": 1, "b": 1, "c": 2})
    current = pd.Series({"a": 2, "b": 1, "c": 2})
    previous_z = pd.DataFrame({"u": [0.0, 0.0, 2.0], "w": [0.0, 0.0, 0.0]}, index=list("abc"))
    current_z = pd.DataFrame({"u": [1.0, 0.0, 2.0], "w": [1.0, 0.0, 0.0]}, index=list("abc"))
    parts = move_contributions(["a"], previous, current, previous_z, current_z)
    assert parts.loc["a"].to_dict() == {"u": 4.0, "w": 0.0}


def test_main_drivers_are_the_largest_positive_parts_above_a_tenth():
    # Positive total 10: 0.5 is below a tenth; at most three variables.
    assert main_drivers(np.array([4.0, -1.0, 0.5, 3.0, 2.0, 1.5])) == [0, 3, 4]


def test_no_driver_when_the_parts_sum_to_zero_or_less():
    assert main_drivers(np.array([1.0, -2.0])) == []


def test_explanation_names_the_variables_and_their_change():
    text = explain_move({"u": 1.25, "w": -2.5}, known=True, catalogue={})
    assert text == "u en hausse (+1,25 écart-type), w en baisse (−2,50 écarts-types)"


def test_explanation_when_the_mission_locale_did_not_move_itself():
    assert "recomposition des groupes" in explain_move({}, known=True, catalogue={})


def test_compare_years_lists_the_moves_with_their_matched_group():
    codes = list("abcdef")
    previous = pd.Series([1, 1, 1, 2, 2, 2], index=codes)
    current = pd.Series([1, 1, 2, 2, 2, 2], index=codes)
    data = pd.DataFrame({"u": [0.0, 0.1, 5.0, 5.0, 5.1, 4.9]}, index=codes)
    before = pd.DataFrame({"u": [0.0, 0.1, 0.2, 5.0, 5.1, 4.9]}, index=codes)
    stability = compare_years(previous, current, before, data, 2023, 2024, catalogue={})
    assert stability.n_changed == 1
    move = stability.moves.iloc[0]
    assert (move["code_ml"], move["groupe_precedent"], move["groupe_apparie"], move["groupe"]) == (
        "c", 1, 1, 2,
    )  # fmt: skip
    assert stability.drivers["variable"].tolist() == ["u"]
    assert stability.drivers["evolution"].iloc[0] > 0
    assert stability.adjusted_rand == pytest.approx(adjusted_rand_index(previous, current))
