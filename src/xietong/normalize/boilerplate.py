"""Plain-text page dumps: find the headline and the metadata lines, drop site boilerplate.

Works line by line on simplified NFKC text.  Lines are classified as navigation, menu,
share/click counters, related-news blocks, footers, copyright/contact and editor lines
(dropped), the metadata line(s) of the article (read, then dropped), photo captions
(kept, marked) and body.  Everything above the headline is page header and is dropped.
"""

from __future__ import annotations

import re

from xietong.normalize import metadata as md

HEADER_LINES = 14      # the headline and its metadata line stand within the first lines
TITLE_MAX = 64

# Site lines: one case-insensitive alternation of ~60 markers (当前位置, 版权所有, copyright,
# 责任编辑, 分享到, 上一篇 ...), split in three for speed: the branches anchored at the start
# (tried once, with ``match``), the Latin ones (only ASCII letters fold to ``c``, so a line
# without c/C cannot match them), and the rest, which all start with a literal character,
# so the regex engine skips along the line by a first-character set instead of trying
# every branch at every position.  tests/normalize/test_speedups.py checks the split
# against the single alternation.
_DROP_HEAD_RE = re.compile(
    r"(?:当前位置|您的位置|你的位置|您现在的位置|所在位置|地址\s*:|编辑\s*:|\(编辑|分享\s*:|字号|"
    r"上一篇|下一篇|上一版|下一版|前一版|后一版|版面导航|PDF版|加入收藏|设为首页|登录|注册$|网站首页)",
    re.IGNORECASE,
)
_DROP_LATIN_RE = re.compile(r"copyright|icp备|icp证", re.IGNORECASE)
_DROP_ANY_RE = re.compile(
    r"版权所有|版权声明|©|网安备|公网安备|"
    r"联系电话|热线电话|服务热线|新闻热线|热线\s*:|联系地址|邮箱\s*:|电子邮箱|"
    r"违法和不良信息|举报电话|举报邮箱|未经.{0,30}(?:授权|允许|同意).{0,12}(?:转载|复制|使用|传播)|"
    r"严禁转载|不得转载|禁止转载|转载请注明|关于我们|网站地图|友情链接|广告服务|联系我们|"
    r"责任编辑|责编\s*:|分享到|点击\s*:\s*\d*\s*次|点击数\s*:|"
    r"浏览次数|阅读次数|阅读量\s*:|参与互动|扫码阅读|扫一扫|手机扫码|放大字体|缩小字体|"
    r"打印本页|关闭窗口|【打印】|【关闭】|【收藏】|无相关信息|资料图片仅供参考|返回顶部|返回首页|"
    r"免责声明",
    re.IGNORECASE,
)


def drop_match(s: str) -> bool:
    """Whether ``s`` holds a site-line marker (see the regexes above)."""
    return (_DROP_HEAD_RE.match(s) is not None or _DROP_ANY_RE.search(s) is not None
            or (("c" in s or "C" in s) and _DROP_LATIN_RE.search(s) is not None))


RELATED_RE = re.compile(
    r"^[【\[]?(?:相关新闻|相关阅读|推荐阅读|相关链接|延伸阅读|相关报道|热点推荐|猜你喜欢|"
    r"热门推荐|相关文章|更多阅读|热门文章|精彩推荐|今日推荐|最新新闻|热点新闻|相关稿件|相关专题|"
    r"相关推荐|为[你您]推荐|编辑推荐|往期回顾|图片新闻|最新资讯|最新文章|热门资讯|推荐新闻|"
    r"(?:热点|热门|点击|新闻|阅读|评论|24小时|本周|本月)排行(?:榜)?|排行榜|更多新闻)[】\]]?\s*:?"
)
# "更多>>", "更多>": the end of a teaser block
MORE_RE = re.compile(r"^(?:更多|查看更多|more)\s*(?:>>|»|>|…)?$", re.IGNORECASE)
# a teaser item: a bullet and a short headline, no sentence
BULLET_RE = re.compile(r"^[·•▪▫◆◇■□●○►▶]\s*\S")
BREADCRUMB_RE = re.compile(r"[>»›]")
MENU_SPLIT_RE = re.compile(r"\s*[|｜丨]\s*|\s{2,}|\s+-\s+|\s+·\s+")
CAPTION_RE = re.compile(
    r"(?:(?:记者|通讯员|摄影|摄)\s*[\u4e00-\u9fff]{2,4}\s*摄\s*[)]?$)|"
    r"(?:[\u4e00-\u9fff]{2,4}\s*摄\s*[)]?$)|(?:\s供图\s*[)]?$)|^(?:图为|图:|上图|下图|图片来源|资料图)"
)
DATE_PREFIX_RE = re.compile(r"^\s*date\s+((?:19|20)\d{2}-\d{2}-\d{2})\s+", re.IGNORECASE)
SENTENCE_END = ("。", "!", "?", ";", "”", "…")
# (?<!\d): a digit run is tried from its first digit only; a later start inside the run
# fails wherever the first one did, and without it a long run of digits was quadratic
_META_REST_RE = re.compile(r"[\s()《》\[\]【】]|(?<!\d)\d+\s*版")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_MASTHEAD_RE = re.compile(r"[\u4e00-\u9fff]{2,16}")
# a byline standing alone: "某某新闻记者 王晓东", "本报记者张三 李四", "作者:王五", "文/赵六"
_BYLINE_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{0,10}?(?:首席|高级|特约|见习|实习)?(?:记者|通讯员)\s+|"
    r"(?:本报|本网|本台|本刊)(?:首席|高级|特约|见习|实习)?(?:记者|通讯员)\s*|"
    r"(?:作者|撰文|文|编辑|记者)\s*[:/]\s*)"
    r"[\u4e00-\u9fff·]{2,5}(?:\s*[、,\s]\s*[\u4e00-\u9fff·]{2,5}){0,5}"
)
_BODY_DATELINE_RE = re.compile(r"^.{0,16}?((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)(?:电|讯)")


def is_caption(s: str) -> bool:
    """``CAPTION_RE.search(s) is not None``; a line without 摄, 供图 or a 图 head is skipped
    without running the regex (every branch needs one of them)."""
    return (("摄" in s or "供图" in s or s.startswith(("图", "上图", "下图", "资料图")))
            and CAPTION_RE.search(s) is not None)


class Line:
    """One line of the page: its span in the (converted) text and its role.

    Plain classes, not dataclasses: compiled, their constructors are native.
    """

    def __init__(self, start: int, end: int, text: str, role: str = "body") -> None:
        self.start = start
        self.end = end
        self.text = text
        self.role = role       # body | title | caption | meta | drop

    def __repr__(self) -> str:
        return f"Line({self.start}, {self.end}, {self.text!r}, {self.role!r})"


class Layout:
    """What the line pass found: roles of the lines and the metadata read on the way."""

    def __init__(self, lines: list[Line] | None = None) -> None:
        self.lines: list[Line] = lines if lines is not None else []
        self.title: str | None = None
        self.published: str | None = None
        self.source: str | None = None
        self.source_known = False      # a 来源 label was read (even "未知")
        self.authors: list[str] = []


def is_menu(s: str) -> bool:
    """A line of short link words (``首页| 滚动| 国内``, ``关于我们 - 媒体合作 - …``)."""
    if "。" in s or "," in s:
        return False
    if s.count("|") >= 2:
        return True
    parts = [p for p in MENU_SPLIT_RE.split(s) if p]
    return len(parts) >= 3 and all(len(p) <= 6 for p in parts)


def is_breadcrumb(s: str) -> bool:
    """``首页 > 新闻频道 > 滚动`` (two or more arrows, short, no sentence)."""
    return len(s) < 100 and "。" not in s and len(BREADCRUMB_RE.findall(s)) >= 2


def is_boilerplate(s: str) -> bool:
    """A line that belongs to the site, not the article."""
    if len(s) >= 120 and "。" in s:
        return False   # a paragraph of the article
    if drop_match(s):
        return True
    return is_breadcrumb(s) or is_menu(s)


def is_byline(s: str) -> bool:
    """A line that only names the reporters (``某某新闻记者 王晓东``, ``文/赵六``)."""
    return len(s) <= 40 and ("记者" in s or "通讯员" in s or "作者" in s or "文" in s
                             or "编辑" in s) and _BYLINE_RE.fullmatch(s) is not None


def is_meta(s: str) -> bool:
    """The article's metadata line: a full date, a 来源 label or a byline, and little else."""
    if len(s) < 160 and (":" in s or "丨" in s or "|" in s) and md.SOURCE_RE.search(s):
        return True
    if is_byline(s):
        return True
    if ("20" not in s and "19" not in s) or md.DATE_RE.search(s) is None:
        return False
    rest = md.DATE_RE.sub("", s)
    if md.LABEL_RE.search(rest):
        return len(s) < 160
    rest = _META_REST_RE.sub("", rest)
    return len(rest) <= 16 and not any(c in rest for c in "。,;")


def is_headline(s: str) -> bool:
    """Could ``s`` be a headline: short, some Chinese, not a sentence."""
    if not (4 <= len(s) <= TITLE_MAX) or not _HAN_RE.search(s):
        return False
    if "。" in s or s.endswith(SENTENCE_END[2:]) or s.endswith((",", ":")):
        return False
    return not (is_boilerplate(s) or is_meta(s) or is_caption(s))


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` with their spans, stripped of surrounding white space."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        body = raw.strip()
        n = len(raw)
        if len(body) == n:
            out.append(Line(pos, pos + n, body))
        else:
            lead = n - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(body), body))
        pos += n + 1
    return out


def layout(text: str) -> Layout:
    """Classify the lines of a plain-text page and read its metadata."""
    lay = Layout(lines=split_lines(text))
    lines = lay.lines
    # a dump format: "date 2025-10-10 <first paragraph>"
    for ln in lines[:3]:
        m = DATE_PREFIX_RE.match(ln.text)
        if m:
            lay.published = m.group(1)
            ln.start += m.end()
            ln.text = ln.text[m.end():]
            break
    nonempty = [ln for ln in lines if ln.text]
    header = nonempty[:HEADER_LINES]
    header_meta = {id(ln): is_meta(ln.text) for ln in header}   # reused by the body pass
    meta_idx = [i for i, ln in enumerate(header) if header_meta[id(ln)]]
    if meta_idx:   # the metadata block: the first metadata line and the lines next to it
        meta_idx = [i for i in meta_idx if i <= meta_idx[0] + 2]
    title_i: int | None = None
    if meta_idx:
        first = meta_idx[0]
        for j in range(first - 1, -1, -1):
            cand = header[j].text
            if cand.startswith(("——", "--", "—")) and j > 0:
                continue   # a subtitle line: the headline stands above it
            if is_headline(cand):
                title_i = j
                break
        if title_i is None:   # "outlet date" first, the headline right after the metadata
            for j in range(meta_idx[-1] + 1, min(meta_idx[-1] + 3, len(header))):
                if is_headline(header[j].text):
                    title_i = j
                    break
                if not is_boilerplate(header[j].text):
                    break
        for i in meta_idx:
            if title_i is not None and i < title_i and i != meta_idx[0]:
                continue
            header[i].role = "meta"
    if title_i is None and not meta_idx:
        for j, ln in enumerate(header[:4]):
            if is_boilerplate(ln.text):
                continue
            if is_headline(ln.text):
                title_i = j
            break
    masthead: str | None = None
    if title_i is not None:
        header[title_i].role = "title"
        lay.title = md.clean_title(header[title_i].text) or None
        for ln in header[:title_i]:
            if ln.role != "meta":
                if masthead is None and md.is_outlet(ln.text) and _MASTHEAD_RE.fullmatch(ln.text):
                    masthead = md.clean_outlet(ln.text)   # a paper's name standing alone above the headline
                ln.role = "drop"
    # metadata from the meta lines
    paper: str | None = None
    for ln in header:
        if ln.role != "meta":
            continue
        if lay.published is None:
            lay.published = md.parse_date(ln.text)
        found, src = md.source_from_label(ln.text)
        if found and not lay.source_known:
            lay.source_known, lay.source = True, src
        outlet = md.outlet_in_meta(ln.text)
        if outlet:
            paper = paper or outlet
        for name in md.authors_in(ln.text):
            if name not in lay.authors and name != lay.source:
                lay.authors.append(name)
    if paper is None and masthead is not None and "本报" in text:
        paper = masthead   # 本报记者 / 本报讯 under a masthead: the masthead is the outlet
    if not lay.source_known and paper:
        lay.source = paper
    # body: boilerplate, related blocks, captions
    in_related = False
    body_seen = 0
    for ln in lines:
        if ln.role != "body" or not ln.text:
            continue
        s = ln.text
        if in_related:
            if len(s) > 60 and "。" in s:
                in_related = False
            else:
                ln.role = "drop"
                continue
        if RELATED_RE.match(s) and len(s) <= 40:
            ln.role = "drop"
            in_related = True
            continue
        if MORE_RE.match(s) or (BULLET_RE.match(s) and len(s) <= 40 and "。" not in s):
            ln.role = "drop"   # "更多>>" and bulleted teaser headlines
            continue
        known = header_meta.get(id(ln))
        if is_boilerplate(s) or (len(s) < 160 and (is_meta(s) if known is None else known)):
            ln.role = "drop"   # site lines, and date/来源 lines outside the header too
            if not lay.source_known and lay.source is None:
                found, src = md.source_from_label(s)   # "来源丨…" at the foot of the page
                if found and src:
                    lay.source_known, lay.source = True, src
            continue
        if len(s) < 200 and is_caption(s):
            ln.role = "caption"
        if body_seen < 3:
            body_seen += 1
            if lay.source is None and not lay.source_known:
                lay.source = md.outlet_in_byline(s, paper)
            if lay.published is None:
                m = _BODY_DATELINE_RE.match(s)
                if m:
                    lay.published = md.parse_date(m.group(1))
        if "记者" in s or "摄" in s or "通讯员" in s or "电" in s[:30]:
            for name in md.authors_in(s):
                if name not in lay.authors:
                    lay.authors.append(name)
    return lay
