"""Read article metadata from header lines: title, publication date, outlet, authors.

All functions take simplified, NFKC text (half-width colons, brackets and digits).
"""

from __future__ import annotations

import re

OUTLET_SUFFIX = ("报", "网", "社", "台", "新闻", "杂志", "周刊", "频道", "在线", "时报", "信息港")
_OUTLET_TAIL = re.compile(
    r"(?:客户端|手机版|app|APP|官网|官方网站|官方微博|微信公众号|数字报|数字报刊|电子版|电子报|网络版)$"
)
DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
LABEL_RE = re.compile(
    r"(?:来源|稿源|出处|时间|日期|发布时间|发布日期|发表时间|发表于|更新时间|作者|责任编辑|"
    r"编辑|点击|浏览|阅读|参与|(?<![A-Za-z])(?:Date|Published|Updated|Time|Source|Author))\s*:"
)
SOURCE_RE = re.compile(r"(?:来源|稿源|出处|来自|(?<![A-Za-z])(?:Source|From))\s*[:丨|]\s*([^\s:|丨]+)")
_SOURCE_CUT = re.compile(
    r"(?:——|--|—|-|\||_|\(|(?:高级|首席|特约|见习|实习|本报|本网)?(?:记者|通讯员|作者|编辑|责编)).*$"
)
# a 来源 line that credits a picture or data, not the article
_CREDIT_SOURCE_RE = re.compile(r"(?:图片|图|照片|封面|视频|数据|资料)(?:来源|来自)")
_NO_SOURCE = {"未知", "网络", "互联网", "本站", "网友投稿", "综合", "网络整理", "佚名"}
DATELINE_RE = re.compile(
    r"(?:^|(?<=[\s。!?)]))(?:据)?([\u4e00-\u9fff]{1,9}?[社网报台])[\u4e00-\u9fff·]{0,8}?"
    r"(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:电|讯)"
)
LOCAL_DATELINE_RE = re.compile(r"^(?:本报|本网)[\u4e00-\u9fff·]{0,8}?\d{1,2}月\d{1,2}日(?:电|讯)")
XUN_RE = re.compile(r"^([\u4e00-\u9fff]{2,10}?(?:网|报|台|社))讯")
BY_REPORTER_RE = re.compile(r"据([\u4e00-\u9fff]{2,10}?(?:网|报|台|社))(?:记者|报道|消息)")
PAPER_RE = re.compile(r"《\s*([^《》]{2,12}?)\s*》")
# (?<!\s): a match starts at the first space of a run only; without it a search over a
# long run of spaces tried every position of the run (quadratic, found by tests/hardening).
TITLE_SEP_RE = re.compile(r"(?<!\s)\s*(?:_|\||–|—|-|｜)\s*")
TITLE_TAGS = ("最新快讯", "快讯", "组图", "图文", "图", "视频", "独家", "原创", "荐", "热", "转载")
_TAG_RE = re.compile(
    r"^(?:[【\[(]\s*(?:" + "|".join(TITLE_TAGS) + r")\s*[】\])]\s*)+|"
    r"(?<!\s)(?:\s*[【\[(]\s*(?:" + "|".join(TITLE_TAGS) + r")\s*[】\])])+$|"
    r"(?<!\s)\s+(?:" + "|".join(TITLE_TAGS) + r")$"
)
_NAME = r"[\u4e00-\u9fff]{2,4}"
AUTHOR_RES = (
    re.compile(r"[(]\s*(?:[^()]{0,10}?)(?:记者|通讯员|作者|摄影)\s*((?:" + _NAME + r"[\s、,]*)+)\s*[)]?"),
    re.compile(r"(?:记者|通讯员)\s*(" + _NAME + r")\s*(?:摄|报道)"),
    re.compile(r"(?:日电|日讯|电|讯)\s*[(]\s*((?:" + _NAME + r"[\s、,]*)+)[)]"),
    re.compile(r"^作者\s*:\s*((?:" + _NAME + r"[\s、,]*)+)$"),
)


_NAME_SPLIT_RE = re.compile(r"[\s、,]+")
_OUTLET_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,16}")
_NOT_NAMES = {"记者", "通讯员", "摄影", "作者", "编辑", "实习生", "本报", "本网", "报道"}


def parse_date(text: str) -> str | None:
    """The first full date (with year) in ``text``: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``.

    >>> parse_date("2015年09月24日 10:30 来源:X")
    '2015-09-24T10:30'
    >>> parse_date("发布日期:2014-06-13")
    '2014-06-13'
    """
    for m in DATE_RE.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        out = f"{y:04d}-{mo:02d}-{d:02d}"
        if m.group(4) is not None:
            hh, mm = int(m.group(4)), int(m.group(5))
            if hh < 24 and mm < 60:
                out += f"T{hh:02d}:{mm:02d}"
                if m.group(6) is not None and int(m.group(6)) < 60:
                    out += f":{int(m.group(6)):02d}"
        return out
    return None


def is_outlet(name: str) -> bool:
    """Whether ``name`` looks like a news outlet (ends in 报, 网, 社, 台, 新闻 …)."""
    name = _OUTLET_TAIL.sub("", name)
    return 2 <= len(name) <= 16 and name.endswith(OUTLET_SUFFIX)


def clean_outlet(name: str) -> str | None:
    """``北京青年报客户端`` → ``北京青年报``; ``固安信息港——门户网站`` → ``固安信息港``."""
    name = _SOURCE_CUT.sub("", name.strip()).strip(" :")
    name = _OUTLET_TAIL.sub("", name)
    if not name or name in _NO_SOURCE or len(name) > 20:
        return None
    return name


def source_from_label(line: str) -> tuple[bool, str | None]:
    """(found a 来源 label, its outlet or None for 未知); a line that credits a picture
    or data (图片来源) names no source of the article."""
    m = SOURCE_RE.search(line)
    if not m or _CREDIT_SOURCE_RE.search(line):
        return (False, None)
    return (True, clean_outlet(m.group(1)))


def outlet_in_meta(line: str) -> str | None:
    """An outlet named on a date line without a label (``燕赵都市报 2015-09-27 09:34``)."""
    m = PAPER_RE.search(line)
    if m and is_outlet(m.group(1).replace(" ", "")):
        return m.group(1).replace(" ", "")
    rest = DATE_RE.sub(" ", line)
    for tok in rest.split():
        tok = tok.strip("()[]【】")
        if LABEL_RE.search(tok + ":"):
            continue
        if _OUTLET_NAME_RE.fullmatch(_OUTLET_TAIL.sub("", tok)) and is_outlet(tok):
            return clean_outlet(tok)
    return None


def outlet_in_byline(line: str, paper: str | None) -> str | None:
    """The outlet of a dateline or byline at the head of a body line.

    ``中新网北京5月13日电`` → 中新网; ``河北新闻网讯`` → 河北新闻网; ``本报讯`` → ``paper``.
    """
    head = line[:200]
    m = XUN_RE.match(head)
    if m:
        return m.group(1) if not m.group(1).startswith(("本报", "本网")) else paper
    if LOCAL_DATELINE_RE.match(head) or head.startswith(("本报讯", "本网讯")):
        return paper
    m = DATELINE_RE.search(head) if "日电" in head or "日讯" in head else None
    if m and not m.group(1).startswith(("本报", "本网")):
        return m.group(1)
    m = BY_REPORTER_RE.search(head[:100]) if "据" in head[:100] else None
    if m:
        return m.group(1)
    return None


def clean_title(line: str) -> str:
    """Drop site names (``…_新华网``, ``… - 中国经济网``) and tags (``最新快讯``, ``【图】``)."""
    title = line.strip()
    parts = TITLE_SEP_RE.split(title)
    while len(parts) > 1 and (is_outlet(parts[-1]) or parts[-1] in ("首页", "")):
        parts.pop()
    if len(parts) < len(TITLE_SEP_RE.split(title)):
        # rebuild from the original up to the last kept part
        keep = parts[-1]
        idx = title.find(keep)
        title = title[: idx + len(keep)] if idx >= 0 else " ".join(parts)
    prev = None
    while prev != title:
        prev = title
        title = _TAG_RE.sub("", title).strip()
    return title


def authors_in(line: str) -> list[str]:
    """Reporters and photographers named in ``line`` (记者 X Y, 通讯员, 摄, dateline names)."""
    out: list[str] = []
    paren = "(" in line
    for rx, needed in zip(AUTHOR_RES, (paren, "记者" in line or "通讯员" in line, paren,
                                       line.startswith("作者")), strict=True):
        if not needed:
            continue   # the literal this pattern needs is missing: no match
        for m in rx.finditer(line):
            for name in _NAME_SPLIT_RE.split(m.group(1)):
                name = name.removesuffix("摄")
                if (2 <= len(name) <= 4 and name not in out and name not in _NOT_NAMES
                        and not name.endswith(("报道", "了解", "获悉"))):
                    out.append(name)
    return out
