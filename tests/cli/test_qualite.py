"""`perfml qualite`: region scores on the terminal, the workbook and `qualite_ml_2024.csv`."""

from __future__ import annotations

from handmade_warehouse import build_warehouse, d
from quality.extract import ROWS
from typer.testing import CliRunner

from perfml.cli import app


def test_command_prints_scores_and_writes_the_workbook_and_csv(tmp_path):
    warehouse = build_warehouse(tmp_path / "w.duckdb", ROWS, d("2025-06-30"))
    out = tmp_path / "qualite" / "qualite_2024.xlsx"
    args = ["qualite", "--entrepot", str(warehouse), "--annee", "2024", "--sortie", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Qualité des données 2024" in result.output
    assert "Indicateur 7 fiable pour le financement : aucune mission locale sur 3." in result.output
    assert out.exists() and (tmp_path / "qualite" / "qualite_ml_2024.csv").exists()
