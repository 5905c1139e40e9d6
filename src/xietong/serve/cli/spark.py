"""CLI commands of the spark area (registered on `app` / `bench_app` at import)."""

from __future__ import annotations
