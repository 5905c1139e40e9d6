"""Organizations: names by their grammar, their left edge, types, and short-form linking."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.extract.organizations import _LIST_COUNT, _count_matches, find_organizations
from xietong.extract.orgnames import WordEnds, alternation, dept_matches, ends_with, lexicon
from xietong.model import Document, Mention


def orgs(text: str, places: list[Mention] | None = None) -> list[tuple[str, str]]:
    """(canonical name, type) of each organization, once, in order of first mention."""
    seen: dict[str, str] = {}
    for m in find_organizations(Document(id="t", text=text), places or []):
        seen.setdefault(m.data["name"], m.data["type"])
    return list(seen.items())


CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # left edge: conjunctions, prepositions and sentence adverbs are not part of a name
    ("其中,蓝湾环保科技有限公司与金石(天津)投资有限公司合资建设年产5万吨涂料项目。",
     [("蓝湾环保科技有限公司", "enterprise"), ("金石(天津)投资有限公司", "enterprise")]),
    ("该县引进了北京瑞丰新材料股份有限公司。",
     [("北京瑞丰新材料股份有限公司", "enterprise")]),
    ("由河北华盛物流集团投资建设的冷链中心已封顶。", [("河北华盛物流集团", "enterprise")]),
    # type from the last word
    ("双方与天津理工大学、石家庄职业技术学院开展合作。",
     [("天津理工大学", "university"), ("石家庄职业技术学院", "university")]),
    ("北京朝阳医院与保定市第一中心医院签约。",
     [("北京朝阳医院", "hospital"), ("保定市第一中心医院", "hospital")]),
    ("会议由河北省物流协会和天津温州商会共同主办。",
     [("河北省物流协会", "association"), ("天津温州商会", "association")]),
    ("北京工业设计研究院派出专家组。", [("北京工业设计研究院", "research")]),
    # government bodies need their jurisdiction
    ("廊坊市商务局与北京市发改委座谈。",
     [("廊坊市商务局", "government"), ("北京市发改委", "government")]),
    ("据霸州市委书记介绍,该项目进展顺利。", [("霸州市委", "government")]),
    ("巨鹿县委、县政府高度重视。", [("巨鹿县委", "government")]),
    ("承德市政协副主席、市发改委党委书记出席。", [("承德市政协", "government")]),
    ("市委、县政府和发改局负责人参加。", []),
    ("河北香河经济开发区管委会负责园区招商。", [("河北香河经济开发区管委会", "government")]),
    ("生态环境部发布通知。", [("生态环境部", "government")]),
    # bare brands from lists and from the head of project names
    ("园区吸引了恒宇光电、诺德新材、金川科技等企业。",
     [("恒宇光电", "enterprise"), ("诺德新材", "enterprise"), ("金川科技", "enterprise")]),
    ("华电重型装备制造项目投产。", [("华电", "enterprise")]),
    ("正威新材料产业园开工。", [("正威", "enterprise")]),
    ("衡水食品工业园和中关村软件园开工。", []),
    ("石衡沧港城际铁路、宏达锌业等一批项目加快建设。", [("宏达", "enterprise")]),
    ("会上,唐山市与北京医药集团有限责任公司签约。", [("北京医药集团有限责任公司", "enterprise")]),
    ("沧州市人民医院与北京天坛医院建立医联体。",
     [("沧州市人民医院", "hospital"), ("北京天坛医院", "hospital")]),
    ("北京奔驰汽车有限公司在沧州建设配套产业园。", [("北京奔驰汽车有限公司", "enterprise")]),
    ("该县依托鲁源面粉、禾香酿造等3家食品加工企业发展。",
     [("鲁源面粉", "enterprise"), ("禾香酿造", "enterprise")]),
    ("该成果荣获生态环境部科技奖。", [("生态环境部", "government")]),
    ("张家口市政府新闻办举行发布会。", [("张家口市政府新闻办", "government")]),
    ("北京市经信委牵头,北京经信委相关处室配合。", [("北京市经信委", "government")]),
    ("天津港集团与河北港口集团有限公司合资组建了渤海津冀港口投资发展有限公司。",
     [("天津港集团", "enterprise"), ("河北港口集团有限公司", "enterprise"),
      ("渤海津冀港口投资发展有限公司", "enterprise")]),
    ("新发地农产品批发市场在衡水建设分市场。", [("新发地农产品批发市场", "enterprise")]),
    # an official's title after the body: the jurisdiction is a division even when the
    # segmenter reads its name as a verb
    ("阜平县委常委、副县长刘某出席。", [("阜平县委", "government")]),
    ("迁安市委副书记、市长王某介绍情况。", [("迁安市委", "government")]),
    ("宽城县政府副县长主持签约。", [("宽城县政府", "government")]),
    # longer institute and sub-unit endings; bodies with a proper head
    ("廊坊市政府与中国冶金地质研究总院签署协议。",
     [("廊坊市政府", "government"), ("中国冶金地质研究总院", "research")]),
    ("长江经济带产业协作联席会议办公室发布数据。",
     [("长江经济带产业协作联席会议办公室", "government")]),
    ("澳门贸发局组团来访。", [("澳门贸发局", "government")]),
    # an enumeration closed by 等方面/等领域 lists topics, not organizations
    ("在立项、能评、供地等方面给予企业便利。", []),
    ("在融资、人才、用工等领域为企业提供支持。", []),
    # a management committee with no jurisdiction
    ("天津医科大学与园区管委会签署协议。", [("天津医科大学", "university")]),
    ("该开发区管委会负责招商。", []),
    # a brand and a trade word as the subject of an investor's verb
    ("至此,岚峰科技在当地累计投资超过20亿元。", [("岚峰科技", "enterprise")]),
    ("岚峰科技二期投产。", [("岚峰科技", "enterprise")]),
    ("数字科技在当地蓬勃发展。", []),
    ("北京科技在发展。", []),
    # a brand that starts with a function character
    ("并与和利科技有限公司签约。", [("和利科技有限公司", "enterprise")]),
    # centres count with a jurisdiction at their head
    ("河北省皮革产品质量监督检验中心发布报告。", [("河北省皮革产品质量监督检验中心", "other")]),
    ("企业建成产品检测中心。", []),
    ("河北农业大学定州教学实验场承担试验任务。", [("河北农业大学定州教学实验场", "university")]),
    # not organizations
    ("本次招商会吸引了众多客商。", []),
    ("集团下属30家二三级子公司完成迁址。", []),
    ("京津冀三地政府部门、行业协会和龙头企业代表参加会议。", []),
    ("认真学习省委会议精神,全面落实市委部署。", []),
    ("北京市与河北省签署合作协议。", []),
    ("一批京津企业和央企落户,龙头企业带动明显。", []),
    ("本届投资洽谈会在廊坊举办。", []),
    ("该公司的子公司已经投产。", []),
    # fragments: no name starts with 的/代表, and a generic head is no name
    ("各方商定组建项目公司负责运营。", []),
    ("李某代表市人民政府作报告。", []),
    ("他说,通往天津的京唐铁路已经开通。", []),
    # a zone is no organization, even in a list of units
    ("宏图经开区、保定高新区等单位参加。", []),
    # a product noun before a project word is no brand; the brand before it is
    ("羽绒服加工项目投产。", []),
    ("核桃仁深加工项目落地。", []),
    ("锦程羽绒服加工项目投产。", [("锦程", "enterprise")]),
    # relative institutions: a bare 市/县/区 before the name
    ("改扩建后的县人民医院投入使用。", []),
    ("市第一中学新校区启用。", []),
    # a centre being built is a project, not an organization
    ("与河北工业大学共建的智能装备研发中心已投入使用。", [("河北工业大学", "university")]),
    # two well-formed numerals are a number, two bare digits a brand
    ("三一集团在园区投资建设装备制造基地。", [("三一集团", "enterprise")]),
    # a one-character county before 人民政府
    ("宏泰集团与蠡县人民政府签订合作协议。",
     [("宏泰集团", "enterprise"), ("蠡县人民政府", "government")]),
    # cooperatives
    ("当地成立了果品种植农民专业合作社联合社。", [("果品种植农民专业合作社联合社", "other")]),
    # a service centre with a jurisdiction that is set up
    ("衡水驻北京服务中心挂牌成立。", [("衡水驻北京服务中心", "government")]),
    ("企业服务中心为企业提供帮助。", []),
    # the brand at the head of a trade or logistics centre
    ("美邦家居物流中心开工建设。", [("美邦", "enterprise")]),
    ("廊坊商贸物流中心开工。", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_organizations(text: str, expected: list[tuple[str, str]]) -> None:
    assert orgs(text) == expected


def place(text: str, name: str, adcode: str) -> Mention:
    i = text.index(name)
    return Mention("place", i, i + len(name), name, {"adcode": adcode, "name": name})


@pytest.mark.parametrize(("text", "name", "adcode", "expected"), [
    # with the places known, a word the segmenter takes for a place can be a brand
    ("廊坊正威新材料产业园开工。", "廊坊", "131000", [("正威", "enterprise")]),
    ("马大姐食品工业园在沧州投产。", "沧州", "130900", [("马大姐", "enterprise")]),
    ("衡水食品工业园开工。", "衡水", "131100", []),
])
def test_project_head_brand_with_places(text: str, name: str, adcode: str,
                                        expected: list[tuple[str, str]]) -> None:
    assert orgs(text, [place(text, name, adcode)]) == expected


def test_short_form_links_to_full_name() -> None:
    text = ("石景化工特种橡胶有限公司落户园区。签约后,石景化工公司将新建两条生产线,"
            "石景化工还将设立研发中心。")
    ms = find_organizations(Document(id="t", text=text), [])
    assert {m.data["name"] for m in ms} == {"石景化工特种橡胶有限公司"}
    assert {m.text for m in ms} == {"石景化工特种橡胶有限公司", "石景化工公司", "石景化工"}
    assert set(ms[0].data["aliases"]) == {"石景化工公司", "石景化工"}


def test_brand_of_full_name_is_linked() -> None:
    text = "北京顺通农产品集团在衡水建设物流园。顺通负责人表示,项目年底投用。"
    ms = find_organizations(Document(id="t", text=text), [])
    assert [(m.text, m.data["name"]) for m in ms] == [
        ("北京顺通农产品集团", "北京顺通农产品集团"), ("顺通", "北京顺通农产品集团")]


def test_project_head_links_to_full_name_after_a_place() -> None:
    # the segmenter cuts the place and the brand badly (北京X|康); the brand still links
    text = "安康生物医药产业园开工,由北京安康药业集团投资建设。安康药业负责人出席。"
    ms = find_organizations(Document(id="t", text=text), [])
    assert {m.data["name"] for m in ms} == {"北京安康药业集团"}


@pytest.mark.parametrize(("text", "canon"), [
    ("秦州市发展和改革委员会与秦州市发改委联合发文。", "秦州市发展和改革委员会"),
    ("衡水市工业和信息化局会同衡水工信局开展调研。", "衡水市工业和信息化局"),
    ("廊坊市科学技术局、廊坊市科技局分别发布通知。", "廊坊市科学技术局"),
    ("保定市人民政府负责人说,保定市政府将给予支持。", "保定市人民政府"),
])
def test_abbreviated_government_body_links_to_full_form(text: str, canon: str) -> None:
    ms = find_organizations(Document(id="t", text=text), [])
    assert canon in {m.data["name"] for m in ms}
    assert len([m for m in ms if m.data["name"] == canon]) == 2


def test_sentence_initial_group_with_a_place_in_its_name() -> None:
    text = "天津港集团与曹妃甸区签约。"
    i = text.index("天津")
    ms = find_organizations(Document(id="t", text=text),
                            [Mention("place", i, i + 2, "天津", {"adcode": "120000", "name": "天津"})])
    assert [m.data["name"] for m in ms] == ["天津港集团"]


def test_bracketed_second_name_is_an_alias() -> None:
    text = "由华北航天装备研究院(北方运载技术研究院)投资的基地项目开工。"
    ms = find_organizations(Document(id="t", text=text), [])
    assert {m.data["name"] for m in ms} == {"华北航天装备研究院"}
    assert ms[0].data["aliases"] == ["北方运载技术研究院"]


def test_outlet_is_not_an_organization() -> None:
    text = "本报讯 河北日报记者从省商务厅获悉,一季度外资增长。"
    assert find_organizations(Document(id="t", text=text, source="河北日报"), []) == []


def test_empty_text() -> None:
    assert find_organizations(Document(id="t", text=""), []) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"北京市河北省公司有限集团大学医院委局与和的、,。等项目园区科技华电新发地 \n",
                                 "有限公司", "发改委", "管委会", "(", ")", "2", "家"]),
                max_size=60).map("".join))
def test_never_raises_and_spans_are_consistent(text: str) -> None:
    doc = Document(id="h", text=text)
    for m in find_organizations(doc, []):
        assert m.kind == "org"
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.data["type"] in ("enterprise", "university", "research", "government",
                                  "association", "hospital", "other")
        assert m.data["name"]


def _flat(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="发展改革委员会局", min_size=1, max_size=5), min_size=1,
                max_size=12),
       st.text(alphabet="发展改革委员会局部x", max_size=40))
def test_trie_alternation_matches_like_the_flat_one(words: list[str], text: str) -> None:
    for template in ("(?:{})", "(?:{})$", "(?:{})(?:委员会|委|局)(?!员)"):
        trie = re.compile(template.format(alternation(words)))
        flat = re.compile(template.format(_flat(words)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
        for k in range(len(text)):
            a, b = trie.search(text, k, k + 6), flat.search(text, k, k + 6)
            assert (a and a.span()) == (b and b.span())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="园区新材料地目", min_size=1, max_size=4), min_size=1,
                max_size=10),
       st.text(alphabet="园区新材料地目\nx", max_size=20), st.integers(-3, 20), st.integers(0, 20))
def test_ends_with_agrees_with_an_anchored_regex(words: list[str], text: str, lo: int,
                                                 end: int) -> None:
    end = min(end, len(text))
    rx = re.compile(f"(?:{alternation(words)})$")
    assert ends_with(text, end, frozenset(words), lo) == bool(rx.search(text, max(lo, 0), end))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="园区新材料地目", min_size=1, max_size=4), min_size=1,
                max_size=10),
       st.text(alphabet="园区新材料地目\nx", max_size=20), st.integers(-3, 20), st.integers(0, 20))
def test_word_ends_agrees_with_ends_with(words: list[str], text: str, lo: int, end: int) -> None:
    end = min(end, len(text))
    assert WordEnds(words).at(text, end, lo) == ends_with(text, end, frozenset(words), lo)


_SCAN_PIECES = [*"等3家所央企一二十几、企业公司高校大学的部委局厅办署总员长任省市区 \n",
                "发改", "发改委", "科技", "经信委", "商务局", "财政厅", "4家央企", "3所高校"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SCAN_PIECES), max_size=40).map("".join))
def test_prefiltered_scans_match_like_finditer(text: str) -> None:
    lex = lexicon()
    assert [m.span() for m in dept_matches(text, lex)] == \
        [m.span() for m in lex.dept_re.finditer(text)]
    assert [m.span() for m in _count_matches(text)] == \
        [m.span() for m in _LIST_COUNT.finditer(text)]
