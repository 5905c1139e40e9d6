"""normalize(): a whole noisy page dump (own fixture), the real seed-003 acceptance, properties."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.errors import InputError
from xietong.model import Document, Page
from xietong.normalize import clean_text, normalize
from xietong.normalize.offsets import Tracked
from xietong.normalize.script import t2s

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "noisy_dump.txt"
SEED_003 = Path(__file__).parents[2] / "../shared/corpus/dev/seed-003.txt"
GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+\)")
TRADITIONAL = "".join(c for c in "當產業協發來點擊記簽總資與後開區這國為會攜綠" if t2s(c) != c)


def page_of(path: Path, kind: str = "text") -> Page:
    return Page(id=path.stem, source=str(path), kind=kind, data=path.read_bytes())  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def doc() -> Document:
    return normalize(page_of(FIXTURE))


def test_fixture_metadata(doc: Document) -> None:
    assert doc.title == "河间市携手京企共建绿色建材产业园"
    assert doc.published == "2019-04-18"
    assert doc.source == "冀中日报"
    assert {"赵明远", "钱小雨", "孙立新"} <= set(doc.authors)


def test_fixture_text_is_clean(doc: Document) -> None:
    text = doc.text
    assert text.splitlines()[0] == "河间市携手京企共建绿色建材产业园_河北新闻网"
    assert doc.title_span == (0, len(text.splitlines()[0]))
    assert not GLOSS.search(text)
    assert not any(ch in text for ch in TRADITIONAL)
    assert "?" not in text
    assert "衡水高新技术产业开发区管委会与北京" in text
    for junk in ("当前位置", "首页 >", "点击", "来源", "责任编辑", "相关新闻", "不相关", "版权所有",
                 "ICP", "联系电话", "地址", "Portal"):
        assert junk not in text, junk
    # datelines and reporters stay in the body, real brackets stay
    assert "冀中日报讯(记者 赵明远 通讯员 钱小雨)近日" in text
    assert "产业园(一期)计划于2020年" in text and "(人民币,下同)" in text


def test_fixture_captions(doc: Document) -> None:
    assert [doc.text[a:b] for a, b in doc.captions] == ["图为签约现场。本报记者 孙立新摄"]


def test_seed_003_acceptance() -> None:
    assert SEED_003.exists(), f"missing {SEED_003}"
    d = normalize(page_of(SEED_003))
    assert d.title == "借势京津冀协同发展机遇 景县力促产业做大做强"
    assert d.published == "2015-09-24"
    assert d.source is None
    assert d.text.startswith(d.title)
    assert not GLOSS.search(d.text)
    assert not any(ch in d.text for ch in TRADITIONAL)
    assert "?" not in d.text
    assert "环保科技有限公司与三木石" in d.text
    assert "当前位置" not in d.text and "主页 >" not in d.text and "Network" not in d.text


def test_offsets_map_back(doc: Document) -> None:
    """Random spans of the clean text map to original text that cleans to the same span."""
    rnd = random.Random(7)
    raw, text = doc.raw_text, doc.text
    assert len(doc.offsets.orig) == len(text) + 1
    checked = 0
    for _ in range(300):
        s = rnd.randrange(len(text))
        e = min(len(text), s + rnd.randrange(1, 12))
        span = text[s:e]
        if "\n" in span or "管委会" in text[max(0, s - 20):e + 20]:
            continue  # the repaired run has no character-exact source
        a, b = doc.offsets.to_original(s, e)
        assert clean_text(Tracked(raw[a:b])).text == span, (span, raw[a:b])
        checked += 1
    assert checked > 100


def test_title_span_points_at_original(doc: Document) -> None:
    assert doc.title_span is not None
    a, b = doc.offsets.to_original(*doc.title_span)
    assert clean_text(Tracked(doc.raw_text[a:b])).text == doc.text[slice(*doc.title_span)]


def test_text_none_uses_bytes_with_replacement() -> None:
    d = normalize(Page(id="x", source="x", kind="text", data="标题在此\n正文。".encode() + b"\xff"))
    assert d.title == "标题在此"


def test_html_page() -> None:
    html = (
        "<html><head><title>某县签约十个项目_某某新闻网</title>"
        '<meta property="article:published_time" content="2020-05-06T08:00:00+08:00">'
        "</head><body><nav>首页 | 新闻 | 图片</nav><article><h1>某县签约十个项目</h1>"
        "<p>本报讯(记者 王小明)5月6日,某县与北京某集团签约十个項目,總投資50億元,"
        "涉及新材料、生物医药等领域,预计带动就业两千人。</p>"
        "<p>据介绍,这些项目将于年内开工建设,全部投产后年产值可达80亿元。</p>"
        "</article><footer>版权所有 某某新闻网</footer></body></html>"
    )
    d = normalize(Page(id="h", source="h.html", kind="html", text=html))
    assert d.title == "某县签约十个项目"
    assert d.published is not None and d.published.startswith("2020-05-06")
    assert "总投资50亿元" in d.text and "版权所有" not in d.text
    a, b = d.offsets.to_original(d.text.index("总投资"), d.text.index("总投资") + 3)
    assert html[a:b] == "總投資"


# -- properties ---------------------------------------------------------------------------

PHRASES = [
    "河间市与北京某集团签署合作协议", "项目总投资12亿元", "预计明年建成投产", "真的吗",
    "记者从市发改委获悉", "园区已入驻企业30家", "为什么选择这里", "(记者 王明)", "首页",
    "來源:某报", "產(chǎn)業(yè)", "2021年5月6日", "相关新闻", "版权所有", "图为现场", "张三摄",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), max_size=12),
       st.lists(st.sampled_from(["\n", "。", ",", "?", " ", "\n\n", "? "]), max_size=12))
def test_idempotent_on_phrases(parts: list[str], seps: list[str]) -> None:
    text = "".join(p + (seps[i] if i < len(seps) else "") for i, p in enumerate(parts))
    once = normalize(Page(id="p", source="p", kind="text", text=text)).text
    twice = normalize(Page(id="p", source="p", kind="text", text=once)).text
    assert twice == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_idempotent_and_total_on_any_text(text: str) -> None:
    try:
        once = normalize(Page(id="p", source="p", kind="text", text=text)).text
    except InputError:
        return
    assert normalize(Page(id="p", source="p", kind="text", text=once)).text == once


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["text", "html"]))
def test_never_raises_on_bytes(data: bytes, kind: str) -> None:
    try:
        d = normalize(Page(id="b", source="b", kind=kind, data=data))  # type: ignore[arg-type]
    except InputError:
        return
    assert len(d.offsets.orig) == len(d.text) + 1 or not d.offsets.orig


@pytest.mark.parametrize(
    ("raw", "title", "published", "source"),
    [
        # outlet and date first, the headline under them
        ("津南时报 2022-04-06\n静海区新材料产业园迎来首批入园企业\n\n【津南时报讯】记者李文报道:5日,园区签约3个项目。",
         "静海区新材料产业园迎来首批入园企业", "2022-04-06", "津南时报"),
        # a masthead alone above the headline, 本报记者 under it
        ("邢台日报\n清河羊绒小镇新添两条智能生产线\n2021年03月02日 第02版\n本报记者 赵明\n\n1日,两条生产线正式投产。",
         "清河羊绒小镇新添两条智能生产线", "2021-03-02", "邢台日报"),
    ],
)
def test_headline_after_metadata_and_masthead(raw: str, title: str, published: str, source: str) -> None:
    d = normalize(Page(id="x", source="x.txt", kind="text", text=raw))
    assert (d.title, d.published, d.source) == (title, published, source)
    assert d.text.startswith(title)


RELATED_TAIL = ("曲周县新能源装备产业园开工\n来源:邯郸新闻网 时间:2022-03-08\n"
                "7日,曲周县新能源装备产业园项目开工,总投资12亿元。这是今年全县开工的首个亿元项目。\n")


@pytest.mark.parametrize("tail", [
    "热点排行\n· 深泽县梨园新添3家企业\n· 馆陶县黄瓜小镇迎来丰收\n更多>>\n",
    "相关阅读:· 深泽县梨园新添3家企业\n· 馆陶县黄瓜小镇迎来丰收\n",
    "为您推荐\n馆陶县黄瓜小镇迎来丰收\n",
])
def test_teaser_blocks_are_dropped(tail: str) -> None:
    d = normalize(Page(id="r", source="r.txt", kind="text", text=RELATED_TAIL + tail))
    assert "深泽" not in d.text and "馆陶" not in d.text
    assert d.text.rstrip().endswith("亿元项目。")


@pytest.mark.parametrize(
    ("raw", "title", "published", "source"),
    [
        ("Hebei Business Daily\nXingtai signs 5 projects\n邢台经开区集中签约5个项目\n"
         "Date: 2023-05-06  Source: 邢台日报\n5日,邢台经开区集中签约5个项目。\n",
         "邢台经开区集中签约5个项目", "2023-05-06", "邢台日报"),
        ("唐山市召开京津冀协同发展推进会\n——市委常委会议上部署下半年重点任务\n"
         "2023年07月20日 10:05 来源:唐山劳动日报\n19日,唐山市召开会议。\n",
         "唐山市召开京津冀协同发展推进会", "2023-07-20T10:05", "唐山劳动日报"),
        ("海南日报数字报\n三亚科技城签约10个项目\n2023年03月02日\n"
         "本报三亚3月1日电(记者 王某)1日,三亚科技城签约10个项目。\n",
         "三亚科技城签约10个项目", "2023-03-02", "海南日报"),
    ],
)
def test_english_labels_subtitles_and_digital_editions(
    raw: str, title: str, published: str, source: str
) -> None:
    d = normalize(Page(id="x", source="x.txt", kind="text", text=raw))
    assert (d.title, d.published, d.source) == (title, published, source)


def test_whitespace_before_damage_does_not_change_the_repair_verdict() -> None:
    """Found by the fuzz test: a leading space made the first pass differ from the second."""
    first = normalize(Page(id="w", source="w", kind="text", text=" \ufffd\ufffd项y0")).text
    assert normalize(Page(id="w", source="w", kind="text", text=first)).text == first
