"""The Typer application objects that every command module registers on."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

app = typer.Typer(
    name="xietong",
    help="Turn Chinese regional-development news into a source-linked ledger of facts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
bench_app = typer.Typer(help="Benchmarks that print figures.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


def warn(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    print(f"xietong: {message}", file=sys.stderr, flush=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit with ``code`` (1 bad input, 2 usage/config)."""
    warn(message)
    raise typer.Exit(code)
