"""`perfml charger`: loads an extract, prints the report, writes the rejects; French errors."""

from loading.builder import valid_rows, write_extract
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError


def _charger(tmp_path, rows=None) -> list[str]:
    """The command loading the tiny extract (`rows`, valid by default) into `e.duckdb`."""
    directory = write_extract(tmp_path / "extrait", rows)
    return ["charger", "--donnees", str(directory), "--entrepot", str(tmp_path / "e.duckdb")]


def test_the_command_loads_and_prints_the_counts(tmp_path):
    directory = write_extract(tmp_path / "extrait")
    warehouse = tmp_path / "var" / "entrepot.duckdb"
    result = CliRunner().invoke(
        app, ["charger", "--donnees", str(directory), "--entrepot", str(warehouse)]
    )
    assert result.exit_code == 0, result.output
    assert "Chargées" in result.output
    assert warehouse.exists()


def test_the_rejects_report_goes_beside_the_warehouse_by_default(tmp_path):
    rows = valid_rows()
    rows["jeunes"][0]["sexe"] = "X"
    directory = write_extract(tmp_path / "extrait", rows)
    warehouse = tmp_path / "var" / "entrepot.duckdb"
    result = CliRunner().invoke(
        app,
        ["charger", "--donnees", str(directory), "--entrepot", str(warehouse), "--forcer"],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "var" / "entrepot-rejets.csv").exists()
    assert "rejetée" in result.output


def test_the_extract_date_may_be_given_in_french(tmp_path):
    args = _charger(tmp_path)
    result = CliRunner().invoke(app, [*args, "--date-extraction", "31/12/2024"])
    assert result.exit_code == 0, result.output
    assert "31/12/2024 (donnée par l'utilisateur)" in result.output


def test_a_malformed_extract_date_is_a_french_error(tmp_path):
    args = _charger(tmp_path)
    result = CliRunner().invoke(app, [*args, "--date-extraction", "demain"])
    assert isinstance(result.exception, UserError)
    assert "AAAA-MM-JJ" in str(result.exception)


def test_without_data_nor_referential_the_command_says_what_to_give(tmp_path):
    result = CliRunner().invoke(app, ["charger", "--entrepot", str(tmp_path / "e.duckdb")])
    assert isinstance(result.exception, UserError)
    assert "--donnees" in str(result.exception)


def test_a_malformed_threshold_is_a_french_error(tmp_path):
    args = _charger(tmp_path)
    result = CliRunner().invoke(app, [*args, "--seuil-rejets", "beaucoup"])
    assert isinstance(result.exception, UserError)
    assert "--seuil-rejets attend un pourcentage" in str(result.exception)


def test_a_threshold_with_a_decimal_comma_and_percent_sign_is_read(tmp_path):
    rows = valid_rows()
    rows["jeunes"][0]["sexe"] = "X"  # 1 of 3 lines: 33,3 %
    args = _charger(tmp_path, rows)
    refused = CliRunner().invoke(app, [*args, "--seuil-rejets", "33,3 %"])
    assert "Chargement refusé" in str(refused.exception)
    result = CliRunner().invoke(app, [*args, "--seuil-rejets", "100", "--forcer"])
    assert result.exit_code == 0, result.output
