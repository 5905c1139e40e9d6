"""`xietong serve` and `xietong bench api` as a user runs them: the URL printed, 127.0.0.1
only by default, the benchmark's report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from test_web_data import build

from xietong.bench.api import Result, bench_api, free_port


def _listening(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp) listening on ``port``."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as fh:
            next(fh)
            for line in fh:
                local, state = line.split()[1], line.split()[3]
                addr, _, p = local.rpartition(":")
                if state == "0A" and int(p, 16) == port:
                    out.add(addr)
    return out


def test_serve_prints_its_url_and_binds_localhost(tmp_path: Path) -> None:
    b = build(f"sqlite:///{tmp_path / 'serve.db'}")
    port = free_port()
    env = {**os.environ, "XIETONG_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "xietong.serve.cli.main", "serve", "--db",
                             b.url, "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line and "read-only" in line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats") as r:
                    assert json.loads(r.read())["projects"] == 3
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
        assert _listening(port) == {"0100007F"}          # 127.0.0.1, nothing else
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_refuses_a_missing_ledger(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "xietong.serve.cli.main", "serve", "--db",
                          f"sqlite:///{tmp_path / 'none.db'}", "--port", str(free_port())],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1 and "no ledger" in res.stderr


def test_bench_api_reports_percentiles(tmp_path: Path) -> None:
    lines = list(bench_api(n_facts=2000, cache=tmp_path / "bench.db", clients=5, requests=20,
                           duration=5))
    assert lines[0].startswith("generated ")
    assert "2,000 facts" in lines[1] and "5 concurrent clients" in lines[1]
    body = [ln for ln in lines[2:] if ln.startswith("GET ")]
    assert len(body) >= 8
    for ln in body:
        assert " p50 " in ln and " p99 " in ln and "n=20" in ln and "errors" not in ln
    assert lines[-2].startswith("load average after") and lines[-1].startswith("all endpoints")


def test_result_percentiles() -> None:
    r = Result("x", tuple(float(i) for i in range(1, 101)), 0, 2.0)
    assert (r.pct(50), r.pct(99), r.pct(100), r.rate) == (50.0, 99.0, 100.0, 50.0)
