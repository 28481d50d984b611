"""`perfml cibles` end to end on the `mini` extract: proposals CSV and workbook import."""

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError
from perfml.outputs import read_rows
from perfml.reports.workbook import COLUMN_INDEX, TARGETS_HEADER_ROW, TARGETS_SHEET
from perfml.targets import read_targets
from perfml.warehouse import connect

YEAR = 2024  # the mini extract covers 2022-2024
REQUIRED = [
    "code_ml",
    "indicateur",
    "valeur",
    "numerateur",
    "denominateur",
    "quartile_groupe",
    "quartile_region",
    "cible_legitime",
    "cible_raisonnable",
    "cible_atteignable",
]


@pytest.fixture(scope="module")
def grouped(mini_warehouse, tmp_path_factory) -> Path:
    """The mini warehouse with its groups of the year (too few MLs for 20 groups)."""
    from perfml.groups.store import build_groups

    path = tmp_path_factory.mktemp("cibles") / "entrepot.duckdb"
    shutil.copy(mini_warehouse, path)
    build_groups(path, YEAR, k=3)
    return path


@pytest.fixture
def warehouse(grouped, tmp_path) -> Path:
    """A private copy of `grouped`, for the tests that write targets."""
    path = tmp_path / "entrepot.duckdb"
    shutil.copy(grouped, path)
    return path


@pytest.fixture(scope="module")
def national_book(grouped, tmp_path_factory) -> Path:
    """The national workbook of the campaign, as `perfml rapports --excel` writes it."""
    from perfml.reports.campaign import load_campaign
    from perfml.reports.workbook import write_workbook

    path = tmp_path_factory.mktemp("classeur") / "cibles_2025_national.xlsx"
    return write_workbook(load_campaign(grouped, YEAR), path)


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def _rows(path: Path) -> list[dict]:
    return read_rows(path)


def test_cibles_writes_one_row_per_ml_and_indicator_with_the_required_columns(warehouse, tmp_path):
    out = tmp_path / "cibles.csv"
    result = _run("cibles", "--entrepot", warehouse, "--annee", YEAR, "--sortie", out)
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    mls = connect(warehouse).table("structures").count().execute()
    assert list(rows[0])[: len(REQUIRED)] == REQUIRED and len(rows) == 10 * mls


def test_cibles_says_the_proposals_are_for_the_next_year(warehouse, tmp_path):
    out = tmp_path / "cibles.csv"
    _run("cibles", "--entrepot", warehouse, "--annee", YEAR, "--sortie", out)
    assert {(r["annee_valeurs"], r["annee_cibles"]) for r in _rows(out)} == {("2024", "2025")}


def test_cibles_writes_counts_as_whole_numbers(warehouse, tmp_path):
    out = tmp_path / "cibles.csv"
    _run("cibles", "--entrepot", warehouse, "--annee", YEAR, "--sortie", out)
    numerators = [r["numerateur"] for r in _rows(out) if r["numerateur"]]
    assert numerators and all(n.isdigit() for n in numerators)


def test_cibles_never_proposes_worse_than_the_value(warehouse, tmp_path):
    out = tmp_path / "cibles.csv"
    _run("cibles", "--entrepot", warehouse, "--annee", YEAR, "--sortie", out)
    for row in _rows(out):
        if row["valeur"] and row["cible_raisonnable"]:
            value = float(row["valeur"].replace(",", "."))
            target = float(row["cible_raisonnable"].replace(",", "."))
            better = target >= value if row["sens"] == "plus haut = mieux" else target <= value
            assert better, row


def test_cibles_builds_missing_groups_or_says_why_not(mini_warehouse_copy, tmp_path):
    # 20 groups cannot be made from the mini extract's handful of MLs: a French message.
    with pytest.raises(UserError, match="perfml groupes --annee 2024"):
        CliRunner().invoke(
            app,
            [
                "cibles",
                "--entrepot",
                str(mini_warehouse_copy),
                "--annee",
                "2024",
                "--sortie",
                str(tmp_path / "c.csv"),
            ],
            catch_exceptions=False,
        )


def test_cibles_without_year_nor_import_is_a_user_error(warehouse):
    result = _run("cibles", "--entrepot", warehouse)
    assert isinstance(result.exception, UserError)


def _workbook(national_book: Path, tmp_path: Path) -> Path:
    path = tmp_path / national_book.name
    shutil.copy(national_book, path)
    return path


def _choose(path: Path, rows: dict[int, tuple[str, object]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[TARGETS_SHEET]
    for row, (choice, typed) in rows.items():
        sheet.cell(row, COLUMN_INDEX["choix"] + 1, choice)
        if typed is not None:
            sheet.cell(row, COLUMN_INDEX["cible_saisie"] + 1, typed)
    book.save(path)


FIRST = TARGETS_HEADER_ROW + 2


def test_import_stores_the_chosen_targets_for_the_next_year(warehouse, national_book, tmp_path):
    book = _workbook(national_book, tmp_path)
    _choose(book, {FIRST: ("légitime", None), FIRST + 1: ("légitime", None)})
    result = _run("cibles", "--importer", book, "--entrepot", warehouse, "--auteur", "DREETS")
    assert result.exit_code == 0, result.output
    stored = read_targets(connect(warehouse), 2025)
    assert (len(stored), set(stored["auteur"])) == (2, {"DREETS"})


def test_import_with_a_bad_cell_stores_nothing(warehouse, national_book, tmp_path):
    book = _workbook(national_book, tmp_path)
    _choose(book, {FIRST: ("légitime", None), FIRST + 1: ("saisie", "beaucoup")})
    result = _run("cibles", "--importer", book, "--entrepot", warehouse)
    assert isinstance(result.exception, UserError) and "beaucoup" in str(result.exception)
    assert read_targets(connect(warehouse), 2025).empty
