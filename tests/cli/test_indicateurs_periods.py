"""`perfml indicateurs` on periods the extract does not cover (tiny warehouse: extract
date 05/03/2024)."""

from loading.builder import load_rows
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError


def _indicateurs(tmp_path, year: int, output: str):
    """Run `perfml indicateurs --annee year` on the tiny warehouse; (result, output path)."""
    _, warehouse = load_rows(tmp_path)
    out = tmp_path / output
    args = ["indicateurs", "--entrepot", str(warehouse), "--annee", str(year), "--sortie", str(out)]
    return CliRunner().invoke(app, args), out


def test_a_year_after_the_extract_is_refused_and_writes_nothing(tmp_path):
    result, out = _indicateurs(tmp_path, 2026, "i.csv")
    assert isinstance(result.exception, UserError)
    assert "commence après la date d'extraction" in str(result.exception)
    assert not out.exists()


def test_a_year_not_over_is_computed_as_provisional(tmp_path):
    result, out = _indicateurs(tmp_path, 2024, "i.csv")
    assert result.exit_code == 0, result.output
    assert "Résultats provisoires" in result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(";statut") and lines[1].endswith(";provisoire")


def test_a_year_not_over_says_provisional_in_the_workbook_too(tmp_path):
    from openpyxl import load_workbook

    result, out = _indicateurs(tmp_path, 2024, "i.xlsx")
    assert result.exit_code == 0, result.output
    values = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "Statut" in values and "provisoire" in values
