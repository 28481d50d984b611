"""Late entries: recorded more than two months after the event."""

from __future__ import annotations

import pytest

from perfml.quality.late import late_entries
from perfml.warehouse import connect


@pytest.fixture(scope="module")
def late(quality_warehouse):
    return late_entries(connect(quality_warehouse), 2024)


def test_entry_exactly_two_months_after_is_on_time_and_one_day_more_is_late(late):
    # J1 (15 Jan → 15 Mar) on time, J2 (31 Jan → 1 Apr, after 31 Mar) late, J3 no date.
    assert (late.loc["01001", "lignes_jeunes"], late.loc["01001", "tardives_jeunes"]) == (3, 1)


def test_exit_entered_late_is_counted_apart_from_the_entry(late):
    assert (late.loc["01001", "lignes_sorties"], late.loc["01001", "tardives_sorties"]) == (2, 2)
    assert late.loc["01001", "tardives_entrees"] == 0


def test_late_situation_counts_for_the_youth_ml(late):
    assert late.loc["01001", "tardives_situations"] == 1


def test_only_events_of_the_year_are_looked_at(late):
    # D1 entered in 2023: not an entry of 2024 at 01002 (PK3, PK4 and four GJ are).
    assert late.loc["01002", "lignes_entrees"] == 6


def test_late_share_by_ml_counts_every_kind_of_event_together(quality_warehouse):
    # 01001 in 2024: 3 first receptions (J2 late), 2 entries, 2 exits (both late),
    # 1 situation (late): 4 late rows of 8.
    from perfml.quality.late import late_share_by_ml

    assert late_share_by_ml(connect(quality_warehouse), 2024)["01001"] == 50.0
