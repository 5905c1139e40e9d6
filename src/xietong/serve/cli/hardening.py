"""CLI commands of the hardening area (registered on `app` / `bench_app` at import)."""

from __future__ import annotations
