"""The quality criteria of Fiche 2 on the hand-made extract."""

from __future__ import annotations

import pytest

from gj.extract import row


def test_share_of_minors_counts_youths_under_18_on_entry_day(follow):
    ml = row(follow.criteria, "ML", "01002")
    assert (ml["mineurs_num"], ml["mineurs_den"]) == (1, 4)


def test_share_of_rqth_takes_null_as_false(follow):
    assert row(follow.criteria, "ML", "01002")["rqth_val"] == pytest.approx(50.0)


def test_share_of_women(follow):
    assert row(follow.criteria, "ML", "01002")["femmes_val"] == pytest.approx(50.0)


def test_region_share_is_the_ratio_of_summed_counts(follow):
    # 1 minor among 7 + 4 entries.
    assert row(follow.criteria, "REGION", "84")["mineurs_val"] == pytest.approx(100 / 11)


def test_youths_per_counsellor_uses_the_year_row_and_running_phases(follow):
    # Y2 and Y4 run on 15 July (Y3 left that day, Y1 before); 0.5 ETP in 2024.
    assert row(follow.criteria, "ML", "01002")["jeunes_par_conseiller_val"] == pytest.approx(4.0)


def test_ml_without_counsellor_figure_is_left_out_of_the_region(follow):
    # 01001 has no etp_conseillers_gj: region 84 is 01002 alone.
    assert row(follow.criteria, "REGION", "84")["jeunes_par_conseiller_val"] == pytest.approx(4.0)


def test_collective_phase_of_four_weeks_counts_days_up_to_the_observation_day(follow):
    ml = row(follow.criteria, "ML", "01002")
    assert (ml["phase_collective_num"], ml["phase_collective_den"]) == (1, 4)


def test_mean_collective_weeks(follow):
    # (28 + 27 + 0 + 15) days / 4 GJ / 7.
    assert row(follow.criteria, "ML", "01002")["duree_collective_val"] == pytest.approx(2.5)


def test_early_work_situation_within_three_months_of_entry(follow):
    ml = row(follow.criteria, "ML", "01002")
    assert (ml["situation_precoce_num"], ml["situation_precoce_den"]) == (1, 4)


def test_exits_at_12_or_18_months_follow_indicator_6(follow):
    ml = row(follow.criteria, "ML", "13001")
    assert (ml["sorties_positives_num"], ml["sorties_positives_den"]) == (1, 2)
