"""A throwaway PostgreSQL server for tests and benchmarks (Debian's server binaries).

``start_server()`` runs ``initdb`` into a temporary folder and ``pg_ctl start`` on a free
port, with its unix socket in that folder, and returns a :class:`PgServer` whose ``url``
xietong can use; ``stop()`` shuts it down and removes the folder.  ``initdb`` refuses to
run as root, so as root the server runs as the ``postgres`` OS user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from xietong.errors import StoreError


def find_bindir() -> Path:
    """The folder of PostgreSQL's server binaries (newest version installed)."""
    env = os.environ.get("XIETONG_PG_BIN")
    cands = [env] if env else []
    cands += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                    key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
                    reverse=True)
    for c in cands:
        if c and (Path(c) / "initdb").exists():
            return Path(c)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise StoreError("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): "
                     "install Debian's postgresql package (make system-deps)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running throwaway server."""

    folder: Path
    port: int
    bindir: Path
    as_user: str | None

    @property
    def url(self) -> str:
        return (f"postgresql+psycopg://postgres@/postgres?host={self.folder / 'sock'}"
                f"&port={self.port}")

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=False)

    def create_database(self, name: str) -> str:
        """Create a database on this server; returns its URL."""
        res = self._run(str(self.bindir / "createdb"), "-h", str(self.folder / "sock"),
                        "-p", str(self.port), "-U", "postgres", name)
        if res.returncode != 0:
            raise StoreError(f"createdb {name}: {res.stderr.strip()}")
        return self.url.replace("/postgres?", f"/{name}?")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                  "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PgServer:
    """Start a server in a new temporary folder (fails with a clear message if it cannot)."""
    bindir = find_bindir()
    folder = Path(tempfile.mkdtemp(prefix="xietong-pg-"))
    (folder / "sock").mkdir()
    as_user = "postgres" if os.geteuid() == 0 else None
    if as_user:
        shutil.chown(folder, as_user)
        shutil.chown(folder / "sock", as_user)
        folder.chmod(0o755)
    server = PgServer(folder, free_port(), bindir, as_user)
    res = server._run(str(bindir / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
                      "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
    if res.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"initdb failed: {res.stderr.strip()[-500:]}")
    opts = (f"-p {server.port} -k {folder / 'sock'} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off")
    res = server._run(str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-o", opts,
                      "-l", str(folder / "log"), "-w", "-t", "60", "start")
    if res.returncode != 0:
        log = (folder / "log").read_text(errors="replace")[-800:] if (folder / "log").exists() \
            else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"pg_ctl start failed: {res.stderr.strip()} {log}")
    for _ in range(100):
        if (folder / "sock" / f".s.PGSQL.{server.port}").exists():
            break
        time.sleep(0.05)
    return server
