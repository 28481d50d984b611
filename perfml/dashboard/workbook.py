"""Excel workbooks for people: French headers, number formats, frozen panes, widths.

Shared by the exhaustive dashboard, the Garantie jeunes follow-up and the data-quality
report. Values stay numbers in Excel (the reader's Excel shows its own decimal comma and
thousands separator); masked small counts are text ("< 5", "s"), right-aligned.
Workbooks are opened, and CSV files written, by the one output layer (`perfml.outputs`):
text stays text, CSV in the chosen dialect (French Excel by default).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from perfml import outputs
from perfml.outputs import NUMBER_FORMATS

HEADER_COLOR = "#DDE5F4"  # light DSFR blue
SECTION_COLOR = "#000091"  # DSFR "bleu France"
COVER_LABEL_WIDTH = 30
COVER_TEXT_WIDTH = 100


@dataclass(frozen=True)
class Column:
    """One column of a sheet: which frame column, its French header and its format."""

    key: Hashable
    header: str
    number_format: str = "int"
    group: str = ""  # merged header above the column (e.g. the measure)
    section: str = ""  # merged header above the groups (e.g. the theme)
    width: float = 12.0


class Formats:
    """The cell formats of one workbook, created once."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self._cache: dict[tuple, object] = {}
        self.title = workbook.add_format({"bold": True, "font_size": 14, "font_color": "#000091"})
        self.note = workbook.add_format({"italic": True, "font_color": "#3A3A3A"})
        self.warning = workbook.add_format({"bold": True, "font_color": "#CE0500"})
        self.warning_wrap = workbook.add_format(
            {"bold": True, "font_color": "#CE0500", "text_wrap": True, "valign": "top"}
        )
        self.label = workbook.add_format({"bold": True, "valign": "top"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.header = workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
                "bg_color": HEADER_COLOR,
                "border": 1,
            }
        )
        self.section = workbook.add_format(
            {
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "font_color": "#FFFFFF",
                "bg_color": SECTION_COLOR,
                "border": 1,
            }
        )

    def cell(self, number_format: str, bold: bool = False, masked: bool = False):
        """Return the format of a data cell (bold for total rows)."""
        key = (number_format, bold, masked)
        if key not in self._cache:
            spec: dict[str, object] = {"num_format": NUMBER_FORMATS[number_format]}
            if number_format == "text" or masked:
                spec = {"align": "right"} if masked else {}
            if bold:
                spec["bold"] = True
                spec["top"] = 1
            self._cache[key] = self.workbook.add_format(spec)
        return self._cache[key]


def write_value(sheet, row: int, col: int, value: object, formats: Formats, fmt: str, bold=False):
    """Write one value with the right cell type (`outputs.write_cell`): number, date, text
    (masked counts right-aligned), oui/non or blank; a day shows as a date, without its time."""
    if outputs.is_missing(value):
        cell = formats.cell(fmt, bold)
    elif isinstance(value, dt.date):  # datetimes and pandas Timestamps included
        value = value.date() if isinstance(value, dt.datetime) else value
        cell = formats.cell("date")
    elif outputs.is_boolean(value):
        cell = formats.cell("text", bold)
    else:
        cell = formats.cell(fmt, bold, masked=isinstance(value, str) and fmt != "text")
    outputs.write_cell(sheet, row, col, value, cell, cell)


def _merge_runs(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Return (first, last, label) for each run of equal consecutive non-empty labels."""
    runs: list[tuple[int, int, str]] = []
    for i, label in enumerate(labels):
        if runs and label and runs[-1][2] == label and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, label)
        elif label:
            runs.append((i, i, label))
    return runs


def write_table(
    workbook,
    formats: Formats,
    sheet_name: str,
    frame: pd.DataFrame,
    columns: Sequence[Column],
    title: str,
    notes: Iterable[str] = (),
    freeze_columns: int = 1,
    bold_rows: Iterable[int] = (),
):
    """Add a sheet holding `frame` under a title, notes and one to three header rows.

    `bold_rows` are positions (0-based) of total rows, written bold with a rule above.
    Panes are frozen below the headers and right of the first `freeze_columns` columns.
    """
    sheet = workbook.add_worksheet(outputs.safe_sheet_name(sheet_name))
    sheet.write_string(0, 0, title, formats.title)
    row = 1
    for note in notes:
        sheet.write_string(row, 0, note, formats.note)
        row += 1
    row += 1
    header_rows = []
    if any(c.section for c in columns):
        header_rows.append([c.section for c in columns])
    if any(c.group for c in columns):
        header_rows.append([c.group for c in columns])
    top = row
    for labels in header_rows:
        is_section = labels is header_rows[0] and len(header_rows) > 1
        for first, last, label in _merge_runs(labels):
            cell_format = formats.section if is_section else formats.header
            if first == last:
                sheet.write_string(row, first, label, cell_format)
            else:
                sheet.merge_range(row, first, row, last, label, cell_format)
        row += 1
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
        # The header goes up over the empty heading cells right above it.
        first = row
        while first > top and not header_rows[first - 1 - top][col]:
            first -= 1
        for line in range(top, first):
            if not header_rows[line - top][col]:
                sheet.write_blank(line, col, None, formats.header)
        if first < row:
            sheet.merge_range(first, col, row, col, column.header, formats.header)
        else:
            sheet.write_string(row, col, column.header, formats.header)
    sheet.set_row(row, 45)
    first_data = row + 1
    bold = set(bold_rows)
    for i, values in enumerate(frame[[c.key for c in columns]].itertuples(index=False)):
        for col, (value, column) in enumerate(zip(values, columns, strict=True)):
            write_value(sheet, first_data + i, col, value, formats, column.number_format, i in bold)
    sheet.freeze_panes(first_data, freeze_columns)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(top, row)
    if freeze_columns:
        sheet.repeat_columns(0, freeze_columns - 1)
    return sheet


def write_cover(
    workbook,
    formats: Formats,
    sheet_name: str,
    title: str,
    facts: Sequence[tuple[str, str]],
    warnings: Sequence[str] = (),
    paragraphs: Sequence[str] = (),
):
    """Add a cover sheet: a title, label/value facts, red warnings and explanatory text."""
    sheet = workbook.add_worksheet(outputs.safe_sheet_name(sheet_name))
    sheet.set_column(0, 0, COVER_LABEL_WIDTH)
    sheet.set_column(1, 1, COVER_TEXT_WIDTH)
    sheet.write_string(0, 0, title, formats.title)
    row = 2
    for label, value in facts:
        sheet.write_string(row, 0, label, formats.label)
        sheet.write_string(row, 1, value, formats.wrap)
        _fit_row(sheet, row, value)
        row += 1
    if warnings:
        row += 1
        for warning in warnings:
            sheet.write_string(row, 0, "Attention", formats.warning)
            sheet.write_string(row, 1, warning, formats.warning_wrap)
            _fit_row(sheet, row, warning)
            row += 1
    if paragraphs:
        row += 1
        for text in paragraphs:
            sheet.write_string(row, 1, text, formats.wrap)
            _fit_row(sheet, row, text)
            row += 1
    sheet.set_portrait()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.activate()
    return sheet


def _fit_row(sheet, row: int, text: str, width: float = COVER_TEXT_WIDTH) -> None:
    """Give a wrapped cell's row the height of its lines (Excel does not do it on opening)."""
    lines = sum(max(1, math.ceil(len(part) / (width * 1.1))) for part in text.split("\n"))
    if lines > 1:
        sheet.set_row(row, 15 * lines)
