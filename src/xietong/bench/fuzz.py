"""Fuzzing the readers, the normalizer and the extractors with hostile generated inputs.

Why: xietong reads whatever a crawler brings home.  The promise is that no exception
escapes except xietong's own documented ones (:class:`~xietong.errors.XietongError` and
subclasses), and that what comes out is sound: mention spans cut the text they claim,
evidence offsets stay inside the text, facts serialize to strict JSON, normalizing a
clean text again changes nothing.

Inputs are *realistic hostile* documents, not just random bytes: Chinese news fragments
with amounts (万/亿, 10^100), dates (去年底, 二〇二三年), brackets and pinyin glosses, GBK
mojibake, NUL bytes, lone surrogates, RTL marks, very long lines and runs, nested,
broken and scripted HTML, JSONL lines and WARC records with lying lengths, truncated
gzip.  One generator serves three drivers through a :class:`Chooser`:

* :class:`RandomChooser` — a seeded loop (``xietong bench fuzz``, and CI with few inputs);
* :class:`FdpChooser` — atheris' coverage-guided ``FuzzedDataProvider`` (:func:`atheris_main`);
* hypothesis strategies in the tests draw from the same fragment tables.

A target returns normally, raises a documented error (fine), or raises anything else /
breaks an invariant (a :class:`Failure`, saved with its input and traceback).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import math
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from xietong.errors import XietongError

# --- fragments (written for these tests; none copied from real articles) ------------------

NEWS: tuple[str, ...] = (
    "京津冀协同发展", "河北省廊坊市固安县", "雄安新区", "天津市滨海新区", "北京市朝阳区",
    "石家庄高新区", "衡水市景县", "保定市", "张家口市崇礼区", "沧州渤海新区",
    "本次集中签约项目15个，总投资92亿元。", "去年底，该县引进北京企业38家",
    "北京某某科技有限公司与固安县人民政府签署合作协议", "河北工业大学", "中国科学院某研究所",
    "项目总投资约3.5亿元，预计明年6月投产", "今年1—9月", "上半年", "二〇二三年十月", "2024年3月15日",
    "同比增长12.5%", "占地面积200亩", "年产10万吨", "累计承接项目161个", "亿元以上项目",
    "5000万元", "1.2万亿元", "约合3000万美元", "百分之三十", "三分之一", "逾百亿元",
    "十四五期间", "截至目前", "目前", "近日", "当天", "记者 王某 通讯员 李某", "来源：某某日报",
    "责任编辑：张某", "【打印】【关闭】", "首页 > 新闻中心 > 正文", "图为项目建设现场。",
    "产业转移", "生物医药产业园", "开工仪式", "主体结构已完工", "正式投产运营",
)
GLOSSES: tuple[str, ...] = (
    "產(chǎn)業(yè)", "協(xié)同(tóng)", "(jīng)(jīn)", "（tóu zī）", "(", "（", ")", "）", "(abc)",
    "ā", "(ǎ", "((((", "))))",
)
NUMBERS: tuple[str, ...] = (
    "0", "1", "10", "3.5", "０１２３", "一", "二", "两", "十", "百", "千", "万", "亿", "兆",
    "〇", "零", "壹", "貳", "十一", "一千二百三十四万五千六百七十八", "1" + "0" * 100,
    "9" * 400, "1e308", "1.7976931348623157e308", "-0", "NaN", "inf", "0.000000001",
    "1,234,567", "12.5%", "％", "‰", "①", "Ⅷ", "½", "万亿", "亿亿", "万万", "千万亿",
)
UNITS: tuple[str, ...] = (
    "元", "万元", "亿元", "美元", "欧元", "港元", "个", "家", "项", "亩", "平方米", "吨", "年",
    "月", "日", "号", "季度", "倍", "人次", "公里", "千瓦", "%",
)
CONTROL: tuple[str, ...] = (
    "\x00", "\x01", "\x1b", "\x7f", "\r", "\r\n", "\n", "\n\n\n", "\t", "\u200b", "\u200f",
    "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\ud800", "\udfff", "\U00020000",
    "\u0301", "\uffff", "\U0010ffff", "\u3000", "\xa0", "?", "??", "????????",
)
HTML_BITS: tuple[str, ...] = (
    "<html>", "<head><title>", "</title></head>", "<body>", "</body></html>", "<p>", "</p>",
    "<div class=\"content\">", "</div>", "<br>", "<b>", "<script>var s='<p>京津冀</p>';</script>",
    "<style>p{color:red}</style>", "<!-- 注释 -->", "<!--", "<![CDATA[", "]]>", "&amp;",
    "&#x4eac;", "&#99999999;", "&nbsp;", "<meta charset=\"gbk\">", "<meta name=\"pubdate\" content=\"2023-01-01\">",
    "<a href=\"javascript:void(0)\">", "</a>", "<table><tr><td>", "</td></tr></table>",
    "<p", "</", "<<>>", "<title>", "<iframe src=x>", "<svg><![CDATA[x]]></svg>",
    "<?xml version=\"1.0\"?>", "<!DOCTYPE html>", "<h1>", "</h1>",
)
PUBLISHED: tuple[str | None, ...] = (
    None, "2023-05-17", "2014-02-26", "1999-12-31", "2099-01-01", "0001-01-01", "9999-12-31",
    "2023-02-30", "2023-13-01", "2024-02-29T08:30", "2023-05-17T25:61:99", "", "abc", "2023",
    "2023-05", "20230517", "２０２３-０５-１７",
)


def _mojibake(s: str, shift: int) -> str:
    """GBK bytes read back wrongly: off by ``shift`` bytes, or as Latin-1."""
    raw = s.encode("gbk", "replace")
    if shift == 0:
        return raw.decode("latin-1")
    return raw[shift:].decode("gbk", "replace")


# --- choosers -------------------------------------------------------------------------------

class Chooser(Protocol):
    """Where the generator's decisions come from (a seeded RNG, or atheris' data)."""

    def num(self, lo: int, hi: int) -> int:
        """An int in [lo, hi]."""

    def text(self, max_len: int) -> str:
        """Arbitrary unicode (any code point)."""

    def raw(self, max_len: int) -> bytes:
        """Arbitrary bytes."""


class RandomChooser:
    """Decisions from a seeded :class:`random.Random` (reproducible from the seed)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def num(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def text(self, max_len: int) -> str:
        n = self.rng.randint(0, max_len)
        pick = self.rng.random()
        if pick < 0.4:
            return "".join(chr(self.rng.randint(0x4E00, 0x9FFF)) for _ in range(n))
        if pick < 0.7:
            return "".join(chr(self.rng.randint(0x20, 0x7E)) for _ in range(n))
        return "".join(chr(self.rng.randint(0, 0x10FFFF)) for _ in range(n))

    def raw(self, max_len: int) -> bytes:
        return self.rng.randbytes(self.rng.randint(0, max_len))


class FdpChooser:
    """Decisions from an ``atheris.FuzzedDataProvider`` (coverage-guided)."""

    def __init__(self, fdp: Any) -> None:
        self.fdp = fdp

    def num(self, lo: int, hi: int) -> int:
        return int(self.fdp.ConsumeIntInRange(lo, hi))

    def text(self, max_len: int) -> str:
        return str(self.fdp.ConsumeUnicode(max_len))

    def raw(self, max_len: int) -> bytes:
        return bytes(self.fdp.ConsumeBytes(max_len))


# --- generators -----------------------------------------------------------------------------

def _pick(c: Chooser, table: tuple[str, ...]) -> str:
    return table[c.num(0, len(table) - 1)]


def _piece(c: Chooser, big: bool) -> str:
    kind = c.num(0, 15)
    if kind <= 4:
        return _pick(c, NEWS)
    if kind <= 6:
        return _pick(c, NUMBERS) + (_pick(c, UNITS) if c.num(0, 2) else "")
    if kind == 7:
        return _pick(c, GLOSSES)
    if kind == 8:
        return _pick(c, CONTROL)
    if kind == 9:
        return _mojibake(_pick(c, NEWS), c.num(0, 1))
    if kind == 10:
        return c.text(12)
    if kind == 11:                                   # a run: long lines, 万万万, ((((
        unit = _pick(c, ("万", "亿", "(", "（", "1", "一", " ", "、", "。", "\n", "京", "?", "年",
                          "1万", "(a)", "的", "项目", "有限公司", "省市县", "<p>", "&amp;"))
        return unit * c.num(2, 60000 if big else 200)
    if kind == 12:
        return "，" if c.num(0, 1) else "。"
    if kind == 13:
        return _pick(c, ("（", "【", "《", "“", "「")) + _pick(c, NEWS) + _pick(c, ("）", "】", "》", "”", "」", ""))
    if kind == 14:
        return f"{c.num(1900, 2100)}年{c.num(0, 13)}月{c.num(0, 32)}日"
    return _pick(c, NUMBERS) + _pick(c, ("至", "-", "~", "—", "到")) + _pick(c, NUMBERS) + _pick(c, UNITS)


def gen_text(c: Chooser, max_pieces: int = 40) -> str:
    """A hostile news-like text (one in 40 may hold runs of up to 60,000 characters)."""
    big = c.num(0, 39) == 0
    return "".join(_piece(c, big) for _ in range(c.num(0, max_pieces)))


def gen_html(c: Chooser) -> str:
    """A hostile HTML page: nested, broken, scripted, with text pieces inside."""
    parts: list[str] = []
    if c.num(0, 1):
        parts.append("<!DOCTYPE html><html><head><title>" + gen_text(c, 4) + "</title></head><body>")
    for _ in range(c.num(0, 30)):
        k = c.num(0, 5)
        if k == 0:
            depth = c.num(1, 400 if c.num(0, 9) == 0 else 20)
            parts.append("<div>" * depth + gen_text(c, 3) + "</div>" * c.num(0, depth))
        elif k <= 2:
            parts.append(_pick(c, HTML_BITS))
        else:
            parts.append("<p>" + gen_text(c, 6) + "</p>")
    return "".join(parts)


HTML_ONE_IN = 20      # HTML pages among normalize/pipeline inputs (trafilatura: ~17 ms a page)
_CODECS = ("utf-8", "gb18030", "gbk", "big5", "utf-16-le", "utf-16", "latin-1", "utf-32")


def _encode(c: Chooser, s: str) -> bytes:
    codec = _pick(c, _CODECS)
    data = s.encode(codec, "replace" if codec != "utf-8" else "surrogatepass")
    k = c.num(0, 7)
    if k == 0 and data:                              # flip some bytes
        b = bytearray(data)
        for _ in range(c.num(1, 8)):
            b[c.num(0, len(b) - 1)] = c.num(0, 255)
        data = bytes(b)
    elif k == 1 and data:                            # cut anywhere (inside a character)
        data = data[: c.num(0, len(data))]
    elif k == 2:
        data = _pick(c, ("\xef\xbb\xbf", "\xff\xfe", "\xfe\xff", "%PDF-", "\x1f\x8b", "PK\x03\x04")).encode("latin-1") + data
    return data


def _warc(c: Chooser, body: bytes) -> bytes:
    """A hand-made WARC response record, sometimes with a lying length or a broken header."""
    http = (b"HTTP/1.1 " + _pick(c, ("200 OK", "404 Not Found", "200", "abc")).encode()
            + b"\r\nContent-Type: " + _pick(c, ("text/html; charset=gbk", "text/plain", "text/html",
                                                  "image/png", "text/html; charset=x-nope")).encode()
            + (b"\r\nContent-Encoding: gzip" if c.num(0, 5) == 0 else b"")
            + (b"\r\nTransfer-Encoding: chunked" if c.num(0, 7) == 0 else b"")
            + b"\r\n\r\n")
    if b"gzip" in http:
        body = gzip.compress(body, 1)
    block = http + body
    lies = (0, 0, 0, 0, 1, -1, 100, -5000, 1 << 40)
    length = len(block) + (lies[c.num(0, len(lies) - 1)] if c.num(0, 1) else 0)
    head = (b"WARC/1.0\r\nWARC-Type: " + _pick(c, ("response", "resource", "request", "warcinfo")).encode()
            + b"\r\nWARC-Target-URI: http://news.example.cn/" + str(c.num(0, 99)).encode()
            + b"\r\nWARC-Date: " + _pick(c, ("2023-05-17T00:00:00Z", "bogus", "")).encode()
            + b"\r\nWARC-Record-ID: <urn:uuid:" + str(c.num(0, 9999)).encode() + b">"
            + b"\r\nContent-Length: " + str(length).encode() + b"\r\n\r\n")
    return head + block + b"\r\n\r\n"


def gen_file(c: Chooser) -> tuple[bytes, str]:
    """File bytes and a file suffix: text, HTML, JSONL, WARC, gzip of those, unknown."""
    suffix = _pick(c, (".txt", ".html", ".jsonl", ".warc", ".warc.gz", ".txt.gz", ".dat", ""))
    base = suffix.removesuffix(".gz")
    if base == ".jsonl" or (base == ".dat" and c.num(0, 3) == 0):
        lines = []
        for _ in range(c.num(0, 5)):
            obj: dict[str, Any] = {_pick(c, ("text", "html", "body")): gen_text(c, 8)}
            if c.num(0, 1):
                obj["published"] = _pick(c, tuple(p or "" for p in PUBLISHED))
            if c.num(0, 2) == 0:
                obj["url"] = "http://x.cn/a" if c.num(0, 3) else [1, 2]
            line = json.dumps(obj, ensure_ascii=bool(c.num(0, 1)))
            if c.num(0, 6) == 0:
                line = line[: c.num(0, len(line))]
            lines.append(line)
        data = "\n".join(lines).encode("utf-8", "surrogatepass")
    elif base == ".warc" or (base == ".dat" and c.num(0, 2) == 0):
        data = b"".join(_warc(c, _encode(c, gen_html(c) if c.num(0, 1) else gen_text(c)))
                        for _ in range(c.num(0, 3)))
        if c.num(0, 4) == 0 and data:
            data = data[: c.num(0, len(data))]
    elif base == ".html":
        data = _encode(c, gen_html(c))
    elif c.num(0, 9) == 0:
        data = c.raw(400)
    else:
        data = _encode(c, gen_text(c))
    if suffix.endswith(".gz") or (base == ".dat" and c.num(0, 5) == 0):
        z = gzip.compress(data, 1)
        if c.num(0, 4) == 0:
            z = z[: c.num(0, len(z))]
        elif c.num(0, 4) == 0:
            z = z + (b"\x00" * 10 if c.num(0, 1) else b"junk")
        data = z
    return data, suffix


# --- invariants and targets -----------------------------------------------------------------

class Broken(AssertionError):
    """An invariant of the output does not hold (a bug, like an escaping exception)."""


def _require(cond: bool, what: str) -> None:
    if not cond:
        raise Broken(what)


def check_document(doc: Any) -> None:
    """Invariants of a normalized Document."""
    n = len(doc.text)
    _require(isinstance(doc.text, str), "text is not a str")
    _require(not doc.offsets.orig or len(doc.offsets.orig) == n + 1,
             f"offset map of {len(doc.offsets.orig)} for text of {n}")
    raw_n = len(doc.raw_text)
    _require(all(0 <= o <= raw_n for o in doc.offsets.orig), "offset outside raw text")
    for s, e in (*doc.captions, *( [doc.title_span] if doc.title_span else [])):
        _require(0 <= s <= e <= n, f"span {(s, e)} outside text of {n}")
    try:
        doc.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Broken(f"clean text does not encode to UTF-8: {exc}") from None


def check_mentions(text: str, mentions: list[Any], what: str) -> None:
    """Every mention cuts exactly its text out of the document."""
    for m in mentions:
        _require(0 <= m.start <= m.end <= len(text), f"{what} span {(m.start, m.end)} outside text")
        _require(text[m.start:m.end] == m.text, f"{what} text {m.text!r} != text[{m.start}:{m.end}]")


def check_facts(text: str, facts: Any) -> None:
    """Evidence inside the text, and strict JSON (no NaN/Infinity) for the whole record."""
    for group in (facts.places, facts.organizations, facts.amounts, facts.projects, facts.indicators):
        for f in group:
            ev = f.evidence
            _require(0 <= ev.start <= ev.end <= len(text), f"evidence {(ev.start, ev.end)} outside text")
            _require(ev.sentence in text, "evidence sentence not in the text")
    try:
        json.dumps(facts.to_json(), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise Broken(f"facts are not strict JSON: {exc}") from None
    for a in facts.amounts:
        _require(isinstance(a.value, int) or math.isfinite(a.value), f"amount value {a.value!r}")


def _no_surrogates(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_TMP: dict[str, Path] = {}


def _tmpdir() -> Path:
    if "dir" not in _TMP:
        _TMP["dir"] = Path(tempfile.mkdtemp(prefix="xietong-fuzz-"))
    return _TMP["dir"]


def target_read(c: Chooser) -> object:
    """bytes → a file with a suffix → read_pages; then each page's text must encode."""
    from xietong.ingest import read_pages
    from xietong.model import Page, Skipped

    data, suffix = gen_file(c)
    path = _tmpdir() / f"doc{suffix}"
    path.write_bytes(data)
    items = list(read_pages([path], max_bytes=c.num(1, 4) * 64 * 1024))
    for it in items:
        _require(isinstance(it, Page | Skipped), f"read_pages yielded {type(it).__name__}")
        if isinstance(it, Page):
            _require(isinstance(it.text, str) and bool(it.text.strip()), "page without text")
            assert it.text is not None
            it.text.encode("utf-8")
    return (data, suffix)


def target_decode(c: Chooser) -> object:
    """bytes (+ a declared charset) → decode_bytes → str or InputError."""
    from xietong.ingest import decode_bytes

    data = _encode(c, gen_text(c)) if c.num(0, 3) else c.raw(300)
    declared = _pick(c, ("", "gbk", "big5", "utf-8", "utf-16", "iso-8859-1", "x-nope", "gb2312", "utf-32"))
    out = decode_bytes(data, "fuzz", declared or None)
    _require(isinstance(out, str), "decode_bytes returned a non-str")
    return (data, declared)


def target_normalize(c: Chooser) -> object:
    """str → normalize(Page(text or html)); Document invariants; re-normalizing is stable."""
    from xietong.model import Page
    from xietong.normalize import normalize

    html = c.num(0, HTML_ONE_IN - 1) == 0
    text = gen_html(c) if html else gen_text(c)
    page = Page(id="fuzz", source="fuzz", kind="html" if html else "text", text=text)
    doc = normalize(page)
    check_document(doc)
    again = normalize(Page(id="fuzz", source="fuzz", kind="text", text=doc.text))
    check_document(again)
    _require(again.text == doc.text, "normalize is not idempotent on its own output")
    return text


def target_extract(c: Chooser) -> object:
    """str → Document → extract and each find_* separately; spans, evidence, JSON."""
    from xietong.extract import analyse, extract
    from xietong.extract.dates import find_dates
    from xietong.extract.indicators import find_indicators
    from xietong.extract.money import find_amounts
    from xietong.extract.numbers import find_quantities
    from xietong.extract.organizations import find_organizations
    from xietong.extract.places import find_places
    from xietong.extract.projects import find_projects
    from xietong.model import Document

    # Lone surrogates cannot reach extract through normalize (it replaces them); the
    # extractors' behaviour on them is pinned by its own test (tests/hardening).
    text = _no_surrogates(gen_text(c))
    published = PUBLISHED[c.num(0, len(PUBLISHED) - 1)]
    doc = Document(id="fuzz", text=text, published=published)
    if c.num(0, 1):                  # each finder on its own (half the inputs) ...
        places = find_places(doc)
        check_mentions(text, places, "place")
        check_mentions(text, find_organizations(doc, places), "org")
        check_mentions(text, find_amounts(text), "amount")
        check_mentions(text, find_quantities(text), "quantity")
        check_mentions(text, find_dates(text, published), "date")
        ctx = analyse(doc)
        for p in find_projects(ctx):
            _require(0 <= p.evidence.start <= p.evidence.end <= len(text), "project evidence outside")
        for i in find_indicators(ctx):
            _require(0 <= i.evidence.start <= i.evidence.end <= len(text), "indicator evidence outside")
    else:                            # ... or the assembled facts record
        check_facts(text, extract(doc))
    return (text, published)


def target_pipeline(c: Chooser) -> object:
    """A page through the whole pipeline.process: Processed or Skipped, facts sound."""
    from xietong.model import Page
    from xietong.pipeline import Processed, process

    html = c.num(0, HTML_ONE_IN - 1) == 0
    text = gen_html(c) if html else gen_text(c)
    page = Page(id="fuzz", source="fuzz", kind="html" if html else "text", text=text)
    out = process(page)
    if isinstance(out, Processed):
        check_document(out.document)
        check_facts(out.document.text, out.facts)
    return text


TARGETS: dict[str, Callable[[Chooser], object]] = {
    "read": target_read,
    "decode": target_decode,
    "normalize": target_normalize,
    "extract": target_extract,
    "pipeline": target_pipeline,
}
# Share of the inputs each target gets in a whole run, chosen from measured CPU costs per
# input (2026-11, one core: read 0.6 ms, decode 0.18 ms, normalize ~8 ms, extract 3.8 ms,
# pipeline ~6 ms; an HTML page 17 ms on average, up to ~1.6 s when nested 300 deep) so that
# 1,000,000 inputs take well under an hour on 2 cores, HTML and big runs included.
WEIGHTS: dict[str, float] = {"read": 0.15, "decode": 0.45, "normalize": 0.1, "extract": 0.25, "pipeline": 0.05}
MIX = (", ".join(f"{n} {w:.0%}" for n, w in WEIGHTS.items())
       + f"; 1 in {HTML_ONE_IN} normalize/pipeline inputs is HTML, the rest text (1 in 40 with runs up to 60,000 chars)")
GROUPS: dict[str, tuple[str, ...]] = {
    "all": tuple(TARGETS),
    "read": ("read", "decode"),
    "normalize": ("normalize",),
    "extract": ("extract", "pipeline"),
}


# --- running --------------------------------------------------------------------------------

@dataclass
class Failure:
    """One distinct failure: where it broke, and an input that shows it."""

    target: str
    seed: int
    kind: str
    message: str
    where: str
    trace: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.target, self.kind, self.where)


@dataclass
class TargetResult:
    """What a run of one target saw."""

    target: str
    inputs: int = 0
    documented_errors: int = 0
    seconds: float = 0.0
    cpu: float = 0.0          # CPU seconds of the processes that ran the inputs (load-independent)
    failures: dict[tuple[str, str, str], Failure] = field(default_factory=dict)
    failure_count: int = 0

    @property
    def per_second(self) -> float:
        return self.inputs / self.seconds if self.seconds else 0.0


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "xietong" in f.filename and "bench/fuzz.py" not in f.filename]
    f = (ours or frames)[-1] if (ours or frames) else None
    return f"{Path(f.filename).name}:{f.lineno} in {f.name}" if f else "?"


class TooSlow(BaseException):
    """One input used more CPU time than the per-input limit (a denial-of-service finding).

    A BaseException, so that the code under test cannot swallow it with ``except Exception``.
    """


def _on_sigprof(signum: int, frame: Any) -> None:
    raise TooSlow


def _set_cpu_alarm(seconds: float) -> None:
    signal.setitimer(signal.ITIMER_PROF, seconds)


def run_one(name: str, seed: int, limit: float | None = None) -> Failure | bool | None:
    """Run target ``name`` on the input of ``seed``: None (fine), True (documented error), a Failure.

    With ``limit``, an input that uses more than ``limit`` CPU seconds is stopped (SIGPROF,
    main thread only) and reported as a ``TooSlow`` failure at the line it was running.
    """
    if limit:
        signal.signal(signal.SIGPROF, _on_sigprof)
        _set_cpu_alarm(limit)
    try:
        TARGETS[name](RandomChooser(seed))
    except XietongError:
        return True
    except TooSlow as exc:
        return Failure(name, seed, "TooSlow", f"input used more than {limit:g} s of CPU", _where(exc),
                       "".join(traceback.format_exception(exc))[-4000:])
    except (Exception, RecursionError) as exc:  # the point: catch what escapes
        return Failure(name, seed, type(exc).__name__, str(exc)[:300], _where(exc),
                       "".join(traceback.format_exception(exc))[-4000:])
    finally:
        if limit:
            _set_cpu_alarm(0)
    return None


def _count(res: TargetResult, got: Failure | bool | None) -> None:
    res.inputs += 1
    if got is True:
        res.documented_errors += 1
    elif isinstance(got, Failure):
        res.failure_count += 1
        res.failures.setdefault(got.key, got)


def _merge(total: TargetResult, part: TargetResult) -> None:
    total.inputs += part.inputs
    total.documented_errors += part.documented_errors
    total.failure_count += part.failure_count
    total.cpu += part.cpu
    for k, f in part.failures.items():
        total.failures.setdefault(k, f)


def run_target(name: str, inputs: int, *, seed: int = 0, limit: float | None = None,
               progress: Callable[[TargetResult], None] | None = None) -> TargetResult:
    """Fuzz one target with ``inputs`` generated inputs (seeds ``seed`` .. ``seed+inputs-1``)."""
    res = TargetResult(name)
    t0 = time.perf_counter()
    c0 = time.process_time()
    last = t0
    for i in range(inputs):
        _count(res, run_one(name, seed + i, limit))
        if progress is not None and time.perf_counter() - last > 10:
            last = time.perf_counter()
            res.seconds = last - t0
            progress(res)
    res.seconds = time.perf_counter() - t0
    res.cpu = time.process_time() - c0
    return res


def save_failures(results: list[TargetResult], folder: Path) -> list[Path]:
    """Write each distinct failure (traceback, seed, reproduction line) under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for res in results:
        for f in res.failures.values():
            digest = hashlib.sha1(repr(f.key).encode()).hexdigest()[:10]
            path = folder / f"{f.target}-{digest}.txt"
            path.write_text(
                f"target: {f.target}\nseed: {f.seed}\nerror: {f.kind}: {f.message}\nat: {f.where}\n"
                f"reproduce: python -c \"from xietong.bench.fuzz import run_one; "
                f"print(run_one({f.target!r}, {f.seed}))\"\n\n{f.trace}\n",
                encoding="utf-8")
            written.append(path)
    return written


# Inputs per task handed to a worker: small enough that a stopped run loses little (the
# parent counts finished chunks), big enough that passing results back costs little.
CHUNK: dict[str, int] = {"read": 200, "decode": 1000, "normalize": 50, "extract": 100, "pipeline": 50}


def _chunk(args: tuple[str, int, int, float | None]) -> TargetResult:
    name, count, seed, limit = args
    return run_target(name, count, seed=seed, limit=limit)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides to stop, and stops
    # the workers with SIGTERM (default action: die at once, even inside a C regex).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Stopped(Exception):
    """The run was asked to stop by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, frame: Any) -> None:
    raise Stopped(signum)


@dataclass
class RunReport:
    """The results of a run over several targets; ``stopped`` is the signal that cut it short."""

    results: list[TargetResult]
    stopped: int | None = None


def run_plan(counts: dict[str, int], *, seed: int = 0, jobs: int = 1, limit: float | None = None,
             progress: Callable[[TargetResult, int], None] | None = None, every: float = 10.0,
             done: Callable[[TargetResult, int], None] | None = None) -> RunReport:
    """Run each target of ``counts`` in turn over ``jobs`` worker processes, in chunks.

    Workers send back each finished chunk, so the parent always holds the totals: every
    ``every`` seconds it calls ``progress(result so far, planned inputs)``, at the end of a
    target ``done(result, planned)``.  SIGINT (Ctrl-C) or SIGTERM stops the workers and
    returns the partial results with the signal in :attr:`RunReport.stopped` (inputs of
    chunks still running are not counted).  Input ``i`` of a target is made from seed
    ``seed + i`` whatever ``jobs`` is, so a failure reproduces with :func:`run_one`.
    """
    import multiprocessing

    import xietong.ingest
    import xietong.normalize
    import xietong.pipeline  # noqa: F401  (imported once here, shared by the forked workers)

    report = RunReport([])
    old_term = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_init) as pool:
            for name, count in counts.items():
                res = TargetResult(name)
                report.results.append(res)
                step = max(1, min(CHUNK.get(name, 100), -(-count // (4 * jobs))))
                tasks = [(name, min(step, count - i), seed + i, limit) for i in range(0, count, step)]
                t0 = last = time.perf_counter()
                parts = pool.imap_unordered(_chunk, tasks)
                while True:
                    try:
                        _merge(res, parts.next(timeout=0.25))
                    except StopIteration:
                        break
                    except multiprocessing.TimeoutError:
                        pass
                    now = time.perf_counter()
                    res.seconds = now - t0
                    if progress is not None and now - last >= every:
                        last = now
                        progress(res, count)
                res.seconds = time.perf_counter() - t0
                if done is not None:
                    done(res, count)
    except KeyboardInterrupt:
        report.stopped = signal.SIGINT
    except Stopped as exc:
        report.stopped = exc.signum
    finally:
        signal.signal(signal.SIGTERM, old_term)
    return report


def plan(group: str, total: int) -> dict[str, int]:
    """Inputs per target for a run of ``total`` inputs over ``group``."""
    names = GROUPS[group]
    weight = sum(WEIGHTS[n] for n in names)
    counts = {n: max(1, int(total * WEIGHTS[n] / weight)) for n in names}
    counts[names[0]] += total - sum(counts.values())
    return counts


# --- atheris -------------------------------------------------------------------------------

def atheris_main(name: str, argv: list[str]) -> None:
    """Coverage-guided fuzzing of one target with atheris (libFuzzer flags in ``argv``).

    Run as ``python -m xietong.bench.fuzz <target> -runs=N``: libFuzzer exits the process
    at the end (or on the first crash, printing the input), so run it in a subprocess.
    """
    import atheris

    # atheris instruments Python bytecode: the mypyc-compiled extractors would give it no
    # coverage feedback, so fuzz their sources (tests/test_native.py checks both agree).
    os.environ["XIETONG_PURE"] = "1"
    with atheris.instrument_imports(include=["xietong"]):
        import xietong.extract
        import xietong.ingest
        import xietong.normalize
        import xietong.pipeline  # noqa: F401

    target = TARGETS[name]

    def one(data: bytes) -> None:
        with contextlib.suppress(XietongError):
            target(FdpChooser(atheris.FuzzedDataProvider(data)))

    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> None:
    """``python -m xietong.bench.fuzz TARGET [libFuzzer flags]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in TARGETS:
        print(f"usage: python -m xietong.bench.fuzz {{{'|'.join(TARGETS)}}} [-runs=N ...]", file=sys.stderr)
        raise SystemExit(2)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    atheris_main(args[0], args[1:])


if __name__ == "__main__":
    main()
