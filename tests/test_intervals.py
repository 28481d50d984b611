"""95 % intervals: Wilson, Garwood, the value intervals of the indicators, "within noise"."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import beta, binomtest, chi2

from perfml.intervals import garwood, is_within_noise, value_interval, wilson


def test_wilson_of_8_out_of_10_matches_the_hand_computed_bounds():
    # z = 1.959964: centre (0.8 + z²/20) / (1 + z²/10) = 0.71646…, half 0.22370…
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4901625, abs=1e-6)
    assert high == pytest.approx(0.9433178, abs=1e-6)


def test_wilson_of_0_successes_starts_at_0_and_ends_at_z2_over_n_plus_z2():
    low, high = wilson(0, 20)
    z2 = 1.959963984540054**2
    assert (low, high) == (0.0, pytest.approx(z2 / (20 + z2)))


def test_wilson_of_all_successes_ends_at_1():
    assert wilson(20, 20)[1] == 1.0


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_scipy_binomtest_wilson(case):
    k, n = case
    expected = binomtest(k, n).proportion_ci(0.95, method="wilson")
    low, high = wilson(k, n)
    assert low == pytest.approx(expected.low, abs=1e-12)
    assert high == pytest.approx(expected.high, abs=1e-12)


def test_wilson_refuses_more_successes_than_trials():
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_garwood_of_0_is_0_to_3_689():
    low, high = garwood(0)
    assert (low, high) == (0.0, pytest.approx(3.688879, abs=1e-6))


def test_garwood_of_10_matches_the_published_table():
    # Garwood (1936), as tabulated by Ulm (1990): 4.795 – 18.390 for 10 events.
    low, high = garwood(10)
    assert low == pytest.approx(4.795389, abs=1e-6)
    assert high == pytest.approx(18.390356, abs=1e-6)


@given(st.integers(1, 100_000))
def test_garwood_is_the_gamma_quantile_form_of_the_exact_interval(k):
    # Same interval written with beta/gamma quantiles: χ²(p; 2k)/2 = Γ(k)'s p-quantile.
    low, high = garwood(k)
    assert low == pytest.approx(chi2(2 * k).ppf(0.025) / 2, rel=1e-12)
    assert high == pytest.approx(chi2(2 * k + 2).ppf(0.975) / 2, rel=1e-12)


def test_exact_poisson_and_binomial_intervals_agree_for_a_rare_event():
    # A sanity oracle from a different family: Clopper–Pearson of 10 in 1e7 trials × 1e7.
    low, _ = garwood(10)
    assert low == pytest.approx(beta(10, 1e7 - 10 + 1).ppf(0.025) * 1e7, rel=1e-5)


def test_rate_interval_is_the_wilson_interval_in_percent():
    low, high = value_interval(5, 8, 10)
    assert (low, high) == (pytest.approx(49.01625, abs=1e-4), pytest.approx(94.33178, abs=1e-4))


def test_exits_per_etp_interval_is_garwood_of_the_exits_divided_by_the_etp():
    low, high = value_interval(9, 10, 2.5)
    assert (low, high) == (pytest.approx(4.795389 / 2.5), pytest.approx(18.390356 / 2.5))


def test_cost_per_exit_interval_divides_the_resources_by_the_swapped_garwood_bounds():
    low, high = value_interval(10, 100_000, 10)
    assert low == pytest.approx(100_000 / 18.390356, rel=1e-6)
    assert high == pytest.approx(100_000 / 4.795389, rel=1e-6)


def test_cost_per_exit_with_no_exit_has_no_value_interval():
    assert value_interval(10, 100_000, 0) == (None, None)


def test_rate_without_denominator_has_no_interval():
    assert value_interval(1, 0, 0) == (None, None)
    assert value_interval(1, None, 10) == (None, None)


def test_rate_numerator_above_denominator_has_no_interval():
    assert value_interval(1, 12, 10) == (None, None)


def test_value_lies_inside_its_own_interval():
    for number, num, den in ((1, 3, 7), (9, 40, 12.5), (10, 250_000.0, 37)):
        low, high = value_interval(number, num, den)
        assert low <= num / den <= high if number != 1 else low <= 100 * num / den <= high


def test_a_proposal_inside_the_interval_is_within_noise():
    assert is_within_noise(30.0, 25.0, 35.0)
    assert is_within_noise(35.0, 25.0, 35.0)


def test_a_proposal_outside_the_interval_is_not_within_noise():
    assert not is_within_noise(36.0, 25.0, 35.0)
    assert not is_within_noise(24.9, 25.0, 35.0)


def test_an_open_upper_bound_keeps_every_proposal_above_the_lower_bound_within_noise():
    assert is_within_noise(1e9, 10.0, None)


def test_no_proposal_or_no_interval_is_not_within_noise():
    assert not is_within_noise(None, 1.0, 2.0)
    assert not is_within_noise(1.5, None, None)
    assert not is_within_noise(math.nan, 1.0, 2.0)
