"""One real local Spark session (local[2]) for the spark tests, and the team-written corpus.

No skipping: without Java or pyspark the session fixture fails with the reason.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Invented articles (no sentence comes from a real one).
ARTICLES: dict[str, str] = {
    "guan-logistics": (
        "固安县签约5个京津产业项目\n"
        "2023-04-18 来源：廊坊日报\n\n"
        "4月17日，固安县举行京津冀协同发展项目集中签约仪式，共签约项目5个，总投资38.6亿元。\n"
        "其中，北京瑞丰智能装备有限公司投资12亿元建设的高端装备生产基地计划于今年7月开工。\n"
        "今年以来，固安县累计承接北京转移项目42个，同比增长15.3%。\n"
    ),
    "cangzhou-pharma": (
        "沧州渤海新区生物医药园新入驻企业8家\n"
        "2022-11-02 来源：沧州晚报\n\n"
        "记者从沧州渤海新区获悉，截至10月底，生物医药产业园新入驻北京医药企业8家。\n"
        "天津嘉禾生物技术有限公司在园区投资5000万元建设的研发中心已竣工投产。\n"
        "该园区已累计承接京津医药企业160余家，总投资超过300亿元。\n"
    ),
    "no-date": (
        "张家口市与北京市海淀区签署合作协议\n\n"
        "张家口市与北京市海淀区签署战略合作协议，双方将在数据服务领域共建产业园。\n"
        "根据协议，海淀区将支持区内企业到张家口投资兴业。\n"
    ),
}
REPRINT = {"id": "reprint-1", "url": "https://www.example.org/r/1.html",
           "text": ARTICLES["guan-logistics"]}


def write_corpus(folder: Path) -> Path:
    """.txt files, a .jsonl (with a reprint and a bad line), a .warc.gz and two bad files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("guan-logistics", "no-date"):
        (folder / f"{name}.txt").write_text(ARTICLES[name], encoding="utf-8")
    (folder / "gbk-article.txt").write_bytes(ARTICLES["cangzhou-pharma"].encode("gbk"))
    lines = [json.dumps(REPRINT, ensure_ascii=False),
             "{not json",
             json.dumps({"id": "j2", "url": "https://news.example.cn/j2.html",
                         "published": "2021-06-09",
                         "text": ARTICLES["cangzhou-pharma"].replace("沧州", "保定")},
                        ensure_ascii=False)]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _write_warc(folder / "crawl.warc.gz")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return folder


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        html = ("<html><head><meta charset='gbk'><title>唐山市新签约项目</title></head><body>"
                "<h1>唐山市新签约12个项目</h1><p>2024-03-05 来源：唐山劳动日报</p>"
                "<p>3月4日，唐山市与天津市滨海新区集中签约项目12个，总投资86.5亿元。</p>"
                "<p>其中，天津恒泰新材料有限公司投资20亿元建设的新材料产业园已开工建设。</p>"
                "</body></html>").encode("gbk")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=gbk")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example.cn/ts/1.html", "response", payload=io.BytesIO(html),
            http_headers=http))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example.cn/logo.png", "response", payload=io.BytesIO(b"\x89PNG...."),
            http_headers=img))


@pytest.fixture(scope="session")
def spark_articles() -> dict[str, str]:
    """The invented articles of the corpus, by name."""
    return ARTICLES


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local[2] SparkSession shared by the spark tests."""
    from xietong.spark import session

    s = session("local[2]", {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2",
                              "spark.ui.showConsoleProgress": "false"}, app_name="xietong-tests")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("spark") / "corpus")


@pytest.fixture(scope="session")
def job_output(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The job run once over the corpus: (output folder, JobResult)."""
    from xietong.spark import run

    out = tmp_path_factory.mktemp("spark") / "out"
    return out, run(spark, [str(corpus)], str(out))
