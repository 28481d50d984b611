"""`perfml tableau-de-bord`: one level or every level; French errors."""

from __future__ import annotations

from handmade_warehouse import build_warehouse
from test_activity import ROWS
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError


def test_region_dashboard_is_written_with_its_code_after_the_level(tmp_path):
    warehouse = build_warehouse(tmp_path / "w.duckdb", ROWS)
    out = tmp_path / "tdb.xlsx"
    args = ["tableau-de-bord", "--entrepot", str(warehouse), "--periode", "2024-S1"]
    result = CliRunner().invoke(app, [*args, "--niveau", "region", "84", "--sortie", str(out)])
    assert result.exit_code == 0, result.output
    assert "Tableau de bord du 1er semestre 2024, données connues au 01/09/2024" in result.output
    assert out.exists()


def test_every_level_goes_to_a_folder(tmp_path):
    warehouse = build_warehouse(tmp_path / "w.duckdb", ROWS)
    args = ["tableau-de-bord", "--entrepot", str(warehouse), "--periode", "2024", "--tout"]
    result = CliRunner().invoke(app, [*args, "--sortie", str(tmp_path / "tdb")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "tdb").glob("*.xlsx"))) == 3  # national and 2 regions


def test_level_or_every_level_must_be_asked(tmp_path):
    warehouse = build_warehouse(tmp_path / "w.duckdb", ROWS)
    args = ["tableau-de-bord", "--entrepot", str(warehouse), "--periode", "2024"]
    result = CliRunner().invoke(app, [*args, "--sortie", str(tmp_path / "t.xlsx")])
    assert isinstance(result.exception, UserError)
    assert "Indiquez --niveau" in str(result.exception)
