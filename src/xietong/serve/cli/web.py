"""CLI commands of the web area (registered on `app` / `bench_app` at import)."""

from __future__ import annotations
