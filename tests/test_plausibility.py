"""Plausible targets: the catalogue's bounds, the national spread of 9 and 10."""

from __future__ import annotations

import math

import pytest

from perfml.distributions import Box
from perfml.indicators.catalogue import indicator
from perfml.plausibility import is_meaningful_target, plausibility_problem, target_range

NATIONAL_9 = Box(n=60, minimum=3.0, q1=8.0, median=10.0, q3=12.0, maximum=18.0)


@pytest.mark.parametrize("number", range(1, 9))
@pytest.mark.parametrize("value", [0.0, 42.5, 100.0])
def test_rates_accept_0_to_100(number, value):
    assert plausibility_problem(number, value) is None


@pytest.mark.parametrize("value", [-0.1, 100.01, math.nan, math.inf, -math.inf])
def test_rates_refuse_outside_0_to_100_in_french(value):
    assert plausibility_problem(1, value) == (
        "la cible de l'indicateur 1 doit être comprise entre 0 % et 100 %"
    )


@pytest.mark.parametrize("number", [9, 10])
def test_zero_is_no_target_for_9_and_10(number):
    assert "strictement supérieure à 0" in plausibility_problem(number, 0.0)


def test_500_exits_per_etp_is_refused_even_without_the_national_distribution():
    assert plausibility_problem(9, 500.0) is not None


def test_the_national_distribution_narrows_the_range_of_9():
    assert target_range(9, NATIONAL_9) == target_range(9, NATIONAL_9).__class__(1.0, 54.0)
    assert plausibility_problem(9, 54.0, NATIONAL_9) is None
    assert "valeurs nationales" in plausibility_problem(9, 55.0, NATIONAL_9)
    assert plausibility_problem(9, 0.99, NATIONAL_9) is not None


def test_the_national_distribution_does_not_narrow_rates():
    assert target_range(1, NATIONAL_9) == target_range(1)


@pytest.mark.parametrize(
    ("number", "target", "meaningful"),
    [(1, 0.0, False), (1, 0.1, True), (3, 100.0, False), (3, 99.9, True), (10, 200_000.0, False)],
)
def test_a_target_the_worst_value_reaches_is_not_meaningful(number, target, meaningful):
    assert is_meaningful_target(indicator(number), target) is meaningful
