"""Box statistics per population (R type 7 quartiles) and the ML's direction-aware quartile."""

import math

import pandas as pd
import pytest

from perfml.distributions import (
    HIGHER,
    LOWER,
    Box,
    box_lookup,
    box_of,
    compute_distributions,
    quartile_of,
)

BOX = Box(n=5, minimum=0.0, q1=10.0, median=20.0, q3=30.0, maximum=40.0)


def test_box_of_interpolates_quartiles_linearly_between_order_statistics():
    # R type 7 on 1, 2, 3, 4: positions 0.75, 1.5, 2.25 → 1.75, 2.5, 3.25.
    box = box_of([4.0, 1.0, 3.0, 2.0])
    assert (box.q1, box.median, box.q3) == (1.75, 2.5, 3.25)


def test_box_of_takes_min_max_and_count():
    box = box_of([7.0, 1.0, 10.0, 3.0])
    assert (box.n, box.minimum, box.maximum) == (4, 1.0, 10.0)


def test_box_of_leaves_missing_values_out():
    box = box_of([1.0, float("nan"), 3.0])
    assert (box.n, box.median) == (2, 2.0)


def test_box_of_nothing_is_none():
    assert box_of([float("nan")]) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(9.99, 1), (10.0, 2), (19.99, 2), (20.0, 3), (29.99, 3), (30.0, 4), (45.0, 4)],
)
def test_quartile_where_higher_is_better_puts_each_boundary_in_the_upper_quartile(value, expected):
    assert quartile_of(value, BOX, HIGHER) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(30.01, 1), (30.0, 2), (20.01, 2), (20.0, 3), (10.01, 3), (10.0, 4), (-1.0, 4)],
)
def test_quartile_where_lower_is_better_puts_each_boundary_in_the_better_quartile(value, expected):
    assert quartile_of(value, BOX, LOWER) == expected


def test_quartile_of_tied_distribution_is_4_for_the_tied_value_in_both_directions():
    box = box_of([2.0, 2.0, 2.0, 2.0])
    assert (quartile_of(2.0, box, HIGHER), quartile_of(2.0, box, LOWER)) == (4, 4)


def test_quartile_with_ties_at_the_quartiles_separates_below_and_above():
    box = box_of([1.0, 2.0, 2.0, 2.0, 3.0])  # Q1 = median = Q3 = 2
    assert [quartile_of(v, box, HIGHER) for v in (1.0, 2.0, 3.0)] == [1, 4, 4]
    assert [quartile_of(v, box, LOWER) for v in (1.0, 2.0, 3.0)] == [4, 4, 1]


def test_quartile_of_missing_value_is_none():
    assert quartile_of(float("nan"), BOX, HIGHER) is None


def test_quartile_without_distribution_is_none():
    assert quartile_of(3.0, None, HIGHER) is None


def _membership():
    return pd.DataFrame(
        {
            "code_ml": ["01001", "01002", "01003", "02001", "02002"],
            "code_region": ["84", "84", "84", "11", "11"],
            "groupe": [1, 1, 2, 2, None],
        }
    )


def _values():
    return pd.DataFrame(
        {
            "code_ml": ["01001", "01002", "01003", "02001", "02002"],
            "indicateur": [1, 1, 1, 1, 1],
            "valeur": [10.0, 20.0, 30.0, float("nan"), 50.0],
        }
    )


def test_compute_distributions_national_box_covers_every_ml_with_a_value():
    dist = box_lookup(compute_distributions(_values(), _membership()))
    # 10, 20, 30, 50: Q1 at 0.75 → 17.5, median 25, Q3 at 2.25 → 35.
    assert dist[("NATIONAL", "FR", 1)] == Box(4, 10.0, 17.5, 25.0, 35.0, 50.0)


def test_compute_distributions_region_box_covers_the_region_only():
    dist = box_lookup(compute_distributions(_values(), _membership()))
    assert dist[("REGION", "84", 1)] == Box(3, 10.0, 15.0, 20.0, 25.0, 30.0)


def test_compute_distributions_leaves_an_ml_without_value_out():
    dist = box_lookup(compute_distributions(_values(), _membership()))
    assert dist[("REGION", "11", 1)].n == 1


def test_compute_distributions_groups_by_group_number_and_skips_mls_without_group():
    dist = box_lookup(compute_distributions(_values(), _membership()))
    # group 2 holds 01003 (30) and 02001 (no value); 02002 has no group.
    assert (dist[("GROUPE", "1", 1)].median, dist[("GROUPE", "2", 1)].n) == (15.0, 1)
    assert {key[1] for key in dist if key[0] == "GROUPE"} == {"1", "2"}


def test_compute_distributions_of_a_group_of_one_ml_is_that_value_everywhere():
    dist = box_lookup(compute_distributions(_values(), _membership()))
    box = dist[("GROUPE", "2", 1)]
    assert {box.minimum, box.q1, box.median, box.q3, box.maximum} == {30.0}


def test_compute_distributions_matches_box_of_on_the_same_values():
    values = pd.DataFrame(
        {
            "code_ml": [f"0100{i}" for i in range(7)],
            "indicateur": 3,
            "valeur": [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0],
        }
    )
    membership = pd.DataFrame({"code_ml": values["code_ml"], "code_region": "84", "groupe": 1})
    box = box_lookup(compute_distributions(values, membership))[("NATIONAL", "FR", 3)]
    expected = box_of(values["valeur"])
    assert all(
        math.isclose(getattr(box, f), getattr(expected, f))
        for f in ("q1", "median", "q3", "minimum", "maximum")
    )


def test_neighbours_distribution_covers_the_ml_s_neighbours_not_itself():
    neighbours = pd.DataFrame(
        {"code_ml": ["01001", "01001", "01001"], "code_ml_voisin": ["01002", "01003", "02002"]}
    )
    dist = box_lookup(compute_distributions(_values(), _membership(), neighbours))
    # 20, 30, 50 (01001's own 10 is left out).
    assert dist[("VOISINS", "01001", 1)] == Box(3, 20.0, 25.0, 30.0, 40.0, 50.0)


def test_neighbours_without_a_value_are_left_out_of_the_neighbours_distribution():
    neighbours = pd.DataFrame({"code_ml": ["01001", "01001"], "code_ml_voisin": ["02001", "01002"]})
    dist = box_lookup(compute_distributions(_values(), _membership(), neighbours))
    assert dist[("VOISINS", "01001", 1)].n == 1


def test_no_neighbours_distribution_without_neighbours():
    dist = compute_distributions(_values(), _membership())
    assert "VOISINS" not in set(dist["population"])
