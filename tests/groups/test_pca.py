"""Standardised PCA as FactoMineR computes it."""

import math

import numpy as np
import pandas as pd
import pytest

from perfml.groups.pca import PCA, impute_means


def test_standardises_with_the_population_standard_deviation():
    # 1, 2, 3: mean 2, population sd √(2/3); one axis, its coordinate is the z-score.
    pca = PCA(5).fit(np.array([[1.0], [2.0], [3.0]]))
    z = 1 / math.sqrt(2 / 3)
    assert pca.coordinates_[:, 0] == pytest.approx([-z, 0.0, z])


def test_eigenvalues_are_those_of_the_correlation_matrix():
    # Two variables with correlation r have eigenvalues 1 + r and 1 − r.
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([1.0, 3.0, 2.0, 4.0])  # r = 0.8
    pca = PCA(2).fit(np.column_stack([x, y]))
    assert pca.eigenvalues_ == pytest.approx([1.8, 0.2])


def test_each_axis_is_oriented_so_its_loadings_sum_to_a_non_negative_number():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    data = np.column_stack([x, x**2, -(x**3), np.array([2.0, 1.0, 4.0, 3.0, 5.0])])
    for flipped in (data, -data):
        pca = PCA(3).fit(flipped)
        assert (pca.components_.sum(axis=0) >= 0).all()


def test_a_constant_column_is_divided_by_one():
    pca = PCA(2).fit(np.array([[1.0, 7.0], [2.0, 7.0], [4.0, 7.0]]))
    assert pca.scale_[1] == 1.0
    assert np.isfinite(pca.coordinates_).all()


def test_keeps_at_most_n_minus_one_axes():
    pca = PCA(5).fit(np.array([[1.0, 2.0, 0.0], [2.0, 1.0, 1.0], [4.0, 0.0, 3.0]]))
    assert pca.n_components_ == 2
    assert pca.coordinates_.shape == (3, 2)


def test_coordinates_are_standardised_data_times_loadings():
    rng = np.random.default_rng(0)
    data = rng.normal(size=(12, 4))
    pca = PCA(3).fit(data)
    z = (data - data.mean(axis=0)) / data.std(axis=0)
    assert pca.coordinates_ == pytest.approx(z @ pca.components_)
    assert pca.transform(data) == pytest.approx(pca.coordinates_)


def test_decathlon_eigenvalues_are_factominer_s(shared_dir):
    # FactoMineR's published PCA of its decathlon example (10 events, scale.unit = TRUE).
    data = pd.read_csv(shared_dir / "data" / "decathlon.csv", index_col=0).iloc[:, :10]
    pca = PCA(5).fit(data.to_numpy())
    assert pca.eigenvalues_[:5] == pytest.approx([3.2719, 1.7371, 1.4049, 1.0569, 0.6848], abs=1e-4)


def test_missing_cells_are_replaced_by_the_column_mean():
    frame = pd.DataFrame({"a": [1.0, None, 3.0], "b": [1.0, 2.0, 3.0]})
    completed, missing = impute_means(frame)
    assert completed["a"].tolist() == [1.0, 2.0, 3.0]
    assert missing == ["a"]
