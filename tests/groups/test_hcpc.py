"""HCPC gives FactoMineR 2.7's groups, and numbers them as FactoMineR does."""

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans

from perfml.groups import hcpc
from perfml.groups.pca import PCA
from perfml.groups.ward import WardTree

CASES = [
    ("hcpc4_consol", 4, True),
    ("hcpc4_noconsol", 4, False),
    ("hcpc3_consol", 3, True),
    ("hcpc3_noconsol", 3, False),
    ("hcpc_auto_consol", "auto", True),
]


@pytest.fixture(scope="module")
def decathlon(shared_dir):
    data = pd.read_csv(shared_dir / "data" / "decathlon.csv", index_col=0).iloc[:, :10]
    expected = pd.read_csv(shared_dir / "data" / "decathlon_hcpc_expected.csv", index_col=0)
    return data, expected


@pytest.mark.parametrize(("column", "k", "consolidate"), CASES)
def test_decathlon_groups_are_factominer_s(decathlon, column, k, consolidate):
    data, expected = decathlon
    result = hcpc(data, k, n_components=5, consolidate=consolidate)
    pd.testing.assert_series_equal(
        result.labels, expected[column].rename("groupe"), check_names=False, check_dtype=False
    )


def test_automatic_k_on_decathlon_is_four(decathlon):
    assert hcpc(decathlon[0], None).n_clusters == 4


def test_lloyd_consolidation_would_not_give_factominer_s_groups(decathlon):
    # Same start as HCPC (centroids of the cut into 3, rows sorted by Dim.1), Lloyd instead
    # of Hartigan–Wong: one athlete ends in another group.
    data, expected = decathlon
    coords = PCA(5).fit(data.to_numpy()).coordinates_
    order = np.argsort(coords[:, 0], kind="stable")
    cut = WardTree().fit(coords[order]).cut(3)
    start = np.vstack([coords[order][cut == g].mean(axis=0) for g in (1, 2, 3)])
    lloyd = KMeans(3, init=start, n_init=1, max_iter=10).fit(coords[order]).labels_
    result = hcpc(data, 3)
    # Compare partitions, whatever their numbering: some pair of rows is split differently.
    ours = result.labels.to_numpy()[order]
    same_ours = ours[:, None] == ours[None, :]
    same_lloyd = lloyd[:, None] == lloyd[None, :]
    assert (same_ours != same_lloyd).any()
    assert (result.labels == expected["hcpc3_consol"]).all()


def test_groups_are_numbered_by_the_first_coordinate_of_their_centre(decathlon):
    result = hcpc(decathlon[0], 4)
    means = result.coordinates["Dim.1"].groupby(result.labels).mean()
    assert list(means.index) == [1, 2, 3, 4]
    assert means.is_monotonic_increasing


def test_result_keeps_the_rows_index_and_the_tree(decathlon):
    data = decathlon[0]
    result = hcpc(data, 4)
    assert list(result.labels.index) == list(data.index)
    assert list(result.coordinates.columns) == ["Dim.1", "Dim.2", "Dim.3", "Dim.4", "Dim.5"]
    assert len(result.inertia_gains) == len(data) - 1
    # The gains add up to the inertia of the 5 kept axes (rows weighted 1/n).
    assert result.inertia_gains.sum() == pytest.approx(result.eigenvalues.iloc[:5].sum())
    assert sorted(result.description) == [1, 2, 3, 4]
    assert result.sizes.sum() == len(data)


def test_missing_cells_are_imputed_by_the_mean_and_reported():
    rng = np.random.default_rng(5)
    data = pd.DataFrame(rng.normal(size=(12, 3)), columns=["a", "b", "c"])
    data.loc[3, "b"] = np.nan
    result = hcpc(data, 3)
    assert result.imputed_columns == ["b"]
    assert result.labels.notna().all()


def test_refuses_more_groups_than_rows_allow():
    data = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [2.0, 1.0, 4.0, 3.0]})
    with pytest.raises(ValueError, match="entre 2 et 3"):
        hcpc(data, 4)
