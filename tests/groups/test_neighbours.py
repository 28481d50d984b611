"""The 15 nearest missions locales: hand-made points, ties, and the groups' PCA space."""

import numpy as np
import pandas as pd
import pytest

from groups.context_warehouse import CODES, N_ML, make_warehouse
from perfml.groups import build_groups, load_neighbours, nearest_neighbours
from perfml.groups.pca import PCA
from perfml.groups.report import write_outputs
from perfml.warehouse import connect


def _points(coords: dict[str, tuple[float, ...]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(coords, orient="index", columns=["Dim.1", "Dim.2"])


def test_neighbours_on_a_line_are_ranked_by_distance():
    points = _points({"A": (0, 0), "B": (1, 0), "C": (3, 0), "D": (7, 0)})
    frame = nearest_neighbours(points, count=2)
    a = frame[frame["code_ml"] == "A"]
    assert list(a["code_ml_voisin"]) == ["B", "C"]
    assert list(a["distance"]) == [1.0, 3.0]
    assert list(a["rang"]) == [1, 2]


def test_distance_is_euclidean_over_every_axis():
    points = _points({"A": (0, 0), "B": (3, 4)})
    assert nearest_neighbours(points, count=1)["distance"].tolist() == [5.0, 5.0]


def test_equal_distances_are_ordered_by_code_ml():
    # B, C and D are all at distance 1 from A; the codes decide.
    points = _points({"A": (0, 0), "D": (1, 0), "C": (-1, 0), "B": (0, 1), "E": (0, -1)})
    a = nearest_neighbours(points, count=3).query("code_ml == 'A'")
    assert list(a["code_ml_voisin"]) == ["B", "C", "D"]


def test_an_ml_is_never_its_own_neighbour_even_when_another_ml_shares_its_point():
    points = _points({"A": (0, 0), "B": (0, 0), "C": (2, 0)})
    frame = nearest_neighbours(points, count=2)
    assert (frame["code_ml"] != frame["code_ml_voisin"]).all()
    assert frame.query("code_ml == 'A'")["code_ml_voisin"].tolist() == ["B", "C"]


def test_fewer_mls_than_neighbours_gives_every_other_ml():
    points = _points({"A": (0, 0), "B": (1, 0), "C": (5, 0)})
    frame = nearest_neighbours(points)
    assert frame.groupby("code_ml").size().tolist() == [2, 2, 2]


def test_fifteen_neighbours_match_a_brute_force_sort():
    rng = np.random.default_rng(4)
    codes = [f"{i:05d}" for i in range(40)]
    points = pd.DataFrame(rng.normal(size=(40, 3)), index=codes)
    frame = nearest_neighbours(points)
    for code in ("00000", "00017", "00039"):
        others = [c for c in codes if c != code]
        distances = {c: float(np.linalg.norm(points.loc[code] - points.loc[c])) for c in others}
        expected = sorted(others, key=lambda c: (distances[c], c))[:15]
        assert frame.query("code_ml == @code")["code_ml_voisin"].tolist() == expected


def test_columns_are_code_ml_rang_voisin_distance():
    frame = nearest_neighbours(_points({"A": (0, 0), "B": (1, 0)}))
    assert list(frame.columns) == ["code_ml", "rang", "code_ml_voisin", "distance"]


def test_build_groups_stores_15_neighbours_per_ml_and_reads_them_back(tmp_path):
    path = make_warehouse(tmp_path / "e.duckdb")
    result = build_groups(path, 2024, k=3)
    stored = load_neighbours(connect(path), 2024)
    assert len(stored) == 15 * N_ML
    assert sorted(stored["code_ml"].unique()) == CODES
    pd.testing.assert_frame_equal(stored, result.neighbours.astype(stored.dtypes))


def test_neighbours_are_measured_in_the_groups_pca_space(tmp_path):
    path = make_warehouse(tmp_path / "e.duckdb")
    result = build_groups(path, 2024, k=3, n_components=2)
    # The same PCA, recomputed here: 2 axes on the 4 numeric context variables.
    con = connect(path)
    context = con.table("contexte").filter(lambda t: t.annee == 2024).execute()
    data = context.set_index("code_ml").sort_index()[result.variables].astype(float)
    coords = pd.DataFrame(PCA(2).fit(data.to_numpy()).coordinates_, index=data.index)
    expected = nearest_neighbours(coords)
    pd.testing.assert_frame_equal(result.neighbours, expected)


def test_rebuilding_a_year_replaces_its_neighbours_only(tmp_path):
    path = make_warehouse(tmp_path / "e.duckdb")
    build_groups(path, 2023, k=3)
    build_groups(path, 2024, k=3)
    build_groups(path, 2024, k=4)
    con = connect(path)
    assert len(load_neighbours(con, 2023)) == len(load_neighbours(con, 2024)) == 15 * N_ML


def test_neighbours_of_a_year_never_built_are_none(tmp_path):
    path = make_warehouse(tmp_path / "e.duckdb")
    build_groups(path, 2024, k=3)
    assert load_neighbours(connect(path), 2023) is None


def test_write_outputs_writes_the_neighbours_csv_beside_the_groups(tmp_path):
    path = make_warehouse(tmp_path / "e.duckdb")
    result = build_groups(path, 2024, k=3)
    written = write_outputs(result, tmp_path / "sortie" / "groupes.csv")
    target = tmp_path / "sortie" / "groupes_voisins.csv"
    assert target in written
    frame = pd.read_csv(target, sep=";", decimal=",", dtype={"code_ml": str, "code_ml_voisin": str})
    assert list(frame.columns) == ["code_ml", "rang", "code_ml_voisin", "distance"]
    assert frame["distance"].to_numpy() == pytest.approx(result.neighbours["distance"].to_numpy())


def test_markdown_report_explains_the_neighbours_and_names_the_small_groups(tmp_path):
    from perfml.groups.report import markdown_report

    path = make_warehouse(tmp_path / "e.duckdb")
    result = build_groups(path, 2024, k=8)
    text = markdown_report(result)
    assert "15 voisins" in text
    small = [str(g) for g, size in result.sizes.items() if size < 5]
    assert small and f"({', '.join(small)})" in text
