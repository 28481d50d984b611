"""The quality workbook and `qualite_ml_<année>.csv`."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from perfml.quality import write_quality_report


def test_report_writes_the_workbook_and_one_csv_row_per_ml(assessment, tmp_path):
    workbook, csv = write_quality_report(assessment, tmp_path / "qualite.xlsx")
    assert csv.name == f"qualite_ml_{assessment.year}.csv"
    frame = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig", dtype={"code_ml": str})
    assert list(frame["code_ml"]) == ["01001", "01002", "13001"]
    assert load_workbook(workbook).sheetnames[:2] == ["Présentation", "Score"]
