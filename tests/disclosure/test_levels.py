"""Counts of every level (ML, region, nation): their cells, the hierarchy's sums, the masks
shown."""

from __future__ import annotations

import pandas as pd

from perfml.disclosure.levels import (
    add_counts,
    add_hierarchy,
    hierarchy,
    mask_counts,
    mask_derived,
)
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import default_rules

STRUCTURES = pd.DataFrame({"code_ml": ["B2", "A1", "C3"], "code_region": ["84", "84", "11"]})


def test_hierarchy_gives_each_region_its_mls_and_the_nation_its_regions():
    assert hierarchy(STRUCTURES) == {
        ("REGION", "11"): [("ML", "C3")],
        ("REGION", "84"): [("ML", "A1"), ("ML", "B2")],
        ("NATIONAL", "FR"): [("REGION", "11"), ("REGION", "84")],
    }


def test_counts_of_a_frame_are_keyed_by_column_and_entity():
    frame = pd.DataFrame({"niveau": ["ML", "REGION"], "code": ["A1", "84"], "n": [3, 10]})
    cells = PublishedCells()
    add_counts(cells, frame, ["n"])
    assert cells.values == {("n", "ML", "A1"): 3.0, ("n", "REGION", "84"): 10.0}


def test_every_parent_is_declared_the_sum_of_its_children():
    frame = pd.DataFrame(
        {
            "niveau": ["ML", "ML", "ML", "REGION", "REGION", "NATIONAL"],
            "code": ["A1", "B2", "C3", "84", "11", "FR"],
            "n": [3, 7, 5, 10, 5, 15],
        }
    )
    cells = PublishedCells()
    add_counts(cells, frame, ["n"])
    add_hierarchy(cells, ["n"], hierarchy(STRUCTURES))
    sums = {r.terms[0][0]: sorted(k for k, coef in r.terms[1:]) for r in cells.relations}
    assert sums == {
        ("n", "REGION", "11"): [("n", "ML", "C3")],
        ("n", "REGION", "84"): [("n", "ML", "A1"), ("n", "ML", "B2")],
        ("n", "NATIONAL", "FR"): [("n", "REGION", "11"), ("n", "REGION", "84")],
    }


def test_counts_are_shown_with_the_masks_of_the_whole_hierarchy():
    entities = [("ML", "a"), ("REGION", "84"), ("NATIONAL", "FR")]
    frame = pd.DataFrame({"n": [3, 40, 90]}, index=["a", "84", "FR"])
    marks = {("n", "ML", "a"): "primaire", ("n", "REGION", "84"): "secondaire"}
    shown = mask_counts(frame, entities, ["n"], marks, default_rules())
    assert shown["n"].tolist() == ["< 5", "s", 90]


def test_rate_with_a_masked_numerator_is_masked():
    frame = pd.DataFrame({"num": ["< 5", 12], "den": [40, 50], "val": [7.5, 24.0]})
    assert mask_derived(frame, "val", ["num", "den"])["val"].tolist() == ["s", 24.0]
