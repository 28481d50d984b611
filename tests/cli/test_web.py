"""`perfml web`: the sub-commands of the web application, in French."""

from __future__ import annotations

from typer.testing import CliRunner

from perfml.cli.app import app


def test_web_lists_its_commands():
    result = CliRunner().invoke(app, ["web", "--help"])
    assert result.exit_code == 0
    for command in ("preparer", "demo", "serve", "synchroniser", "gerer"):
        assert command in result.output
