"""Write the extract: one file per contract table, Parquet (default) or CSV.

Column names and order are the contract's (`perfml.contract`); types are the natural
ones (date, boolean, 64-bit integer, double, text). CSV files are UTF-8 with `,` and
ISO dates. Each file is written under a temporary name and renamed when complete, so
an interrupted run never leaves a half-written table under its real name. Encoding
and compression run in a background thread (Arrow releases the GIL), one at a time
and in order, so that the files are the same whatever the timing.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from perfml.contract import TABLES, table
from perfml.errors import UserError

FORMATS = ("parquet", "csv")
ARROW_TYPES = {
    "text": pa.string(),
    "enum": pa.string(),
    "int": pa.int64(),
    "decimal": pa.float64(),
    "date": pa.date32(),
    "bool": pa.bool_(),
}
BATCH_ROWS = 1_000_000  # rows buffered before a Parquet row group is written


def contract_schema(name: str, extra: list[tuple[str, pa.DataType]] | None = None) -> pa.Schema:
    """Return the Arrow schema of contract table `name`, plus `extra` columns at the end."""
    fields = [pa.field(c.name, ARROW_TYPES[c.type]) for c in table(name).columns]
    return pa.schema(fields + [pa.field(n, t) for n, t in extra or []])


def check_format(fmt: str) -> str:
    """Return `fmt` if it is a format the generator writes, else a French error."""
    if fmt not in FORMATS:
        raise UserError(f"Format inconnu : « {fmt} ». Formats possibles : {', '.join(FORMATS)}.")
    return fmt


def check_output_dir(out_dir: Path, fmt: str) -> None:
    """Refuse a folder that holds tables of the other format (the loader would see both)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir} existe et n'est pas un dossier : choisissez un dossier.")
    others = [f for f in FORMATS if f != fmt]
    clashes = [
        out_dir / f"{t.name}.{other}"
        for t in TABLES
        for other in others
        if (out_dir / f"{t.name}.{other}").exists()
    ]
    if clashes:
        raise UserError(
            f"Le dossier {out_dir} contient déjà un extrait au format {others[0]} "
            f"({clashes[0].name}…) : choisissez un autre dossier ou videz celui-ci."
        )


class ExtractWriter:
    """Write the tables of one extract into `out_dir`, buffering rows by table."""

    def __init__(self, out_dir: Path, fmt: str, schemas: dict[str, pa.Schema]) -> None:
        self.out_dir = out_dir
        self.fmt = check_format(fmt)
        self.schemas = schemas
        self.rows = dict.fromkeys(schemas, 0)
        self._buffers: dict[str, list[pa.Table]] = {name: [] for name in schemas}
        self._buffered = dict.fromkeys(schemas, 0)
        self._writers: dict[str, object] = {}
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="perfml-ecriture")
        self._pending: list[Future] = []
        out_dir.mkdir(parents=True, exist_ok=True)

    def _path(self, name: str, temporary: bool = False) -> Path:
        suffix = ".tmp" if temporary else ""
        return self.out_dir / f"{name}.{self.fmt}{suffix}"

    def write(self, name: str, rows: pa.Table) -> None:
        """Add `rows` to table `name` (columns in any order, cast to the table's schema)."""
        schema = self.schemas[name]
        rows = rows.select(schema.names).cast(schema)
        self._buffers[name].append(rows)
        self._buffered[name] += rows.num_rows
        self.rows[name] += rows.num_rows
        if self._buffered[name] >= BATCH_ROWS:
            self._flush(name)

    def _flush(self, name: str) -> None:
        if not self._buffers[name]:
            return
        rows = pa.concat_tables(self._buffers[name])
        self._buffers[name] = []
        self._buffered[name] = 0
        writer = self._writers.get(name)
        if writer is None:
            path = self._path(name, temporary=True)
            if self.fmt == "parquet":
                writer = pq.ParquetWriter(path, self.schemas[name], compression="zstd")
            else:
                options = pacsv.WriteOptions(quoting_style="needed")
                writer = pacsv.CSVWriter(path, self.schemas[name], write_options=options)
            self._writers[name] = writer
        self._pending.append(self._thread.submit(writer.write_table, rows))
        self._check_pending()

    def _check_pending(self, wait: bool = False) -> None:
        """Raise the error of a finished write; with `wait`, wait for all of them."""
        still = []
        for future in self._pending:
            if wait or future.done():
                future.result()
            else:
                still.append(future)
        self._pending = still

    def close(self) -> dict[str, int]:
        """Write what is buffered, give every file its real name; return rows per table."""
        for name in self.schemas:
            self._flush(name)
            if name not in self._writers:  # a table with no rows still gets its header
                self._buffers[name] = [self.schemas[name].empty_table()]
                self._flush(name)
        self._check_pending(wait=True)
        for name in self.schemas:
            self._writers.pop(name).close()
        self._thread.shutdown()
        for name in self.schemas:
            os.replace(self._path(name, temporary=True), self._path(name))
        return dict(self.rows)

    def abort(self) -> None:
        """Close and remove the temporary files after a failure."""
        self._thread.shutdown(wait=True, cancel_futures=True)
        for name, writer in self._writers.items():
            writer.close()
            self._path(name, temporary=True).unlink(missing_ok=True)
        self._writers.clear()
