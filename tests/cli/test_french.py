"""Typer's own wording (help option, errors) reaches the user in French."""

from typer.testing import CliRunner

from perfml.cli import app

runner = CliRunner()


def test_help_option_is_described_in_french():
    result = runner.invoke(app, ["groupes", "--help"])
    assert "Affiche cette aide et quitte." in result.output
    assert "Show this message" not in result.output


def test_missing_option_error_is_in_french():
    result = runner.invoke(app, ["groupes"])
    assert result.exit_code == 2
    assert "Il manque l'option" in result.output


def test_unknown_option_error_is_in_french():
    result = runner.invoke(app, ["groupes", "--inconnue"])
    assert "Option inconnue : --inconnue" in result.output


def test_usage_line_is_in_french():
    result = runner.invoke(app, ["groupes", "--help"])
    assert "Utilisation : perfml groupes" in result.output
    assert "Usage:" not in result.output
