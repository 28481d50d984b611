"""Secondary suppression: no masked cell recoverable, and no more masks than needed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.tables import frame_cells, shown_frame, table_cells
from perfml.disclosure.audit import PRIMARY_MARK, SECONDARY_MARK, audit
from perfml.disclosure.rules import MaskingRules, default_rules
from perfml.disclosure.suppression import masking, protect
from perfml.errors import UserError

RULES = default_rules()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

counts = st.one_of(st.sampled_from([0, 1, 2, 3, 4]), st.integers(5, 60))


@st.composite
def tables(draw, values=counts):
    n, m = draw(st.integers(2, 5)), draw(st.integers(2, 5))
    return [[draw(values) for _j in range(m)] for _i in range(n)]


@SETTINGS
@given(tables())
def test_no_masked_cell_of_a_random_table_can_be_narrowed(rows):
    cells = table_cells(rows)
    result = masking(cells, RULES)
    failing = [i for i in audit(cells, result.marks, RULES) if not i.is_protected]
    assert {i.key for i in failing} <= result.limited


@SETTINGS
@given(tables())
def test_a_cell_reported_unprotectable_stays_narrow_with_every_cell_masked(rows):
    cells = table_cells(rows)
    result = masking(cells, RULES)
    everything = {
        key: PRIMARY_MARK if 1 <= value < 5 else SECONDARY_MARK
        for key, value in cells.values.items()
        if value != 0
    }
    exact = {i.key: i for i in audit(cells, everything, RULES)}
    for key in result.limited:
        assert not exact[key].is_protected


@SETTINGS
@given(tables(values=st.integers(10, 60)), st.integers(1, 4), st.data())
def test_one_primary_in_a_row_and_column_table_takes_exactly_three_complements(rows, value, data):
    i = data.draw(st.integers(0, len(rows) - 1))
    j = data.draw(st.integers(0, len(rows[0]) - 1))
    rows[i][j] = value
    marks = protect(table_cells(rows), RULES)
    secondary = sorted(k for k, s in marks.items() if s == SECONDARY_MARK)
    assert len(secondary) == 3
    # the four cells are the corners of a rectangle inside the table (no total masked)
    corners = [(i, j), *secondary]
    assert all("T" not in key for key in corners)
    assert len({r for r, _c in corners}) == 2 and len({c for _r, c in corners}) == 2


def test_the_cheapest_rectangle_is_chosen():
    rows = [[2, 30, 40], [50, 12, 60], [70, 80, 11]]
    marks = protect(table_cells(rows), RULES)
    # (0, 0) with (0, 1), (1, 0), (1, 1): 30 + 50 + 12 = 92; through (2, 2): 40 + 70 + 11 = 121
    assert sorted(k for k, s in marks.items() if s == SECONDARY_MARK) == [(0, 1), (1, 0), (1, 1)]


def test_masks_do_not_depend_on_the_run():
    rows = [[2, 30, 40, 3], [50, 12, 60, 7], [70, 1, 11, 9]]
    assert protect(table_cells(rows), RULES) == protect(table_cells(rows), RULES)


def test_a_table_without_small_count_is_published_whole():
    assert protect(table_cells([[5, 6], [7, 0]]), RULES) == {}


def test_zeros_are_never_secondary():
    rows = [[2, 0, 40], [0, 12, 60], [70, 80, 11]]
    marks = protect(table_cells(rows), RULES)
    assert all(table_cells(rows).values[k] != 0 for k in marks)


def test_the_final_audit_repairs_a_primary_left_unprotected(monkeypatch):
    # Make the first change found mask nothing: the audit at the end must catch the
    # unprotected cell and protect it.
    from perfml.disclosure import suppression

    original = suppression._ChangeProgram.cheapest
    calls = []

    def forgetful(self, shift):
        calls.append(shift)
        return [] if len(calls) == 1 else original(self, shift)

    monkeypatch.setattr(suppression._ChangeProgram, "cheapest", forgetful)
    cells = table_cells([[2, 30, 40], [50, 12, 60], [70, 80, 11]])
    result = masking(cells, RULES)
    assert all(i.is_protected for i in audit(cells, result.marks, RULES))
    assert len(calls) > 2


def test_a_repair_round_audits_again_only_the_cells_not_yet_found_protected(monkeypatch):
    # The two sides of (0, 0) are "protected" by masking nothing: the audit finds it alone
    # unprotected. Masking more cells can only widen the intervals already found wide
    # enough, so the audit after the repair skips (3, 3) and its complements.
    from perfml.disclosure import suppression

    cheapest, unprotected = suppression._ChangeProgram.cheapest, suppression.unprotected
    calls, audited = [], []

    def forgetful(self, shift):
        calls.append(shift)
        return [] if len(calls) <= 2 else cheapest(self, shift)

    def spy(cells, marks, rules, skip=()):
        audited.append({k for k in marks if k not in skip})
        return unprotected(cells, marks, rules, skip)

    monkeypatch.setattr(suppression._ChangeProgram, "cheapest", forgetful)
    monkeypatch.setattr(suppression, "unprotected", spy)
    rows = [[2, 30, 40, 900], [50, 12, 60, 70], [70, 80, 11, 60], [900, 60, 50, 3]]
    cells = table_cells(rows)
    result = masking(cells, RULES)
    first, second = audited
    assert {(0, 0), (3, 3)} <= first
    assert second == {(0, 0)} | (set(result.marks) - first)
    assert all(i.is_protected for i in audit(cells, result.marks, RULES))


# One frame whose rows and columns add up: hand-computed cases. A reader knows that a "< 5"
# cell holds 1 to 4 and that an "s" cell holds at least 5 (zeros and small counts are never
# secondary); the masks must leave every "< 5" cell free to be anything from 1 to 4.


def shown(frame, count_columns, total_column=None, total_row=None, rules=RULES):
    """Return `frame` as published with the masks of its cells."""
    cells = frame_cells(frame, count_columns, total_column, total_row)
    return shown_frame(frame, protect(cells, rules), rules)


def test_count_below_five_shows_less_than_five():
    frame = pd.DataFrame({"x": [3, 9, 7]}, index=["a", "b", "c"])
    masked = shown(frame, ["x"])
    assert masked.loc["a", "x"] == "< 5"


def test_count_of_five_is_shown():
    frame = pd.DataFrame({"x": [5, 9]}, index=["a", "b"])
    masked = shown(frame, ["x"])
    assert masked["x"].tolist() == [5, 9]


def test_zero_is_shown_by_default():
    frame = pd.DataFrame({"x": [0, 9]}, index=["a", "b"])
    assert shown(frame, ["x"])["x"].tolist() == [0, 9]


def test_zero_is_masked_when_asked():
    # Total 17. Masking a and c only: a + c = 8 with c ≥ 5 gives a ≤ 3, never 4. b goes too:
    # a + b + c = 17 lets a = 4 (b = 8, c = 5) and a = 0 (b = 9, c = 8).
    frame = pd.DataFrame({"x": [0, 9, 8]}, index=["a", "b", "c"])
    rules = MaskingRules(seuil=5, masquer_zeros=True, protection_haute=4)
    masked = shown(frame, ["x"], rules=rules)
    assert masked["x"].tolist() == ["< 5", "s", "s"]


def test_single_masked_cell_of_a_column_masks_the_next_smallest_cell():
    # a=2 is masked; the column total (published) would give it back: c=7 < b=9 goes too.
    frame = pd.DataFrame({"x": [2, 9, 7]}, index=["a", "b", "c"])
    assert shown(frame, ["x"])["x"].tolist() == ["< 5", 9, "s"]


def test_two_masked_cells_in_a_column_need_no_secondary_masking():
    frame = pd.DataFrame({"x": [2, 3, 7]}, index=["a", "b", "c"])
    assert shown(frame, ["x"])["x"].tolist() == ["< 5", "< 5", 7]


def test_secondary_cell_is_never_a_zero():
    frame = pd.DataFrame({"x": [2, 0, 7]}, index=["a", "b", "c"])
    assert shown(frame, ["x"])["x"].tolist() == ["< 5", 0, "s"]


def test_one_primary_in_a_row_and_column_table_takes_the_cheapest_cycle():
    # a.x = 3 is masked; the row and column totals are shown. The cheapest cycle is a.x,
    # a.y, b.x, b.y (10 + 6 + 7 = 23 against 10 + 8 + 20 through row c). It lets a.x be 4
    # (a.y = 9, b.x = 5, b.y = 8) and 1 (a.y = 12, b.x = 8, b.y = 5): every "s" stays ≥ 5.
    frame = pd.DataFrame(
        {"x": [3, 6, 8], "y": [10, 7, 20], "t": [13, 13, 28]}, index=["a", "b", "c"]
    )
    masked = shown(frame, ["x", "y"], total_column="t")
    assert masked.to_dict("list") == {
        "x": ["< 5", "s", 8],
        "y": ["s", "s", 20],
        "t": [13, 13, 28],
    }


def test_small_total_is_masked_and_its_row_moves_with_another_row():
    frame = pd.DataFrame({"x": [3, 6, 5], "y": [0, 7, 9], "t": [3, 13, 14]}, index=["a", "b", "c"])
    marks = protect(frame_cells(frame, ["x", "y"], total_column="t"), RULES)
    status = {label: [marks.get((label, c), "") for c in ("x", "y", "t")] for label in "abc"}
    # Row a: a.x = a.t (a.y = 0 is shown), both primary. Raising them to 4 lowers another
    # row's x and t by 1: c.x = 5 cannot go below 5, so row b (b.x, b.t) is masked.
    assert status["a"] == ["primaire", "", "primaire"]
    assert status["b"] == ["secondaire", "", "secondaire"]
    assert status["c"] == ["", "", ""]


def test_total_row_is_left_out_of_the_column_it_totals():
    # The region row (12) is the column's total: ML2 is masked, not the region.
    frame = pd.DataFrame({"x": [2, 10, 12]}, index=["ML1", "ML2", "REG"])
    masked = shown(frame, ["x"], total_row="REG")
    assert masked["x"].tolist() == ["< 5", "s", 12]


def test_threshold_is_configurable():
    # Total 26: with c = 12 shown, a + b = 14 and each "< 10" cell would be at least 5.
    frame = pd.DataFrame({"x": [7, 7, 12]}, index=["a", "b", "c"])
    rules = MaskingRules(seuil=10, protection_haute=9)
    assert shown(frame, ["x"], rules=rules)["x"].tolist() == ["< 10", "< 10", "s"]


def test_missing_values_are_neither_masked_nor_chosen():
    frame = pd.DataFrame({"x": [2.0, np.nan, 8.0]}, index=["a", "b", "c"])
    masked = shown(frame, ["x"])
    assert masked.loc["a", "x"] == "< 5"
    assert pd.isna(masked.loc["b", "x"])
    assert masked.loc["c", "x"] == "s"


def test_masks_still_narrowed_after_every_repair_stop_the_publication_in_french(monkeypatch):
    from perfml.disclosure import suppression
    from perfml.disclosure.audit import CellInterval

    def stubborn(cells, marks, rules, skip=()):
        return [CellInterval((0, 0), PRIMARY_MARK, 2.0, 2.0, 2.0, 1.0, 4.0)]

    monkeypatch.setattr(suppression, "unprotected", stubborn)
    with pytest.raises(UserError, match=r"1 cellule\(s\) masquée\(s\) resteraient déductibles"):
        masking(table_cells([[2, 30], [50, 12]]), RULES)
