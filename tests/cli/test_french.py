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


def test_help_panels_and_defaults_are_in_french():
    result = runner.invoke(app, ["groupes", "--help"])
    assert "[par défaut : " in result.output
    assert "[obligatoire]" in result.output
    assert "[default" not in result.output
    assert "[required]" not in result.output


def test_command_list_panel_is_in_french():
    result = runner.invoke(app, ["--help"])
    assert "Commandes" in result.output
    assert "Commands" not in result.output
    assert "COMMAND [ARGS]" not in result.output


def test_type_placeholders_are_in_french():
    result = runner.invoke(app, ["groupes", "--help"])
    assert "<entier>" in result.output
    assert "<int>" not in result.output
    assert "<bool>" not in result.output


def test_a_non_integer_year_is_refused_in_french():
    result = runner.invoke(app, ["groupes", "--annee", "abc", "--sortie", "x.csv"])
    assert result.exit_code == 2
    assert "un nombre entier est attendu" in result.output
    assert "Input should" not in result.output


def test_an_unknown_command_is_refused_in_french():
    result = runner.invoke(app, ["groupe"])
    assert result.exit_code == 2
    assert "Commande inconnue : « groupe »" in result.output
    assert "Vouliez-vous dire groupes ?" in result.output
    assert "No such command" not in result.output


def test_a_missing_option_value_is_refused_in_french():
    result = runner.invoke(app, ["groupes", "--annee"])
    assert result.exit_code == 2
    assert "L'option --annee attend une valeur." in result.output


def test_an_extra_argument_is_refused_in_french():
    result = runner.invoke(app, ["groupes", "--annee", "2024", "--sortie", "x.csv", "trop"])
    assert result.exit_code == 2
    assert "Argument en trop : trop." in result.output


def test_the_web_sub_commands_speak_french():
    result = runner.invoke(app, ["web", "--help"])
    assert "Utilisation : perfml web" in result.output
    assert "Affiche cette aide et quitte." in result.output
    assert "Usage:" not in result.output


def test_the_compiled_catalogue_matches_its_source():
    from perfml.cli._catalogue import COMPILED, compile_mo, read_po

    assert COMPILED.read_bytes() == compile_mo(read_po()), (
        "messages.mo est périmé : lancez scripts/compile-catalogue.py"
    )


def test_the_catalogue_covers_every_string_typer_translates():
    import re
    from pathlib import Path

    import typer

    from perfml.cli._catalogue import read_po

    sources = Path(typer.__file__).parent.glob("*.py")
    wanted = {
        match
        for source in sources
        for match in re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', source.read_text(encoding="utf-8"))
    }
    assert wanted <= set(read_po())
