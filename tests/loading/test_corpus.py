"""The bad-input corpus: damaged extracts as real exports produce them, through `perfml charger`.

Each case spoils a tiny valid extract (jeunes padded to 43 lines, so that one reject stays
under the 5 % threshold) and states the exit status, a piece of the message, and either
the counts (`lues = chargées + rejetées = lignes physiques` of the spoiled table, and the
rejected lines with their rule) or, when the load stops, that the previous warehouse is
byte-identical and no temporary file is left.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from loading.builder import D, valid_rows, write_extract
from perfml.cli import main
from perfml.cli.app import console, err_console
from perfml.loading import load_extract
from perfml.warehouse_lock import lock_path

JEUNES_HEADER = (
    "id_jeune,code_ml,date_naissance,sexe,date_premier_accueil,neet_premier_accueil,rqth,qpv,"
    "zrr,date_saisie"
)


def padded_rows() -> dict[str, list[dict[str, object]]]:
    """The valid extract with 40 more youths (lines 5 to 44 of jeunes.csv)."""
    rows = valid_rows()
    for i in range(40):
        rows["jeunes"].append(
            {"id_jeune": f"J{100 + i}", "code_ml": "01001", "date_naissance": D(2005, 1, 1),
             "sexe": "F", "date_premier_accueil": D(2023, 1, 2), "neet_premier_accueil": True,
             "rqth": None, "qpv": None, "zrr": None, "date_saisie": None}
        )  # fmt: skip
    return rows


# -- ways to spoil a file ---------------------------------------------------------------


def young(i: int, sep: str = ",", **cells: str) -> str:
    """One youth line (1 ≤ i), cells overridable."""
    values = {
        "id_jeune": f"JX{i}", "code_ml": "01001", "date_naissance": "2005-01-01",
        "sexe": "M", "date_premier_accueil": "2023-01-02", "neet_premier_accueil": "1",
        "rqth": "", "qpv": "", "zrr": "", "date_saisie": "",
    }  # fmt: skip
    values.update(cells)
    return sep.join(values.values())


def append(table: str, data: bytes) -> Callable[[Path], None]:
    def spoil(d: Path) -> None:
        with (d / f"{table}.csv").open("ab") as stream:
            stream.write(data)

    return spoil


def replace_line(table: str, number: int, data: bytes) -> Callable[[Path], None]:
    """Replace physical line `number` (1 = header) of `table`.csv by `data`."""

    def spoil(d: Path) -> None:
        path = d / f"{table}.csv"
        lines = path.read_bytes().split(b"\r\n")
        lines[number - 1] = data
        path.write_bytes(b"\r\n".join(lines))

    return spoil


def substitute(table: str, old: bytes, new: bytes, count: int = 1) -> Callable[[Path], None]:
    def spoil(d: Path) -> None:
        path = d / f"{table}.csv"
        data = path.read_bytes()
        assert old in data, old
        path.write_bytes(data.replace(old, new, count))

    return spoil


def rewrite(table: str, transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def spoil(d: Path) -> None:
        path = d / f"{table}.csv"
        path.write_bytes(transform(path.read_bytes()))

    return spoil


def rows_changed(change: Callable[[dict], None], **csv_options) -> Callable[[Path], None]:
    """Rewrite the whole extract from rows changed by `change`."""

    def spoil(d: Path) -> None:
        rows = padded_rows()
        change(rows)
        for path in d.iterdir():
            path.unlink()
        write_extract(d, rows, **csv_options)

    return spoil


def set_cell(table: str, index: int, column: str, value: object) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        rows[table][index][column] = value

    return change


def drop_column(table: str, column: str) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        for row in rows[table]:
            row.pop(column, None)

    return change


def add_column(table: str, column: str, value: object) -> Callable[[dict], None]:
    def change(rows: dict) -> None:
        for row in rows[table]:
            row[column] = value

    return change


def write_bytes(name: str, data: bytes) -> Callable[[Path], None]:
    def spoil(d: Path) -> None:
        (d / name).write_bytes(data)

    return spoil


def remove(name: str) -> Callable[[Path], None]:
    def spoil(d: Path) -> None:
        (d / name).unlink()

    return spoil


def both(*spoils: Callable[[Path], None]) -> Callable[[Path], None]:
    def spoil(d: Path) -> None:
        for s in spoils:
            s(d)

    return spoil


def parquet_changed(table: str, change: Callable[[pa.Table], pa.Table]):
    def spoil(d: Path) -> None:
        path = d / f"{table}.parquet"
        pq.write_table(change(pq.read_table(path)), path)

    return spoil


def parquet_cell(column: str, index: int, value: object, kind=pa.string()):
    def change(table: pa.Table) -> pa.Table:
        values = table.column(column).to_pylist()
        values[index] = value
        position = table.schema.get_field_index(column)
        return table.set_column(position, column, pa.array(values, type=kind))

    return change


def parquet_cast(column: str, kind) -> Callable[[pa.Table], pa.Table]:
    def change(table: pa.Table) -> pa.Table:
        position = table.schema.get_field_index(column)
        values = [None if v is None else str(v) for v in table.column(column).to_pylist()]
        return table.set_column(position, column, pa.array(values, type=kind))

    return change


# -- the cases --------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    spoil: Callable[[Path], None]
    code: int
    message: str  # a piece of the output (whitespace-normalised)
    table: str = "jeunes"
    rejects: list[tuple[int, str]] = field(default_factory=list)  # (line, rule) of `table`
    fmt: str = "csv"
    args: tuple[str, ...] = ()
    continuation: int = 0  # lines continuing a record (line break inside quotes)


OK = "Chaque ligne lue est chargée ou rejetée"
REFUSED = "Chargement refusé"
NOT_WRITTEN = "est inchangé"
J = "jeunes"
ACCENTED = "Jé1"

CASES = [
    # encodings
    Case("utf8_bom", rows_changed(lambda r: None, encoding="utf-8-sig"), 0, OK),
    Case("windows_1252", rows_changed(set_cell(J, 3, "id_jeune", ACCENTED), encoding="cp1252"),
         0, OK),
    Case("latin1", rows_changed(set_cell(J, 3, "id_jeune", ACCENTED), encoding="latin-1"), 0, OK),
    Case("utf8_file_with_one_cp1252_line",
         both(rows_changed(set_cell(J, 3, "id_jeune", "Jé3")),
              append(J, young(1, id_jeune="J’1").encode("cp1252") + b"\r\n")),
         0, OK, rejects=[(45, "encodage")]),
    Case("cp1252_file_with_one_utf8_line",
         both(rows_changed(lambda r: [r[J][i].update(id_jeune=f"Jé{i}") for i in (3, 4)],
                           encoding="cp1252"),
              append(J, young(1, id_jeune="Jœ1").encode() + b"\r\n")),
         0, OK, rejects=[(45, "encodage")]),
    Case("bytes_invalid_everywhere", append(J, young(1).encode() + b"\x81\x8d\r\n"), 0, OK,
         rejects=[(45, "encodage")]),
    Case("utf16", rows_changed(lambda r: None, encoding="utf-16"), 1, "contenu binaire"),
    Case("nul_byte_in_a_line", append(J, young(1, id_jeune="J\x001").encode() + b"\r\n"), 0, OK,
         rejects=[(45, "encodage")]),
    Case("nul_byte_in_the_header", replace_line(J, 1, JEUNES_HEADER.encode() + b"\x00"), 1,
         "contenu binaire"),
    Case("gzip_named_csv", lambda d: (d / "jeunes.csv").write_bytes(
        gzip.compress((d / "jeunes.csv").read_bytes())), 1, "contenu binaire"),
    # separators
    Case("semicolon", rows_changed(lambda r: None, delimiter=";"), 0, OK),
    Case("semicolon_french_numbers", rows_changed(lambda r: None, delimiter=";", french=True),
         0, OK, table="structures_annee"),
    Case("tab_separated", rows_changed(lambda r: None, delimiter="\t"), 1,
         "aucune des colonnes attendues"),
    Case("pipe_separated", rows_changed(lambda r: None, delimiter="|"), 1,
         "aucune des colonnes attendues"),
    Case("one_line_with_the_other_separator", append(J, young(1, sep=";").encode() + b"\r\n"),
         0, OK, rejects=[(45, "ligne_mal_formee")]),
    Case("trailing_separator", append(J, young(1).encode() + b",\r\n"), 0, OK,
         rejects=[(45, "ligne_mal_formee")]),
    Case("missing_field", append(J, young(1).rsplit(",", 1)[0].encode() + b"\r\n"), 0, OK,
         rejects=[(45, "ligne_mal_formee")]),
    # quoting
    Case("unclosed_quote_unquoted_file", substitute(J, b"J100,", b'"J100,'), 0, OK,
         rejects=[(5, "guillemets")]),
    Case("unclosed_quote_quoted_file",
         both(rewrite(J, lambda b: b"\r\n".join(
             b",".join(b'"' + c + b'"' for c in line.split(b",")) if line else line
             for line in b.split(b"\r\n"))),
             substitute(J, b'"J100","01001"', b'"J100,"01001"')),
         0, OK, rejects=[(5, "guillemets")]),
    Case("unclosed_quote_on_the_last_line", append(J, b'JX1,"01001,2005-01-01\r\n'), 0, OK,
         rejects=[(45, "guillemets")]),
    Case("text_after_a_closing_quote", append(J, b'"JX1"x,' + young(1).split(",", 1)[1].encode()
                                              + b"\r\n"), 0, OK, rejects=[(45, "guillemets")]),
    Case("quote_inside_an_unquoted_value", append(J, young(1, id_jeune='J"1').encode() + b"\r\n"),
         0, OK),
    Case("doubled_quotes_inside_quotes", append(J, young(1, id_jeune='"J""1"').encode() + b"\r\n"),
         0, OK),
    Case("line_break_inside_quotes", rows_changed(add_column(J, "commentaire", "deux\nlignes")),
         0, "continuent une valeur entre guillemets", continuation=43),
    Case("quotes_broken_on_many_lines_in_a_row",
         append(J, b"".join(b'JX%d,"01001\r\n' % i for i in range(12))), 1,
         "ne peut pas être découpé en lignes à partir de la ligne 45"),
    Case("separator_inside_quotes", append(J, young(1, id_jeune='"J,1"').encode() + b"\r\n"),
         0, OK),
    # truncation and line ends
    Case("truncated_in_the_middle_of_a_line", rewrite(J, lambda b: b[: b.rindex(b",2005") + 3]),
         0, OK, rejects=[(44, "ligne_mal_formee")]),
    Case("truncated_inside_quotes", append(J, b'JX1,"01001'), 0, OK,
         rejects=[(45, "guillemets")]),
    Case("no_final_line_break", rewrite(J, lambda b: b.rstrip(b"\r\n")), 0, OK),
    Case("lf_line_ends", rewrite(J, lambda b: b.replace(b"\r\n", b"\n")), 0, OK),
    Case("cr_only_line_ends", rewrite(J, lambda b: b.replace(b"\r\n", b"\r")), 1,
         "retour chariot seul"),
    Case("truncated_parquet", lambda d: (d / "situations.parquet").write_bytes(
        (d / "situations.parquet").read_bytes()[:300]), 1, "Parquet lisible", fmt="parquet"),
    # empty and header-only files
    Case("empty_file", write_bytes("jeunes.csv", b""), 1, "jeunes.csv est vide"),
    Case("blank_file", write_bytes("jeunes.csv", b" \r\n\r\n"), 1, "jeunes.csv est vide"),
    Case("header_only_leaf_table",
         write_bytes("phases_collectives.csv", b"id_dispositif,date_debut,date_fin\r\n"),
         0, OK, table="phases_collectives"),
    Case("header_only_parent_table", write_bytes("jeunes.csv", JEUNES_HEADER.encode() + b"\r\n"),
         1, REFUSED),
    Case("blank_lines_only_after_header",
         write_bytes("phases_collectives.csv", b"id_dispositif,date_debut,date_fin\r\n\r\n\r\n"),
         0, "ligne(s) vide(s) ignorée(s)", table="phases_collectives"),
    Case("blank_lines_between_rows", substitute(J, b"\r\nJ2,", b"\r\n\r\n  \r\nJ2,"), 0,
         "ligne(s) vide(s) ignorée(s)"),
    Case("empty_parquet_file", write_bytes("offres.parquet", b""), 1, "offres.parquet est vide",
         fmt="parquet"),
    Case("parquet_without_rows", parquet_changed("phases_collectives", lambda t: t.slice(0, 0)),
         0, OK, table="phases_collectives", fmt="parquet"),
    # columns
    Case("missing_required_column", rows_changed(drop_column(J, "date_naissance")), 1,
         "La colonne obligatoire « date_naissance » manque dans jeunes.csv"),
    Case("missing_required_column_parquet",
         parquet_changed(J, lambda t: t.drop_columns(["sexe"])), 1,
         "« sexe » manque dans jeunes.parquet", fmt="parquet"),
    Case("missing_required_column_forced", rows_changed(drop_column("offres", "origine")), 0,
         "Chargement forcé : perdu", table="offres", args=("--forcer",),
         rejects=[(2, "colonne_manquante"), (3, "colonne_manquante")]),
    Case("missing_optional_column", rows_changed(drop_column(J, "rqth")), 0, OK),
    Case("duplicated_column", replace_line(J, 1, JEUNES_HEADER.replace("rqth", "sexe").encode()),
         1, "« sexe » apparaît deux fois"),
    Case("extra_column", rows_changed(add_column(J, "prenom", "Camille")), 0,
         "Colonne « prenom » de jeunes.csv ignorée"),
    Case("column_named_like_the_line_number", rows_changed(add_column(J, "_ligne", "x")), 0,
         "Colonne « _ligne » de jeunes.csv ignorée"),
    Case("blank_header_cell", rows_changed(add_column(J, "", "x")), 0, "son en-tête est vide"),
    Case("header_in_capitals_with_spaces",
         replace_line(J, 1, b" " + JEUNES_HEADER.upper().replace(",", " , ").encode()), 0, OK),
    Case("file_of_another_table", lambda d: shutil.copy(d / "offres.csv", d / "jeunes.csv"), 1,
         "Les colonnes obligatoires « id_jeune », « date_naissance »"),
    Case("file_sharing_no_column", write_bytes("jeunes.csv", b"a,b\r\n1,2\r\n"), 1,
         "ne ressemble pas à la table jeunes"),
    # types
    Case("impossible_date", rows_changed(set_cell(J, 5, "date_naissance", "2024-02-30")), 0, OK,
         rejects=[(7, "type")]),
    Case("two_digit_year", rows_changed(set_cell(J, 5, "date_naissance", "01/02/05")), 0, OK,
         rejects=[(7, "type")]),
    Case("unreadable_boolean", rows_changed(set_cell(J, 5, "qpv", "peut-être")), 0, OK,
         rejects=[(7, "type")]),
    Case("decimal_year", rows_changed(set_cell("structures_annee", 1, "annee", "2024.5")), 0, OK,
         table="structures_annee", rejects=[(3, "type")], args=("--seuil-rejets", "60")),
    Case("french_dates", rows_changed(set_cell(J, 5, "date_naissance", "1/5/2004")), 0, OK),
    Case("parquet_text_dates", parquet_changed(J, parquet_cast("date_naissance", pa.string())),
         0, OK, fmt="parquet"),
    Case("parquet_bad_text_date",
         parquet_changed(J, lambda t: parquet_cell("date_saisie", 5, "hier")(
             parquet_cast("date_saisie", pa.string())(t))),
         0, OK, fmt="parquet", rejects=[(7, "type")]),
    # dates
    Case("one_stray_entry_date", rows_changed(set_cell(J, 7, "date_saisie", dt.date(2099, 1, 1))),
         0, "vient d'une seule ligne : table jeunes, ligne 9"),
    Case("extract_date_rejecting_everything", lambda d: None, 1,
         "La date d'extraction (01/01/1900, donnée par --date-extraction) rejette",
         args=("--date-extraction", "1900-01-01")),
    Case("dates_in_the_wrong_order",
         rows_changed(set_cell(J, 5, "date_premier_accueil", D(2000, 1, 1))), 0, OK,
         rejects=[(7, "ordre_des_dates")]),
    Case("future_date_given_extract_date",
         rows_changed(set_cell(J, 5, "date_saisie", D(2024, 6, 1))), 0, OK,
         rejects=[(7, "date_future")], args=("--date-extraction", "2024-05-01")),
    # orphans
    Case("unknown_mission_locale", rows_changed(set_cell(J, 5, "code_ml", "99999")), 0, OK,
         rejects=[(7, "reference_inconnue")]),
    Case("orphan_dispositif", rows_changed(set_cell("dispositifs", 2, "id_jeune", "J404")), 1,
         "« reference_inconnue » (1)"),
    Case("orphan_dispositif_with_higher_threshold",
         rows_changed(set_cell("dispositifs", 2, "id_jeune", "J404")), 0, OK,
         table="dispositifs", rejects=[(4, "reference_inconnue")], args=("--seuil-rejets", "50")),
    Case("parent_table_emptied", rows_changed(lambda r: [row.update(code_ml="99999")
                                                         for row in r["structures_annee"]]),
         1, "toutes ses lignes sont rejetées"),
    # duplicates
    Case("duplicated_key", rows_changed(set_cell(J, 6, "id_jeune", "J100")), 0, OK,
         rejects=[(8, "cle_en_double")]),
    Case("whole_file_twice", rewrite(J, lambda b: b + b.split(b"\r\n", 1)[1]), 1, REFUSED),
    # enums
    Case("value_outside_the_list", rows_changed(set_cell(J, 5, "sexe", "X")), 0, OK,
         rejects=[(7, "valeur_hors_liste")]),
    Case("lowercase_enum", rows_changed(set_cell(J, 5, "sexe", "f")), 0, OK,
         rejects=[(7, "valeur_hors_liste")]),
    Case("parquet_value_outside_the_list",
         parquet_changed(J, parquet_cell("sexe", 5, "Z")), 0, OK, fmt="parquet",
         rejects=[(7, "valeur_hors_liste")]),
    Case("every_value_outside_the_list",
         rows_changed(lambda r: [row.update(sexe="X") for row in r["jeunes"]]), 1,
         "toutes ses lignes sont rejetées"),
    # huge fields
    Case("huge_cell", append(J, young(1, id_jeune="J" * 1_200_000).encode() + b"\r\n"), 0, OK,
         rejects=[(45, "ligne_mal_formee")]),
    Case("long_but_acceptable_cell", append(J, young(1, id_jeune="J" * 200_000).encode()
                                            + b"\r\n"), 0, OK),
    # folders and file names
    Case("file_name_in_capitals", lambda d: (d / "jeunes.csv").rename(d / "JEUNES.CSV"), 0, OK),
    Case("two_files_for_one_table", write_bytes("Jeunes.parquet", b"PAR1"), 1,
         "Deux fichiers pour la table jeunes"),
    Case("missing_required_table", remove("offres.csv"), 1, "Il manque dans"),
    Case("folder_named_like_a_table", lambda d: ((d / "offres.csv").unlink(),
                                                 (d / "offres.csv").mkdir()), 1, "offres"),
    Case("unknown_file_in_the_folder", write_bytes("notes.txt", b"a lire"), 0,
         "Fichier notes.txt ignoré"),
    Case("hidden_file_in_the_folder", write_bytes(".jeunes.csv", b"\x00\x01"), 0, OK),
    Case("threshold_lowered", rows_changed(set_cell(J, 5, "sexe", "X")), 1, REFUSED,
         args=("--seuil-rejets", "1")),
    Case("rejects_over_threshold_forced",
         rows_changed(lambda r: [row.update(sexe="X") for row in r["jeunes"][5:15]]), 0,
         "Chargement forcé : perdu — jeunes.csv (table jeunes) : 43 lignes lues, 10 rejetées",
         args=("--forcer",), rejects=[(n, "valeur_hors_liste") for n in range(7, 17)]),
]  # fmt: skip


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A warehouse loaded from the valid extract: the one a stopped load must leave as is."""
    base = tmp_path_factory.mktemp("precedent")
    path = base / "entrepot.duckdb"
    load_extract(write_extract(base / "extrait", padded_rows()), path)
    return path


def run(args: list[str], capsys) -> tuple[int, str]:
    """Run `perfml` as from the shell: exit status, and stdout + stderr on one line."""
    with mock.patch.object(sys, "argv", ["perfml", *args]), wide(console), wide(err_console):
        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    captured = capsys.readouterr()
    return code, " ".join((captured.out + captured.err).split())


@contextlib.contextmanager
def wide(terminal):
    """A console that does not wrap lines (so messages can be searched).

    Through the COLUMNS variable the console reads, so that nothing about the console
    itself outlives the test (setting `width` would freeze it for the later tests).
    """
    with mock.patch.dict(os.environ, {"COLUMNS": "10000"}):
        yield


def data_lines(path: Path) -> int:
    """The physical data lines of a CSV (blank ones excepted), or a Parquet's rows."""
    if path.suffix.lower() == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    lines = path.read_bytes().replace(b"\r\n", b"\n").split(b"\n")[1:]
    return sum(1 for line in lines if line.strip())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path, previous, capsys):
    directory = write_extract(tmp_path / "extrait", padded_rows(), fmt=case.fmt)
    case.spoil(directory)
    folder = tmp_path / "var"
    folder.mkdir()
    warehouse = folder / "entrepot.duckdb"
    shutil.copy(previous, warehouse)
    before = warehouse.read_bytes()

    code, output = run(
        ["charger", "--donnees", str(directory), "--entrepot", str(warehouse), *case.args], capsys
    )

    assert code == case.code, output
    assert " ".join(case.message.split()) in output
    assert "Traceback" not in output
    if code:
        assert warehouse.read_bytes() == before
        left = {p.name for p in folder.iterdir()}
        refused_report = "entrepot-rejets-chargement-refuse.csv"
        assert warehouse.name in left
        assert left <= {warehouse.name, lock_path(warehouse).name, refused_report}
        assert (refused_report in left) == (REFUSED in output)
        return
    with duckdb.connect(str(warehouse), read_only=True) as con:
        read, loaded, rejected, file = con.execute(
            "SELECT lues, chargees, rejetees, fichier FROM _chargements WHERE nom_table = ?",
            [case.table],
        ).fetchone()
        found = con.execute(
            "SELECT DISTINCT ligne, regle FROM _rejets WHERE nom_table = ? ORDER BY 1, 2",
            [case.table],
        ).fetchall()
    assert read == loaded + rejected == data_lines(directory / file) - case.continuation
    if case.rejects or rejected:
        assert found == case.rejects
