"""API benchmark: p50/p99 latency of the main endpoints under concurrent load.

Runs the real server (``xietong serve`` in a subprocess, bound to 127.0.0.1) over the
synthetic ledger of :mod:`xietong.bench.ledger` (generated once and cached), then, for each
endpoint in turn, keeps ``clients`` concurrent keep-alive HTTP/1.1 connections busy until
``requests`` responses came back or ``duration`` seconds passed.  The load generator speaks
raw HTTP over asyncio streams: it costs far less CPU than an HTTP client library, so the
figures are the server's, not the generator's.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

HOST = "127.0.0.1"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Result:
    """Latencies (ms) of one endpoint, and what went wrong."""

    name: str
    latencies: tuple[float, ...]
    errors: int
    seconds: float

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"{self.name:<44} p50 {self.pct(50):7.1f} ms   p99 {self.pct(99):7.1f} ms   "
                f"{self.rate:6.0f} req/s   n={len(self.latencies)}"
                + (f"   errors={self.errors}" if self.errors else ""))


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def default_cache(n_facts: int) -> Path:
    """The synthetic ledger file shared with ``xietong bench query``."""
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "xietong"
    return base / f"bench-ledger-{n_facts}.db"


def synthetic_ledger(n_facts: int, cache: Path | None = None) -> tuple[str, str | None]:
    """The URL of the cached synthetic ledger (generating it once) and a note when new."""
    from xietong.bench.ledger import generate_ledger

    cache = cache or default_cache(n_facts)
    if cache.exists():
        return f"sqlite:///{cache}", None
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".api-{os.getpid()}.tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    generate_ledger(f"sqlite:///{tmp}", n_facts)
    tmp.rename(cache)
    return f"sqlite:///{cache}", f"generated {cache} in {time.perf_counter() - t0:.0f} s"


class Server:
    """``xietong serve`` in a subprocess on a free port of 127.0.0.1."""

    def __init__(self, db_url: str, port: int | None = None, token: str | None = None,
                 workers: int = 1) -> None:
        self.port = port or free_port()
        env = {**os.environ, "XIETONG_DB": db_url}
        env.pop("XIETONG_TOKEN", None)
        if token:
            env["XIETONG_TOKEN"] = token
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "xietong.serve.cli.main", "serve", "--host", HOST,
             "--port", str(self.port), "--workers", str(workers)], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait(self, timeout: float = 120.0) -> None:
        """Block until the server answers (or raise with its output)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read() if self.proc.stdout else ""
                raise RuntimeError(f"the server exited ({self.proc.returncode}): {out.strip()}")
            try:
                with urllib.request.urlopen(self.url + "/api/stats", timeout=30) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length or chunked); return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (ln.partition(":") for ln in lines[1:] if ln)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _load(port: int, paths: Callable[[], str], clients: int, requests: int,
                duration: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    t_end = time.perf_counter() + duration

    async def client() -> None:
        nonlocal errors, sent
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while sent < requests and time.perf_counter() < t_end:
                sent += 1
                req = (f"GET {paths()} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                       "Accept: application/json\r\n\r\n").encode("ascii")
                t0 = time.perf_counter()
                writer.write(req)
                await writer.drain()
                try:
                    status = await asyncio.wait_for(_read_response(reader), 30.0)
                except TimeoutError:
                    errors += 1
                    return
                latencies.append((time.perf_counter() - t0) * 1000)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - t0


def _runner() -> Callable[[Coroutine[Any, Any, T]], T]:
    """``asyncio.run`` on uvloop when installed (a cheaper load generator)."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        return asyncio.run
    return uvloop.run


def endpoints(n_projects: int, n_articles: int, seed: int = 5
              ) -> list[tuple[str, Callable[[], str]]]:
    """The main endpoints, each a function giving the next request path."""
    rnd = random.Random(seed)
    hs = quote("衡水")
    return [
        ("GET /api/projects (first page)", lambda: "/api/projects?limit=50"),
        ("GET /api/projects?place=衡水&status=operating",
         lambda: f"/api/projects?place={hs}&status=operating&limit=50"),
        ("GET /api/projects?sort=investment", lambda: "/api/projects?sort=investment&limit=50"),
        ("GET /api/projects?offset=… (random page)",
         lambda: f"/api/projects?limit=50&offset={rnd.randint(0, 200) * 50}"),
        ("GET /api/projects/{id}", lambda: f"/api/projects/{rnd.randint(1, n_projects)}"),
        ("GET /api/articles/{id}", lambda: f"/api/articles/{rnd.randint(1, n_articles)}"),
        ("GET /api/facts?kind=project", lambda: "/api/facts?kind=project&limit=50"),
        ("GET /api/orgs", lambda: "/api/orgs?limit=50"),
        ("GET /api/search?q=文章…",
         lambda: "/api/search?q=" + quote(f"文章{rnd.randint(1, n_articles)}")),
        ("GET /api/stats", lambda: "/api/stats"),
    ]


def bench_api(n_facts: int = 1_000_000, cache: Path | None = None, db_url: str | None = None,
              clients: int = 50, requests: int = 500, duration: float = 20.0,
              workers: int = 1, only: str | None = None) -> Iterator[str]:
    """Lines of the report: the ledger, then p50/p99 per endpoint under ``clients``
    (only the endpoints whose name contains ``only``, when given)."""
    if db_url is None:
        db_url, note = synthetic_ledger(n_facts, cache)
        if note:
            yield note
    from sqlalchemy import create_engine

    eng = create_engine(db_url)
    with eng.connect() as c:
        n = int(c.exec_driver_sql("SELECT count(*) FROM facts").scalar_one())
        n_projects = int(c.exec_driver_sql("SELECT max(id) FROM projects").scalar_one() or 1)
        n_articles = int(c.exec_driver_sql("SELECT max(id) FROM articles").scalar_one() or 1)
    eng.dispose()
    server = Server(db_url, workers=workers)
    try:
        t0 = time.perf_counter()
        server.wait()
        yield (f"bench api: {n:,} facts, {n_projects:,} projects ({db_url.split(':')[0]}); "
               f"server ({workers} process{'es' if workers > 1 else ''}) on {server.url} up in {time.perf_counter() - t0:.1f} s; "
               f"{clients} concurrent clients, {requests} requests per endpoint "
               f"(≤{duration:.0f} s); {os.cpu_count()} CPUs, load average "
               f"{os.getloadavg()[0]:.1f}")
        all_lat: list[float] = []
        run = _runner()
        for name, paths in endpoints(n_projects, n_articles):
            if only and only not in name:
                continue
            run(_load(server.port, paths, min(clients, 10), min(requests, 50), 5.0))
            gc.collect()
            gc.disable()   # a collection in the load generator would count as latency
            try:
                lat, errors, secs = run(_load(server.port, paths, clients, requests,
                                              duration))
            finally:
                gc.enable()
            all_lat.extend(lat)
            yield Result(name, tuple(lat), errors, secs).line()
        yield f"load average after: {os.getloadavg()[0]:.1f}"
        if all_lat:
            yield (f"{'all endpoints':<44} p50 {statistics.median(all_lat):7.1f} ms   "
                   f"p99 {Result('', tuple(all_lat), 0, 1).pct(99):7.1f} ms")
    finally:
        server.stop()
