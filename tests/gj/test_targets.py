"""Yearly GJ targets: the national target split by region, then by ML."""

from __future__ import annotations

import pandas as pd

from gj.extract import row
from perfml.gj import GJConfig
from perfml.gj.targets import split_target


def test_national_target_is_split_between_regions_in_proportion_to_neet(follow):
    # NEET: region 84 = 300 + 100, region 93 = 600 (its 2023 row: latest before 2024).
    assert row(follow.entries, "REGION", "84")["cible"] == 400
    assert row(follow.entries, "REGION", "93")["cible"] == 600


def test_fixed_ml_target_is_kept_and_the_rest_of_the_region_goes_to_the_others(follow):
    assert row(follow.entries, "ML", "01001")["cible"] == 12
    assert row(follow.entries, "ML", "01002")["cible"] == 388


def test_fixed_region_target_leaves_the_rest_to_the_other_regions(entries_for):
    config = GJConfig(national_target=1000, region_targets={"93": 700})
    entries = entries_for(config)
    assert row(entries, "REGION", "84")["cible"] == 300
    assert row(entries, "ML", "01001")["cible"] == 225


def test_split_by_last_year_entries_follows_them(entries_for):
    # 2023 entries: 12 at 01001, Z1 and Z2 at 13001; Z3 entered in 2022.
    config = GJConfig(national_target=70, split_rule="entrees_annee_precedente")
    entries = entries_for(config)
    assert row(entries, "REGION", "84")["cible"] == 60
    assert row(entries, "REGION", "93")["cible"] == 10


def test_split_in_whole_entries_gives_the_leftover_to_the_largest_remainder():
    split = split_target(10, pd.Series([1.0, 1.0, 1.0], index=["a", "b", "c"]), {})
    assert split.tolist() == [4, 3, 3]


def test_split_with_only_zero_weights_is_equal():
    split = split_target(4, pd.Series([0.0, 0.0], index=["a", "b"]), {})
    assert split.tolist() == [2, 2]
