"""Every command computing a period's figures refuses a period after the extract and marks
« provisoire » a period not over (the rule `perfml indicateurs` follows, on the `mini`
extract; years are counted from its extraction date so the tests follow the fixture)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import require
from openpyxl import load_workbook
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError
from perfml.outputs import read_rows
from perfml.warehouse import META_TABLE, connect, extract_date

ROOT = Path(__file__).resolve().parents[2]
ALLOCATION = ROOT / "exemples" / "allocation.toml"
REFUSED = "commence après la date d'extraction"
PROVISIONAL = "Résultats provisoires"


def _run(*args) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def _extract(warehouse: Path) -> dt.date:
    con = connect(warehouse)
    try:
        return extract_date(con)
    finally:
        con.disconnect()


def _cover_text(path: Path, sheet: str) -> str:
    rows = load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)
    return " ".join(str(v) for row in rows for v in row if v is not None)


def _assert_refused(result, folder: Path) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, UserError) or "Erreur" in result.output
    message = str(result.exception) if isinstance(result.exception, UserError) else result.output
    assert REFUSED in message
    assert list(folder.iterdir()) == []


@pytest.fixture(scope="module")
def midyear(mini_warehouse, tmp_path_factory) -> tuple[Path, int]:
    """The mini warehouse as if extracted on 30 June of its last year, with that year's
    groups: the year is not over at the extract date (campaign commands need groups)."""
    from perfml.groups.store import build_groups

    path = tmp_path_factory.mktemp("mi_annee") / "entrepot.duckdb"
    shutil.copy(mini_warehouse, path)
    year = _extract(path).year - 1
    con = duckdb.connect(str(path))
    try:
        con.execute(
            f"UPDATE {META_TABLE} SET value = ? WHERE key = 'date_extraction'",
            [f"{year}-06-30"],
        )
    finally:
        con.close()
    build_groups(path, year, k=3)
    return path, year


@pytest.fixture
def out(tmp_path) -> Path:
    """An empty output folder: a refused command must leave it empty."""
    folder = tmp_path / "sortie"
    folder.mkdir()
    return folder


def _after(warehouse: Path) -> int:
    return _extract(warehouse).year + 1


# --- a period after the extract is refused, nothing written --------------------------------


def test_suivi_mensuel_refuses_a_month_after_the_extract(mini_warehouse, out):
    last = _extract(mini_warehouse)
    after = (last.replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    result = _run("suivi-mensuel", "--entrepot", mini_warehouse, "--debut",
                  last.strftime("%Y-%m"), "--fin", after, "--sortie", out / "s.csv")  # fmt: skip
    _assert_refused(result, out)


def test_tableau_de_bord_refuses_a_year_after_the_extract(mini_warehouse, out):
    after = _after(mini_warehouse)
    result = _run("tableau-de-bord", "--entrepot", mini_warehouse, "--periode", after,
                  "--niveau", "national", "--sortie", out / "t.xlsx")  # fmt: skip
    _assert_refused(result, out)


def test_garantie_jeunes_refuses_a_year_after_the_extract(mini_warehouse, out):
    result = _run("garantie-jeunes", "--entrepot", mini_warehouse, "--annee",
                  _after(mini_warehouse), "--sortie", out / "gj.xlsx")  # fmt: skip
    _assert_refused(result, out)


def test_qualite_refuses_a_year_after_the_extract(mini_warehouse, out):
    result = _run("qualite", "--entrepot", mini_warehouse, "--annee", _after(mini_warehouse),
                  "--sortie", out / "q.xlsx")  # fmt: skip
    _assert_refused(result, out)


def test_cibles_refuses_a_year_after_the_extract_without_building_groups(mini_warehouse_copy, out):
    before = mini_warehouse_copy.read_bytes()
    result = _run("cibles", "--entrepot", mini_warehouse_copy, "--annee",
                  _after(mini_warehouse_copy), "--sortie", out / "c.csv")  # fmt: skip
    _assert_refused(result, out)
    assert mini_warehouse_copy.read_bytes() == before


def test_rapports_refuses_a_year_after_the_extract(mini_warehouse_copy, out):
    result = _run("rapports", "--entrepot", mini_warehouse_copy, "--annee",
                  _after(mini_warehouse_copy), "--sortie", out)  # fmt: skip
    _assert_refused(result, out)


@pytest.mark.parametrize("command", ["allocation", "allocation-nationale"])
def test_allocation_refuses_a_year_after_the_extract(command, mini_warehouse_copy, out):
    before = mini_warehouse_copy.read_bytes()
    after = _after(mini_warehouse_copy)
    result = _run(command, "--entrepot", mini_warehouse_copy, "--annee", after,
                  "--config", ALLOCATION, "--sortie", out / "a")  # fmt: skip
    _assert_refused(result, out)
    assert mini_warehouse_copy.read_bytes() == before  # no groups built for it


@pytest.mark.parametrize("command", ["allocation", "allocation-nationale"])
def test_allocation_refuses_a_year_not_over_rather_than_pay_on_it(command, midyear, out):
    warehouse, year = midyear
    result = _run(command, "--entrepot", warehouse, "--annee", year, "--config", ALLOCATION,
                  "--sortie", out / "a")  # fmt: skip
    assert result.exit_code == 1
    assert f"L'année {year} n'est pas complète" in str(result.exception)
    assert list(out.iterdir()) == []


# --- a period not over is computed, said provisional on stderr and in the files ------------


def test_suivi_mensuel_marks_the_month_not_over(mini_warehouse, tmp_path):
    extracted = _extract(mini_warehouse)
    first = (extracted.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    out = tmp_path / "s.csv"
    result = _run("suivi-mensuel", "--entrepot", mini_warehouse, "--debut", first, "--fin",
                  extracted.strftime("%Y-%m"), "--sortie", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PROVISIONAL in result.stderr
    statuses = {(row["mois"], row["statut"]) for row in read_rows(out)}
    assert statuses == {(first, "définitif"), (extracted.strftime("%Y-%m"), "provisoire")}


def test_tableau_de_bord_says_provisional_once_on_the_cover(mini_warehouse, tmp_path):
    out = tmp_path / "t.xlsx"
    year = _extract(mini_warehouse).year
    result = _run("tableau-de-bord", "--entrepot", mini_warehouse, "--periode", year,
                  "--niveau", "national", "--sortie", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Attention") == 1 and PROVISIONAL in result.stderr
    assert f"{PROVISIONAL} : la période (année {year})" in _cover_text(out, "Présentation")


def test_garantie_jeunes_marks_the_year_not_over(mini_warehouse, tmp_path):
    out = tmp_path / "gj.xlsx"
    year = _extract(mini_warehouse).year
    result = _run("garantie-jeunes", "--entrepot", mini_warehouse, "--annee", year,
                  "--sortie", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PROVISIONAL in result.stderr
    assert PROVISIONAL in _cover_text(out, "Présentation")
    for name in (f"gj_regions_{year}.csv", f"gj_ml_{year}.csv"):
        assert {row["statut"] for row in read_rows(tmp_path / name)} == {"provisoire"}


def test_qualite_marks_the_year_not_over(mini_warehouse, tmp_path):
    out = tmp_path / "q.xlsx"
    year = _extract(mini_warehouse).year
    result = _run("qualite", "--entrepot", mini_warehouse, "--annee", year, "--sortie", out)
    assert result.exit_code == 0, result.output
    assert PROVISIONAL in result.stderr
    assert PROVISIONAL in _cover_text(out, "Présentation")
    rows = read_rows(tmp_path / f"qualite_ml_{year}.csv")
    assert {row["statut"] for row in rows} == {"provisoire"}


def test_cibles_marks_the_year_not_over_with_one_warning(midyear, tmp_path):
    warehouse, year = midyear
    out = tmp_path / "c.csv"
    result = _run("cibles", "--entrepot", warehouse, "--annee", year, "--sortie", out)
    assert result.exit_code == 0, result.output
    assert PROVISIONAL in result.stderr
    assert "ne va pas jusqu'au 1er mars" not in result.stderr
    assert {row["statut"] for row in read_rows(out)} == {"provisoire"}


def test_rapports_marks_the_year_not_over_in_the_workbook_and_the_pdf(midyear, tmp_path):
    warehouse, year = midyear
    code_ml = connect(warehouse).table("structures").order_by("code_ml").execute()["code_ml"][0]
    result = _run("rapports", "--entrepot", warehouse, "--annee", year, "--ml", code_ml,
                  "--excel", "--sortie", tmp_path)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PROVISIONAL in result.stderr
    assert "ne va pas jusqu'au 1er mars" not in result.stderr
    (book,) = tmp_path.glob("cibles_*.xlsx")
    assert PROVISIONAL in _cover_text(book, "Mode d'emploi")
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / f"rapport_{year}_{code_ml}.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "CHIFFRES PROVISOIRES" in text and "l'année n'est pas terminée" in text
