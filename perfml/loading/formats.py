"""Find the extract's files and describe how to read them (CSV dialect, encoding, Parquet).

Everything here is detected from the file itself, never asked: the encoding (UTF-8 with
or without BOM, else Windows-1252, which reads Latin-1 text identically), the separator
(`,` or `;`, from the header line) and, with `;`, the decimal comma. A CSV is split line by
line (`perfml.loading.lines`) into a clean UTF-8 copy that DuckDB then reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from perfml.contract import TABLES_BY_NAME
from perfml.errors import UserError
from perfml.loading.lines import MAX_RECORD_CHARS, SplitFile, detect_encoding, split_csv

SourceKind = Literal["csv", "parquet", "json"]

# Only `structures` may come as the i-milo referential (JSON).
SUFFIXES: dict[str, tuple[SourceKind, ...]] = {
    name: ("csv", "parquet", "json") if name == "structures" else ("csv", "parquet")
    for name in TABLES_BY_NAME
}
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 avec BOM",
    "cp1252": "Windows-1252 (Latin-1)",
}


@dataclass(frozen=True)
class SourceFile:
    """One file of the extract and what was detected about it."""

    table: str
    path: Path
    kind: SourceKind
    # Column names as written in the file, in file order, and DuckDB's type of each
    # (VARCHAR for every CSV column).
    columns: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    encoding: str | None = None  # csv: "utf-8", "utf-8-sig" or "cp1252"
    delimiter: str | None = None  # csv: "," or ";"
    split: SplitFile | None = None  # csv: the file read line by line

    @property
    def decimal_comma(self) -> bool:
        """Whether `12,5` means 12.5 in this file (`;` CSV, or text cells of Parquet)."""
        return self.kind != "csv" or self.delimiter == ";"

    def describe(self) -> str:
        """Return a short French description of the format (for the report)."""
        if self.kind == "parquet":
            return "Parquet"
        if self.kind == "json":
            return "JSON (référentiel i-milo)"
        return f"CSV « {self.delimiter} », {ENCODING_LABELS[self.encoding or 'utf-8']}"


def find_sources(directory: Path) -> tuple[dict[str, Path], list[str]]:
    """Return the file of each contract table found in `directory`, and warnings.

    File names are matched without regard to case (`Jeunes.CSV` is `jeunes`); two files
    for one table is an error, any other file is ignored with a warning.
    """
    if not directory.is_dir():
        raise UserError(f"Le dossier de l'extrait {directory} n'existe pas.")
    found: dict[str, Path] = {}
    warnings: list[str] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        stem, _, suffix = path.name.lower().rpartition(".")
        if stem in SUFFIXES and suffix in SUFFIXES[stem]:
            if stem in found:
                raise UserError(
                    f"Deux fichiers pour la table {stem} dans {directory} : "
                    f"{found[stem].name} et {path.name}. Gardez-en un seul."
                )
            found[stem] = path
        else:
            warnings.append(f"Fichier {path.name} ignoré : ce n'est pas une table du contrat.")
    return found, warnings


def sniff_csv(table: str, path: Path, scratch: Path) -> SourceFile:
    """Read a CSV line by line into clean records (`perfml.loading.lines`); describe it."""
    encoding = detect_encoding(path)
    split = split_csv(
        path, encoding, scratch / f"{table}.lignes.csv", scratch / f"{table}.rejets.csv"
    )
    return SourceFile(
        table=table,
        path=path,
        kind="csv",
        columns=tuple(split.columns),
        types=("VARCHAR",) * len(split.columns),
        encoding=encoding,
        delimiter=split.delimiter,
        split=split,
    )


def sniff_parquet(table: str, path: Path, con: duckdb.DuckDBPyConnection) -> SourceFile:
    """Read the schema of a Parquet file (its column names and natural types)."""
    if path.stat().st_size == 0:
        raise UserError(f"Le fichier {path} est vide.")
    try:
        schema = con.execute(f"DESCRIBE SELECT * FROM read_parquet({sql_string(path)})").fetchall()
    except duckdb.Error:
        raise UserError(
            f"Le fichier {path} n'est pas un fichier Parquet lisible (tronqué ou abîmé) : "
            "exportez à nouveau la table."
        ) from None
    return SourceFile(
        table=table,
        path=path,
        kind="parquet",
        columns=tuple(row[0] for row in schema),
        types=tuple(row[1] for row in schema),
    )


def relation_sql(source: SourceFile) -> str:
    """Return the SQL table function that reads `source` (a CSV: its clean records)."""
    if source.kind == "parquet":
        return f"read_parquet({sql_string(source.path)}, file_row_number = true)"
    assert source.split is not None
    columns = ", ".join(
        ["'_ligne': 'BIGINT'"]
        + [f"{sql_string(name)}: 'VARCHAR'" for name in physical_names(source.columns)]
    )
    # The records file is ours, clean UTF-8 written by `csv.writer`: no error is possible.
    return (
        f"read_csv({sql_string(source.split.records_path)}, header = false, "
        "auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"columns = {{{columns}}}, max_line_size = {8 * MAX_RECORD_CHARS}, "
        "encoding = 'utf-8')"
    )


def physical_names(names: tuple[str, ...]) -> list[str]:
    """Return unique, non-empty names for the file's columns (blank headers get a name)."""
    return [
        name if name and name.lower() != "_ligne" else f"_sans_nom_{position}"
        for position, name in enumerate(names, start=1)
    ]


def sql_string(value: object) -> str:
    """Return `value` as a quoted SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """Return `name` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
