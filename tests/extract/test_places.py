"""Places: text → the adcodes it names (own fixture sentences, not corpus text)."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.extract import places
from xietong.extract.places import _aligned, _automaton, _edges, _matches, _straddled, find_places
from xietong.model import Document


def codes(text: str) -> set[str]:
    return {m.data["adcode"] for m in find_places(Document(id="t", text=text))}


@pytest.mark.parametrize(("text", "expected"), [
    # full names, short names, nesting inside organization names
    ("河北省廊坊市人民政府与企业签约。", {"130000", "131000"}),
    ("衡水今年引进项目23个。", {"131100"}),
    ("深州市和饶阳县联合举办推介会。", {"131182", "131124"}),
    ("曹妃甸港区新建码头。", {"130209"}),
    ("沧州渤海新区生物医药园新入驻企业5家。", {"130900"}),
    ("中新网廊坊5月19日电 当地企业扩产。", {"131000"}),
    ("项目落户大厂县,由北京企业投资。", {"131028", "110000"}),
    # abbreviations and words made of them
    ("京津冀协同发展十周年,京衡合作深化。", set()),
    # roads, outlets and credit lines
    ("公司位于环河北路与北京路交口。", set()),
    ("河北日报记者报道,企业投产。", set()),
    ("来源:固安信息港\n企业投产。", set()),
    # names inside other names that do not refer to the division
    ("雄安新区建设加快。", set()),
    ("广安门医院专家前来义诊。", set()),
    ("普瑞东方制药增资。", set()),
    ("北京大兴国际机场航班增加。", {"110000", "110115"}),
    # common words equal to short names
    ("和平发展、长安久治,通道畅通,东方既白。", set()),
    ("四大城市形成通勤圈。", set()),
    # ambiguity resolved by context
    ("北京朝阳企业到廊坊投资。", {"110000", "110105", "131000"}),
    ("吉林省长春市朝阳区代表团来访。", {"220000", "220100", "220104"}),
    ("河北丝网企业走向全国。", {"130000"}),
    ("天津市河北区推进城市更新。", {"120000", "120105"}),
    # historical names
    ("原冀县一带,今属衡水。", {"131103", "131100"}),
    ("通县当年的粮库。", {"110112"}),
    ("廊坊地区行署旧址。", {"131000"}),
    ("天津汉沽区盐场。", {"120000", "120116"}),
    # short names in 京津冀 stand alone; far-away county short names need context
    ("武清物流园开工。", {"120114"}),
    ("北京凌云建材公司迁往武安。", {"110000", "130481"}),
    ("长三角示范区嘉善片区招商。", {"330421"}),
    ("浙江嘉善与上海青浦合作。", {"330000", "330421", "310000", "310118"}),
    ("辛集皮革城扩建。", {"139002"}),
    # a short name heading an estate, a bay or a 新区 zone names that, not the division
    ("项目毗邻滨海康养社区和武清花园小区。", set()),
    ("崖州湾科技城与胶州湾畔的企业合作。", set()),
    ("秦皇岛北戴河新区引进文旅项目。", {"130300"}),
    ("天津滨海新区与北戴河区对接。", {"120000", "120116", "130304"}),
    ("天津港集团扩建码头。", {"120000"}),
    ("武清区推进花园式工厂建设,新区规划获批。", {"120114"}),
    ("打造武清花园城市,推广廊坊花园式工厂。", {"120114", "131000"}),
    # a two-character name lying across two words (贯通|城区, 平衡|水平, 搭建|平台)
    ("新线贯通城区,打通城乡交通。", set()),
    ("保持产业平衡水平,确保定期检修,搭建平台。", set()),
    ("推动武清新城建设,深州、安平和武强联动。", {"120114", "131182", "131125", "131123"}),
    ("湖北通城县与咸宁对接。", {"420000", "421222", "421200"}),
])
def test_places(text: str, expected: set[str]) -> None:
    assert codes(text) == expected


def test_mention_fields_and_offsets() -> None:
    text = "据悉,衡水市景县新签项目。"
    ms = find_places(Document(id="t", text=text))
    assert [(m.kind, text[m.start:m.end], m.text) for m in ms] == [
        ("place", "衡水市", "衡水市"), ("place", "景县", "景县")]
    assert ms[1].data == {"adcode": "131127", "name": "景县", "level": "county",
                          "path": "河北省/衡水市/景县"}


def test_speed_on_a_2kb_article() -> None:
    para = ("衡水市与北京企业签约,项目落户深州市和安平县,总投资5亿元,"
            "河北省商务厅表示,京津冀协同发展带来新机遇,天津武清也有企业前来考察。")
    text = "\n".join([para] * (2000 // len(para) + 1))
    doc = Document(id="t", text=text)
    find_places(doc)
    n = 200
    t = time.perf_counter()
    for _ in range(n):
        find_places(doc)
    per_doc = (time.perf_counter() - t) / n
    assert per_doc < 0.005, per_doc   # measured ~1 ms on the shared 2-core box


# Names, pieces of names and filler: texts where matches touch, overlap and nest.
_NAMES = ["北京", "北京市", "朝阳区", "廊坊", "廊坊市", "大厂县", "大厂", "河北", "河北区", "天津",
          "雄安新区", "京津冀", "衡水", "景县", "深州市", "武清", "嘉善", "长安", "广安门", "冀县"]
_FILLER = st.text(alphabet="的一是在年市区县北京河路,。、 ()ab1\n𠀀", max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_NAMES), _FILLER), max_size=25))
def test_wide_scan_equals_the_plain_automaton(parts: list[str]) -> None:
    text = "".join(parts)
    auto, _ = _automaton()
    plain = [(end + 1 - length, end + 1, entry) for end, (length, entry) in auto.iter_long(text)]
    assert _matches(text) == plain


@pytest.mark.parametrize(("form", "aligned"), [
    ("北京", True), ("克州/克孜勒苏", True), ("ab", False), ("\u4e00\u4e00", False),
    ("\u4e00北", True)])
def test_wide_spelling_alignment_condition(form: str, aligned: bool) -> None:
    assert _aligned(form) is aligned


def test_edge_words_are_common_two_character_words() -> None:
    edges = _edges()
    assert {"贯通", "城区", "打通", "城乡", "平衡", "水平"} <= edges
    assert all(len(w) == 2 for w in edges)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["通城", "衡水", "武清", "保定", "安平", "景县"]),
       st.sampled_from(["", ",", "。", "在", "\n"]), st.sampled_from(["", ",", "、", "县", "\n"]))
def test_a_name_next_to_a_boundary_is_never_straddled(name: str, before: str, after: str) -> None:
    text = before + name + after
    assert not _straddled(text, len(before), len(before) + 2)


def test_packaged_tables_are_current() -> None:
    """The shipped tables file matches the data and code (else: python -m xietong.extract.places)."""
    shipped = pickle.loads(places.TABLES.read_bytes())
    fresh = places._table_state()
    assert shipped["key"] == fresh["key"]
    for part in ("lines", "edges", "cover_pairs"):
        assert shipped[part] == fresh[part]
    assert shipped["wide"] == fresh["wide"]
    assert sorted(shipped["auto"].items()) == sorted(fresh["auto"].items())


def test_stale_tables_are_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A tables file with another key (or unreadable) is ignored: the tables are built."""
    stale = tmp_path / "stale.pickle"
    stale.write_bytes(pickle.dumps({"key": "old"}))
    expected = codes("项目落户大厂县,由北京企业投资。")
    for path in (stale, tmp_path / "missing.pickle"):
        monkeypatch.setattr(places, "TABLES", path)
        places._tables.cache_clear()
        try:
            assert codes("项目落户大厂县,由北京企业投资。") == expected
        finally:
            places._tables.cache_clear()


def test_every_entry_reads_back() -> None:
    """Every packed entry equals the entry of the plain automaton (codes, kind, feature)."""
    auto, _ = _automaton()
    tables = places._tables()
    for form, (length, entry) in auto.items():
        key = places._wide(form) if tables.wide else form
        value = tables.auto.get(key)
        assert value & places._LENGTH_MASK == length
        assert tables.entry(value >> places._ENTRY_SHIFT) == entry
        assert bool(value & places._BLOCK) == (entry.kind == "block")


_LINES = st.lists(st.one_of(st.sampled_from(_NAMES), st.sampled_from(
    ["来源:", "来源：", "编辑 ", "版权所有", "|", " | ", "\n", "日报", "路", "在", "。"])), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_lines_before_the_first_credit_need_no_look(parts: list[str]) -> None:
    """Skipping the per-line credit/boilerplate test before the first marker's line
    changes nothing: the same mentions as when every line is looked at."""
    doc = Document(id="t", text="".join(parts))
    fast = find_places(doc)
    original = places._clear_until
    places._clear_until = lambda text: 0
    try:
        assert find_places(doc) == fast
    finally:
        places._clear_until = original
