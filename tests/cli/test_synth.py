"""`perfml synth`: writes an extract, prints the yearly totals; French errors."""

import re

from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError


def test_command_writes_the_extract_and_prints_the_yearly_totals(tmp_path):
    args = ["synth", "--echelle", "mini", "--graine", "4", "--debut", "2024", "--fin", "2024"]
    result = CliRunner().invoke(app, [*args, "--sortie", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "premiers accueils" in result.output
    assert (tmp_path / "jeunes.parquet").exists()


def test_csv_format_writes_csv_files(tmp_path):
    args = ["synth", "--echelle", "mini", "--debut", "2024", "--fin", "2024", "--format", "csv"]
    result = CliRunner().invoke(app, [*args, "--sortie", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "structures.csv").exists()


def test_command_counts_the_rows_written_as_a_whole_number(tmp_path):
    args = ["synth", "--echelle", "mini", "--debut", "2024", "--fin", "2024", "--format", "csv"]
    result = CliRunner().invoke(app, [*args, "--sortie", str(tmp_path)])
    line = next(x for x in result.output.splitlines() if "lignes écrites" in x)
    assert re.match(r"^\d{1,3}(\u202f\d{3})* lignes écrites au format csv ", line), line


def test_an_unknown_scale_is_refused_in_french(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--echelle", "europe", "--sortie", str(tmp_path)])
    assert isinstance(result.exception, UserError)
    assert "Échelle inconnue" in str(result.exception)


def test_a_seed_that_is_not_a_number_is_refused_in_french(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--graine", "abc", "--sortie", str(tmp_path)])
    assert isinstance(result.exception, UserError)
    assert "nombre entier" in str(result.exception)
