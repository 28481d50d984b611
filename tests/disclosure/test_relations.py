"""Cells published together and the relations a reader can combine."""

from __future__ import annotations

import math

import pytest

from perfml.disclosure.relations import PublishedCells
from perfml.errors import UserError


def test_sum_leaves_out_parts_without_a_value():
    cells = PublishedCells()
    for key, value in {"t": 5, "a": 2, "b": math.nan, "c": 3}.items():
        cells.add_cell(key, value)
    assert cells.add_sum("t", ["a", "b", "c"], "t = a + b + c")
    assert dict(cells.relations[0].terms) == {"t": 1.0, "a": -1.0, "c": -1.0}


def test_false_sum_is_an_error_unless_asked_to_skip_it():
    cells = PublishedCells()
    for key, value in {"t": 6, "a": 2, "c": 3}.items():
        cells.add_cell(key, value)
    assert not cells.add_sum("t", ["a", "c"], "t = a + c", only_if_true=True)
    with pytest.raises(ValueError, match="relation fausse"):
        cells.add_sum("t", ["a", "c"], "t = a + c")


def test_at_most_is_kept_only_when_the_figures_satisfy_it():
    cells = PublishedCells()
    for key, value in {"num": 3, "den": 2}.items():
        cells.add_cell(key, value)
    assert not cells.add_at_most(["num"], "den", "num ≤ den")
    assert cells.add_at_most(["den"], "num", "den ≤ num")


def test_one_cell_published_twice_with_two_values_is_an_error():
    cells = PublishedCells()
    cells.add_cell("a", 2)
    cells.add_cell("a", 2.0)
    with pytest.raises(ValueError, match="deux valeurs"):
        cells.add_cell("a", 3)


def test_neighbourhood_crosses_only_free_cells():
    cells = PublishedCells()
    for key, value in {"t": 20, "a": 10, "b": 10, "c": 10, "u": 20}.items():
        cells.add_cell(key, value)
    cells.add_sum("t", ["a", "b"], "t = a + b")
    cells.add_sum("u", ["b", "c"], "u = b + c")
    matrix = cells.matrix()

    def reached(depth, free):
        found = matrix.neighbourhood(matrix.index["a"], matrix.flags(free), depth)
        return [matrix.keys[i] for i in found]

    everything = ["t", "a", "b", "c", "u"]
    assert reached(1, everything) == ["a", "t", "b"]
    assert reached(None, everything) == ["a", "t", "b", "c", "u"]
    assert reached(None, ["t", "a", "c", "u"]) == ["a", "t"]


def test_contradicted_sum_is_a_french_user_error_naming_the_relation():
    cells = PublishedCells()
    for key, value in {("n", "REGION", "84"): 6, ("n", "ML", "A1"): 2}.items():
        cells.add_cell(key, value)
    with pytest.raises(UserError, match=r"Diffusion externe impossible.*« n de 84 » \(écart 4\)"):
        cells.add_sum(("n", "REGION", "84"), [("n", "ML", "A1")], "n de 84")


def test_cell_published_with_two_values_is_named_in_french():
    cells = PublishedCells()
    cells.add_cell(("cumul", "ML", "A1"), 2)
    with pytest.raises(UserError, match="« cumul ML A1 » serait publiée avec deux valeurs"):
        cells.add_cell(("cumul", "ML", "A1"), 3)
