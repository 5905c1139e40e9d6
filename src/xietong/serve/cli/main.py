"""Entry point of the ``xietong`` console script: imports every command module."""

from __future__ import annotations

import gc
import sys

gc.disable()  # the imports below allocate ~1M long-lived objects: no collections meanwhile (~30 ms)

from xietong.errors import ConfigError, XietongError  # noqa: E402

# Importing a command module registers its commands on `app`.
from xietong.serve.cli import documents, hardening, ledger, spark, web  # noqa: E402, F401
from xietong.serve.cli.app import app  # noqa: E402

gc.enable()


def main() -> None:
    """Run the CLI, translating xietong's errors into one line and an exit code."""
    try:
        app()
    except ConfigError as exc:
        print(f"xietong: {exc}", file=sys.stderr)
        sys.exit(2)
    except XietongError as exc:
        print(f"xietong: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
