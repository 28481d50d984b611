"""What external outputs show, read back cell by cell (shared by the diffusion audits).

The extract audited is the `mini` warehouse by default; set `PERFML_DIFFUSION_ENTREPOT` to
another loaded warehouse (e.g. a copy of the regional or national synthetic extract) to
audit that one, and `PERFML_DIFFUSION_ANNEE` / `PERFML_DIFFUSION_AU` for the GJ year and
the as-of date.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

EXTRACT_ENV = "PERFML_DIFFUSION_ENTREPOT"


def chosen_warehouse(default: Path) -> Path:
    """Return the warehouse to audit: the one named by the environment, else `default`."""
    return Path(os.environ.get(EXTRACT_ENV) or default)


def gj_year_and_day() -> tuple[int, str]:
    """Return the GJ year and as-of date to audit (2024, 15 July by default)."""
    year = int(os.environ.get("PERFML_DIFFUSION_ANNEE", "2024"))
    return year, os.environ.get("PERFML_DIFFUSION_AU", f"{year}-07-15")


def sheet_cells(path: Path, sheet: str, columns: list[str], entities: dict) -> dict:
    """Return {(column, niveau, code): shown} for the data rows of a written sheet.

    `columns` are the keys of the sheet's columns in order (the first one is the code);
    `entities` maps a code shown in the first column to its (niveau, code).
    """
    shown: dict = {}
    rows = load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)
    for row in rows:
        if not row or row[0] not in entities:
            continue
        niveau, code = entities[row[0]]
        for key, value in zip(columns, row, strict=False):
            shown[(key, niveau, code)] = value
    return shown


def csv_cells(path: Path, columns: dict[str, str]) -> dict:
    """Return {(column, niveau, code): shown} from a CSV written for Excel.

    `columns` maps a CSV header to the cell column it shows.
    """
    frame = pd.read_csv(path, sep=";", decimal=",", dtype=str, encoding="utf-8-sig")
    shown: dict = {}
    for _i, row in frame.iterrows():
        for header, column in columns.items():
            if header in frame.columns:
                shown[(column, row["niveau"], row["code"])] = _number(row[header])
    return shown


def _number(text):
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    try:
        return float(text.replace(",", "."))  # decimal comma, as written for Excel
    except ValueError:
        return text


def gather(*sources: dict) -> dict[tuple, list]:
    """Merge what several sheets and files show: every place each cell appears."""
    places: dict[tuple, list] = {}
    for source in sources:
        for key, value in source.items():
            places.setdefault(key, []).append(value)
    return places
