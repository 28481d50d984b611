"""What-if: two configurations on the same inputs, who gains and who loses."""

from funding.hand_inputs import config, hand_inputs
from perfml.funding.campaign import allocate
from perfml.funding.whatif import compare_ml, compare_regions, count_directions

FIXED = """
[criteres]
part_fixe = 1
[indicateurs]
1 = 1
[regions.84]
enveloppe_eur = 1000
"""
BY_YOUTHS = FIXED.replace("part_fixe = 1", "jeunes_accompagnes = 1")


def _comparison():
    inputs = hand_inputs()
    return compare_ml(allocate(config(FIXED), inputs), allocate(config(BY_YOUTHS), inputs))


def test_gaps_are_b_minus_a_per_ml():
    # Base 900: A splits it 450 / 450; B by youths 10:30 → 225 / 675. Bonuses: both
    # reach indicator 1 (10 % of the base): A 45 / 45, B 22 / 67.
    rows = _comparison().set_index("code_ml")
    assert rows.loc["01001", "total_a_eur"] == 495
    assert rows.loc["01001", "total_b_eur"] == 247
    assert rows.loc["01001", "ecart_eur"] == -248
    assert rows.loc["01002", "ecart_eur"] == 742 - 495


def test_direction_says_who_gains_and_who_loses():
    rows = _comparison().set_index("code_ml")
    assert rows["sens"].to_dict() == {"01001": "perd", "01002": "gagne"}


def test_gap_in_percent_of_a():
    rows = _comparison().set_index("code_ml")
    assert round(rows.loc["01001", "ecart_pct"], 4) == round(-248 / 495 * 100, 4)


def test_largest_loss_comes_first():
    assert _comparison()["code_ml"].tolist() == ["01001", "01002"]


def test_counts_of_directions():
    counts = count_directions(_comparison())
    assert (counts["gagne"], counts["perd"], counts["inchangé"]) == (1, 1, 0)


def test_an_ml_outside_one_configuration_is_marked_absent():
    inputs = hand_inputs()
    wider = FIXED + "[regions.93]\nenveloppe_eur = 100\n"
    rows = compare_ml(allocate(config(FIXED), inputs), allocate(config(wider), inputs))
    assert rows.set_index("code_ml").loc["13001", "sens"] == "absente de A"


def test_regions_compare_paid_amounts_and_pools():
    inputs = hand_inputs()
    regions = compare_regions(allocate(config(FIXED), inputs), allocate(config(BY_YOUTHS), inputs))
    # Paid: A 990; B 989, as its exact bonuses 22.5 + 67.5 = 90 are capped at 22 and 67:
    # the euro that no ML may take stays in the pool.
    assert (regions.loc[0, "verse_eur_a"], regions.loc[0, "verse_eur_b"]) == (990, 989)
    assert regions.loc[0, "ecart_verse_eur"] == -1
    assert regions.loc[0, "reserve_eur_b"] == 11
