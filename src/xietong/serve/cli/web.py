"""CLI commands of the web area (registered on `app` / `bench_app` at import): ``serve``
and ``bench api``.  FastAPI, uvicorn and SQLAlchemy are imported inside the commands so
that the CLI starts fast."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from xietong.serve.cli.app import app, bench_app, fail, warn


@app.command()
def serve(
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: $XIETONG_DB "
                                                        "or sqlite:///xietong.db).")] = None,
    host: Annotated[str, typer.Option(help="Address to bind (only this machine by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535)] = 8000,
    token_file: Annotated[Path | None, typer.Option(
        "--token-file", help="File holding the curator token (default: $XIETONG_TOKEN; "
                             "without a token the server is read-only).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes.")] = 1,
) -> None:
    """Serve the dashboard and the JSON API (/api, documented at /api/docs)."""
    import uvicorn

    from xietong.serve.api.app import create_app
    from xietong.store import resolve_url

    if token_file is not None and not token_file.is_file():
        fail(f"--token-file {token_file}: no such file", 2)
    application = create_app(db, token_file=str(token_file) if token_file else None,
                             create=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        warn(f"binding {host}: the dashboard is reachable from other machines")
    mode = "curation enabled (token)" if application.state.guard.writable else "read-only"
    shown = f"[{host}]" if ":" in host else host
    print(f"xietong: serving {application.state.ledger.url} on http://{shown}:{port} "
          f"({mode}); API docs at http://{shown}:{port}/api/docs — Ctrl+C to stop",
          flush=True)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
        return
    # several processes: each builds its own app from the environment
    os.environ["XIETONG_DB"] = db or resolve_url(None)
    if application.state.guard.token:
        os.environ["XIETONG_TOKEN"] = application.state.guard.token
    application.state.ledger.close()
    uvicorn.run("xietong.serve.api.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning", access_log=False)


@bench_app.command("api")
def bench_api(
    facts: Annotated[int, typer.Option("--facts", help="Facts in the synthetic ledger.")]
    = 1_000_000,
    cache: Annotated[Path | None, typer.Option("--cache", help="Ledger file (generated once).")]
    = None,
    db: Annotated[str | None, typer.Option("--db", help="Benchmark this ledger instead of "
                                                        "the synthetic one.")] = None,
    clients: Annotated[int, typer.Option(min=1, help="Concurrent clients.")] = 50,
    requests: Annotated[int, typer.Option("--requests", min=1,
                                          help="Requests per endpoint.")] = 500,
    duration: Annotated[float, typer.Option(help="Seconds at most per endpoint.")] = 20.0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes.")] = 1,
    only: Annotated[str | None, typer.Option(
        "--only", help="Only the endpoints whose name contains this text.")] = None,
) -> None:
    """p50/p99 latency of the main API endpoints under concurrent load (127.0.0.1 only)."""
    from xietong.bench.api import bench_api as run

    for line in run(n_facts=facts, cache=cache, db_url=db, clients=clients,
                    requests=requests, duration=duration, workers=workers, only=only):
        print(line, flush=True)
