"""The snapshot's lookups on the hand-made figures."""

from __future__ import annotations

import pickle


def test_region_value_is_the_pooled_ratio(figures):
    # Region 53, indicator 9: (60 + 50 + 90) exits / (20 + 25 + 30) ETP.
    assert figures.figure("REGION", "53", 9).valeur == 200 / 75


def test_ml_boxes_are_nation_region_and_group(figures):
    boxes = figures.boxes_of("69001", 1)
    assert (boxes["NATIONAL"].n, boxes["REGION"].n, boxes["GROUPE"].n) == (4, 1, 2)


def test_position_of_a_lower_is_better_indicator_is_mirrored(figures):
    # Indicator 3 (lower is better): 35002 has the lowest value, 10, hence quartile 4.
    assert figures.position("35002", 3).quartiles["NATIONAL"] == 4


def test_unknown_ml_is_none(figures):
    assert figures.ml("99999") is None


def test_group_sentences_come_strongest_first(figures):
    assert figures.group_sentences(1)[0].startswith("Revenu médian")


def test_pickle_keeps_the_figures_and_drops_the_memos(figures):
    figures.memo["essai"] = 1
    copy = pickle.loads(pickle.dumps(figures))
    assert copy.figure("ML", "35001", 1) == figures.figure("ML", "35001", 1)
    assert "essai" not in copy.memo
