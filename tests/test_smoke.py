"""The package imports and the CLI answers."""

from typer.testing import CliRunner

from xietong.serve.cli.main import app


def test_cli_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output
