"""Crash safety at scale: ``xietong ingest`` SIGKILLed ten times per database at random
moments, on SQLite and on PostgreSQL.

A broader version of ``tests/ledger/test_kill.py``: a batch of invented articles in which
projects come back at several stages (签约 → 开工 → 投产, so linking updates entities
across articles), reprints of the same story under other names (duplicate detection), a
file that is not text (a skipped row), and ingests with one and with two worker processes.
Kills land at random: early (start-up, migration), after the article count grows past a
random aim, and a random 0-30 ms later — inside the article's transaction as often as
between two; once little is left to store, at a random moment of a rerun (a run that
finishes before its kill is logged and does not count).  After every kill :func:`xietong.store.check.consistency` must find nothing;
after the last run the ledger must hold exactly what an uninterrupted ingest into a fresh
database holds: the same articles, facts, entities, events and stories, none lost, none
duplicated.
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

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from xietong.ledger.ingest import ingest_paths
from xietong.store import open_ledger
from xietong.store.check import consistency

CLI = Path(sys.executable).parent / "xietong"
KILLS = 10                   # per database
BUDGET = 120.0               # a bound on the kills per database (~45 s typical)

CITIES = (("衡水市", "冀州区"), ("廊坊市", "固安县"), ("保定市", "涿州市"), ("沧州市", "黄骅市"),
          ("张家口市", "怀来县"), ("唐山市", "曹妃甸区"), ("邢台市", "南和区"), ("承德市", "滦平县"),
          ("石家庄市", "正定县"), ("秦皇岛市", "北戴河区"))
FIRMS = ("北京恒润医药集团有限公司", "天津海晟装备制造有限公司", "北京云帆数据科技有限公司",
         "北京禾丰冷链物流集团", "天津中瀚新材料股份有限公司", "北京康宁医疗器械有限公司",
         "北京泽远新能源科技有限公司", "天津瑞通汽车零部件有限公司")
KINDS = ("智能制造产业园", "冷链物流中心", "大数据中心", "生物医药基地", "新材料产业园",
         "医疗器械产业园", "新能源装备基地", "汽车零部件产业园")
STAGES = (
    "{date}，{city}人民政府与{firm}签署合作协议，{project}正式签约，项目总投资{amount}亿元，"
    "选址{county}。",
    "{date}，由{firm}投资建设的{project}在{county}开工建设，项目总投资{amount}亿元，"
    "计划两年内建成。",
    "{date}，位于{county}的{project}竣工投产，该项目由{firm}投资{amount}亿元建设。",
)
FILLER = ("当地政府为项目开辟绿色通道，实行专人跟踪服务。",
          "项目建成后预计年产值可达数十亿元，带动周边就业两千余人。",
          "签约仪式上，双方负责人分别介绍了合作内容和下一步安排。",
          "今年以来，该地持续优化营商环境，积极承接非首都功能疏解项目。",
          "园区配套道路、供水、供电、燃气等设施已基本完备。",
          "下一步，当地将加快推进项目前期手续办理，力争早日达产见效。",
          "据统计，全市上半年新签约京津项目投资额同比增长百分之十八。",
          "该企业负责人表示，看中的是当地的区位优势和产业基础。")


def write_articles(folder: Path, seed: int = 7) -> int:
    """A batch of invented articles: 16 projects reported at one to three stages, a few
    reprints under other file names, and one binary file.  Returns the number of
    articles an ingest stores (the binary file is skipped)."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for p in range(16):
        city, county = CITIES[p % len(CITIES)]
        firm = FIRMS[(p * 3) % len(FIRMS)]
        project = f"{county[:-1]}{KINDS[p % len(KINDS)]}项目"
        amount = rnd.randint(2, 60)
        year = rnd.randint(2016, 2021)
        for stage in range(rnd.randint(1, 3)):
            date = f"{year + stage}年{rnd.randint(1, 12)}月{rnd.randint(1, 28)}日"
            body = STAGES[stage].format(date=date, city=city, county=county, firm=firm,
                                        project=project, amount=amount)
            lines = [f"{county}{('签约', '开工', '投产')[stage]}一批京津合作项目（{p}-{stage}）", "",
                     f"本报讯 {body}", *rnd.sample(FILLER, 4),
                     f"据了解，{city}今年以来共签约京津项目{rnd.randint(3, 30)}个，"
                     f"总投资{rnd.randint(50, 400)}亿元。", f"（记者 编号{p:02d}{stage}）"]
            content = "\n".join(lines) + "\n"
            (folder / f"a{p:02d}-{stage}.txt").write_text(content, encoding="utf-8")
            n += 1
            if rnd.random() < 0.2:           # a reprint elsewhere: same story, another page
                (folder / f"r{p:02d}-{stage}.txt").write_text(
                    content.replace("本报讯", "转载自合作媒体："), encoding="utf-8")
                n += 1
    (folder / "z-broken.txt").write_bytes(bytes(range(256)) * 8 + b"\x00" * 100)
    return n


def snapshot(url: str) -> dict[str, Any]:
    """What an ingest stored, independent of row ids and of the order it was stored in."""
    eng = create_engine(url, poolclass=NullPool)
    out: dict[str, Any] = {}
    with eng.connect() as c:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in c.execute(text(sql))]

        out["articles"] = sorted(rows("SELECT doc_id, raw_sha256, extractor FROM articles"))
        out["facts"] = sorted(rows(
            "SELECT a.doc_id, f.kind, f.key FROM facts f JOIN articles a ON a.id = f.article_id"))
        out["projects"] = Counter(rows(
            "SELECT name, status, place, n_articles, n_stories FROM projects "
            "WHERE merged_into IS NULL"))
        out["orgs"] = Counter(rows("SELECT name, type, n_articles FROM orgs"))
        out["org_names"] = Counter(r[0] for r in rows("SELECT name FROM org_names"))
        out["events"] = Counter(rows(
            "SELECT a.doc_id, p.name FROM project_events e JOIN articles a "
            "ON a.id = e.article_id JOIN projects p ON p.id = e.project_id"))
        out["stories"] = sorted(len(g) for g in _groups(rows(
            "SELECT a.doc_id, s.doc_id FROM articles a JOIN articles s ON s.id = a.story_id")))
        out["skipped"] = len(rows("SELECT * FROM skipped"))
    eng.dispose()
    return out


def _groups(pairs: list[tuple[Any, ...]]) -> list[list[Any]]:
    by: dict[Any, list[Any]] = {}
    for doc, root in pairs:
        by.setdefault(root, []).append(doc)
    return list(by.values())


def _count(engine: Engine) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    except Exception:  # no table yet (still migrating), or locked for a moment
        return -1


def _start(folder: Path, url: str, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(CLI), "ingest", str(folder), "--db", url, "--quiet",
                             "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _kill(proc: subprocess.Popen[bytes]) -> int:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)   # the whole group: no orphaned pool worker
    proc.wait(30)
    if proc.stderr:
        proc.stderr.close()
    return proc.returncode


def _check(url: str, context: object) -> int:
    led = open_ledger(url)                   # finishes a migration a kill interrupted
    try:
        with led.read() as conn:
            problems = consistency(conn)
            n = int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
            dup = conn.execute(text(
                "SELECT count(*) FROM (SELECT doc_id FROM articles GROUP BY doc_id "
                "HAVING count(*) > 1) d")).scalar_one()
    finally:
        led.close()
    assert problems == [] and dup == 0, (context, problems, dup)
    return n


def test_ten_kills_per_database_leave_the_ledger_whole(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    n_articles = write_articles(folder)
    ref_url = f"sqlite:///{tmp_path / 'reference.db'}"
    ref = ingest_paths([folder], ref_url)
    assert (ref.documents, ref.skipped) == (n_articles, 1)
    want = snapshot(ref_url)
    assert len(want["facts"]) > 3 * n_articles and sum(want["events"].values()) >= n_articles
    assert any(k > 1 for k in want["stories"]), "the reprints make no multi-page story"
    assert any(k[3] > 1 for k in want["projects"]), "no project reported twice"

    seed = random.randrange(10**6)
    rnd = random.Random(seed)
    engine = create_engine(db_url, poolclass=NullPool)
    t0 = time.perf_counter()
    log: list[str] = []
    kills = 0
    stored = 0
    # one early kill (start-up, migration), then kills after the count grows by a random
    # step sized to leave room for the kills still to come (a kill may overshoot on a
    # loaded machine); with nothing left to grow, a kill at a random moment of the rerun
    attempts = 0
    while kills < KILLS and attempts < 3 * KILLS:
        i, attempts = kills, attempts + 1
        workers = 2 if i % 3 == 2 else 1
        room = n_articles - 2 - stored
        aim = None if i == 0 or room < 1 else \
            stored + rnd.randint(1, max(1, room // (KILLS - i)))
        proc = _start(folder, db_url, workers)
        if aim is None:
            time.sleep(rnd.uniform(0.05, 1.0) if i == 0 else rnd.uniform(0.05, 0.5))
        else:
            while proc.poll() is None and _count(engine) < aim:
                time.sleep(0.002)
            time.sleep(rnd.uniform(0, 0.03))
        code = _kill(proc)
        stored = _check(db_url, (seed, log))
        if code != -signal.SIGKILL:          # it finished first: a whole batch, no kill
            assert code in (0, 1) and stored == n_articles, (seed, log, code)
            log.append(f"attempt {attempts} ended by itself ({code})")
            continue
        kills += 1
        log.append(f"kill {kills} ({workers} worker{'s' * (workers > 1)}, aim {aim}): "
                   f"{stored} articles")
        assert time.perf_counter() - t0 < BUDGET, (seed, log)
    proc = _start(folder, db_url, 1)
    _, err = proc.communicate(timeout=120)
    # exit status 1: the binary file is reported skipped, everything else stored
    assert proc.returncode == 1 and "1 skipped" in err.decode(), (seed, log, err.decode())
    assert _check(db_url, (seed, log)) == n_articles
    engine.dispose()
    got = snapshot(db_url)
    print(f"\n{db_url.split(':')[0]}: {kills} kills survived, seed {seed}, "
          f"{time.perf_counter() - t0:.1f} s: " + "; ".join(log))
    for key in want:
        assert got[key] == want[key], (key, seed, log)
    assert kills == KILLS, (seed, log)
