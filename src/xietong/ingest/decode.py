"""Bytes → str for Chinese pages: declared charsets first, then strict UTF-8, then CJK detection.

Why a module of its own: decoding is where Chinese news goes wrong most often (pages
labelled ``gb2312`` that use GBK characters, servers that say ``ISO-8859-1``, Big5 text
that GB18030 happily "decodes" into nonsense).  The rules:

1. A byte-order mark decides (UTF-8, UTF-16, UTF-32).
2. Valid UTF-8 with a fair number of multi-byte sequences is UTF-8, whatever the page
   declares (mislabelled converted pages are common; GBK text is practically never valid
   UTF-8).
3. A declared CJK or Unicode charset (HTTP header, ``<meta charset>``, XML declaration)
   is used when it decodes strictly.  GB2312/GBK are always read as GB18030 (a superset),
   Big5 as CP950 (Microsoft's superset, what Big5 pages really use).
4. Otherwise the CJK candidates (GB18030, Big5, UTF-16 LE/BE for even lengths) are decoded
   strictly and the most *plausible* one wins: the share of characters that are among the
   most frequent Chinese characters (simplified or traditional).  charset-normalizer,
   restricted to the same candidates, is asked when no candidate decodes strictly.
5. A few damaged bytes are tolerated (replaced by U+FFFD) when one candidate is clearly
   right; a Latin code page is used only when the page declares it and no CJK reading is
   plausible.  Anything else raises :class:`~xietong.errors.InputError` (UNDECODABLE).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from xietong.errors import InputError, SkipReason

# The most frequent Chinese characters (charset-normalizer's Chinese frequency list plus
# words of regional-development news), and their traditional forms (OpenCC s2t).
_COMMON_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年"
    "过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她"
    "本前开但因只从想实项目企业投资亿元万签约工产建设园区县市省京津冀协展新技术限公司科集团合计划"
    "总额源汽车装备制造医药材料物流电信息智高端转移承接疏解落推重点招商引底今月日期间记者报责任编"
    "辑通讯员"
)
_COMMON_TRADITIONAL = (
    "這個們來爲國說時會對於過發後裏種經麼學現當沒動還進樣開從實項業資億萬簽約產設園區縣協術團計劃"
    "總額車裝備製醫藥電轉點間記報責編輯訊員為裡"
)
COMMON_CHARS: frozenset[str] = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL)

# Canonical codec for each label pages use (lower-case, '_' → '-').
_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
         "gb-2312-80", "csgb2312", "chinese", "iso-ir-58", "x-euc-cn", "gb", "hz-gb-2312"],
        "gb18030",
    ),
    **dict.fromkeys(
        ["big5", "big-5", "x-big5", "cn-big5", "csbig5", "cp950", "ms950", "windows-950"], "cp950"
    ),
    **dict.fromkeys(["big5-hkscs", "big5hkscs", "hkscs"], "big5hkscs"),
    **dict.fromkeys(["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"], "utf-8"),
    **dict.fromkeys(["utf-16", "utf16", "unicode", "ucs-2", "csunicode"], "utf-16-le"),
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
}
# Codecs we trust when declared; anything else is "other" (tried only as a last resort).
_CJK_OR_UNICODE = {"gb18030", "cp950", "big5hkscs", "utf-8", "utf-16-le", "utf-16-be"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),   # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:+-]{2,40})""")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]{2,40})""", re.IGNORECASE)

_SNIFF_BYTES = 4096          # where a <meta charset> must stand (HTML5 says 1024; be lenient)
_UTF8_CONFIDENT = 16         # non-ASCII bytes of valid UTF-8 that outweigh a declaration
_MAX_DAMAGE = 0.005          # share of replaced characters tolerated in a damaged document
_MIN_PLAUSIBLE = 0.12        # share of common characters a CJK reading must reach
_SCORE_SAMPLE = 20_000       # characters scored (enough to decide; keeps big pages fast)


def normalize_charset(label: str | None) -> str | None:
    """Canonical Python codec name for a charset label, or None if unknown.

    >>> normalize_charset("GB2312"), normalize_charset("big5"), normalize_charset("nope")
    ('gb18030', 'cp950', None)
    """
    if not label:
        return None
    key = label.strip().strip("\"'").lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP ``Content-Type`` value, as written."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def sniff_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes, as written."""
    head = data[:_SNIFF_BYTES]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are frequent Chinese characters (0..1).

    Right decodings of Chinese news score 0.3-0.6; GB18030 readings of Big5 bytes (and
    the reverse) land on symbols, kana and rare characters and score far lower.
    """
    sample = text[:_SCORE_SAMPLE]
    non_ascii = 0
    common = 0
    for ch in sample:
        if ch >= "\x80":
            non_ascii += 1
            if ch in COMMON_CHARS:
                common += 1
    return common / non_ascii if non_ascii else 1.0


@dataclass(frozen=True, slots=True)
class _Reading:
    codec: str
    text: str
    damage: int          # characters replaced by U+FFFD

    @property
    def score(self) -> float:
        return plausibility(self.text)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _lenient(data: bytes, codec: str) -> _Reading:
    text = data.decode(codec, errors="replace")
    return _Reading(codec, text, text.count("\ufffd") - data.count(b"\xef\xbf\xbd"))


def _candidates(data: bytes) -> list[str]:
    """CJK codecs to try; UTF-16 too for even-length data (pure-CJK UTF-16 has no NULs)."""
    if len(data) % 2:
        return ["gb18030", "cp950"]
    return ["gb18030", "cp950", "utf-16-le", "utf-16-be"]


def _ask_charset_normalizer(data: bytes, candidates: list[str]) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: rarely needed

    iso = ["utf_16" if c.startswith("utf-16") else ("big5" if c == "cp950" else c)
           for c in candidates]
    best = from_bytes(data, cp_isolation=iso).best()
    return None if best is None else normalize_charset(best.encoding)


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode a document's bytes to str (see the module docstring for the rules).

    ``declared`` is the charset label the container gave (HTTP header, ``<meta>``), if any.
    Raises :class:`InputError` with ``SkipReason.UNDECODABLE`` when no reading is sound.

    >>> decode_bytes("京津冀协同发展".encode("gbk"), "x")
    '京津冀协同发展'
    >>> decode_bytes("協同發展".encode("big5"), "x", declared="big5")
    '協同發展'
    """
    if not data:
        return ""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            bom_text = _strict(data, bom_codec)
            if bom_text is None:
                raise InputError(source, SkipReason.UNDECODABLE, f"invalid {bom_codec} after its byte-order mark")
            return bom_text.lstrip("\ufeff")

    if data.isascii():
        return data.decode("ascii")

    utf8 = _strict(data, "utf-8")
    utf8_cjk = utf8 is not None and _CJK.search(utf8, 0, _SCORE_SAMPLE) is not None
    if utf8 is not None and utf8_cjk and _non_ascii(data[:4096]) >= _UTF8_CONFIDENT:
        return utf8

    codec = normalize_charset(declared)
    other_declared: str | None = None
    if codec in _CJK_OR_UNICODE:
        text = _strict(data, codec)
        if text is not None:
            return text
    elif codec is not None:
        other_declared = codec        # e.g. a server's default ISO-8859-1: suspect on Chinese

    if utf8 is not None:
        if utf8_cjk:
            return utf8
        # Valid UTF-8 without a single CJK character: a few GBK strings are valid UTF-8
        # (一一一 → һһһ); prefer a plausible Chinese reading, else keep UTF-8.
        readings_ = [t for c in _candidates(data) if (t := _strict(data, c)) is not None]
        best_cjk = max(readings_, key=plausibility, default=None)
        if best_cjk is not None and _CJK.search(best_cjk) and plausibility(best_cjk) >= _MIN_PLAUSIBLE:
            return best_cjk
        return utf8

    candidates = _candidates(data)
    readings = [_Reading(c, t, 0) for c in candidates if (t := _strict(data, c)) is not None]
    if not readings:
        found = _ask_charset_normalizer(data, candidates)
        if found is not None and (t := _strict(data, found)) is not None:
            readings = [_Reading(found, t, 0)]
    if readings:
        best = max(readings, key=lambda r: r.score)
        if best.score >= _MIN_PLAUSIBLE or (other_declared is None and _few_non_ascii(best.text)):
            return best.text
    if other_declared is not None:
        text = _strict(data, other_declared)
        if text is not None:
            return text

    # Damaged documents: a handful of bad bytes in otherwise sound text.
    lenient = [_lenient(data, c) for c in dict.fromkeys(("utf-8", codec or "gb18030", *candidates))
               if c in _CJK_OR_UNICODE]
    plausible = [r for r in lenient if r.score >= _MIN_PLAUSIBLE]
    if plausible:
        best = min(plausible, key=lambda r: r.damage)
        if best.damage <= max(2, _MAX_DAMAGE * len(best.text)):
            return best.text
        detail = f"{best.damage} bad sequences as {best.codec}"
    else:
        detail = "no plausible Chinese reading"
    raise InputError(source, SkipReason.UNDECODABLE, f"not UTF-8, GB18030 or Big5 ({detail})")


_ASCII_BYTES = bytes(range(128))


def _non_ascii(data: bytes) -> int:
    """Number of bytes >= 0x80 (bytes.translate runs in C)."""
    return len(data.translate(None, _ASCII_BYTES))


def _few_non_ascii(text: str) -> bool:
    """Too few non-ASCII characters to judge plausibility (e.g. one name in an English page)."""
    return sum(ch >= "\x80" for ch in text[:_SCORE_SAMPLE]) < 8
