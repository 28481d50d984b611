"""Tiny hand-made warehouses for tests: the contract's tables, typed, holding given rows.

`build_warehouse(path, rows)` creates every table of `perfml.contract` (empty unless
`rows` names it) with the loader's natural types, plus `_meta` with the extract date.
Cells not given are NULL, as the loader leaves empty optional cells.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from perfml import contract

SQL_TYPES = {
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "int": "BIGINT",
    "decimal": "DOUBLE",
    "date": "DATE",
    "bool": "BOOLEAN",
}


def build_warehouse(
    path: Path,
    rows: dict[str, list[dict]],
    extract_date: dt.date | None = dt.date(2025, 3, 31),
    extra_columns: dict[str, dict[str, str]] | None = None,
    skip_tables: tuple[str, ...] = (),
) -> Path:
    """Write a DuckDB warehouse at `path` holding `rows` (table name → list of row dicts)."""
    extra_columns = extra_columns or {}
    con = duckdb.connect(str(path))
    for spec in contract.TABLES:
        if spec.name in skip_tables:
            continue
        columns = {c.name: SQL_TYPES[c.type] for c in spec.columns}
        columns.update(extra_columns.get(spec.name, {}))
        ddl = ", ".join(f'"{name}" {sql}' for name, sql in columns.items())
        con.execute(f'CREATE TABLE "{spec.name}" ({ddl})')
        names = list(columns)
        for row in rows.get(spec.name, []):
            unknown = set(row) - set(names)
            assert not unknown, f"{spec.name}: colonnes inconnues {unknown}"
            placeholders = ", ".join("?" for _ in names)
            con.execute(
                f'INSERT INTO "{spec.name}" VALUES ({placeholders})',
                [row.get(name) for name in names],
            )
    con.execute('CREATE TABLE "_meta" ("key" VARCHAR, "value" VARCHAR)')
    if extract_date is not None:
        con.execute("INSERT INTO _meta VALUES ('date_extraction', ?)", [extract_date.isoformat()])
    con.close()
    return path


def d(text: str) -> dt.date:
    """Parse an ISO date (short to write in test data)."""
    return dt.date.fromisoformat(text)


def three_ml_structures() -> list[dict]:
    """Three MLs: 01001 and 01002 in region 84, 02001 in region 93."""
    return [
        {"code_ml": "01001", "nom": "ML Un", "code_departement": "01", "code_region": "84"},
        {"code_ml": "01002", "nom": "ML Deux", "code_departement": "01", "code_region": "84"},
        {"code_ml": "13001", "nom": "ML Trois", "code_departement": "13", "code_region": "93"},
    ]
