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


def test_warning_before_consolidation_names_the_empty_column_by_its_header(tmp_path):
    import re

    from handmade_warehouse import build_warehouse, d

    from perfml.quality import assess_quality
    from perfml.warehouse import connect
    from quality.extract import ROWS

    warehouse = build_warehouse(tmp_path / "w.duckdb", ROWS, extract_date=d("2025-02-15"))
    assessment = assess_quality(connect(warehouse, read_only=True), 2024)
    workbook = load_workbook(write_quality_report(assessment, tmp_path / "qualite.xlsx")[0])
    texts = [c for row in workbook["Présentation"].values for c in row if isinstance(c, str)]
    warning = next(t for t in texts if "restent vides" in t)
    named = re.search(r"« ([^»]+) » et « Écart »", warning).group(1)
    headers = {c for row in workbook["Effet sur les indicateurs"].values for c in row}
    assert named in headers
