"""The rejected rows: the `_rejets` table of the warehouse and its CSV report for Excel.

One reject is one broken rule of one row: a row breaking two rules appears twice, and a
table's rejected-row count is its number of distinct lines here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from perfml.contract import LOAD_ORDER
from perfml.loading.formats import sql_name, sql_string
from perfml.warehouse import REJECTS_TABLE

WORK_TABLE = "rejets_du_chargement"
# Column of `_rejets` -> its heading in the CSV report.
COLUMNS: dict[str, str] = {
    "fichier": "fichier",
    "nom_table": "table",
    "ligne": "ligne",
    "colonne": "colonne",
    "valeur": "valeur",
    "regle": "règle",
    "message": "message",
}


def create_work_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temporary table that gathers the rejects of the load."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {WORK_TABLE} (fichier VARCHAR, nom_table VARCHAR, "
        "ligne BIGINT, colonne VARCHAR, valeur VARCHAR, regle VARCHAR, message VARCHAR, "
        "ordre INTEGER)"
    )


def add_rejects(con: duckdb.DuckDBPyConnection, file: str, table: str, select_sql: str) -> None:
    """Add the rejects selected by `select_sql` (ligne, colonne, valeur, regle, message, ordre)."""
    con.execute(
        f"INSERT INTO {WORK_TABLE} SELECT {sql_string(file)}, {sql_string(table)}, * "
        f"FROM ({select_sql})"
    )


def add_split_rejects(con: duckdb.DuckDBPyConnection, file: str, table: str, path: Path) -> None:
    """Add the CSV lines rejected while splitting the file (`perfml.loading.lines`)."""
    add_rejects(
        con,
        file,
        table,
        f"SELECT ligne, NULL, valeur, regle, message, -1 FROM read_csv({sql_string(path)}, "
        "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        "columns = {'ligne': 'BIGINT', 'valeur': 'VARCHAR', 'regle': 'VARCHAR', "
        "'message': 'VARCHAR'}, encoding = 'utf-8')",
    )


def rejected_lines(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """The number of distinct rejected lines of `table` so far."""
    row = con.execute(
        f"SELECT count(DISTINCT ligne) FROM {WORK_TABLE} WHERE nom_table = {sql_string(table)}"
    ).fetchone()
    return int(row[0]) if row else 0


def save(con: duckdb.DuckDBPyConnection) -> None:
    """Write `_rejets` into the warehouse, in a stable order (table, line, rule)."""
    ranks = " ".join(f"WHEN {sql_string(t)} THEN {i}" for i, t in enumerate(LOAD_ORDER))
    con.execute(
        f"CREATE TABLE main.{REJECTS_TABLE} AS SELECT {', '.join(COLUMNS)} FROM {WORK_TABLE} "
        f"ORDER BY CASE nom_table {ranks} END, ligne, ordre, colonne, regle"
    )
    con.execute(f"DROP TABLE {WORK_TABLE}")


def write_report(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write `_rejets` as a CSV for Excel (UTF-8 with BOM, `;`); return its row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = path.with_name(f".{path.name}.corps")
    headings = ", ".join(f"{name} AS {sql_name(heading)}" for name, heading in COLUMNS.items())
    con.execute(
        f"COPY (SELECT {headings} FROM main.{REJECTS_TABLE}) TO {sql_string(body)} "
        "(FORMAT csv, HEADER true, DELIMITER ';', QUOTE '\"')"
    )
    with path.open("wb") as out, body.open("rb") as source:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(source, out, 16 * 1024 * 1024)
    body.unlink()
    row = con.execute(f"SELECT count(*) FROM main.{REJECTS_TABLE}").fetchone()
    return int(row[0]) if row else 0
