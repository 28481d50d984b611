"""The three engines the indicators run on, and copying the contract's tables between them.

- DuckDB (default): the warehouse file, opened read-only.
- PostgreSQL: a URL; the contract's tables live in a schema (`search_path`).
- PySpark: a local session or a cluster (`perfml.indicators.spark`), reading Parquet.

`copy_to_postgres` (here) and `perfml.indicators.spark.copy_to_spark` copy a warehouse's
contract tables, for the cross-engine tests and for users who want to run on their own
server.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa

from perfml import contract
from perfml.errors import UserError

ENGINES = ("duckdb", "postgres", "spark")
DEFAULT_PG_SCHEMA = "public"
# A statement of the indicators takes seconds on the national extract: 10 minutes means
# something went wrong, and bounds what a killed perfml leaves running on the server.
DEFAULT_STATEMENT_TIMEOUT = 600.0
# Contract types → Ibis types (the loader's natural types).
IBIS_TYPES = {
    "text": "string",
    "enum": "string",
    "int": "int64",
    "decimal": "float64",
    "date": "date",
    "bool": "boolean",
}
CONTRACT_TABLES = tuple(t.name for t in contract.TABLES)


def contract_schema(name: str) -> ibis.Schema:
    """The Ibis schema of contract table `name` (its contract columns)."""
    return ibis.schema({c.name: IBIS_TYPES[c.type] for c in contract.table(name).columns})


def memory_backend(
    frames: Mapping[str, pd.DataFrame | list[dict]], path: str | Path | None = None
) -> ibis.BaseBackend:
    """Return a DuckDB (in memory, or the file `path`) holding every contract table, typed,
    with the given rows.

    A table not given is created empty; a column not given is null. Made for hand-made
    test cases.
    """
    con = ibis.duckdb.connect(str(path)) if path is not None else ibis.duckdb.connect()
    for name in CONTRACT_TABLES:
        schema = contract_schema(name)
        rows = frames.get(name, [])
        if isinstance(rows, pd.DataFrame):
            rows = rows.astype(object).where(rows.notna(), None).to_dict("records")
        unknown = {column for row in rows for column in row} - set(schema.names)
        if unknown:
            raise ValueError(f"{name}: unknown columns {sorted(unknown)}")
        columns = {
            column: pa.array([row.get(column) for row in rows], type=dtype.to_pyarrow())
            for column, dtype in schema.items()
        }
        con.create_table(name, pa.table(columns), overwrite=True)
    return con


def connect_duckdb(warehouse: str | Path) -> ibis.BaseBackend:
    """Open the DuckDB warehouse at `warehouse`, read-only."""
    from perfml.warehouse import connect

    return connect(warehouse, read_only=True)


def _pg_params(url: str) -> dict:
    import psycopg.conninfo

    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise UserError(f"Adresse PostgreSQL illisible : « {url} » ({error}).") from None
    params = {
        "host": info.get("host"),
        "port": int(info["port"]) if info.get("port") else None,
        "user": info.get("user"),
        "password": info.get("password"),
        "database": info.get("dbname"),
    }
    return {k: v for k, v in params.items() if v is not None}


def connect_postgres(
    url: str,
    schema: str | None = DEFAULT_PG_SCHEMA,
    statement_timeout: float | None = DEFAULT_STATEMENT_TIMEOUT,
) -> ibis.BaseBackend:
    """Connect to the PostgreSQL database at `url`, reading the tables of `schema`.

    Each statement of the session stops on the server after `statement_timeout` seconds
    (None: the server's setting), so that even a perfml killed without warning leaves
    no query running past it; the server also checks that the client is still there
    while a statement runs (PostgreSQL 14 and later).
    """
    import psycopg

    params = _pg_params(url)
    if statement_timeout is not None and not statement_timeout > 0:
        raise UserError("Le délai maximal d'une requête doit être un nombre de secondes positif.")
    try:
        con = ibis.postgres.connect(**params, schema=schema)
    except psycopg.OperationalError as error:
        raise UserError(
            f"Connexion à PostgreSQL impossible ({_safe_url(url)}) : {str(error).strip()}"
        ) from None
    if statement_timeout is not None:
        set_statement_timeout(con, statement_timeout)
    return con


def set_statement_timeout(con: ibis.BaseBackend, seconds: float) -> None:
    """Stop each statement of `con`'s session on the server after `seconds`, and have the
    server notice a vanished client while a statement runs."""
    raw = con.con
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)", [f"{seconds * 1000:.0f}"]
        )
        if raw.info.server_version >= 140000:
            cursor.execute("SELECT set_config('client_connection_check_interval', '2000', false)")


def statement_timeout_of(con: ibis.BaseBackend) -> str:
    """The statement timeout of `con`'s session, as the server shows it."""
    with con.con.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def _safe_url(url: str) -> str:
    """`url` without its password, for messages."""
    params = _pg_params(url)
    host = params.get("host", "localhost")
    port = params.get("port", 5432)
    return f"{params.get('user', '')}@{host}:{port}/{params.get('database', '')}"


def tables_of(source: ibis.BaseBackend, tables: Iterable[str] | None) -> list[str]:
    """The contract tables of `source` among `tables` (all when None), in contract order."""
    present = set(source.list_tables())
    wanted = CONTRACT_TABLES if tables is None else tuple(tables)
    return [name for name in wanted if name in present]


def copy_to_postgres(
    source: ibis.BaseBackend,
    url: str,
    schema: str = DEFAULT_PG_SCHEMA,
    tables: Iterable[str] | None = None,
    statement_timeout: float | None = DEFAULT_STATEMENT_TIMEOUT,
) -> ibis.BaseBackend:
    """Copy the contract tables of `source` into `schema` of the PostgreSQL database at
    `url` (replacing them), and return a connection reading that schema (each statement
    bounded by `statement_timeout` seconds)."""
    import psycopg.sql as pgsql
    import pyarrow.csv as pacsv

    # The bulk copy of a national extract may take minutes: no statement timeout; a killed
    # client ends a COPY FROM STDIN on the server at once.
    target = connect_postgres(url, schema=None, statement_timeout=None)
    raw = target.con
    options = pacsv.WriteOptions(include_header=False)
    with raw.cursor() as cursor, raw.transaction():
        cursor.execute(pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(schema)))
        for name in tables_of(source, tables):
            expr = source.table(name)
            qualified = pgsql.Identifier(schema, name)
            columns = [
                pgsql.SQL(d.sql("postgres"))
                for d in expr.schema().to_sqlglot_column_defs("postgres")
            ]
            cursor.execute(pgsql.SQL("DROP TABLE IF EXISTS {}").format(qualified))
            cursor.execute(
                pgsql.SQL("CREATE TABLE {} ({})").format(qualified, pgsql.SQL(", ").join(columns))
            )
            copy_sql = pgsql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
                qualified, pgsql.SQL(", ").join(pgsql.Identifier(c) for c in expr.columns)
            )
            with cursor.copy(copy_sql) as copy:
                for batch in source.to_pyarrow_batches(expr, chunk_size=200_000):
                    buffer = io.BytesIO()
                    # A staging stream for COPY, never a file a person opens: PostgreSQL's
                    # CSV format, not the output layer's (`perfml.outputs`), whose French
                    # decimals and formula apostrophes would change the data.
                    pacsv.write_csv(pa.Table.from_batches([batch]), buffer, options)
                    copy.write(buffer.getvalue())
            cursor.execute(pgsql.SQL("ANALYZE {}").format(qualified))
    target.disconnect()
    return connect_postgres(url, schema=schema, statement_timeout=statement_timeout)
