"""A configuration applied to hand-made inputs: envelopes, scope, explanation."""

import pytest

from funding.hand_inputs import BASE_TOML, config, hand_inputs
from perfml.errors import UserError
from perfml.funding.campaign import allocate, needed_targets

LISTED = (
    BASE_TOML
    + """
[regions.84]
enveloppe_eur = 10_000
[regions.93]
enveloppe_eur = 1_000
"""
)


def test_listed_envelopes_are_allocated_region_by_region():
    result = allocate(config(LISTED), hand_inputs())
    summary = result.summary().set_index("code_region")
    assert summary.loc["84", "enveloppe_eur"] == 10_000
    assert summary.loc["84", "base_eur"] == 9_000
    assert summary.loc["93", "nb_ml"] == 1


def test_bonus_follows_targets_reached():
    # 84: bases 4 500 each. 01001 reaches both targets (bonus 450); 01002 reaches
    # indicator 1 only (score 1/2, bonus 225). 93: 13001 has no value on indicator 1,
    # whose weight passes to indicator 3, missed (15 above 14 where lower is better).
    ml = allocate(config(LISTED), hand_inputs()).ml_table().set_index("code_ml")
    assert ml["bonus_eur"].to_dict() == {"01001": 450, "01002": 225, "13001": 0}


def test_an_indicator_without_value_passes_its_weight_in_the_explanation():
    explanation = allocate(config(LISTED), hand_inputs()).achievements
    row = explanation[(explanation["code_ml"] == "13001")].set_index("indicateur")
    assert row["poids_effectif"].to_dict() == {1: 0.0, 3: 1.0}


def test_explanation_says_where_each_target_comes_from():
    explanation = allocate(config(LISTED), hand_inputs()).achievements.set_index(
        ["code_ml", "indicateur"]
    )
    assert explanation.loc[("01002", 3), "origine_cible"] == (
        "proposition raisonnable (aucune cible fixée)"
    )
    assert explanation.loc[("01002", 1), "origine_cible"] == "fixée"


def test_envelopes_split_by_a_criterion_with_largest_remainder():
    # Youths accompanied: 40 in 84, 10 in 93 → 1 001 € split 800.8 / 200.2 → 801 / 200.
    text = BASE_TOML + '[enveloppes]\ntotal_eur = 1001\nrepartition = "jeunes_accompagnes"\n'
    summary = allocate(config(text), hand_inputs()).summary()
    assert summary["enveloppe_eur"].tolist() == [801, 200]


def test_envelopes_from_the_national_split():
    # Activity 2:1 by number of MLs → 900 € split 600 / 300; 84 progressed on
    # indicator 1 only (score 1/2), 93 on indicator 3 only (1/2): weights 1/3 and 1/6,
    # so the 100 € of performance split 67 / 33 (largest remainder).
    text = (
        BASE_TOML
        + """
[enveloppes]
repartition = "nationale"
[nationale]
credit_eur = 1000
part_performance = 0.1
[nationale.activite]
part_fixe = 1
[nationale.indicateurs]
1 = 0.5
3 = 0.5
"""
    )
    result = allocate(config(text), hand_inputs())
    assert result.summary()["enveloppe_eur"].tolist() == [667, 333]
    assert result.national is not None


def test_listed_regions_limit_the_scope():
    text = (
        BASE_TOML + '[enveloppes]\nregions = ["93"]\ntotal_eur = 500\nrepartition = "part_fixe"\n'
    )
    summary = allocate(config(text), hand_inputs()).summary()
    assert summary["code_region"].tolist() == ["93"]
    assert summary["enveloppe_eur"].tolist() == [500]


def test_a_region_absent_from_the_warehouse_is_a_french_error():
    text = BASE_TOML + "[regions.84]\nenveloppe_eur = 10\n[regions.11]\nenveloppe_eur = 10\n"
    with pytest.raises(UserError, match="nomme la région 11, sans mission locale"):
        allocate(config(text), hand_inputs())


def test_a_region_rule_overrides_the_default():
    text = LISTED.replace("[regions.93]\n", '[regions.93]\nmode_atteinte = "progressif"\n')
    explanation = allocate(config(text), hand_inputs()).achievements
    row = explanation[(explanation["code_ml"] == "13001") & (explanation["indicateur"] == 3)]
    # From 16 to a target of 14, the value 15 covers half the way.
    assert row["atteinte"].tolist() == [0.5]


def test_needed_targets_are_the_mls_in_scope_times_weighted_indicators():
    text = BASE_TOML.replace("3 = 0.5", "3 = 0.5\n5 = 0") + (
        '[enveloppes]\nregions = ["93"]\ntotal_eur = 500\nrepartition = "part_fixe"\n'
    )
    assert needed_targets(config(text), hand_inputs()) == {("13001", 1), ("13001", 3)}
