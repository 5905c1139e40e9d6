"""``xietong bench spark``: the job's throughput on ``local[1]`` and ``local[2]``.

The synthetic corpus is generated here, deterministically (a seeded RNG over templates of
invented sentences with real place names, invented companies, amounts and dates), and
written as several JSONL files so that tasks balance over the cores.  About one article
in twenty is a reprint of an earlier one on another site, so the duplicate stage has
work to do.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLACES = (
    "河北省石家庄市", "保定市", "廊坊市", "沧州市", "衡水市", "邢台市", "邯郸市", "唐山市",
    "张家口市", "承德市", "秦皇岛市", "雄安新区", "固安县", "永清县", "香河县", "大厂回族自治县",
    "涿州市", "定州市", "辛集市", "景县", "献县", "任丘市", "迁安市", "滦州市", "正定县",
    "天津市滨海新区", "天津市武清区", "北京市大兴区", "北京市通州区", "北京市海淀区",
)
ORIGINS = ("北京", "天津", "北京市朝阳区", "北京市丰台区", "天津市东丽区")
COMPANY_HEADS = ("中科", "华信", "京冀", "瑞丰", "恒泰", "天启", "博远", "宏達", "安和", "新程",
                 "嘉禾", "鼎立", "远航", "同创", "正元", "众合")
COMPANY_TRADES = ("新材料", "医药", "智能装备", "汽车零部件", "物流", "电子信息", "食品",
                  "节能环保", "生物技术", "数据服务")
PROJECT_KINDS = ("产业园", "生产基地", "研发中心", "物流园", "智能制造项目", "数据中心",
                 "医疗器械项目", "冷链仓储项目")
OUTLETS = ("河北日报", "长城网", "廊坊日报", "保定新闻网", "沧州晚报", "衡水日报")
FILLER = (
    "会议强调，要坚持问题导向，持续优化营商环境，推动项目早落地、早投产、早见效。",
    "据了解，该地区近年来积极承接北京非首都功能疏解，产业链条不断延伸。",
    "相关负责人表示，将为企业提供全流程帮办代办服务，确保项目顺利推进。",
    "下一步，当地将聚焦主导产业，精准开展招商引资，加快培育新质生产力。",
    "活动现场，与会嘉宾围绕协同创新、产业转移等议题进行了深入交流。",
    "截至目前，园区基础设施已基本完善，水、电、路、气等配套齐全。",
)


def _company(rng: random.Random, origin: str) -> str:
    city = origin[:2]
    return f"{city}{rng.choice(COMPANY_HEADS)}{rng.choice(COMPANY_TRADES)}有限公司"


def _amount(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}亿元"
    return f"{rng.randint(500, 9_800)}万元"


def article(rng: random.Random, n: int) -> dict[str, Any]:
    """One invented article as a JSONL record (about 2 KB of text)."""
    year = rng.randint(2015, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    place = rng.choice(PLACES)
    origin = rng.choice(ORIGINS)
    company = _company(rng, origin)
    kind = rng.choice(PROJECT_KINDS)
    project = f"{company[:4]}{kind}"
    amount = _amount(rng)
    outlet = rng.choice(OUTLETS)
    title = f"{place}签约{rng.randint(3, 30)}个京津产业项目 总投资{amount}"
    body = [
        f"{year}年{month}月{day}日，{place}举行京津冀协同发展重点项目集中签约活动，"
        f"共签约项目{rng.randint(3, 30)}个，总投资{amount}。",
        f"其中，{company}投资建设的{project}总投资{_amount(rng)}，"
        f"计划于{year + 1}年{rng.randint(1, 12)}月开工建设，建成后年产值可达{_amount(rng)}。",
        f"今年以来，{place}累计承接{origin}转移项目{rng.randint(10, 200)}个，"
        f"实际利用内资{_amount(rng)}，同比增长{rng.randint(2, 40)}.{rng.randint(0, 9)}%。",
        f"{rng.choice(PLACES)}与{rng.choice(ORIGINS)}签署战略合作协议，"
        f"双方将在{rng.choice(COMPANY_TRADES)}领域共建{rng.choice(PROJECT_KINDS)}。",
        f"去年底，{_company(rng, rng.choice(ORIGINS))}在{place}的{rng.choice(PROJECT_KINDS)}"
        f"已竣工投产，新增就业岗位{rng.randint(100, 3000)}个。",
    ]
    body += rng.sample(FILLER, k=4)
    rng.shuffle(body)
    body += rng.sample(FILLER, k=2)
    text = (f"{title}\n{year}-{month:02d}-{day:02d} 来源：{outlet}\n\n" + "\n".join(body)
            + f"\n（记者 {rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice('明华强磊静敏军洋')}）\n")
    return {"id": f"syn-{n:07d}", "url": f"https://news.example.cn/{year}/{n:07d}.html",
            "published": f"{year}-{month:02d}-{day:02d}", "text": text}


def write_corpus(folder: Path, documents: int, files: int = 16, seed: int = 2014) -> list[Path]:
    """Write ``documents`` synthetic articles into ``files`` JSONL files; returns them.

    Deterministic: the same arguments give the same bytes.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"synthetic-{i:03d}.jsonl" for i in range(files)]
    handles = [p.open("w", encoding="utf-8") for p in paths]
    recent: list[dict[str, Any]] = []
    try:
        for n in range(documents):
            if recent and rng.random() < 0.05:        # a reprint on another site
                src = rng.choice(recent)
                rec = {**src, "id": f"syn-{n:07d}", "url": f"https://www.example.org/r/{n:07d}"}
            else:
                rec = article(rng, n)
                recent = [*recent, rec][-200:]
            handles[n % files].write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        for h in handles:
            h.close()
    return paths


@dataclass(frozen=True, slots=True)
class SparkRun:
    """One timed run of the job."""

    master: str
    documents: int
    seconds: float
    load: tuple[float, float] = (0.0, 0.0)    # 1-minute load average before and after

    def line(self) -> str:
        """One line of figures (the load average shows what else the machine was doing)."""
        return (f"{self.master:9} {self.documents:,} documents in {self.seconds:.1f} s: "
                f"{self.docs_per_s:,.0f} documents/s  (load average {self.load[0]:.1f} → "
                f"{self.load[1]:.1f} on {os.cpu_count()} cores)")

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def run_master(master: str, corpus: Path, work: Path, duplicates: bool = True) -> SparkRun:
    """Run the job on ``corpus`` with a fresh ``master`` session; time the job itself
    (session start-up excluded, worker start-up and module loading included)."""
    from xietong.spark import run, session

    spark = session(master, {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
                             "spark.ui.showConsoleProgress": "false"},
                    app_name=f"xietong-bench-{master}")
    spark.sparkContext.setLogLevel("ERROR")
    try:
        out = work / f"out-{master.replace('[', '').replace(']', '')}"
        shutil.rmtree(out, ignore_errors=True)
        before = os.getloadavg()[0]
        t0 = time.perf_counter()
        result = run(spark, [str(corpus)], str(out), duplicates=duplicates)
        seconds = time.perf_counter() - t0
    finally:
        spark.stop()
    return SparkRun(master, result.documents, seconds, (before, os.getloadavg()[0]))


def bench(documents: int = 50_000, files: int = 16, masters: tuple[str, ...] = ("local[1]", "local[2]"),
          work: Path | None = None, duplicates: bool = True) -> list[SparkRun]:
    """Generate the corpus, run the job once per master, return the timings."""
    tmp = Path(tempfile.mkdtemp(prefix="xietong-bench-spark-", dir=work))
    try:
        corpus = tmp / "corpus"
        write_corpus(corpus, documents, files)
        return [run_master(m, corpus, tmp, duplicates) for m in masters]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def estimate(per_core: float, pages: int = 10_000_000, cores_per_node: int = 16,
             hours: float = 1.0) -> list[str]:
    """The closing note: nodes needed to do ``pages`` in ``hours`` at ``per_core`` docs/s."""
    if per_core <= 0:
        return ["estimate: no throughput measured"]
    core_hours = pages / per_core / 3600
    efficiency = 0.8                       # stragglers, I/O, Parquet writing, start-up
    cores = core_hours / hours / efficiency
    nodes = max(1, -(-int(cores) // cores_per_node))
    return [
        f"estimate for {pages:,} pages at {per_core:,.0f} documents/s per core: "
        f"{core_hours:,.1f} core-hours of pipeline",
        f"  → in about {hours:g} h: ~{cores:,.0f} cores at 80% efficiency, "
        f"i.e. {nodes} nodes of {cores_per_node} cores (executor memory ~2 GB per core)",
        f"  → on 4 such nodes ({4 * cores_per_node} cores): "
        f"~{core_hours / (4 * cores_per_node) / efficiency:.1f} h",
    ]
