"""`perfml garantie-jeunes`: the regions table and alerts on the terminal, the files."""

from __future__ import annotations

from gj.extract import make_extract
from handmade_warehouse import build_warehouse, d
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError


def test_command_prints_regions_with_alerts_and_writes_the_files(tmp_path):
    warehouse = build_warehouse(tmp_path / "w.duckdb", make_extract().rows, d("2024-07-31"))
    out = tmp_path / "gj.xlsx"
    args = ["garantie-jeunes", "--entrepot", str(warehouse), "--annee", "2024"]
    result = CliRunner().invoke(app, [*args, "--au", "2024-07-15", "--sortie", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 mois complets" in result.output and "en retard" in result.output
    assert out.exists() and (tmp_path / "gj_regions_2024.csv").exists()


def test_invalid_configuration_is_a_french_error(tmp_path):
    warehouse = build_warehouse(tmp_path / "w.duckdb", make_extract().rows, d("2024-07-31"))
    config = tmp_path / "gj.toml"
    config.write_text('[projection]\nmethode = "magique"\n', encoding="utf-8")
    args = ["garantie-jeunes", "--entrepot", str(warehouse), "--annee", "2024"]
    result = CliRunner().invoke(
        app, [*args, "--config", str(config), "--sortie", str(tmp_path / "gj.xlsx")]
    )
    assert isinstance(result.exception, UserError)
    assert "methode doit valoir lineaire, saisonnalite" in str(result.exception)
