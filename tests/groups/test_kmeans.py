"""Hartigan–Wong (AS 136) against hand-traced cases of the published algorithm."""

import numpy as np
import pytest
from sklearn.cluster import KMeans

from perfml.groups.kmeans import EmptyClusterError, HartiganWong


def column(values):
    return np.array(values, dtype=float)[:, None]


def test_point_alone_in_its_cluster_stays_there():
    # 100 is alone from the start; AN1 of its cluster is "infinite" and it never leaves.
    km = HartiganWong(2).fit(column([0, 1, 2, 100]), column([1, 100]))
    assert km.labels_.tolist() == [0, 0, 0, 1]
    assert km.counts_.tolist() == [3, 1]


def test_hartigan_wong_moves_a_point_that_lloyd_keeps():
    # From centres 2 and 4.5: Lloyd keeps 3 with {1, 2} (|3 − 2| < |3 − 4.5|), but moving
    # it lowers the within sum of squares from 2 to 1.625: HW's test is
    # 1/2·(3 − 4.5)² = 1.125 < 3/2·(3 − 2)² = 1.5, so it moves.
    data, start = column([1, 2, 3, 4.5]), column([2, 4.5])
    hw = HartiganWong(2).fit(data, start)
    lloyd = KMeans(2, init=start, n_init=1, algorithm="lloyd").fit(data)
    assert hw.labels_.tolist() == [0, 0, 1, 1]
    assert lloyd.labels_.tolist() == [0, 0, 0, 1]
    assert hw.inertia_ == pytest.approx(1.625)


def test_equal_cost_keeps_the_point_where_it_is():
    # Point 2 of {0, 2}: removing it saves 2/1·(2 − 1)² = 2, adding it to {4} costs
    # 1/2·(2 − 4)² = 2. AS 136 transfers only when the cost is strictly lower.
    km = HartiganWong(2).fit(column([0, 2, 4]), column([1, 4]))
    assert km.labels_.tolist() == [0, 0, 1]


def test_point_equidistant_from_two_starting_centres_goes_to_the_first():
    # 1 is at distance 1 from both centres: it joins the first; then moving it costs as
    # much as it saves (1/2·1² = 2·0.5²), so it stays.
    km = HartiganWong(2).fit(column([0, 1, 2]), column([0, 2]))
    assert km.labels_.tolist() == [0, 0, 1]


def test_no_convergence_after_max_iter_keeps_the_current_partition():
    # Traced by hand: pass 1 moves 17 to the cluster of 9 and the quick-transfer stage
    # moves nothing; only pass 2 moves 9 to the cluster of 6 (its distance to its own
    # cluster is not recomputed, as in the Fortran).
    data, start = column([6, 9, 17, 21, 29]), column([5, 8, 12])
    km = HartiganWong(3, max_iter=1).fit(data, start)
    assert km.labels_.tolist() == [0, 1, 1, 2, 2]
    assert not km.converged_
    assert km.n_iter_ == 2  # R's `iter`: max_iter + 1 when it did not converge


def test_convergence_reports_the_number_of_passes():
    km = HartiganWong(3, max_iter=10).fit(column([6, 9, 17, 21, 29]), column([5, 8, 12]))
    assert km.labels_.tolist() == [0, 0, 1, 1, 2]
    assert km.converged_
    assert km.n_iter_ == 3


def test_centres_and_within_sums_of_squares_are_those_of_the_final_partition():
    km = HartiganWong(3).fit(column([6, 9, 17, 21, 29]), column([5, 8, 12]))
    assert km.cluster_centers_[:, 0].tolist() == [7.5, 19.0, 29.0]
    assert km.withinss_.tolist() == [4.5, 8.0, 0.0]


def test_a_starting_centre_that_attracts_no_point_is_an_error():
    with pytest.raises(EmptyClusterError):
        HartiganWong(2).fit(column([0, 1, 2]), column([1, 50]))


def test_identical_starting_centres_are_refused():
    with pytest.raises(ValueError, match="pas distincts"):
        HartiganWong(2).fit(column([0, 1, 2]), column([1, 1]))


def test_init_only_stores_its_parameters():
    km = HartiganWong(4, max_iter=7)
    assert (km.n_clusters, km.max_iter) == (4, 7)
    assert not hasattr(km, "labels_")
