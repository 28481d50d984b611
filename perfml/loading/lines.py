"""Split a CSV file into records by its physical lines, decoding each line on its own.

Why not let DuckDB split the file: with `ignore_errors` an unclosed quote makes it read the
rest of the file (or the next row) as one field and count it as one line, so rows vanish
from the counts and every later line number is off. Here the file is read line by line:

- one encoding is chosen for the whole file (`detect_encoding`); a line that does not
  decode in it, or holds a NUL byte, is rejected (rule `encodage`) — never stored as
  mojibake;
- each record starts on a physical line; a record may continue on the next lines only
  when a quoted value holds a line break *and* the record then has exactly the header's
  number of fields. Otherwise the first line is rejected (rule `guillemets`) and reading
  starts again on the next physical line, so one bad quote costs one line, not the file;
- a record with too few or too many fields is rejected (rule `ligne_mal_formee`);
- when several lines in a row cannot be split, the row boundaries themselves cannot be
  trusted: the load stops, naming the file and the line.

The records are written, with their physical line number `_ligne`, to a clean UTF-8 CSV
that DuckDB reads without any error possible; the rejected lines to another.
"""

from __future__ import annotations

import codecs
import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from perfml.errors import UserError

UTF8_BOM = codecs.BOM_UTF8
# No real cell is this long; beyond, the line is rejected (and DuckDB never chokes on it).
MAX_RECORD_CHARS = 1_000_000
# A quoted value spanning more lines than this is an unclosed quote, not a text.
MAX_RECORD_LINES = 50
# This many unsplittable lines in a row: the row boundaries cannot be trusted.
MAX_BROKEN_IN_A_ROW = 10
VALUE_SHOWN_CHARS = 200
CHUNK_BYTES = 16 * 1024 * 1024

MESSAGES = {
    "unclosed": "Guillemet non refermé (ou mal placé) : la ligne ne peut pas être découpée ; "
    "la lecture reprend à la ligne suivante.",
    "too_long": "Ligne démesurée : elle dépasse 1 000 000 de caractères.",
    "missing": "Ligne incomplète : elle a {n} champs au lieu des {expected} de l'en-tête.",
    "extra": "Ligne trop longue : elle a {n} champs au lieu des {expected} de l'en-tête.",
    "nul": "Caractère nul (octet 0) dans la ligne : la ligne est illisible.",
    "undecodable": "Caractères illisibles en {encoding} (l'encodage du reste du fichier) : "
    "la ligne est rejetée plutôt que chargée avec des caractères faux.",
    "foreign_utf8": "Ligne écrite en UTF-8 dans un fichier en Windows-1252 : la ligne est "
    "rejetée plutôt que chargée avec des caractères faux.",
}
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
# A longer cell is caught by our own size check (the module default is 131 072).
csv.field_size_limit(MAX_RECORD_CHARS + 1)


@dataclass
class SplitFile:
    """What reading one CSV gave: its dialect, its columns and the count of its lines."""

    path: Path
    encoding: str
    delimiter: str
    columns: list[str]
    records_path: Path  # clean UTF-8 CSV: _ligne, then the file's columns
    rejects_path: Path  # ligne, valeur, regle, message
    data_lines: int = 0  # physical lines after the header, blank ones excluded
    records: int = 0  # records written to `records_path`
    rejected: int = 0  # lines written to `rejects_path`
    continuation_lines: int = 0  # lines that continue a record (line break in quotes)
    blank_lines: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        """The rows read: records plus rejected lines."""
        return self.records + self.rejected


class _BrokenRecord(Exception):
    """A record that cannot be split: `kind` is a key of MESSAGES."""

    def __init__(self, kind: str) -> None:
        self.kind = kind


def physical_lines(path: Path) -> Iterator[bytes]:
    """The file's lines as bytes, without their end (`\\n` or `\\r\\n`)."""
    with path.open("rb") as stream:
        for raw in stream:
            yield raw.rstrip(b"\r\n") if raw.endswith(b"\n") else raw.rstrip(b"\r")


def detect_encoding(path: Path) -> str:
    """Return the one encoding the file is read in: `utf-8`, `utf-8-sig` or `cp1252`.

    Among the lines holding non-ASCII bytes, those valid in UTF-8 vote UTF-8 and the others
    Windows-1252; the majority wins (UTF-8 on a tie). The losing lines are rejected when
    the file is split. A file with a NUL byte in its first line is binary: the load stops.
    """
    with path.open("rb") as stream:
        head = stream.read(64 * 1024)
    if not head.strip(b" \t\r\n" + UTF8_BOM):
        raise UserError(f"Le fichier {path} est vide : il doit au moins contenir l'en-tête.")
    first = head.split(b"\n", 1)[0]
    if b"\x00" in first:
        raise UserError(
            f"Le fichier {path} n'est pas un fichier CSV (contenu binaire) : "
            "enregistrez la table au format CSV ou Parquet."
        )
    if b"\r" in head.rstrip(b"\r") and b"\n" not in head:
        raise UserError(
            f"Le fichier {path} termine ses lignes par un retour chariot seul (ancien format "
            "Mac) : réenregistrez-le en CSV Windows ou UTF-8."
        )
    if head.startswith(UTF8_BOM):
        return "utf-8-sig"
    if _is_utf8(path):
        return "utf-8"  # every line decodes in UTF-8: no vote needed
    utf8 = other = 0
    for raw in physical_lines(path):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            other += 1
    return "cp1252" if other > utf8 else "utf-8"


def _is_utf8(path: Path) -> bool:
    """Whether the whole file decodes in UTF-8 (read by large chunks, at C speed).

    A UTF-8 sequence never holds the bytes of a line end, so the file is valid exactly
    when each of its lines is: the usual case is settled without reading line by line.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def decode_line(raw: bytes, encoding: str) -> tuple[str | None, str | None]:
    """Decode one line: (text, None), or (None, kind of MESSAGES) when it cannot be."""
    if b"\x00" in raw:
        return None, "nul"
    if raw.isascii():
        return raw.decode("ascii"), None
    if encoding == "cp1252":
        try:
            raw.decode("utf-8")
            return None, "foreign_utf8"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("cp1252" if encoding == "cp1252" else "utf-8"), None
    except UnicodeDecodeError:
        return None, "undecodable"


def split_csv(path: Path, encoding: str, records_path: Path, rejects_path: Path) -> SplitFile:
    """Split `path` into `records_path` (records) and `rejects_path` (rejected lines)."""
    lines = physical_lines(path)
    header_raw = next(lines, b"")
    if encoding == "utf-8-sig":
        header_raw = header_raw.removeprefix(UTF8_BOM)
    header, _ = decode_line(header_raw, encoding)
    if header is None:
        raise UserError(
            f"La ligne d'en-tête du fichier {path} est illisible ({ENCODING_NAMES[encoding]}) : "
            "réenregistrez le fichier en UTF-8."
        )
    delimiter = ";" if header.count(";") > header.count(",") else ","
    columns = [name.strip() for name in next(csv.reader([header], delimiter=delimiter), [])]
    result = SplitFile(path, encoding, delimiter, columns, records_path, rejects_path)
    with (
        records_path.open("w", encoding="utf-8", newline="") as good,
        rejects_path.open("w", encoding="utf-8", newline="") as bad,
    ):
        # Internal staging copies read back by DuckDB (`loading.formats`, `loading.rejects`),
        # not outputs: the lines stay as written, without the output layer's dialect or
        # formula apostrophes (`perfml.outputs`), which would change the data loaded.
        writers = (csv.writer(f, lineterminator="\n") for f in (good, bad))
        _Splitter(result, lines, *writers).run()
    if result.continuation_lines:
        result.warnings.append(
            f"{path.name} : {result.continuation_lines} ligne(s) continuent une valeur entre "
            "guillemets commencée à la ligne précédente (retour à la ligne dans une cellule) ; "
            "chaque enregistrement est compté une fois, à sa première ligne."
        )
    if result.blank_lines:
        result.warnings.append(
            f"{path.name} : {result.blank_lines} ligne(s) vide(s) ignorée(s) (elles ne "
            "contiennent aucune donnée)."
        )
    return result


class _Splitter:
    """The line-by-line reading of one file (see the module's docstring)."""

    def __init__(self, result: SplitFile, lines: Iterator[bytes], good, bad) -> None:
        self.result = result
        self.lines = lines
        self.good = good
        self.bad = bad
        self.number = 1  # physical number of the last line taken from the file
        self.pending: deque[tuple[int, str]] = deque()
        self.consumed: list[tuple[int, str]] = []
        self.broken_in_a_row = 0
        self.expected = len(result.columns)

    def _decoded(self) -> Iterator[tuple[int, str]]:
        """The file's next decodable lines, numbered; undecodable ones are rejected."""
        for raw in self.lines:
            self.number += 1
            if not raw.strip():
                # A blank line: no data. Inside a quoted value it is part of the value,
                # spaces included (only ASCII white space here).
                yield self.number, raw.decode("ascii")
                continue
            self.result.data_lines += 1
            text, problem = decode_line(raw, self.result.encoding)
            if text is None:
                shown = raw.decode("utf-8", errors="backslashreplace").replace("\x00", "\\x00")
                kind = problem or "undecodable"
                message = MESSAGES[kind].format(encoding=ENCODING_NAMES[self.result.encoding])
                self._reject(self.number, shown, "encodage", message)
                continue
            yield self.number, text

    def _feed(self, source: Iterator[tuple[int, str]]) -> Iterator[str]:
        """Lines for `csv.reader`, remembering those taken by the current record."""
        size = 0
        while True:
            if self.pending:
                item = self.pending.popleft()
            else:
                item = next(source, None)
                if item is None:
                    return
            if not self.consumed:
                size = 0
            self.consumed.append(item)
            size += len(item[1])
            if len(self.consumed) > MAX_RECORD_LINES:
                raise _BrokenRecord("unclosed")
            if size > MAX_RECORD_CHARS:
                raise _BrokenRecord("too_long")
            yield item[1] + "\n"

    def run(self) -> None:
        source = self._decoded()
        while True:
            reader = csv.reader(self._feed(source), delimiter=self.result.delimiter, strict=True)
            if self._read_records(reader):
                return

    def _read_records(self, reader) -> bool:
        """Read records until the end (True) or a line that cannot be split (False)."""
        while True:
            self.consumed.clear()
            try:
                fields = next(reader)
            except StopIteration:
                return True
            except _BrokenRecord as error:
                self._resume_after_broken(error.kind)
                return False
            except csv.Error as error:
                kind = "too_long" if "field larger" in str(error) else "unclosed"
                self._resume_after_broken(kind)
                return False
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                self.result.blank_lines += len(self.consumed)
                continue
            first, text = self.consumed[0]
            if len(self.consumed) > 1 and len(fields) != self.expected:
                self._resume_after_broken("unclosed")
                return False
            self.broken_in_a_row = 0
            if len(fields) != self.expected:
                kind = "missing" if len(fields) < self.expected else "extra"
                message = MESSAGES[kind].format(n=len(fields), expected=self.expected)
                self._reject(first, text, "ligne_mal_formee", message)
                continue
            # Blank lines inside a quoted value were not counted as data lines.
            self.result.continuation_lines += sum(1 for _, t in self.consumed[1:] if t.strip())
            self.result.records += 1
            self.good.writerow([first, *fields])

    def _resume_after_broken(self, kind: str) -> None:
        """Reject the record's first line; read again from the line after it."""
        if not self.consumed:
            return
        (first, text), rest = self.consumed[0], self.consumed[1:]
        rule = "guillemets" if kind == "unclosed" else "ligne_mal_formee"
        self._reject(first, text, rule, MESSAGES[kind])
        self.pending.extendleft(reversed(rest))
        self.consumed.clear()
        self.broken_in_a_row += 1
        if self.broken_in_a_row >= MAX_BROKEN_IN_A_ROW:
            start = first - MAX_BROKEN_IN_A_ROW + 1
            raise UserError(
                f"Le fichier {self.result.path} ne peut pas être découpé en lignes à partir de "
                f"la ligne {start} : {MAX_BROKEN_IN_A_ROW} lignes de suite ont des guillemets "
                "déséquilibrés, les limites des lignes ne sont plus sûres. Exportez à nouveau "
                "la table (chaque valeur contenant le séparateur ou un guillemet doit être "
                "entre guillemets, les guillemets intérieurs doublés)."
            )

    def _reject(self, line: int, text: str, rule: str, message: str) -> None:
        if not text.strip():
            return  # a blank line: nothing to reject
        self.result.rejected += 1
        self.bad.writerow([line, text[:VALUE_SHOWN_CHARS], rule, message])
