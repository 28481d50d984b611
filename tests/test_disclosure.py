"""Small-count masking of one frame: hand-computed cases of primary and secondary masking.

A reader knows that a "< 5" cell holds 1 to 4 and that an "s" cell holds at least 5 (zeros
and small counts are never secondary); the masks must leave every "< 5" cell free to be
anything from 1 to 4.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfml.disclosure import is_masked, mask_small_counts, small_count_mask


def test_count_below_five_shows_less_than_five():
    frame = pd.DataFrame({"x": [3, 9, 7]}, index=["a", "b", "c"])
    masked = mask_small_counts(frame, ["x"])
    assert masked.loc["a", "x"] == "< 5"


def test_count_of_five_is_shown():
    frame = pd.DataFrame({"x": [5, 9]}, index=["a", "b"])
    masked = mask_small_counts(frame, ["x"])
    assert masked["x"].tolist() == [5, 9]


def test_zero_is_shown_by_default():
    frame = pd.DataFrame({"x": [0, 9]}, index=["a", "b"])
    assert mask_small_counts(frame, ["x"])["x"].tolist() == [0, 9]


def test_zero_is_masked_when_asked():
    # Total 17. Masking a and c only: a + c = 8 with c ≥ 5 gives a ≤ 3, never 4. b goes too:
    # a + b + c = 17 lets a = 4 (b = 8, c = 5) and a = 0 (b = 9, c = 8).
    frame = pd.DataFrame({"x": [0, 9, 8]}, index=["a", "b", "c"])
    masked = mask_small_counts(frame, ["x"], mask_zeros=True)
    assert masked["x"].tolist() == ["< 5", "s", "s"]


def test_single_masked_cell_of_a_column_masks_the_next_smallest_cell():
    # a=2 is masked; the column total (published) would give it back: c=7 < b=9 goes too.
    frame = pd.DataFrame({"x": [2, 9, 7]}, index=["a", "b", "c"])
    assert mask_small_counts(frame, ["x"])["x"].tolist() == ["< 5", 9, "s"]


def test_two_masked_cells_in_a_column_need_no_secondary_masking():
    frame = pd.DataFrame({"x": [2, 3, 7]}, index=["a", "b", "c"])
    assert mask_small_counts(frame, ["x"])["x"].tolist() == ["< 5", "< 5", 7]


def test_secondary_cell_is_never_a_zero():
    frame = pd.DataFrame({"x": [2, 0, 7]}, index=["a", "b", "c"])
    assert mask_small_counts(frame, ["x"])["x"].tolist() == ["< 5", 0, "s"]


def test_one_primary_in_a_row_and_column_table_takes_the_cheapest_cycle():
    # a.x = 3 is masked; the row and column totals are shown. The cheapest cycle is a.x,
    # a.y, b.x, b.y (10 + 6 + 7 = 23 against 10 + 8 + 20 through row c). It lets a.x be 4
    # (a.y = 9, b.x = 5, b.y = 8) and 1 (a.y = 12, b.x = 8, b.y = 5): every "s" stays ≥ 5.
    frame = pd.DataFrame(
        {"x": [3, 6, 8], "y": [10, 7, 20], "t": [13, 13, 28]}, index=["a", "b", "c"]
    )
    masked = mask_small_counts(frame, ["x", "y"], total_column="t")
    assert masked.to_dict("list") == {
        "x": ["< 5", "s", 8],
        "y": ["s", "s", 20],
        "t": [13, 13, 28],
    }


def test_small_total_is_masked_and_its_row_moves_with_another_row():
    frame = pd.DataFrame({"x": [3, 6, 5], "y": [0, 7, 9], "t": [3, 13, 14]}, index=["a", "b", "c"])
    marks = small_count_mask(frame, ["x", "y"], total_column="t")
    # Row a: a.x = a.t (a.y = 0 is shown), both primary. Raising them to 4 lowers another
    # row's x and t by 1: c.x = 5 cannot go below 5, so row b (b.x, b.t) is masked.
    assert marks.loc["a"].tolist() == ["primaire", "", "primaire"]
    assert marks.loc["b"].tolist() == ["secondaire", "", "secondaire"]
    assert marks.loc["c"].tolist() == ["", "", ""]


def test_total_row_is_left_out_of_the_column_it_totals():
    # The region row (12) is the column's total: ML2 is masked, not the region.
    frame = pd.DataFrame({"x": [2, 10, 12]}, index=["ML1", "ML2", "REG"])
    masked = mask_small_counts(frame, ["x"], total_row="REG")
    assert masked["x"].tolist() == ["< 5", "s", 12]


def test_threshold_is_configurable():
    # Total 26: with c = 12 shown, a + b = 14 and each "< 10" cell would be at least 5.
    frame = pd.DataFrame({"x": [7, 7, 12]}, index=["a", "b", "c"])
    assert mask_small_counts(frame, ["x"], threshold=10)["x"].tolist() == ["< 10", "< 10", "s"]


def test_missing_values_are_neither_masked_nor_chosen():
    frame = pd.DataFrame({"x": [2.0, np.nan, 8.0]}, index=["a", "b", "c"])
    masked = mask_small_counts(frame, ["x"])
    assert masked.loc["a", "x"] == "< 5"
    assert pd.isna(masked.loc["b", "x"])
    assert masked.loc["c", "x"] == "s"


def test_columns_not_named_are_left_untouched():
    frame = pd.DataFrame({"x": [2, 8], "nom": ["ML Un", "ML Deux"]}, index=["a", "b"])
    assert mask_small_counts(frame, ["x"])["nom"].tolist() == ["ML Un", "ML Deux"]


def test_is_masked_recognises_both_marks():
    assert [is_masked(v) for v in ["< 5", "s", 3, "ML"]] == [True, True, False, False]
