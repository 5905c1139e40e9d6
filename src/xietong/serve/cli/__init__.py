"""The ``xietong`` command line (Typer). Commands live in one module per area."""
