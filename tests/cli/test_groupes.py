"""`perfml groupes`: builds, stores and writes the groups; French errors."""

from groups.context_warehouse import make_warehouse
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError


def test_command_writes_the_groups_and_prints_a_summary(tmp_path):
    warehouse = make_warehouse(tmp_path / "entrepot.duckdb")
    out = tmp_path / "sorties" / "groupes_2024.csv"
    args = ["groupes", "--entrepot", str(warehouse), "--annee", "2024", "--k", "3"]
    result = CliRunner().invoke(app, [*args, "--sortie", str(out)])
    assert result.exit_code == 0, result.output
    assert "Groupes homogènes 2024" in result.output
    assert out.exists()
    assert (tmp_path / "sorties" / "groupes_2024_description.csv").exists()
    assert (tmp_path / "sorties" / "groupes_2024.md").exists()


def test_k_must_be_a_number_or_auto(tmp_path):
    warehouse = make_warehouse(tmp_path / "entrepot.duckdb")
    args = ["groupes", "--entrepot", str(warehouse), "--annee", "2024", "--k", "vingt"]
    result = CliRunner().invoke(app, [*args, "--sortie", str(tmp_path / "g.csv")])
    assert isinstance(result.exception, UserError)
    assert "« auto »" in str(result.exception)
