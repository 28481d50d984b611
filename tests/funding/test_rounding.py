"""Whole euros by largest remainder (hand-computed cases)."""

from fractions import Fraction

import pytest

from perfml.funding.rounding import apportion, round_capped, round_half_up, to_fraction


def test_to_fraction_reads_a_float_as_the_decimal_it_prints():
    assert to_fraction(0.1) == Fraction(1, 10)


def test_round_half_up_sends_halves_up():
    assert [round_half_up(x) for x in (2.5, 3.5, 2.4999, -2.5)] == [3, 4, 2, -2]


def test_apportion_gives_leftover_units_to_largest_remainders():
    # Quotas of 10 by 1:2:3 are 1.667, 3.333, 5: floors 1, 3, 5 and one unit left,
    # which goes to the largest remainder (0.667, the first item).
    assert apportion(10, [1, 2, 3]) == [2, 3, 5]


def test_apportion_breaks_exact_ties_by_order():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]


def test_apportion_of_zero_gives_zeros():
    assert apportion(0, [1, 2]) == [0, 0]


def test_apportion_refuses_all_zero_weights():
    with pytest.raises(ValueError):
        apportion(5, [0, 0])


def test_round_capped_rounds_the_total_and_gives_units_to_largest_remainders():
    # Exact 1.4 + 2.3 + 0.6 = 4.3 → total 4; floors 1 + 2 + 0 = 3, one unit to 0.6.
    assert round_capped([1.4, 2.3, 0.6], [10, 10, 10]) == [1, 2, 1]


def test_round_capped_never_exceeds_a_cap_and_leaves_unplaceable_units():
    # Exact 2.9 + 0.1 = 3 → total 3; floors 2 + 0; the first is capped at 2 and the
    # second may take one unit only: one unit stays unplaced.
    assert round_capped([2.9, 0.1], [2, 5]) == [2, 1]
    assert round_capped([2.9, 0.0], [2, 5]) == [2, 0]


def test_round_capped_gives_nothing_to_an_item_with_no_fraction():
    # Exact 0.5 + 0.5 + 0 = 1: the unit goes to the first half, never to the zero.
    assert round_capped([0.5, 0.5, 0], [1, 1, 1]) == [1, 0, 0]
