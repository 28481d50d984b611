"""Small-count masking: hand-computed cases of primary and secondary masking."""

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
    frame = pd.DataFrame({"x": [0, 9, 8]}, index=["a", "b", "c"])
    masked = mask_small_counts(frame, ["x"], mask_zeros=True)
    assert masked["x"].tolist() == ["< 5", 9, "s"]


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


def test_row_and_column_secondary_masking_spreads_until_no_line_has_one_masked_cell():
    # a.x = 3 is masked. Row a (total 13): the smallest other cell, a.y = 10, goes.
    # Column x: b.x = 6 < c.x = 8 goes. Column y: a.y is alone, b.y = 7 < c.y = 20 goes.
    # Row b then has two masked cells, so does every column: done. Totals stay shown.
    frame = pd.DataFrame(
        {"x": [3, 6, 8], "y": [10, 7, 20], "t": [13, 13, 28]}, index=["a", "b", "c"]
    )
    masked = mask_small_counts(frame, ["x", "y"], total_column="t")
    assert masked.to_dict("list") == {
        "x": ["< 5", "s", 8],
        "y": ["s", "s", 20],
        "t": [13, 13, 28],
    }


def test_small_total_is_masked_and_its_row_needs_no_secondary_masking():
    frame = pd.DataFrame({"x": [3, 6, 5], "y": [0, 7, 9], "t": [3, 13, 14]}, index=["a", "b", "c"])
    marks = small_count_mask(frame, ["x", "y"], total_column="t")
    # Row a: its total is masked too, so the row needs nothing more; in column x the next
    # smallest cell is c.x = 5.
    assert marks.loc["a"].tolist() == ["primaire", "", "primaire"]
    assert marks.loc["c", "x"] == "secondaire"


def test_total_row_is_left_out_of_the_column_it_totals():
    # The region row (12) is the column's total: ML2 is masked, not the region.
    frame = pd.DataFrame({"x": [2, 10, 12]}, index=["ML1", "ML2", "REG"])
    masked = mask_small_counts(frame, ["x"], total_row="REG")
    assert masked["x"].tolist() == ["< 5", "s", 12]


def test_threshold_is_configurable():
    frame = pd.DataFrame({"x": [7, 7, 12]}, index=["a", "b", "c"])
    assert mask_small_counts(frame, ["x"], threshold=10)["x"].tolist() == ["< 10", "< 10", 12]


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
