"""`perfml rapports` end to end on the `mini` extract."""

import shutil

import pikepdf
import pytest
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError
from perfml.warehouse import connect

YEAR = 2024


@pytest.fixture(scope="module")
def warehouse(mini_warehouse, tmp_path_factory):
    """The mini warehouse with its groups of the year (the reports only read it)."""
    from perfml.groups.store import build_groups

    path = tmp_path_factory.mktemp("rapports") / "entrepot.duckdb"
    shutil.copy(mini_warehouse, path)
    build_groups(path, YEAR, k=3)
    return path


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def _first_ml_and_region(warehouse):
    frame = connect(warehouse).table("structures").order_by("code_ml").execute()
    return frame["code_ml"].iloc[0], frame["code_region"].iloc[0]


def test_rapports_of_one_ml_writes_its_one_page_pdf(warehouse, tmp_path):
    code, _ = _first_ml_and_region(warehouse)
    result = _run(
        "rapports", "--entrepot", warehouse, "--annee", YEAR, "--ml", code, "--sortie", tmp_path
    )
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / f"rapport_{YEAR}_{code}.pdf") as pdf:
        assert len(pdf.pages) == 1


def test_rapports_of_a_region_writes_a_pdf_per_ml_and_its_workbook(warehouse, tmp_path):
    _, region = _first_ml_and_region(warehouse)
    result = _run(
        "rapports",
        "--entrepot",
        warehouse,
        "--annee",
        YEAR,
        "--region",
        region,
        "--sortie",
        tmp_path,
        "--excel",
    )
    assert result.exit_code == 0, result.output
    structures = connect(warehouse).table("structures").execute()
    expected = {
        f"rapport_{YEAR}_{c}.pdf" for c in structures[structures.code_region == region].code_ml
    }
    assert {p.name for p in tmp_path.glob("rapport_*.pdf")} == expected
    assert [p.name for p in tmp_path.glob("*.xlsx")] == [f"cibles_2025_region_{region}.xlsx"]


def test_rapports_of_a_region_writes_the_national_funnels_with_its_mls(warehouse, tmp_path):
    _, region = _first_ml_and_region(warehouse)
    args = ("rapports", "--entrepot", warehouse, "--annee", YEAR, "--region", region)
    result = _run(*args, "--sortie", tmp_path)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / f"entonnoirs_{YEAR}_region_{region}.pdf") as pdf:
        assert len(pdf.pages) == 8  # one page per rate (indicators 1 to 8)


def test_rapports_with_ml_and_region_is_a_user_error(warehouse, tmp_path):
    result = _run(
        "rapports",
        "--entrepot",
        warehouse,
        "--annee",
        YEAR,
        "--ml",
        "01001",
        "--region",
        "84",
        "--sortie",
        tmp_path,
    )
    assert isinstance(result.exception, UserError)
