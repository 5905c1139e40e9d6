"""decode_bytes: declared charsets, BOMs, CJK detection (GBK vs Big5), damage, refusals."""

from __future__ import annotations

import codecs
from itertools import zip_longest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xietong.errors import InputError, SkipReason
from xietong.ingest import decode_bytes, normalize_charset, plausibility
from xietong.ingest.decode import header_charset, sniff_charset

SIMPLIFIED = (
    "去年底，北京智联云科技有限公司与固安县人民政府签订合作协议，计划总投资12.5亿元，"
    "在固安经济开发区建设新一代智能传感器研发生产基地。今年5月项目正式开工，预计明年投产。"
)
TRADITIONAL = (
    "去年底，北京智聯雲科技有限公司與固安縣人民政府簽訂合作協議，計劃總投資12.5億元，"
    "在固安經濟開發區建設新一代智能傳感器研發生產基地。今年5月項目正式開工，預計明年投產。"
)
SHORT_SIMPLIFIED = "衡水市冀州区签约项目十二个"
SHORT_TRADITIONAL = "滄州渤海新區簽約項目十二個"

# (name, text, how it is encoded, declared charset) — decoding must give back the text.
ROUND_TRIPS = [
    ("utf8", SIMPLIFIED, "utf-8", None),
    ("utf8-bom", SIMPLIFIED, "utf-8-sig", None),
    ("utf8-declared-gb2312", SIMPLIFIED, "utf-8", "gb2312"),        # mislabelled page
    ("utf8-short-ascii-mostly", "Project 签约 ok", "utf-8", None),
    ("gbk-undeclared", SIMPLIFIED, "gbk", None),
    ("gbk-declared-gb2312", SIMPLIFIED, "gbk", "gb2312"),
    ("gbk-declared-GBK", SIMPLIFIED, "gbk", "GBK"),
    ("gb18030-undeclared", SIMPLIFIED + "㐀䶵", "gb18030", None),   # 4-byte GB18030 characters
    ("gbk-traditional", TRADITIONAL, "gbk", None),                # traditional text in GBK
    ("gbk-latin1-declared", SIMPLIFIED, "gbk", "iso-8859-1"),       # a server's wrong default
    ("gbk-short", SHORT_SIMPLIFIED, "gbk", None),
    ("big5-undeclared", TRADITIONAL, "big5", None),
    ("big5-declared", TRADITIONAL, "big5", "big5"),
    ("big5-declared-x-big5", TRADITIONAL, "cp950", "x-big5"),
    ("big5-short", SHORT_TRADITIONAL, "big5", None),
    ("utf16-bom-le", SIMPLIFIED, "utf-16", None),
    ("utf16-bom-be", SIMPLIFIED, "utf-16-be-bom", None),
    ("utf16-le-no-bom", SIMPLIFIED, "utf-16-le", None),
    ("utf16-be-no-bom", SIMPLIFIED, "utf-16-be", None),
]


def _encode(text: str, how: str) -> bytes:
    if how == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(how)


@pytest.mark.parametrize(("name", "text", "how", "declared"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_decode_round_trips(name: str, text: str, how: str, declared: str | None) -> None:
    assert decode_bytes(_encode(text, how), name, declared) == text


@pytest.mark.parametrize(
    ("label", "codec"),
    [("GB2312", "gb18030"), ("gbk", "gb18030"), ("x-gbk", "gb18030"), ("cp936", "gb18030"),
     ("GB18030", "gb18030"), ("Big5", "cp950"), ("big5-hkscs", "big5hkscs"), ("UTF8", "utf-8"),
     ("utf_8", "utf-8"), ("iso-8859-1", "iso8859-1"), ("'gbk'", "gb18030"), ("nonsense", None),
     ("", None), (None, None)],
)
def test_normalize_charset(label: str | None, codec: str | None) -> None:
    assert normalize_charset(label) == codec


@pytest.mark.parametrize(
    ("head", "found"),
    [(b'<html><head><meta charset="gb2312"><title>', "gb2312"),
     (b"<meta charset=big5>", "big5"),
     (b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">', "GBK"),
     (b'<?xml version="1.0" encoding="gb18030"?><html>', "gb18030"),
     (b"<html><head><title>no charset</title>", None),
     (b" " * 5000 + b'<meta charset="gbk">', None)],                 # beyond the sniff window
)
def test_sniff_charset(head: bytes, found: str | None) -> None:
    assert sniff_charset(head) == found


@pytest.mark.parametrize(
    ("value", "found"),
    [("text/html; charset=GB2312", "GB2312"), ('text/html; charset="utf-8"', "utf-8"),
     ("text/html", None), (None, None)],
)
def test_header_charset(value: str | None, found: str | None) -> None:
    assert header_charset(value) == found


def test_declared_charset_wins_when_it_decodes() -> None:
    # Bytes valid in both GB18030 and Big5: the declaration decides.
    data = TRADITIONAL.encode("big5")
    assert decode_bytes(data, "x", "big5") == TRADITIONAL
    assert decode_bytes(data, "x", "gbk") != TRADITIONAL


@pytest.mark.parametrize("codec", ["gbk", "big5", "utf-8"])
@pytest.mark.parametrize("damage", ["cut-last-character", "stray-byte"])
def test_a_few_damaged_bytes_are_tolerated(codec: str, damage: str) -> None:
    text = (TRADITIONAL if codec == "big5" else SIMPLIFIED) * 4
    data = text.encode(codec)
    if damage == "cut-last-character":
        data += "京".encode(codec)[:-1]               # a page cut inside its last character
    else:
        i = data.index(b"12.5")
        data = data[:i] + b"\xff" + data[i:]
    decoded = decode_bytes(data, "x")
    assert 1 <= decoded.count("\ufffd") <= 2
    assert ("智能传感器" if codec != "big5" else "智能傳感器") in decoded


@pytest.mark.parametrize(
    ("data", "declared"),
    [(b"\x80\x80\x80\x80" * 50, None),                  # no CJK or UTF reading at all
     ("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, d\u00e9j\u00e0 vu.".encode("latin-1") * 5, None),
     (b"\xff\xfe\x00\xd8", None)],                      # UTF-16 BOM, then a lone surrogate
)
def test_undecodable_raises_input_error(data: bytes, declared: str | None) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, "bad.txt", declared)
    assert err.value.reason is SkipReason.UNDECODABLE
    assert err.value.source == "bad.txt"


def test_latin_only_when_declared_and_not_chinese() -> None:
    french = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, d\u00e9j\u00e0 vu.".encode("latin-1") * 5
    assert decode_bytes(french, "x", "iso-8859-1").startswith("Café crème")


def test_plausibility_separates_right_and_wrong_readings() -> None:
    big5 = TRADITIONAL.encode("big5")
    right, wrong = big5.decode("cp950"), big5.decode("gb18030")
    assert plausibility(right) > 0.4
    assert plausibility(wrong) < 0.1
    assert plausibility("ascii only") == 1.0


def test_empty_and_ascii() -> None:
    assert decode_bytes(b"", "x") == ""
    assert decode_bytes(b"plain ascii", "x") == "plain ascii"


# --- property tests -------------------------------------------------------------------------

_COMMON_SIMPLIFIED = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经项目企业投资亿元签约开工投产建设京津冀协同发展县市区"
_COMMON_TRADITIONAL = "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說產種面而方後多定行學法所民得經項目企業投資億元簽約開工投產建設京津冀協同發展縣市區"
_PUNCT = "，。、：；（）“”0123456789 "

traditional = st.text(alphabet=_COMMON_TRADITIONAL + _PUNCT, min_size=1, max_size=200)


def _mixed(alphabet: str) -> st.SearchStrategy[str]:
    """At least 20 Chinese characters with punctuation and digits interleaved."""
    han = st.text(alphabet=alphabet, min_size=20, max_size=150)
    punct = st.text(alphabet=_PUNCT, max_size=40)
    return st.builds(lambda a, b: "".join(x + y for x, y in zip_longest(a, b, fillvalue="")), han, punct)


any_chinese = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from(_PUNCT),
    min_size=1, max_size=200,
)


@settings(max_examples=150, deadline=None)
@given(any_chinese)
def test_utf8_round_trips(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "p") == text


@settings(max_examples=150, deadline=None)
@given(any_chinese)
def test_gb18030_round_trips_when_declared(text: str) -> None:
    assert decode_bytes(text.encode("gb18030"), "p", "gb18030") == text


@settings(max_examples=150, deadline=None)
@given(traditional)
def test_big5_round_trips_when_declared(text: str) -> None:
    assert decode_bytes(text.encode("cp950"), "p", "big5") == text


@settings(max_examples=150, deadline=None)
@given(_mixed(_COMMON_SIMPLIFIED))
def test_gbk_detected_without_declaration(text: str) -> None:
    assert decode_bytes(text.encode("gbk"), "p") == text


@settings(max_examples=150, deadline=None)
@given(_mixed(_COMMON_TRADITIONAL))
def test_big5_detected_without_declaration(text: str) -> None:
    assert decode_bytes(text.encode("big5"), "p") == text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([None, "gbk", "big5", "utf-8", "latin-1", "bogus"]))
def test_decode_never_raises_anything_but_input_error(data: bytes, declared: str | None) -> None:
    try:
        text = decode_bytes(data, "p", declared)
    except InputError as exc:
        assert exc.reason is SkipReason.UNDECODABLE
    else:
        assert isinstance(text, str)
