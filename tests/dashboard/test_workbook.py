"""Excel output for people: headers, formats, frozen panes, CSV for a French Excel."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from perfml.dashboard.workbook import Column, Formats, write_table
from perfml.outputs import open_workbook, write_csv


def test_table_has_its_merged_headers_number_formats_and_frozen_panes(tmp_path):
    path = tmp_path / "t.xlsx"
    workbook = open_workbook(path)
    frame = pd.DataFrame({"code": ["01001"], "n": [1234], "taux": [45.5]})
    columns = [
        Column("code", "Code", "text"),
        Column("n", "2024", "int", "Entrées", "Accueil"),
        Column("taux", "Taux", "pct", "Entrées", "Accueil"),
    ]
    write_table(workbook, Formats(workbook), "Feuille", frame, columns, "Titre", ["Note"])
    workbook.close()
    sheet = load_workbook(path)["Feuille"]
    # Title, note, blank, section row 4, group row 5, headers row 6, data row 7.
    assert sheet["B4"].value == "Accueil" and "B4:C4" in sheet.merged_cells
    assert sheet["A4"].value == "Code" and "A4:A6" in sheet.merged_cells
    assert (sheet["B7"].value, sheet["B7"].number_format) == (1234, "#,##0")
    assert sheet["C7"].number_format == '0.0" %"'
    assert sheet.freeze_panes == "B7"


def test_csv_opens_in_a_french_excel(tmp_path):
    path = write_csv(pd.DataFrame({"code": ["01001"], "taux": [12.5]}), tmp_path / "t.csv")
    # The product's one CSV dialect: lines end with CRLF (RFC 4180, read by Excel too).
    assert path.read_bytes() == "\ufeffcode;taux\r\n01001;12,5\r\n".encode()


def test_an_infinite_value_is_a_blank_cell_and_a_numpy_boolean_is_oui(tmp_path):
    import numpy as np

    path = tmp_path / "t.xlsx"
    workbook = open_workbook(path)
    frame = pd.DataFrame({"taux": [float("inf")], "flag": [np.bool_(True)]})
    columns = [Column("taux", "Taux", "pct"), Column("flag", "Drapeau", "text")]
    write_table(workbook, Formats(workbook), "Feuille", frame, columns, "Titre")
    workbook.close()
    sheet = load_workbook(path)["Feuille"]
    assert (sheet["A4"].value, sheet["B4"].value) == (None, "oui")
