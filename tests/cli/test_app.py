"""How the command line speaks: version, quiet mode, stderr for warnings, no markup."""

import pytest
from typer.testing import CliRunner

from perfml.cli import app
from perfml.cli.app import fail, say, warn

runner = CliRunner()


@pytest.fixture(autouse=True)
def loud():
    """Each test starts and ends without `--quiet` (the flag is process-wide)."""
    from perfml.cli.app import console
    from perfml.progress import set_quiet

    console.quiet = False
    yield
    console.quiet = False
    set_quiet(False)


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"perfml {version('perfml')}"


def test_quiet_silences_results(tmp_path):
    args = ["--quiet", "synth", "--echelle", "mini", "--graine", "1", "--sortie", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "jeunes.parquet").exists()


@pytest.mark.parametrize(
    "text", ["data[red]x", "Les poids de [criteres] font 1,1", "[regions.93]", "[/]", "[bold]"]
)
def test_warnings_keep_bracketed_text(text, capsys):
    warn(text)
    captured = capsys.readouterr()
    assert text in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("text", ["data[red]x", "[regions.93] poids", "[link=x]y[/link]"])
def test_results_keep_bracketed_text(text, capsys):
    say(text)
    assert text in capsys.readouterr().out


def test_errors_keep_bracketed_text_and_go_to_stderr(capsys):
    import typer

    with pytest.raises(typer.Exit):
        fail("section [criteres] absente")
    captured = capsys.readouterr()
    assert "Erreur : section [criteres] absente" in captured.err
    assert captured.out == ""
