"""The GJ follow-up workbook and its CSV files."""

from __future__ import annotations

import pandas as pd

from perfml.gj import write_gj_report


def test_external_report_masks_small_monthly_entries(follow, tmp_path):
    from openpyxl import load_workbook

    path = write_gj_report(follow, tmp_path / "gj.xlsx", "externe")[0]
    sheet = load_workbook(path)["Missions locales"]
    values = [cell.value for line in sheet.iter_rows() for cell in line]
    assert "< 5" in values and "s" in values


def test_report_writes_region_and_ml_csv_files(follow, tmp_path):
    paths = write_gj_report(follow, tmp_path / "gj.xlsx")
    regions = pd.read_csv(paths[1], sep=";", decimal=",", encoding="utf-8-sig", dtype={"code": str})
    assert list(regions["code"]) == ["84", "93", "FR"]
