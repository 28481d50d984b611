"""National funnel plots of the rates: pooled rate, overdispersion, limits, positions."""

import math

import numpy as np
import pandas as pd
import pytest

from perfml.funnel import (
    ABOVE,
    BELOW,
    INSIDE,
    Z95,
    Z998,
    build_funnel,
    compute_funnels,
    overdispersion,
)


def _units(numerators, denominators):
    return pd.DataFrame(
        {
            "code_ml": [f"{i:05d}" for i in range(len(numerators))],
            "numerateur": numerators,
            "denominateur": denominators,
        }
    )


def test_target_is_the_pooled_rate_not_the_mean_of_rates():
    funnel = build_funnel(1, _units([1, 30], [10, 100]))
    assert funnel.target == pytest.approx(31 / 110)


def test_without_overdispersion_the_limits_are_the_arcsine_binomial_limits():
    # Identical rates: every z-score is 0, φ = 0, τ² = 0.
    funnel = build_funnel(1, _units([20, 40, 60], [100, 200, 300]))
    assert (funnel.phi, funnel.tau2) == (0.0, 0.0)
    low, high = funnel.limits([100])
    centre = math.asin(math.sqrt(0.2))
    assert low[0] == pytest.approx(100 * math.sin(centre - Z95 / 20) ** 2)
    assert high[0] == pytest.approx(100 * math.sin(centre + Z95 / 20) ** 2)


def test_z_quantiles_are_95_and_99_8_percent_two_sided():
    assert abs(Z95 - 1.959964) < 1e-6
    assert abs(Z998 - 3.090232) < 1e-6


def test_overdispersion_by_hand_on_ten_units():
    # z = -4 … 5 (ten units, all n = 25 so s = 0.1): Winsorised at the 10th (−3.1) and
    # 90th (4.1) percentiles; φ = mean of squares; τ² = (10 φ − 9) / (Σw − Σw²/Σw).
    z = np.arange(-4.0, 6.0)
    s = np.full(10, 0.1)
    phi, tau2 = overdispersion(z, s)
    winsorised = np.array([-3.1, -3, -2, -1, 0, 1, 2, 3, 4, 4.1])
    expected_phi = float(np.mean(winsorised**2))
    assert phi == pytest.approx(expected_phi)
    w = 100.0
    assert tau2 == pytest.approx((10 * expected_phi - 9) / (10 * w - 10 * w**2 / (10 * w)))


def test_no_tau2_when_the_dispersion_is_within_chance():
    phi, tau2 = overdispersion(np.array([-0.5, 0.0, 0.5]), np.full(3, 0.1))
    assert tau2 == 0.0 and phi < 1


def test_overdispersion_widens_the_limits():
    plain = build_funnel(1, _units([20, 40, 60], [100, 200, 300]))
    spread = build_funnel(1, _units([5, 80, 20, 150, 60], [100, 200, 100, 300, 300]))
    assert spread.tau2 > 0
    width_plain = np.subtract(*plain.limits([100])[::-1])[0]
    width_spread = np.subtract(*spread.limits([100])[::-1])[0]
    assert width_spread > width_plain


def test_limits_narrow_as_the_denominator_grows():
    funnel = build_funnel(1, _units([5, 80, 20, 150, 60], [100, 200, 100, 300, 300]))
    low, high = funnel.limits([10, 100, 1000])
    assert list(np.diff(high)) == sorted(np.diff(high)) and (np.diff(high) < 0).all()
    assert (np.diff(low) > 0).all()


def test_limits_never_leave_0_to_100():
    funnel = build_funnel(1, _units([1, 2, 0], [100, 100, 100]))
    low, high = funnel.limits([1, 2, 5], z=Z998)
    assert (low >= 0).all() and (high <= 100).all()
    assert low[0] == 0.0  # clipped, not folded back


def test_positions_against_the_95_limits():
    funnel = build_funnel(1, _units([20, 40, 60], [100, 200, 300]))
    low, high = funnel.limits([100])
    assert funnel.position(high[0] + 0.01, 100) == ABOVE
    assert funnel.position(low[0] - 0.01, 100) == BELOW
    assert funnel.position(20.0, 100) == INSIDE
    assert funnel.position(high[0], 100) == INSIDE


def test_no_position_without_value_or_denominator():
    funnel = build_funnel(1, _units([20, 40], [100, 200]))
    assert funnel.position(None, 100) is None
    assert funnel.position(20.0, 0) is None


def test_units_without_a_positive_denominator_are_left_out():
    funnel = build_funnel(1, _units([0, 20, 5], [0, 100, 4]))
    assert list(funnel.units["code_ml"]) == ["00001"]


def test_compute_funnels_covers_the_rates_only():
    values = pd.concat([_units([20, 40], [100, 200]).assign(indicateur=n) for n in (1, 5, 9, 10)])
    assert sorted(compute_funnels(values)) == [1, 5]
