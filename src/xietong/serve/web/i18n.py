"""Dashboard labels in Chinese (default) and English: ``?lang=en`` or the ``xt_lang`` cookie."""

from __future__ import annotations

LANGS = ("zh", "en")
COOKIE = "xt_lang"

LABELS: dict[str, dict[str, str]] = {
    "app": {"zh": "协同台账", "en": "xietong ledger"},
    "overview": {"zh": "总览", "en": "Overview"},
    "flows": {"zh": "流向", "en": "Flows"},
    "map": {"zh": "地图", "en": "Map"},
    "ledger": {"zh": "项目台账", "en": "Ledger"},
    "search": {"zh": "搜索", "en": "Search"},
    "orgs": {"zh": "机构", "en": "Organizations"},
    "login": {"zh": "登录编辑", "en": "Curator login"},
    "logout": {"zh": "退出", "en": "Log out"},
    "read_only": {"zh": "只读", "en": "read-only"},
    "curator": {"zh": "编辑者", "en": "curator"},
    "token": {"zh": "令牌", "en": "Token"},
    "name": {"zh": "名称", "en": "Name"},
    "your_name": {"zh": "你的名字", "en": "Your name"},
    "articles": {"zh": "文章", "en": "Articles"},
    "article": {"zh": "文章", "en": "Article"},
    "stories": {"zh": "报道", "en": "stories"},
    "facts": {"zh": "事实", "en": "Facts"},
    "fact": {"zh": "事实", "en": "Fact"},
    "projects": {"zh": "项目", "en": "Projects"},
    "project": {"zh": "项目", "en": "Project"},
    "places": {"zh": "地点", "en": "Places"},
    "place": {"zh": "地点", "en": "Place"},
    "party": {"zh": "参与方", "en": "Party"},
    "parties": {"zh": "参与方", "en": "Parties"},
    "status": {"zh": "状态", "en": "Status"},
    "category": {"zh": "类别", "en": "Category"},
    "since": {"zh": "起始年份", "en": "Since year"},
    "sort": {"zh": "排序", "en": "Sort"},
    "filter": {"zh": "筛选", "en": "Filter"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "investment": {"zh": "投资额", "en": "Investment"},
    "investment_yuan": {"zh": "投资额（亿元）", "en": "Investment (100M yuan)"},
    "n_projects": {"zh": "项目数", "en": "Projects"},
    "year": {"zh": "年份", "en": "Year"},
    "date": {"zh": "日期", "en": "Date"},
    "published": {"zh": "发布日期", "en": "Published"},
    "outlet": {"zh": "来源", "en": "Outlet"},
    "sources": {"zh": "来源文章", "en": "Sources"},
    "signed_date": {"zh": "签约日期", "en": "Signed"},
    "last_date": {"zh": "最近报道", "en": "Last reported"},
    "timeline": {"zh": "进展时间线", "en": "Timeline"},
    "source_sentence": {"zh": "原文句子", "en": "Source sentence"},
    "open_article": {"zh": "查看原文", "en": "Open article"},
    "per_year_status": {"zh": "各年份、各状态项目数", "en": "Projects per year and status"},
    "invest_per_year": {"zh": "各年份投资额（亿元）", "en": "Investment per year (100M yuan)"},
    "top_destinations": {"zh": "主要落地城市", "en": "Top destinations"},
    "landing_rates": {"zh": "落地率", "en": "Landing rates"},
    "signed": {"zh": "签约", "en": "Signed"},
    "landed": {"zh": "落地", "en": "Landed"},
    "rate": {"zh": "落地率", "en": "Rate"},
    "flows_title": {"zh": "项目流向：来源地 → 落地城市 → 区县",
                    "en": "Project flows: origin → city → county"},
    "map_title": {"zh": "项目分布（气泡大小表示投资额）",
                  "en": "Projects by place (bubble size: investment)"},
    "indicators": {"zh": "指标", "en": "Indicators"},
    "metric": {"zh": "指标", "en": "Metric"},
    "value": {"zh": "数值", "en": "Value"},
    "unit": {"zh": "单位", "en": "Unit"},
    "period": {"zh": "时期", "en": "Period"},
    "subject": {"zh": "主体", "en": "Subject"},
    "type": {"zh": "类型", "en": "Type"},
    "aliases": {"zh": "别名", "en": "Aliases"},
    "duplicates": {"zh": "同一报道的其他文章", "en": "Other articles of this story"},
    "authors": {"zh": "作者", "en": "Authors"},
    "click_fact": {"zh": "点击高亮部分查看事实", "en": "Click a highlight to see the fact"},
    "correct": {"zh": "更正", "en": "Correct"},
    "mark_wrong": {"zh": "标记为错误", "en": "Mark wrong"},
    "mark_right": {"zh": "恢复为正确", "en": "Mark right"},
    "wrong": {"zh": "已标记错误", "en": "marked wrong"},
    "corrected": {"zh": "已更正", "en": "corrected"},
    "merge": {"zh": "合并", "en": "Merge"},
    "merge_into": {"zh": "合并到（编号）", "en": "Merge into (id)"},
    "field": {"zh": "字段", "en": "Field"},
    "save": {"zh": "保存", "en": "Save"},
    "query": {"zh": "关键词", "en": "Query"},
    "results": {"zh": "条结果", "en": "results"},
    "no_results": {"zh": "没有结果", "en": "No results"},
    "prev": {"zh": "上一页", "en": "Previous"},
    "next": {"zh": "下一页", "en": "Next"},
    "of": {"zh": "共", "en": "of"},
    "all": {"zh": "全部", "en": "All"},
    "error": {"zh": "出错了", "en": "Error"},
    "origin": {"zh": "来源地", "en": "Origin"},
    "api_docs": {"zh": "API 文档", "en": "API docs"},
    "stats": {"zh": "统计", "en": "Statistics"},
    "edits": {"zh": "编辑记录", "en": "Edits"},
    "lang_switch": {"zh": "English", "en": "中文"},
    "unplaced": {"zh": "未定位", "en": "unplaced"},
    # statuses
    "s_intended": {"zh": "意向", "en": "intended"},
    "s_signed": {"zh": "签约", "en": "signed"},
    "s_started": {"zh": "开工", "en": "started"},
    "s_under_construction": {"zh": "在建", "en": "under construction"},
    "s_completed": {"zh": "竣工", "en": "completed"},
    "s_operating": {"zh": "投产运营", "en": "operating"},
    "s_unknown": {"zh": "未知", "en": "unknown"},
    "s_landed": {"zh": "已落地（开工及以后）", "en": "landed (started or later)"},
    # categories
    "c_industry": {"zh": "产业", "en": "industry"},
    "c_infrastructure": {"zh": "基础设施", "en": "infrastructure"},
    "c_agriculture": {"zh": "农业", "en": "agriculture"},
    "c_public_service": {"zh": "公共服务", "en": "public service"},
    "c_research": {"zh": "科研", "en": "research"},
    "c_other": {"zh": "其他", "en": "other"},
    # fact kinds
    "k_place": {"zh": "地点", "en": "place"},
    "k_org": {"zh": "机构", "en": "organization"},
    "k_amount": {"zh": "金额", "en": "amount"},
    "k_project": {"zh": "项目", "en": "project"},
    "k_indicator": {"zh": "指标", "en": "indicator"},
    # origins
    "o_北京": {"zh": "北京", "en": "Beijing"},
    "o_天津": {"zh": "天津", "en": "Tianjin"},
    "o_其他": {"zh": "其他地区", "en": "elsewhere"},
}

STATUSES = ("intended", "signed", "started", "under_construction", "completed", "operating",
            "unknown")
CATEGORIES = ("industry", "infrastructure", "agriculture", "public_service", "research", "other")
SORTS = ("recent", "oldest", "investment", "name", "status", "sources")
SORT_LABELS = {"recent": ("最近报道", "most recent"), "oldest": ("最早报道", "oldest"),
               "investment": ("投资额", "investment"), "name": ("名称", "name"),
               "status": ("进展", "status"), "sources": ("来源数", "sources")}


def pick_lang(query: str | None, cookie: str | None) -> str:
    """The page language: the query parameter, else the cookie, else Chinese."""
    for v in (query, cookie):
        if v in LANGS:
            return v
    return "zh"


class Translator:
    """``t("ledger")`` → the label in one language (the key itself when unknown)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "zh"

    def __call__(self, key: str) -> str:
        entry = LABELS.get(key)
        return entry[self.lang] if entry else key

    def status(self, s: str) -> str:
        return self("s_" + s) if "s_" + s in LABELS else s

    def category(self, c: str) -> str:
        return self("c_" + c) if "c_" + c in LABELS else c

    def kind(self, k: str) -> str:
        return self("k_" + k) if "k_" + k in LABELS else k

    def origin(self, o: str) -> str:
        return self("o_" + o) if "o_" + o in LABELS else o

    def sort(self, s: str) -> str:
        zh, en = SORT_LABELS.get(s, (s, s))
        return zh if self.lang == "zh" else en
