"""Killing ``xietong ingest`` at any moment leaves the ledger consistent, and a rerun
completes the batch exactly as an uninterrupted ingest would (SQLite and PostgreSQL).

The articles are written here from templates of invented sentences.  The ingest runs as a
subprocess and is killed with SIGKILL four times: once early (during start-up, the
migration or the first articles) and three times after a random number of stored
articles plus a random delay, so that the kill lands inside a transaction as often as
between two.  After each kill :func:`xietong.store.check.consistency` must find nothing;
after the final run the ledger must hold the same articles, facts and entities as an
ingest of the same folder into a fresh database.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from xietong.ledger.ingest import ingest_paths
from xietong.store import open_ledger
from xietong.store.check import consistency

N_ARTICLES = 40
CLI = Path(sys.executable).parent / "xietong"

CITIES = (("衡水市", "冀州区"), ("廊坊市", "固安县"), ("保定市", "涿州市"), ("沧州市", "黄骅市"),
          ("张家口市", "怀来县"), ("唐山市", "曹妃甸区"), ("邢台市", "南和区"), ("承德市", "滦平县"))
FIRMS = ("北京恒润医药集团有限公司", "天津海晟装备制造有限公司", "北京云帆数据科技有限公司",
         "北京禾丰冷链物流集团", "天津中瀚新材料股份有限公司", "北京康宁医疗器械有限公司")
KINDS = ("智能制造产业园", "冷链物流中心", "大数据中心", "生物医药基地", "新材料产业园",
         "医疗器械产业园")
FILLER = ("当地政府为项目开辟绿色通道，实行专人跟踪服务。",
          "项目建成后预计年产值可达数十亿元，带动周边就业。",
          "签约仪式上，双方负责人分别介绍了合作内容。",
          "今年以来，该地持续优化营商环境，承接非首都功能疏解项目。",
          "园区配套道路、供水、供电等设施已基本完备。",
          "下一步，当地将加快推进项目前期手续办理。")


def write_articles(folder: Path, n: int = N_ARTICLES, seed: int = 4) -> None:
    """``n`` small invented news articles, each with a signing and some follow-ups."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        city, county = rnd.choice(CITIES)
        firm = rnd.choice(FIRMS)
        project = f"{county[:-1]}{rnd.choice(KINDS)}项目"
        year, month, day = rnd.randint(2016, 2023), rnd.randint(1, 12), rnd.randint(1, 28)
        amount = rnd.randint(2, 60)
        lines = [
            f"{city}与京津企业签约一批合作项目（第{i + 1}期）",
            "",
            f"本报讯 {year}年{month}月{day}日，{city}人民政府与{firm}签署合作协议，"
            f"{project}正式签约，项目总投资{amount}亿元，选址{county}。",
            f"据介绍，{city}今年以来共签约京津项目{rnd.randint(3, 30)}个，"
            f"总投资{rnd.randint(50, 400)}亿元。",
            *rnd.sample(FILLER, 3),
            f"（记者 编号{i:03d}）",
        ]
        (folder / f"article-{i:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _count(engine: Any) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    except Exception:  # no table yet (still migrating), or locked for a moment
        return -1


def _start(folder: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(CLI), "ingest", str(folder), "--db", url, "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _kill(proc: subprocess.Popen[bytes]) -> int:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)   # the group: no orphaned pool worker
    proc.wait(30)
    return proc.returncode


def _check(url: str, context: object = None) -> int:
    led = open_ledger(url)                   # migrates when killed during the migration
    try:
        with led.read() as conn:
            problems = consistency(conn)
            n = int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    finally:
        led.close()
    assert problems == [], (context, problems)
    return n


def snapshot(url: str) -> dict[str, Any]:
    """What an ingest stored, independent of row ids."""
    eng = create_engine(url, poolclass=NullPool)
    out: dict[str, Any] = {}
    with eng.connect() as c:
        out["articles"] = sorted(tuple(r) for r in c.execute(text(
            "SELECT doc_id, raw_sha256, extractor FROM articles")))
        out["facts"] = sorted(tuple(r) for r in c.execute(text(
            "SELECT a.doc_id, f.kind, f.key FROM facts f JOIN articles a ON a.id = f.article_id")))
        out["projects"] = Counter(tuple(r) for r in c.execute(text(
            "SELECT name, status, place, n_articles, n_stories FROM projects")))
        out["orgs"] = Counter(tuple(r) for r in c.execute(text(
            "SELECT name, type, n_articles FROM orgs")))
        out["org_names"] = Counter(r[0] for r in c.execute(text("SELECT name FROM org_names")))
        out["events"] = int(c.execute(text("SELECT count(*) FROM project_events")).scalar_one())
        out["stories"] = int(c.execute(text(
            "SELECT count(DISTINCT story_id) FROM articles")).scalar_one())
    eng.dispose()
    return out


def test_killed_ingest_stays_consistent_and_rerun_completes(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    write_articles(folder)
    ref_url = f"sqlite:///{tmp_path / 'reference.db'}"
    ref = ingest_paths([folder], ref_url)
    assert (ref.documents, ref.skipped) == (N_ARTICLES, 0)
    want = snapshot(ref_url)
    assert len(want["facts"]) > 3 * N_ARTICLES and want["events"] >= N_ARTICLES

    rnd = random.Random()
    seed = rnd.randrange(10**6)
    rnd.seed(seed)
    engine = create_engine(db_url, poolclass=NullPool)
    t0 = time.perf_counter()
    log: list[str] = []
    # 1. an early kill: start-up, migration or the first articles
    proc = _start(folder, db_url)
    time.sleep(rnd.uniform(0.05, 0.5))  # ingest is fast: a later kill could find the batch done
    code = _kill(proc)
    stored = _check(db_url, (seed, log))
    log.append(f"early kill ({code}) at {stored} articles")
    # 2. three kills after a random number of stored articles plus a random delay
    kills = 0
    for aim in sorted(rnd.sample(range(2, N_ARTICLES - 6), 3)):
        target = max(aim, stored + 1)            # a kill may overshoot by an article or two
        proc = _start(folder, db_url)
        while proc.poll() is None and _count(engine) < target:
            time.sleep(0.002)
        time.sleep(rnd.uniform(0, 0.02))
        code = _kill(proc)
        assert code in (-signal.SIGKILL, 0), (seed, log, proc.stderr.read() if proc.stderr
                                              else b"")
        stored = _check(db_url, (seed, log))
        kills += code == -signal.SIGKILL
        log.append(f"kill ({code}) aiming at {target}: {stored} articles")
    # 3. the rerun completes the batch
    proc = _start(folder, db_url)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, (seed, log, err.decode())
    assert _check(db_url, (seed, log)) == N_ARTICLES
    engine.dispose()
    got = snapshot(db_url)
    print(f"seed {seed}, {time.perf_counter() - t0:.1f} s: " + "; ".join(log))
    assert got == want, f"seed {seed}: {log}"
    assert kills == 3, f"seed {seed}: {log}"
