"""Monthly GJ entries, their projection to the year's end and the alerts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from handmade_warehouse import d

from gj.extract import NETWORK, row
from perfml.gj import GJConfig
from perfml.gj.entries import complete_months, project


def test_entries_per_month_count_only_what_is_known_on_the_as_of_date(follow):
    ml = row(follow.entries, "ML", "01001")
    assert [ml[f"m{m:02d}"] for m in range(1, 8)] == [2, 1, 1, 0, 0, 2, 1]


def test_months_after_the_observation_month_are_empty(follow):
    assert math.isnan(row(follow.entries, "ML", "01001")["m08"])


def test_cumulated_entries_include_the_month_in_progress(follow):
    assert row(follow.entries, "ML", "01001")["cumul"] == 7


def test_six_months_are_complete_on_15_july(follow):
    assert follow.complete_months == 6


def test_a_month_is_complete_on_its_last_day():
    assert complete_months(2024, d("2024-06-30")) == 6


def test_linear_projection_is_complete_months_cumul_times_12_over_months(follow):
    assert row(follow.entries, "ML", "01001")["projection"] == pytest.approx(12.0)


def test_seasonal_projection_uses_last_year_profile(entries_for):
    # 6 entries in January–June 2024; 2023: 3 of 12 in January–June: 6 × 12 / 3 = 24.
    config = GJConfig(national_target=1000, projection="saisonnalite", network_regions=NETWORK)
    entries = entries_for(config)
    assert row(entries, "ML", "01001")["projection"] == pytest.approx(24.0)


def test_seasonal_projection_falls_back_to_linear_without_last_year_entries():
    projection, method = project(np.array([6.0]), 6, "saisonnalite", np.array([0]), np.array([0]))
    assert projection.tolist() == [12.0] and method.tolist() == ["lineaire"]


def test_region_entries_are_the_sum_of_their_mls(follow):
    # 7 at 01001, 4 at 01002.
    assert row(follow.entries, "REGION", "84")["cumul"] == 11


def test_projection_on_target_is_compliant(follow):
    assert row(follow.entries, "ML", "01001")["alerte"] == "conforme"


def test_projection_below_90_percent_of_target_is_behind(follow):
    # 01002: 4 entries in complete months → 8 projected for a target of 388.
    assert row(follow.entries, "ML", "01002")["alerte"] == "en retard"


def test_projection_above_110_percent_of_target_is_ahead(entries_for):
    config = GJConfig(national_target=1000, ml_targets={"01001": 10}, network_regions=NETWORK)
    entries = entries_for(config)
    assert row(entries, "ML", "01001")["alerte"] == "en dépassement"


def test_alert_thresholds_are_configurable(entries_for):
    config = GJConfig(
        national_target=1000, ml_targets={"01001": 10}, ahead=1.25, network_regions=NETWORK
    )
    entries = entries_for(config)
    assert row(entries, "ML", "01001")["alerte"] == "conforme"
