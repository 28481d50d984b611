"""The files written for people: CSV for French Excel, XLSX, and the Markdown account."""

import pandas as pd
import pytest

from groups.context_warehouse import N_ML, make_warehouse
from perfml.groups import build_groups
from perfml.groups.report import markdown_report, write_outputs


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    path = make_warehouse(tmp_path_factory.mktemp("report") / "entrepot.duckdb")
    first = build_groups(path, 2023, k=3)
    second = build_groups(path, 2024, k=3)
    return first, second


def read_csv(path):
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"code_ml": str})


def test_csv_files_open_in_french_excel(results, tmp_path):
    write_outputs(results[1], tmp_path / "groupes.csv")
    raw = (tmp_path / "groupes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    groups = read_csv(tmp_path / "groupes.csv")
    assert list(groups.columns) == ["code_ml", "nom", "code_region", "groupe", "libelle_groupe"]
    assert groups["code_ml"].iloc[0] == "01001"
    assert len(groups) == N_ML


def test_description_and_moves_are_written_beside(results, tmp_path):
    written = write_outputs(results[1], tmp_path / "groupes.csv")
    names = sorted(p.name for p in written)
    assert names == [
        "groupes.csv", "groupes.md", "groupes_description.csv", "groupes_mouvements.csv",
        "groupes_voisins.csv",
    ]  # fmt: skip
    description = read_csv(tmp_path / "groupes_description.csv")
    assert description["v_test"].dtype == float
    assert set(description["annee"]) == {2024}


def test_no_moves_file_without_last_year(results, tmp_path):
    written = write_outputs(results[0], tmp_path / "g.csv")
    assert "g_mouvements.csv" not in [p.name for p in written]


def test_xlsx_output_has_one_sheet_per_table(results, tmp_path):
    write_outputs(results[1], tmp_path / "groupes.xlsx")
    sheets = pd.read_excel(tmp_path / "groupes.xlsx", sheet_name=None, dtype={"Code ML": str})
    assert list(sheets) == ["Groupes", "Description", "Mouvements", "Voisins"]
    assert sheets["Groupes"]["Code ML"].iloc[0] == "01001"
    assert "Moyenne du groupe" in sheets["Description"].columns


def test_markdown_tells_sizes_regions_profiles_and_stability(results):
    text = markdown_report(results[1])
    assert text.startswith("# Groupes homogènes des missions locales — 2024")
    assert "## Stabilité par rapport à 2023" in text
    assert "Indice de Rand ajusté" in text
    for group in (1, 2, 3):
        assert f"### Groupe {group} — " in text
    assert "Auvergne-Rhône-Alpes" in text
    assert "moyenne nationale" in text


def test_markdown_without_last_year_says_so(results):
    assert "pas de comparaison" in markdown_report(results[0])
