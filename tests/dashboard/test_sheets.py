"""The dashboard workbook: cover, sheets, masking, every level, and Excel compatibility."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from conftest import require
from openpyxl import load_workbook

from perfml.dashboard import Level, compute_figures, parse_period, write_every_dashboard
from perfml.dashboard.sheets import write_dashboard
from perfml.warehouse import connect


def cells(sheet) -> list:
    return [cell.value for line in sheet.iter_rows() for cell in line if cell.value is not None]


@pytest.fixture(scope="module")
def region_book(figures, tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "r84.xlsx"
    return load_workbook(write_dashboard(figures, Level("region", "84"), path))


def test_cover_states_period_level_and_consolidation_date(region_book):
    text = " ".join(str(v) for v in cells(region_book["Présentation"]))
    assert "1er semestre 2024 (du 01/01/2024 au 30/06/2024)" in text
    assert "Région Auvergne-Rhône-Alpes (84)" in text
    assert "01/09/2024 : date de consolidation de l'instruction" in text


def test_sheets_are_cover_activity_indicators_context_definitions(region_book):
    assert region_book.sheetnames == [
        "Présentation", "Activité", "Indicateurs", "Contexte", "Définitions",
    ]  # fmt: skip


def test_activity_rows_are_the_region_mls_then_the_region(region_book):
    sheet = region_book["Activité"]
    codes = [sheet.cell(row, 1).value for row in range(8, 11)]
    assert codes == ["01001", "01002", "84"]
    assert sheet.cell(10, 1).font.bold


def test_activity_shows_period_previous_period_and_change(region_book):
    sheet = region_book["Activité"]
    header = {sheet.cell(6, col).value: col for col in range(1, sheet.max_column + 1)}
    first = header["Propositions"]  # the measure's merged header starts its 3 columns
    assert [sheet.cell(7, first + i).value for i in range(3)] == ["2024-S1", "2023-S2", "Évolution"]
    assert sheet.cell(8, first).value == 2  # 01001: R1 and R2


def test_cover_warns_when_the_extract_stops_before_the_as_of_date(dashboard_warehouse, tmp_path):
    # The semester is over at the extract date (15/10/2024); the asked date is later.
    period = parse_period("2024-S1")
    figures = compute_figures(connect(dashboard_warehouse), period, dt.date(2024, 12, 1))
    path = write_dashboard(figures, Level("national"), tmp_path / "n.xlsx")
    text = " ".join(str(v) for v in cells(load_workbook(path)["Présentation"]))
    assert "L'extrait s'arrête au 15/10/2024, avant la date de calcul du 01/12/2024" in text


def test_cover_says_provisional_once_when_the_period_is_not_over(dashboard_warehouse, tmp_path):
    figures = compute_figures(connect(dashboard_warehouse), parse_period("2024"))
    path = write_dashboard(figures, Level("national"), tmp_path / "n.xlsx")
    text = " ".join(str(v) for v in cells(load_workbook(path)["Présentation"]))
    assert (
        "Résultats provisoires : la période (année 2024) n'est pas terminée au 15/10/2024" in text
    )
    assert "L'extrait s'arrête au" not in text


def test_external_dashboard_masks_small_counts(figures, tmp_path):
    path = write_dashboard(figures, Level("region", "84"), tmp_path / "e.xlsx", "externe")
    values = cells(load_workbook(path)["Activité"])
    assert "< 5" in values and 2 not in values[values.index("01001") :]


def test_every_dashboard_is_the_nation_and_each_region(figures, tmp_path):
    paths = write_every_dashboard(figures, tmp_path)
    assert [p.name for p in paths] == [
        "tableau_de_bord_2024-S1_national.xlsx",
        "tableau_de_bord_2024-S1_region_84.xlsx",
        "tableau_de_bord_2024-S1_region_93.xlsx",
    ]


@pytest.mark.slow
def test_mini_dashboard_opens_in_libreoffice(mini_warehouse, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice is not None, "LibreOffice (soffice)")
    figures = compute_figures(connect(mini_warehouse), parse_period("2024-S1"))
    region = sorted(set(figures.structures["code_region"]))[0]
    path = write_dashboard(figures, Level("region", region), tmp_path / "tdb.xlsx", "externe")
    profile = (tmp_path / "profil").as_uri()  # a private profile: no clash with a running one
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / "tdb.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
