"""Concurrency: 4 ``xietong ingest`` processes and 50 API clients at once, on SQLite (WAL)
and on PostgreSQL.

One real server (``xietong serve`` on a free port of 127.0.0.1, the benchmark's
:class:`xietong.bench.api.Server`) reads the ledger while four ingests write overlapping
sets of the invented articles of ``test_crash`` into it (each article is in three of the
four sets, under the same file name: the same document).  Fifty client threads ask for
/api/projects, /api/stats, /api/search and /api/articles/{id} in a bounded loop (until the
ingests end; at least ``MIN_REQUESTS`` and at most ``MAX_REQUESTS`` each).  Every response
must be a 200; afterwards the ledger must hold exactly the union of the articles, each
once, consistent, with the same facts and entities as a sequential ingest of the sets.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import text
from test_crash import snapshot, write_articles

from xietong.bench.api import Server
from xietong.ledger.ingest import ingest_paths
from xietong.store import open_ledger
from xietong.store.check import consistency

CLI = Path(sys.executable).parent / "xietong"
INGESTS = 4
CLIENTS = 50
MIN_REQUESTS = 10            # per client, also after the ingests ended
MAX_REQUESTS = 400           # per client: the loop's bound (the ingests' end stops it first)
QUERIES = ("冷链物流", "产业园", "签约", "投资", "新材料", "医疗器械", "项目", "京津")


def split(folder: Path, into: Path, rnd: random.Random) -> list[Path]:
    """``INGESTS`` folders with overlapping subsets of the articles (each in 3 of them)."""
    sets = [into / f"set{i}" for i in range(INGESTS)]
    for s in sets:
        s.mkdir(parents=True)
    for f in sorted(folder.glob("*.txt")):
        if f.name.startswith("z-"):
            continue                                  # the binary file: not here
        for s in rnd.sample(sets, 3):
            shutil.copy(f, s / f.name)
    return sets


class Clients:
    """Client threads hammering the read API until told to stop."""

    def __init__(self, base: str, n: int, seed: int) -> None:
        self.base = base
        self.stop = threading.Event()
        self.statuses: Counter[int] = Counter()
        self.during = 0                        # responses received while ingests ran
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(seed + i,), daemon=True)
                        for i in range(n)]

    def run(self, seed: int) -> None:
        rnd = random.Random(seed)
        ids: list[int] = []
        seen: Counter[int] = Counter()
        errors: list[str] = []
        during = 0
        with httpx.Client(base_url=self.base, timeout=60) as c:
            for i in range(MAX_REQUESTS):
                if self.stop.is_set() and i >= MIN_REQUESTS:
                    break
                pick = rnd.random()
                if pick < 0.25:
                    url = f"/api/projects?sort={rnd.choice(('recent', 'investment', 'name'))}" \
                          f"&limit={rnd.randint(1, 50)}"
                elif pick < 0.35:
                    url = "/api/stats"
                elif pick < 0.6:
                    url = f"/api/search?q={rnd.choice(QUERIES)}"
                elif pick < 0.75 or not ids:
                    url = f"/api/articles?limit=50&offset={rnd.randint(0, 20)}"
                else:
                    url = f"/api/articles/{rnd.choice(ids)}"
                try:
                    r = c.get(url)
                except httpx.HTTPError as e:
                    errors.append(f"{url}: {type(e).__name__} {e}")
                    continue
                seen[r.status_code] += 1
                during += not self.stop.is_set()
                if r.status_code != 200:
                    errors.append(f"{url}: {r.status_code} {r.text[:200]}")
                elif url.startswith("/api/articles?"):
                    ids = [a["id"] for a in r.json()["items"]] or ids
        with self.lock:
            self.statuses.update(seen)
            self.during += during
            self.errors.extend(errors)

    def __enter__(self) -> Clients:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(120)


def test_four_ingests_and_fifty_clients(db_url: str, tmp_path: Path) -> None:
    seed = random.randrange(10**6)
    rnd = random.Random(seed)
    pool = tmp_path / "pool"
    write_articles(pool, seed=11)
    sets = split(pool, tmp_path, rnd)
    union = {f.name for s in sets for f in s.glob("*.txt")}
    assert all(len(list(s.glob("*.txt"))) >= 20 for s in sets)

    ref_url = f"sqlite:///{tmp_path / 'sequential.db'}"
    for s in sets:
        ingest_paths([s], ref_url)
    want = snapshot(ref_url)
    assert len(want["articles"]) == len(union)

    open_ledger(db_url).close()                       # the server serves an existing ledger
    server = Server(db_url)
    t0 = time.perf_counter()
    try:
        server.wait()
        with Clients(server.url, CLIENTS, seed) as clients:
            procs = [subprocess.Popen([str(CLI), "ingest", str(s), "--db", db_url, "--quiet"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                     for s in sets]
            outs = [p.communicate(timeout=300)[1].decode() for p in procs]
        codes = [p.returncode for p in procs]
        # the server's read cache sees writes of other processes at most ttl (1 s) late
        with httpx.Client(base_url=server.url, timeout=60) as c:
            deadline = time.monotonic() + 10
            while (final := c.get("/api/stats").json())["articles"] != len(union) \
                    and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        server.stop()
    seconds = time.perf_counter() - t0
    requests = sum(clients.statuses.values())         # responses received
    print(f"\n{db_url.split(':')[0]}: {INGESTS} ingests, {CLIENTS} clients, {requests} "
          f"requests ({clients.during} during the ingests) in {seconds:.1f} s, statuses "
          f"{dict(clients.statuses)}, seed {seed}")
    assert codes == [0] * INGESTS, (codes, outs)
    assert clients.errors == [], (seed, clients.errors[:10], len(clients.errors))
    assert clients.statuses[200] >= CLIENTS * MIN_REQUESTS, clients.statuses
    assert clients.during >= CLIENTS * MIN_REQUESTS, clients.during   # real overlap

    led = open_ledger(db_url)
    try:
        with led.read() as conn:
            assert consistency(conn) == []
            docs = [r[0] for r in conn.execute(text("SELECT doc_id FROM articles"))]
    finally:
        led.close()
    assert sorted(docs) == sorted(f[:-4] for f in union)       # the union, each once
    assert final["articles"] == len(union)
    got = snapshot(db_url)
    for key in ("articles", "facts", "events", "skipped"):
        assert got[key] == want[key], key
    for key in ("projects", "orgs", "org_names", "stories"):
        assert got[key] == want[key], (key, seed)
