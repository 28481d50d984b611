"""The one output layer: every CSV, XLSX and Parquet file perfml writes goes through here.

CSV has two dialects (`docs/sorties.md`):

- `excel` (default), for a French Excel that opens the file with a double click:
  `;` separator, UTF-8 with a BOM, decimal comma;
- `standard`, RFC 4180 for programs: `,` separator, decimal point, UTF-8 without BOM.

Both end lines with CRLF (RFC 4180; Excel reads it too), quote a field only when needed,
write dates in ISO 8601 (`2025-07-15`), whole numbers without decimals ("29", never
"29,0"), other numbers rounded to `SIGNIFICANT_DIGITS` significant digits without
trailing zeros nor scientific notation ("2250,6", never "2250.6000000000004"),
booleans "oui"/"non" and missing values as an empty field (never "nan", "None", "NaT").

Formula injection (OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading apostrophe, so that Excel or LibreOffice show
it as text instead of evaluating it; numbers are written as numbers, untouched. In XLSX,
text is always written as a string cell (`write_string`), never as a formula: workbooks
are opened with `strings_to_formulas` off, and only the product's own formulas, written
with `write_formula`, are formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from perfml.errors import UserError

# Text starting with one of these is read as a formula by a spreadsheet (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Numbers that are not whole are rounded to this many significant digits: a double holds
# 15 to 17, the last ones being binary noise ("2250.6000000000004"); 12 keeps every digit
# a person or a recomputation needs (a share of 0.0123456789 stays exact enough to give
# back each euro of a 100-million envelope).
SIGNIFICANT_DIGITS = 12
YES, NO = "oui", "non"
UTF8_BOM = "\ufeff"
LINE_END = "\r\n"
# XlsxWriter options of every workbook: text stays text (never a formula, a URL or a
# number), NaN/inf become blank cells through `write_cell` rather than Excel errors.
WORKBOOK_OPTIONS: dict[str, object] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}
# Excel number formats, by name. Codes are locale-neutral: a French Excel shows them with
# its decimal comma and its space between thousands. Rates are stored 0–100.
NUMBER_FORMATS: dict[str, str] = {
    "text": "@",
    "int": "#,##0",
    "year": "0",
    "dec1": "#,##0.0",
    "dec2": "#,##0.00",
    "dec4": "0.0000",
    "number": "#,##0.00",  # in `write_table_sheet`: "#,##0" for whole numbers
    "pct": '0.0" %"',
    "pct2": '0.00" %"',
    "share": "0.00 %",
    "eur": '#,##0" €"',
    "evol_pct": '+0.0" %";-0.0" %";0.0" %"',
    "pts": '+0.0" pt";-0.0" pt";0.0" pt"',
    "delta1": "+#,##0.0;-#,##0.0;0.0",
    "delta_eur": '+#,##0" €";-#,##0" €";0" €"',
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: separator, decimal mark and byte-order mark."""

    name: str
    delimiter: str
    decimal: str
    bom: bool
    label: str


EXCEL = CsvDialect("excel", ";", ",", True, "Excel français (« ; », virgule décimale, BOM)")
STANDARD = CsvDialect("standard", ",", ".", False, "RFC 4180 (« , », point décimal, sans BOM)")
DIALECTS: dict[str, CsvDialect] = {d.name: d for d in (EXCEL, STANDARD)}
DEFAULT_DIALECT = EXCEL
CSV_OPTION_HELP = (
    "Dialecte des fichiers CSV : excel (« ; », virgule décimale, UTF-8 avec BOM, pour Excel "
    "en français) ou standard (RFC 4180 : « , », point décimal, sans BOM, pour les programmes)."
)


def csv_dialect(name: str | CsvDialect | None) -> CsvDialect:
    """Return the dialect called `name` (`excel` or `standard`); None gives the default."""
    if name is None:
        return DEFAULT_DIALECT
    if isinstance(name, CsvDialect):
        return name
    key = str(getattr(name, "value", name)).strip().lower()
    if key not in DIALECTS:
        raise UserError(
            f"Dialecte CSV inconnu « {name} » : choisissez excel (par défaut) ou standard."
        )
    return DIALECTS[key]


def is_missing(value: object) -> bool:
    """True for None, NaN, pandas' NA and NaT."""
    # numpy and pandas are imported here, not with the module: the command line reads this
    # module's dialects for its `--csv` option and must start without them.
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return False


def is_boolean(value: object) -> bool:
    """True for Python and numpy booleans (written "oui"/"non")."""
    import numpy as np

    return isinstance(value, bool | np.bool_)


def neutralise(text: str) -> str:
    """Return `text` with a leading apostrophe when a spreadsheet would read a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def plain_number(value: float | int, decimal: str = ",", digits: int = SIGNIFICANT_DIGITS) -> str:
    """Write a number without grouping nor exponent: whole ones without decimals, others
    rounded to `digits` significant digits without trailing zeros; "" when not finite."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    number = float(value)
    if not math.isfinite(number):
        return ""
    rounded = Decimal(f"{number:.{digits}g}")
    if rounded == rounded.to_integral_value():
        text = str(int(rounded))
    else:
        text = format(rounded, "f").rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", decimal)


def csv_cell(value: object, dialect: CsvDialect = DEFAULT_DIALECT) -> str:
    """Return the text of one CSV field: typed values written as the module says."""
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if is_boolean(value):
        return YES if value else NO
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, Fraction | Decimal | numbers.Real):
        return plain_number(float(value), dialect.decimal)
    if isinstance(value, dt.datetime):
        return _iso_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return _iso_datetime(value.to_pydatetime())
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    return neutralise(str(value))


def _iso_datetime(value: dt.datetime) -> str:
    if value.time() == dt.time() and value.tzinfo is None:
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="seconds")


def _rows_of(frame) -> tuple[list[str], Iterable[Sequence[object]]]:
    header = [str(c) for c in frame.columns]
    return header, frame.itertuples(index=False, name=None)


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    dialect: str | CsvDialect | None = None,
) -> str:
    """Return the CSV text (BOM included in the Excel dialect) of `header` and `rows`."""
    buffer = io.StringIO()
    _write_rows(buffer, header, rows, csv_dialect(dialect))
    return buffer.getvalue()


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    dialect: str | CsvDialect | None = None,
) -> bytes:
    """Return the CSV file's bytes (UTF-8) of `header` and `rows`, e.g. for a download."""
    return csv_text(header, rows, dialect).encode("utf-8")


def _write_rows(out, header, rows, dialect: CsvDialect) -> int:
    if dialect.bom:
        out.write(UTF8_BOM)
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator=LINE_END)
    writer.writerow([neutralise(str(h)) for h in header])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(v, dialect) for v in row])
        count += 1
    return count


def write_csv_rows(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    dialect: str | CsvDialect | None = None,
) -> int:
    """Write `header` and `rows` (streamed) as a CSV file at `path`; return the row count.

    The folder is created; a file that cannot be written (open in Excel, read-only
    folder) stops with a French message.
    """
    path = Path(path)
    chosen = csv_dialect(dialect)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as out:
            return _write_rows(out, header, rows, chosen)
    except OSError as error:
        raise UserError(
            f"Impossible d'écrire {path} : le fichier est peut-être ouvert dans Excel "
            f"({error.strerror or error})."
        ) from None


def write_csv(frame, path: Path, dialect: str | CsvDialect | None = None) -> Path:
    """Write a pandas DataFrame (columns as header, no index) as a CSV file; return `path`."""
    header, rows = _rows_of(frame)
    write_csv_rows(path, header, rows, dialect)
    return Path(path)


def read_rows(path: Path, dialect: str | CsvDialect | None = None) -> list[dict[str, str]]:
    """Read back a CSV written here as a list of {header: text} (for tests and round trips)."""
    chosen = csv_dialect(dialect)
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=chosen.delimiter))


# --- XLSX ---------------------------------------------------------------------------


def open_workbook(target, **options):
    """Create an XlsxWriter workbook at `target` (a path or a binary buffer).

    Text written with `write()` stays text in every workbook made here; a path's folder
    is created and its name must end with `.xlsx`.
    """
    import xlsxwriter

    settings = dict(WORKBOOK_OPTIONS)
    settings.update(options)
    if isinstance(target, str | Path):
        path = Path(target)
        if path.suffix.lower() != ".xlsx":
            raise UserError(
                f"Le fichier de sortie doit se terminer par .xlsx (reçu : {path.name})."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        return xlsxwriter.Workbook(str(path), settings)
    settings.setdefault("in_memory", True)
    return xlsxwriter.Workbook(target, settings)


def close_workbook(workbook, path: Path | None = None) -> None:
    """Close the workbook; a locked or unwritable file gives a French message."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except (OSError, FileCreateError) as error:
        where = path if path is not None else workbook.filename
        raise UserError(
            f"Impossible d'écrire {where} : le fichier est peut-être ouvert dans Excel ({error})."
        ) from None


def write_text(sheet, row: int, col: int, value: object, cell_format=None) -> None:
    """Write `value` as a text cell: never a formula, a URL or a number."""
    sheet.write_string(row, col, "" if is_missing(value) else str(value), cell_format)


def write_cell(sheet, row: int, col: int, value: object, number_format=None, text_format=None):
    """Write one value with its type: number (with `number_format`), date, oui/non, text.

    A date needs a date `number_format` (e.g. NUMBER_FORMATS["date"]) to show as a date.
    """
    if is_missing(value):
        sheet.write_blank(row, col, None, number_format)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, text_format)
    elif is_boolean(value):
        sheet.write_string(row, col, YES if value else NO, text_format)
    elif isinstance(value, dt.datetime | dt.date) or hasattr(value, "to_pydatetime"):
        moment = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
        if not isinstance(moment, dt.datetime):
            moment = dt.datetime.combine(moment, dt.time())
        sheet.write_datetime(row, col, moment.replace(tzinfo=None), number_format)
    elif isinstance(value, numbers.Number):
        number = float(value)
        if math.isfinite(number):
            sheet.write_number(row, col, number, number_format)
        else:
            sheet.write_blank(row, col, None, number_format)
    else:
        sheet.write_string(row, col, str(value), text_format)


@dataclass(frozen=True)
class SheetColumn:
    """A column of a plain table sheet: frame column, French header, number format name."""

    key: str
    header: str
    number_format: str = "text"
    width: float | None = None


def write_table_sheet(
    workbook,
    name: str,
    frame,
    columns: Sequence[SheetColumn],
    title: str | None = None,
) -> object:
    """Add a sheet holding `frame`'s `columns`: French headers, typed cells, filters.

    An optional title goes in the first row; the header row is frozen and filtered.
    """
    sheet = workbook.add_worksheet(safe_sheet_name(name))
    header_format = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDE5F4", "border": 1}
    )
    kinds = {c.number_format for c in columns} | {"int", "dec2"}
    formats = {kind: workbook.add_format({"num_format": NUMBER_FORMATS[kind]}) for kind in kinds}
    top = 0
    if title:
        write_text(sheet, 0, 0, title, workbook.add_format({"bold": True, "font_size": 13}))
        top = 2
    for j, column in enumerate(columns):
        write_text(sheet, top, j, column.header, header_format)
        width = column.width
        if width is None:
            longest = frame[column.key].astype(str).str.len().max() if len(frame) else 0
            width = min(max(len(column.header) * 0.9, float(longest or 0)) + 2, 60)
        sheet.set_column(j, j, width)
    keys = [c.key for c in columns]
    for i, values in enumerate(frame[keys].itertuples(index=False, name=None), start=top + 1):
        for j, (column, value) in enumerate(zip(columns, values, strict=True)):
            fmt = formats[column.number_format]
            if column.number_format == "number" and isinstance(value, numbers.Real):
                # Counts without decimals ("712", not "712,0"), other numbers with two.
                fmt = formats["int" if float(value).is_integer() else "dec2"]
            write_cell(sheet, i, j, value, fmt, fmt if column.number_format == "text" else None)
    sheet.freeze_panes(top + 1, 0)
    if columns:
        sheet.autofilter(top, 0, top + max(len(frame), 1), len(columns) - 1)
    return sheet


def safe_sheet_name(name: str, max_length: int = 31) -> str:
    """Return `name` made valid for Excel: no []:*?/\\, no edge apostrophe, ≤ 31 characters."""
    for char in "[]:*?/\\":
        name = name.replace(char, " ")
    name = name.strip().strip("'").strip()[:max_length].rstrip()
    return name or "Feuille"


# --- Parquet ------------------------------------------------------------------------


def write_parquet(frame, path: Path) -> Path:
    """Write a DataFrame as a typed Parquet file (no index; text columns stay text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(table, path)
    except OSError as error:
        raise UserError(f"Impossible d'écrire {path} ({error.strerror or error}).") from None
    return path


def with_year(name: str, year: int) -> str:
    """Return the file name `name` carrying `year`: unchanged when it already holds it,
    else with `_<year>` before its extension (`qualite_ml.csv` → `qualite_ml_2025.csv`)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if str(year) in stem:
        return name
    return f"{stem}_{year}" + (f".{suffix}" if dot else "")
