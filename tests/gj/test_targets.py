"""Yearly GJ targets: the national target split by region, then by ML."""

from __future__ import annotations

import pandas as pd

from gj.extract import AS_OF, NETWORK, row
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
    config = GJConfig(national_target=1000, region_targets={"93": 700}, network_regions=NETWORK)
    entries = entries_for(config)
    assert row(entries, "REGION", "84")["cible"] == 300
    assert row(entries, "ML", "01001")["cible"] == 225


def test_split_by_last_year_entries_follows_them(entries_for):
    # 2023 entries: 12 at 01001, Z1 and Z2 at 13001; Z3 entered in 2022.
    config = GJConfig(
        national_target=70, split_rule="entrees_annee_precedente", network_regions=NETWORK
    )
    entries = entries_for(config)
    assert row(entries, "REGION", "84")["cible"] == 60
    assert row(entries, "REGION", "93")["cible"] == 10


def test_split_in_whole_entries_gives_the_leftover_to_the_largest_remainder():
    split = split_target(10, pd.Series([1.0, 1.0, 1.0], index=["a", "b", "c"]), {})
    assert split.tolist() == [4, 3, 3]


def test_split_with_only_zero_weights_is_equal():
    split = split_target(4, pd.Series([0.0, 0.0], index=["a", "b"]), {})
    assert split.tolist() == [2, 2]


def test_partial_extract_does_not_spread_the_national_target(entries_for):
    # The network has a third region, absent from the extract.
    config = GJConfig(national_target=1000, network_regions=(*NETWORK, "11"))
    entries = entries_for(config)
    assert pd.isna(row(entries, "REGION", "84")["cible"])
    assert pd.isna(row(entries, "ML", "01001")["cible"])
    assert row(entries, "REGION", "84")["alerte"] in ("sans objectif", "aucun mois complet")


def test_partial_extract_uses_the_configured_regional_targets(entries_for):
    config = GJConfig(
        national_target=100_000, region_targets={"84": 400}, network_regions=(*NETWORK, "11")
    )
    entries = entries_for(config)
    assert row(entries, "REGION", "84")["cible"] == 400
    assert row(entries, "ML", "01001")["cible"] + row(entries, "ML", "01002")["cible"] == 400
    assert pd.isna(row(entries, "REGION", "93")["cible"])


def test_partial_extract_with_every_region_configured_has_their_sum_as_its_target(warehouse):
    from perfml.gj import follow_gj
    from perfml.warehouse import connect

    config = GJConfig(region_targets={"84": 400, "93": 600}, network_regions=(*NETWORK, "11"))
    follow = follow_gj(connect(warehouse), 2024, AS_OF, config)
    assert row(follow.entries, "NATIONAL", "FR")["cible"] == 1000


def test_partial_extract_is_said_in_a_french_note(warehouse):
    from perfml.gj import follow_gj
    from perfml.warehouse import connect

    config = GJConfig(region_targets={"84": 400}, network_regions=(*NETWORK, "11"))
    note = follow_gj(connect(warehouse), 2024, AS_OF, config).coverage_note
    assert "ne couvre pas tout le réseau" in note and "absentes : 11" in note
    assert "Sans objectif : 93" in note


def test_whole_network_has_no_coverage_note(follow):
    assert follow.coverage_note is None
