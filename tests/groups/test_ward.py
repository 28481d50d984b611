"""Ward tree: inertia gains, cut numbering (R's cutree) and FactoMineR's automatic k."""

import numpy as np
import pytest

from perfml.groups.ward import WardTree


def test_inertia_gains_are_the_increases_of_within_inertia_largest_first():
    # 0, 1, 10, 11 (weights 1/4): merging 0 and 1 adds 1/2·1²/4; the two pairs merge for
    # 2·2/4·10²/4 = 25. Total inertia = ((−5.5)² + (−4.5)² + 4.5² + 5.5²)/4 = 25.25.
    tree = WardTree().fit(np.array([[0.0], [1.0], [10.0], [11.0]]))
    assert tree.inertia_gains_ == pytest.approx([25.0, 0.125, 0.125])
    assert tree.within_ == pytest.approx([25.25, 0.25, 0.125])


def test_cut_numbers_clusters_in_order_of_their_first_row():
    tree = WardTree().fit(np.array([[10.0], [0.0], [11.0], [1.0]]))
    assert tree.cut(2).tolist() == [1, 2, 1, 2]


def test_cut_undoes_the_last_merges():
    tree = WardTree().fit(np.array([[0.0], [1.0], [10.0], [11.0], [30.0]]))
    assert tree.cut(3).tolist() == [1, 1, 2, 2, 3]


def test_auto_k_picks_the_sharpest_drop_of_within_inertia():
    # Four tight, far-apart pairs: within(4)/within(3) is far smaller than within(3)/within(2).
    points = [[0.0], [0.1], [10.0], [10.1], [20.0], [20.1], [30.0], [30.1]]
    tree = WardTree().fit(np.array(points))
    assert tree.auto_n_clusters() == 4


def test_auto_k_maximum_rounds_half_to_even_as_r_does():
    # Nine points in five tight clusters: five would be best, but max = round(9/2) = 4.
    points = [[0.0], [0.1], [10.0], [10.1], [20.0], [20.1], [30.0], [30.1], [40.0]]
    tree = WardTree().fit(np.array(points))
    assert tree.auto_n_clusters() == 4


def test_auto_k_never_goes_below_three():
    # Two far-apart clouds: two clusters would be natural, FactoMineR's minimum is 3.
    rng = np.random.default_rng(3)
    points = np.concatenate([rng.normal(0, 1, (10, 2)), rng.normal(100, 1, (10, 2))])
    assert WardTree().fit(points).auto_n_clusters() >= 3
