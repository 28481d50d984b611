"""The rejected rows: the `_rejets` table of the warehouse and its CSV report for Excel.

One reject is one broken rule of one row: a row breaking two rules appears twice, and a
table's rejected-row count is its number of distinct lines here.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from perfml.contract import LOAD_ORDER
from perfml.loading.formats import sql_string
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
REPORT_BATCH_ROWS = 50_000


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


def write_report(con: duckdb.DuckDBPyConnection, path: Path, dialect: str | None = None) -> int:
    """Write `_rejets` as a CSV (French Excel dialect by default) through the output layer,
    streamed by batches; return its row count. A file that cannot be written is a French
    `UserError` (the caller says whether the warehouse was loaded)."""
    from perfml import outputs

    cursor = con.execute(f"SELECT {', '.join(COLUMNS)} FROM main.{REJECTS_TABLE}")

    def rows():
        while batch := cursor.fetchmany(REPORT_BATCH_ROWS):
            yield from batch

    return outputs.write_csv_rows(path, list(COLUMNS.values()), rows(), dialect)
