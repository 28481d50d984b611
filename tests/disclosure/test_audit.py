"""The audit: each masked cell's feasible interval, hand-computed on tiny tables."""

from __future__ import annotations

import pytest

from perfml.disclosure.audit import audit, interval_of, marks_of_publication
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import default_rules

RULES = default_rules()


def cells_of(values: dict, sums: list[tuple[str, list[str]]]) -> PublishedCells:
    cells = PublishedCells()
    for key, value in values.items():
        cells.add_cell(key, value)
    for total, parts in sums:
        cells.add_sum(total, parts, f"{total} = somme")
    return cells


def test_a_primary_beside_a_published_complement_is_known_exactly():
    cells = cells_of({"t": 10, "a": 3, "b": 7}, [("t", ["a", "b"])])
    interval = interval_of(cells, {"a": "primaire"}, "a", RULES)
    assert (interval.low, interval.high) == (3, 3)
    assert not interval.is_protected


def test_two_primaries_of_one_total_cover_one_to_four():
    cells = cells_of({"t": 15, "a": 2, "b": 3, "c": 10}, [("t", ["a", "b", "c"])])
    intervals = audit(cells, {"a": "primaire", "b": "primaire"}, RULES)
    assert [(i.key, i.low, i.high) for i in intervals] == [("a", 1, 4), ("b", 1, 4)]
    assert all(i.is_protected for i in intervals)


def test_a_secondary_is_known_to_be_at_least_the_threshold():
    # t = 8 = a + c with c "s" ≥ 5: a ≤ 3, so a reader knows a is not 4.
    cells = cells_of({"t": 8, "a": 3, "c": 5}, [("t", ["a", "c"])])
    marks = {"a": "primaire", "c": "secondaire"}
    interval = interval_of(cells, marks, "a", RULES)
    assert (interval.low, interval.high) == (1, 3)
    assert not interval.is_protected


def test_month_in_progress_is_the_difference_of_the_two_cumuls():
    # Issue 12: "Cumul au 15/07" − "Cumul des mois complets" = the month in progress.
    values = {"cumul": 13, "complets": 10, "juin": 10, "juillet": 3}
    cells = cells_of(values, [("cumul", ["juin", "juillet"]), ("complets", ["juin"])])
    interval = interval_of(cells, {"juillet": "primaire"}, "juillet", RULES)
    assert (interval.low, interval.high) == (3, 3)


def test_region_total_minus_visible_mls_gives_a_masked_neighbour_back():
    # Issue 12: the region file masks ML b ("s") beside a ("< 5"); the ML file shows a.
    values = {"region": 30, "a": 2, "b": 8, "c": 20}
    cells = cells_of(values, [("region", ["a", "b", "c"])])
    shown = {"a": ["< 5", 2], "b": ["s"], "c": [20], "region": [30]}
    marks = marks_of_publication(cells, shown, RULES)
    assert marks == {"b": "secondaire"}
    assert not interval_of(cells, marks, "b", RULES).is_protected


def test_publication_showing_a_wrong_number_is_refused():
    cells = cells_of({"t": 10, "a": 3, "b": 7}, [("t", ["a", "b"])])
    with pytest.raises(ValueError, match="publié"):
        marks_of_publication(cells, {"a": [4]}, RULES)


def test_quick_audit_is_never_wider_than_the_exact_one():
    values = {"t": 30, "a": 2, "b": 8, "c": 20, "u": 25, "d": 5, "e": 20}
    cells = cells_of(values, [("t", ["a", "b", "c"]), ("u", ["d", "e"]), ("c", ["e"])])
    marks = {"a": "primaire", "b": "secondaire", "c": "secondaire", "e": "secondaire"}
    for key in marks:
        quick, exact = (interval_of(cells, marks, key, RULES, d) for d in (1, None))
        assert exact.low <= quick.low and quick.high <= exact.high
