"""The fast paths of normalize agree with the slow definitions they replace.

Site-line markers (split regexes vs the single alternation), caption precheck, the
"may t2s change this text?" check (vs OpenCC itself and its dictionaries), and the
compact mojibake model file (vs the writer in scripts/build_charfreq.py).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.normalize import boilerplate as bp
from xietong.normalize import t2s_changes
from xietong.normalize.mojibake import model, read_model
from xietong.normalize.script import may_change

ROOT = Path(__file__).parents[2]

# the single alternation the three _DROP_* regexes were split from
DROP_ONE = re.compile(
    r"(?:^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*:?)|"
    r"版权所有|版权声明|copyright|©|icp备|icp证|网安备|公网安备|"
    r"联系电话|热线电话|服务热线|新闻热线|热线\s*:|^地址\s*:|联系地址|邮箱\s*:|电子邮箱|"
    r"违法和不良信息|举报电话|举报邮箱|未经.{0,30}(?:授权|允许|同意).{0,12}(?:转载|复制|使用|传播)|"
    r"严禁转载|不得转载|禁止转载|转载请注明|关于我们|网站地图|友情链接|广告服务|联系我们|"
    r"责任编辑|责编\s*:|^编辑\s*:|^\(编辑|分享到|^分享\s*:|点击\s*:\s*\d*\s*次|点击数\s*:|"
    r"浏览次数|阅读次数|阅读量\s*:|参与互动|扫码阅读|扫一扫|手机扫码|^字号|放大字体|缩小字体|"
    r"打印本页|关闭窗口|【打印】|【关闭】|【收藏】|无相关信息|资料图片仅供参考|返回顶部|返回首页|"
    r"免责声明|^上一篇|^下一篇|^加入收藏|^设为首页|^登录|^注册$|^网站首页",
    re.IGNORECASE,
)
MARKERS = [*re.findall(r"[^|()?:^$\\\s.{}*\d]+", DROP_ONE.pattern),
           "COPYRIGHT", "ICP备", "\u0130cp证", "\u0131CP备", "注册\n", "编辑:", "点击:12次",
           "未经本网授权不得转载", "图为", "上图", "资料图", "摄", "记者 张三 摄", " 供图)"]
PIECES = st.lists(st.one_of(st.sampled_from(MARKERS),
                            st.sampled_from(list("的一 是在了:(\n)1cCiI新闻报道项目张三"))),
                  max_size=12).map("".join)


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("line", ["当前位置:首页", "Copyright 2020", "冀ICP备123号", "注册",
                                  "注册 ", "编辑:张三", "本文编辑:张三", "未经允许不得转载",
                                  "项目总投资10亿元。", "", "cc", "分享到:"])
def test_drop_table(line: str) -> None:
    assert bp.drop_match(line) == (DROP_ONE.search(line) is not None)


@settings(max_examples=400, deadline=None)
@given(PIECES)
def test_drop_split_is_the_alternation(line: str) -> None:
    assert bp.drop_match(line) == (DROP_ONE.search(line) is not None)


@settings(max_examples=400, deadline=None)
@given(PIECES)
def test_caption_precheck(line: str) -> None:
    assert bp.is_caption(line) == (bp.CAPTION_RE.search(line) is not None)


CHANGED = t2s_changes.CHANGED_GB2312 + t2s_changes.CHANGED_OTHER
TEXT = st.text(st.one_of(st.sampled_from(list(CHANGED[:400] + CHANGED[-200:])),
                         st.sampled_from(list("北京市河北省廊坊协同发展项目签约·—»\xa0 ,。\n")),
                         st.characters(blacklist_categories=("Cs",))), max_size=30)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_may_change_is_sound(text: str) -> None:
    if not may_change(text):
        assert opencc.OpenCC("t2s").convert(text) == text


def test_may_change_examples() -> None:
    assert not may_change("京津冀协同发展·项目签约—北京\xa0»")
    assert may_change("當") and may_change("後来") and may_change("\ud800")
    # the encoding check skips windows of characters outside gb2312: every offset counts
    for n in range(0, 200, 7):
        assert may_change("·" * n + "當") and may_change("한" * n + "\ud800")
        assert may_change("한" * n + "后後") and not may_change("한·" * n + "后")


def test_t2s_changes_match_installed_opencc() -> None:
    build = _script("build_t2s_changes")
    tool = build.CLIB / "bin" / "opencc_dict"
    if not tool.exists():
        pytest.skip("opencc_dict tool not shipped by this opencc wheel")
    assert opencc.__version__ == t2s_changes.OPENCC_VERSION
    assert set(CHANGED) == build.changed_chars()


def test_model_file_round_trip() -> None:
    build = _script("build_charfreq")
    uni = {"京": 50, "津": 40, "冀": 30, "a": 1}
    bi = {"京津": 7, "京冀": 3, "津冀": 5}
    m = read_model(build.model_bytes(uni, bi))
    assert m.uni == uni and m.first == {"京": 10, "津": 5}
    assert m.bigram("京津") == 7 and m.bigram("津京") == 0 and m.bigram("京") == 0
    assert m.succ_all("京") == ["冀", "津"] and m.succ("京") == ["津", "冀"]
    assert m.seen("津", "冀") and not m.seen("冀", "津")


def test_shipped_model() -> None:
    m = model()
    assert len(m.uni) > 10_000 and m.seen("协", "同") and m.logp("协", "同") > m.logp("协", "京")


def test_nfkc_ranges_match_this_python() -> None:
    import unicodedata

    from xietong.normalize import nfkc_changes
    from xietong.normalize.script import _changing, scan_changing

    if unicodedata.unidata_version != nfkc_changes.UNIDATA_VERSION:
        pytest.skip("other Unicode data: the ranges are scanned at run time")
    assert scan_changing() == nfkc_changes.RANGES
    every = "".join(chr(c) for c in range(0xA0, 0x10000) if not 0xD800 <= c <= 0xDFFF)
    hits = "".join(m.group() for m in _changing().finditer(every))
    assert hits == "".join(ch for ch in every if unicodedata.normalize("NFKC", ch) != ch
                           and not "\u4e00" <= ch <= "\u9fff")


def _authors_slow(line: str) -> list[str]:
    """authors_in before its literal prechecks: every pattern on every line."""
    from xietong.normalize import metadata as md

    out: list[str] = []
    for rx in md.AUTHOR_RES:
        for m in rx.finditer(line):
            for name in re.split(r"[\s、,]+", m.group(1)):
                name = name.removesuffix("摄")
                if (2 <= len(name) <= 4 and name not in out and name not in md._NOT_NAMES
                        and not name.endswith(("报道", "了解", "获悉"))):
                    out.append(name)
    return out


BYLINES = st.lists(st.sampled_from(["记者", "通讯员", "作者", "摄影", "(", ")", "作者:", "摄", "报道",
                                    "日电", "日讯", "电", "讯", "据", "新华社", "本报", "北京",
                                    "5月13日", "2024年", "张三", "李四四", " ", "、", ",", "网", "报"]),
                   max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(BYLINES)
def test_author_and_byline_prechecks(line: str) -> None:
    from xietong.normalize import metadata as md

    assert md.authors_in(line) == _authors_slow(line)
    head = line[:200]
    m = md.DATELINE_RE.search(head)
    if "日电" not in head and "日讯" not in head:
        assert m is None
    if "据" not in head[:100]:
        assert md.BY_REPORTER_RE.search(head[:100]) is None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["1", "23", "版", " ", "\u3000", "(", "】", "a", "第", "٣"]),
                max_size=20).map("".join))
def test_meta_rest_lookbehind_changes_nothing(text: str) -> None:
    assert bp._META_REST_RE.sub("", text) == re.sub(r"[\s()《》\[\]【】]|\d+\s*版", "", text)
