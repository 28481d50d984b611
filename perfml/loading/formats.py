"""Find the extract's files and describe how to read them (CSV dialect, encoding, Parquet).

Everything here is detected from the file itself, never asked: the encoding (UTF-8 with
or without BOM, else Windows-1252, which reads Latin-1 text identically), the separator
(`,` or `;`, from the header line) and, with `;`, the decimal comma. DuckDB then reads the
file; a Windows-1252 file is first transcoded to a temporary UTF-8 copy in streaming
chunks, because DuckDB reads UTF-8 only without an extension.
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from perfml.contract import TABLES_BY_NAME
from perfml.errors import UserError

SourceKind = Literal["csv", "parquet", "json"]

# Only `structures` may come as the i-milo referential (JSON).
SUFFIXES: dict[str, tuple[SourceKind, ...]] = {
    name: ("csv", "parquet", "json") if name == "structures" else ("csv", "parquet")
    for name in TABLES_BY_NAME
}
UTF8_BOM = codecs.BOM_UTF8
CHUNK_BYTES = 16 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
# A Windows-1252 file holding these byte pairs is in fact partly UTF-8 ("Ã©" for "é"):
# decoding it either way would corrupt some cells, so it is refused.
MIXED_UTF8 = re.compile(rb"\xc3[\x80-\xbf]")
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
    utf8_path: Path | None = None  # csv: the UTF-8 file DuckDB reads (a copy for cp1252)

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


def detect_encoding(path: Path) -> str:
    """Return the encoding of a text file: `utf-8`, `utf-8-sig` or `cp1252`.

    The whole file is checked (in chunks): a single byte sequence invalid in UTF-8 makes
    it Windows-1252, and a file that is neither stops the load.
    """
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
        if not head.strip(b" \t\r\n" + UTF8_BOM):
            raise UserError(f"Le fichier {path} est vide : il doit au moins contenir l'en-tête.")
        if b"\x00" in head:
            raise UserError(
                f"Le fichier {path} n'est pas un fichier CSV (contenu binaire) : "
                "enregistrez la table au format CSV ou Parquet."
            )
        if _is_utf8(path):
            return "utf-8-sig" if head.startswith(UTF8_BOM) else "utf-8"
    if _is_cp1252(path):
        return "cp1252"
    raise UserError(
        f"Le fichier {path} n'est lisible dans aucun encodage accepté (UTF-8, Windows-1252, "
        "Latin-1), ou il mélange plusieurs encodages : réenregistrez-le en UTF-8."
    )


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _is_cp1252(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("cp1252")()
    tail = b""
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                if MIXED_UTF8.search(tail + chunk):
                    return False
                decoder.decode(chunk)
                tail = chunk[-1:]
    except UnicodeDecodeError:
        return False
    return True


def transcode_to_utf8(path: Path, encoding: str, target: Path) -> None:
    """Copy the text file `path` in `encoding` to `target` in UTF-8, chunk by chunk."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as source, target.open("wb") as out:
        while chunk := source.read(CHUNK_BYTES):
            out.write(decoder.decode(chunk).encode("utf-8"))
        out.write(decoder.decode(b"", final=True).encode("utf-8"))


def read_header(path: Path, encoding: str) -> tuple[list[str], str]:
    """Return the column names of the CSV's first line and its separator (`;` or `,`)."""
    with path.open("r", encoding=encoding, newline="") as stream:
        line = stream.readline(SNIFF_BYTES)
    line = line.lstrip("\ufeff").rstrip("\r\n")
    delimiter = ";" if line.count(";") > line.count(",") else ","
    names = next(csv.reader([line], delimiter=delimiter), [])
    return [name.strip() for name in names], delimiter


def sniff_csv(table: str, path: Path, scratch: Path) -> SourceFile:
    """Detect the encoding, separator and columns of a CSV; transcode it if needed."""
    encoding = detect_encoding(path)
    names, delimiter = read_header(path, encoding)
    utf8_path = path
    if encoding == "cp1252":
        utf8_path = scratch / f"{table}.utf8.csv"
        transcode_to_utf8(path, encoding, utf8_path)
    return SourceFile(
        table=table,
        path=path,
        kind="csv",
        columns=tuple(names),
        types=("VARCHAR",) * len(names),
        encoding=encoding,
        delimiter=delimiter,
        utf8_path=utf8_path,
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


def relation_sql(source: SourceFile, rejects_table: str) -> str:
    """Return the SQL table function that reads `source` (rejects of CSV lines recorded)."""
    if source.kind == "parquet":
        return f"read_parquet({sql_string(source.path)}, file_row_number = true)"
    columns = ", ".join(f"{sql_string(name)}: 'VARCHAR'" for name in physical_names(source.columns))
    return (
        f"read_csv({sql_string(source.utf8_path or source.path)}, header = true, "
        f"auto_detect = false, delim = {sql_string(source.delimiter or ',')}, quote = '\"', "
        f"escape = '\"', columns = {{{columns}}}, ignore_errors = true, "
        f"store_rejects = true, rejects_table = {sql_string(rejects_table)}, "
        f"rejects_scan = {sql_string(rejects_table + '_scan')}, encoding = 'utf-8')"
    )


def physical_names(names: tuple[str, ...]) -> list[str]:
    """Return unique, non-empty names for the file's columns (blank headers get a name)."""
    return [name or f"_sans_nom_{position}" for position, name in enumerate(names, start=1)]


def sql_string(value: object) -> str:
    """Return `value` as a quoted SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """Return `name` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
