"""Ledger benchmarks: ingest throughput (store + link) and query latencies.

``bench_query`` runs on a synthetic ledger generated once (deterministic, cached in a
SQLite file): ~1,000,000 facts over 100,000 articles, 100,000 projects in Hebei's
prefectures and counties, 20,000 organizations.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from xietong.model import STATUS_ORDER

PREFECTURES = {"130100": "石家庄市", "130200": "唐山市", "130300": "秦皇岛市",
               "130400": "邯郸市", "130500": "邢台市", "130600": "保定市",
               "130700": "张家口市", "130800": "承德市", "130900": "沧州市",
               "131000": "廊坊市", "131100": "衡水市"}
STATUSES = ("signed", "started", "under_construction", "completed", "operating", "intended")
WORDS = ("智慧", "冷链", "物流园", "数据中心", "新材料", "生物医药", "装备制造", "产业园",
         "研发中心", "食品加工", "新能源", "汽车零部件", "总部基地", "医院", "学校")


def _synthetic_articles(n: int, seed: int = 7) -> list[Any]:
    from xietong.model import Document, Evidence, Facts, Organization, Page, Place, Project
    from xietong.pipeline import Processed

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        pref = rnd.choice(list(PREFECTURES))
        county = pref[:4] + f"{rnd.randint(1, 20):02d}"
        org = f"{rnd.choice(WORDS)}{rnd.choice(WORDS)}集团{rnd.randint(1, n // 5 + 1)}"
        name = f"{PREFECTURES[pref][:-1]}{rnd.choice(WORDS)}{rnd.choice(WORDS)}项目{rnd.randint(1, n // 3 + 1)}"
        text = (f"本报讯 {PREFECTURES[pref]}与{org}签约{name}，总投资{rnd.randint(1, 90)}亿元。"
                + "".join(rnd.choice(WORDS) for _ in range(600)))
        ev = Evidence(0, 10, text[:40])
        y = rnd.randint(2015, 2024)
        f = Facts(id=f"b{i}", title=name, published=f"{y}-0{rnd.randint(1, 9)}-15",
                  source="测试日报",
                  places=(Place(pref, PREFECTURES[pref], ev),),
                  organizations=(Organization(org, "enterprise", ev),),
                  projects=(Project(name, "industry", (org,), county,
                                    rnd.randint(1, 90) * 10**8, rnd.choice(STATUSES),  # type: ignore[arg-type]
                                    f"{y}", ev),),
                  extractor="bench/1")
        doc = Document(id=f"b{i}", text=text, title=name, published=f.published,
                       sha256=f"{i:064x}")
        out.append(Processed(Page(id=f"b{i}", source=f"bench/b{i}", kind="text",
                                  sha256=f"{i:064x}"), doc, f))
    return out


def _time_ingest(url: str, items: list[Any]) -> tuple[float, float]:
    """(articles per CPU second of this process, articles per wall-clock second)."""
    from xietong.ledger.ingest import ingest_items
    from xietong.store import open_ledger

    led = open_ledger(url)
    c0, w0 = time.process_time(), time.perf_counter()
    ingest_items(led, items)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    led.close()
    return len(items) / max(cpu, 1e-9), len(items) / max(wall, 1e-9)


def _rates(label: str, cpu: float, wall: float, target: str = "") -> str:
    return f"{label:12s} {cpu:7.0f} articles/CPU-s {wall:7.0f} articles/s wall{target}"


DEV_CORPUS = Path("/work/shared/corpus/dev")
PAGE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".warc", ".gz"}  # not the gold/*.json


def chain_pages(n: int, corpus: Path | None = None) -> tuple[list[Any], str]:
    """``n`` pages for the whole-chain figure: the corpus folder's pages (the dev corpus
    or ``examples/pages``), copied under new ids until there are ``n``; else synthetic
    texts.  Returns (pages, description)."""
    import dataclasses
    import hashlib

    from xietong.ingest import read_pages
    from xietong.model import Page

    cands = [corpus] if corpus else [DEV_CORPUS,
                                     Path(__file__).parents[3] / "examples" / "pages"]
    for folder in cands:
        if folder and folder.is_dir():
            files = [f for f in sorted(folder.iterdir())
                     if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES]
            base = [p for p in read_pages(files) if isinstance(p, Page)]
            if base:
                break
    else:
        base = [Page(id=f"syn{i}", source=f"synthetic/{i}.txt", kind="text",
                     data=it.document.text.encode("utf-8"))
                for i, it in enumerate(_synthetic_articles(50))]
        folder = Path("synthetic")
    out = []
    for i in range(n):
        p = base[i % len(base)]
        copy = i // len(base)
        if copy:
            sha = hashlib.sha256(f"{p.sha256}/{copy}".encode()).hexdigest()
            p = dataclasses.replace(p, id=f"{p.id}~{copy}", source=f"{p.source}~{copy}",
                                    sha256=sha)
        out.append(p)
    return out, f"{len(base)} pages of {folder}"


def _time_chain(url: str, pages: list[Any]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Whole chain in one process: (normalize + extract rates, chain rates), each
    (articles/CPU-s, articles/s wall)."""
    from xietong.ledger.ingest import ingest_items
    from xietong.pipeline import process
    from xietong.store import open_ledger

    c0, w0 = time.process_time(), time.perf_counter()
    done = [process(p) for p in pages]
    pc, pw = time.process_time() - c0, time.perf_counter() - w0
    led = open_ledger(url)
    c1, w1 = time.process_time(), time.perf_counter()
    ingest_items(led, done)
    sc, sw = time.process_time() - c1, time.perf_counter() - w1
    led.close()
    n = len(pages)
    return ((n / max(pc, 1e-9), n / max(pw, 1e-9)),
            (n / max(pc + sc, 1e-9), n / max(pw + sw, 1e-9)))


def bench_ingest(n: int = 1000, pg_url: str | None = None, with_pg: bool = True,
                 chain: int = 500, corpus: Path | None = None) -> Iterator[str]:
    """Articles/s stored and linked (one transaction each), in one process; then the
    whole chain (normalize → extract → store → link) on real pages.

    CPU rates (process time) are the per-core figures; wall rates depend on the load of
    the machine and, for PostgreSQL, include the server's work.
    """
    items = _synthetic_articles(n)
    yield f"bench ingest: {n} synthetic articles (store + stories + linking, one process)"
    server = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cpu, wall = _time_ingest(f"sqlite:///{Path(tmp) / 'bench.db'}", items)
            yield _rates("sqlite:", cpu, wall, "   (target ≥ 200/CPU-s)")
            if with_pg:
                if pg_url is None:
                    from xietong.store.pgtest import start_server

                    server = start_server()
                    pg_url = server.create_database("bench")
                cpu, wall = _time_ingest(pg_url, items)
                yield _rates("postgresql:", cpu, wall, "   (CPU of the client only)")
            if chain > 0:
                pages, what = chain_pages(chain, corpus)
                yield (f"whole chain: {len(pages)} pages ({what}, copies under new ids), "
                       "SQLite")
                (pc, pw), (cc, cw) = _time_chain(f"sqlite:///{Path(tmp) / 'chain.db'}", pages)
                yield _rates("extract:", pc, pw, "   (normalize + extract)")
                yield _rates("chain:", cc, cw, "   (normalize → extract → store → link)")
    finally:
        if server is not None:
            server.stop()


# --- synthetic ledger for query latencies ---------------------------------------------------

def generate_ledger(url: str, n_facts: int = 1_000_000, seed: int = 11) -> None:
    """Fill an empty ledger with a deterministic synthetic one of ``n_facts`` facts."""
    from xietong.store import open_ledger
    from xietong.store.tables import (
        articles,
        facts,
        org_names,
        orgs,
        places,
        project_events,
        project_parties,
        projects,
    )

    rnd = random.Random(seed)
    led = open_ledger(url)
    n_articles = max(n_facts // 10, 10)
    n_projects = n_articles
    n_orgs = max(n_articles // 5, 5)
    now = datetime.now(UTC)
    counties = [p[:4] + f"{c:02d}" for p in PREFECTURES for c in range(1, 16)]
    with led.write() as c:
        c.execute(places.insert(), [{"adcode": k, "name": v, "level": "prefecture",
                                     "path": f"河北省/{v}"} for k, v in PREFECTURES.items()])
        c.execute(orgs.insert(), [{"id": i, "key": f"org{i}", "province": "11",
                                   "name": f"{rnd.choice(WORDS)}集团{i}", "type": "enterprise",
                                   "n_articles": 5} for i in range(1, n_orgs + 1)])
        c.execute(org_names.insert(), [{"org_id": i, "name": f"org{i}"}
                                       for i in range(1, n_orgs + 1)])
        chunk = 20_000
        for lo in range(1, n_articles + 1, chunk):
            ids = range(lo, min(lo + chunk, n_articles + 1))
            c.execute(articles.insert(), [{
                "id": i, "doc_id": f"s{i}", "raw_sha256": f"{i:064x}", "text_sha256": f"{i:064x}",
                "origin": f"synthetic/{i}", "title": f"文章{i}",
                "published": f"{rnd.randint(2014, 2024)}-{rnd.randint(1, 12):02d}-15",
                "outlet": "测试日报", "authors": [], "text": "正文" * 20, "extractor": "bench/1",
                "story_id": i, "ingested_at": now} for i in ids])
            prj = []
            for i in ids:
                y = rnd.randint(2014, 2024)
                rank = rnd.randint(2, len(STATUS_ORDER) - 1)
                prj.append({
                    "id": i, "key": f"n:p{i}", "name": f"{rnd.choice(WORDS)}{rnd.choice(WORDS)}项目{i}",
                    "name_key": f"p{i}", "category": "industry", "place": rnd.choice(counties),
                    "status": STATUS_ORDER[rank], "status_rank": rank,
                    "investment": float(rnd.randint(1, 500) * 10**7), "investments": [],
                    "parties": [], "signed_date": f"{y}-03", "signed_year": y,
                    "first_date": f"{y}-03", "first_year": y,
                    "last_date": f"{min(y + rnd.randint(0, 3), 2024)}-06",
                    "n_articles": 2, "n_stories": 2})
            c.execute(projects.insert(), prj)
            c.execute(project_parties.insert(), [
                {"project_id": i, "org_id": rnd.randint(1, n_orgs)} for i in ids])
            fr: list[dict[str, Any]] = []
            ev: list[dict[str, Any]] = []
            for i in ids:
                for k in range(10):
                    kind = ("project", "place", "org", "amount", "indicator")[k % 5]
                    fr.append({"article_id": i, "kind": kind, "key": f"k{k}", "extractor": "bench/1",
                               "data": {"k": k}, "wrong": False, "start": k, "end": k + 4,
                               "sentence": "证据句子。", "entity_id": i if kind == "project" else None})
            res_ids = _insert_facts(c, facts, fr)
            for j, fid in enumerate(res_ids):
                if fr[j]["kind"] == "project":
                    ai = fr[j]["article_id"]
                    pid = ai if fr[j]["key"] == "k0" else rnd.randint(1, n_projects)
                    if pid > ids[-1]:
                        pid = ai
                    ev.append({"project_id": pid, "fact_id": fid, "article_id": ai,
                               "name": None, "category": "industry", "place": None,
                               "investment": None, "status": "signed", "date": "2019",
                               "published": "2019-05-01", "parties": []})
            c.execute(project_events.insert(), ev)
    with led.engine.connect() as conn:
        if led.dialect == "sqlite":
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("COMMIT")
            conn.exec_driver_sql("ANALYZE")
    led.close()


def _insert_facts(c: Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    from sqlalchemy import func, select

    start = int(c.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    for k, r in enumerate(rows):
        r["id"] = start + k
    c.execute(table.insert(), rows)
    return [start + k for k in range(len(rows))]


def _latency(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    fn()  # warm
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    ts.sort()
    return statistics.median(ts), ts[min(len(ts) - 1, int(len(ts) * 0.99))]


def bench_query(n_facts: int = 1_000_000, cache: Path | None = None, repeat: int = 30
                ) -> Iterator[str]:
    """p50/p99 latencies of ledger queries on the synthetic ledger (generated once)."""
    from xietong.store import open_ledger
    from xietong.store.queries import (
        count_projects,
        get_project,
        landing_rates,
        list_orgs,
        list_projects,
    )

    cache = cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / \
        "xietong" / f"bench-ledger-{n_facts}.db"
    url = f"sqlite:///{cache}"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        tmp = cache.with_suffix(".tmp")
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            p.unlink(missing_ok=True)
        generate_ledger(f"sqlite:///{tmp}", n_facts)
        tmp.rename(cache)
        yield f"generated {cache} in {time.perf_counter() - t0:.0f} s"
    led = open_ledger(url)
    queries: list[tuple[str, Callable[[Connection], Any]]] = [
        ("projects --place 衡水 --status operating --since 2018 (50 rows)",
         lambda c: list_projects(c, place="衡水", status="operating", since=2018, limit=50)),
        ("projects --place 衡水 (50 rows)", lambda c: list_projects(c, place="衡水", limit=50)),
        ("projects (first page)", lambda c: list_projects(c, limit=50)),
        ("projects --party org17", lambda c: list_projects(c, party="org17")),
        ("count projects --place 河北 --status landed",
         lambda c: count_projects(c, place="130000", status="landed")),
        ("project 4242 with timeline", lambda c: get_project(c, 4242)),
        ("rates by place", lambda c: landing_rates(c, by="place")),
        ("orgs (first page)", lambda c: list_orgs(c, limit=50)),
    ]
    with led.read() as conn:
        n = conn.exec_driver_sql("SELECT count(*) FROM facts").scalar_one()
        yield f"bench query: synthetic ledger of {n:,} facts (SQLite), {repeat} runs each"
        for label, fn in queries:
            p50, p99 = _latency(lambda fn=fn: fn(conn), repeat)  # type: ignore[misc]
            yield f"{label:58s} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms"
    led.close()
