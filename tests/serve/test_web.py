"""Dashboard pages over the hand-made ledger: content, languages, escaping, CSRF, curation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_data import HOSTILE, PARK, PORT, Built, build

from xietong.serve.api.app import create_app
from xietong.serve.api.security import CSRF_COOKIE, SESSION_COOKIE
from xietong.serve.web.pages import Segment, quote, segments

TOKEN = "page-token"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(f"sqlite:///{tmp_path_factory.mktemp('web') / 'ledger.db'}")


@pytest.fixture(scope="module")
def client(built: Built) -> Iterator[TestClient]:
    with TestClient(create_app(built.url, token=TOKEN)) as c:
        yield c


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[TestClient, Built]]:
    b = build(f"sqlite:///{tmp_path / 'w.db'}")
    with TestClient(create_app(b.url, token=TOKEN)) as c:
        yield c, b


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


@pytest.mark.parametrize(("url", "must"), [
    ("/", ["总览", 'id="stats"', "落地率", "衡水市", 'data-figure="fig-count-data"',
           "/static/plotly.min.js"]),
    ("/flows", ["项目流向", "北京", "桃城区", "黄骅市", 'id="fig-sankey"']),
    ("/map", ["项目分布", 'id="fig-map"', "桃城区"]),
    ("/ledger", [PARK, PORT, "下载 CSV", "/api/projects.csv?sort=recent"]),
    ("/ledger?place=衡水", [PARK, "/api/projects.csv?place=%E8%A1%A1%E6%B0%B4"]),
    ("/place/131102", ["桃城区", "河北省/衡水市/桃城区", PARK, "北京华兴物流集团", "地区生产总值",
                       'id="fig-ind"']),
    ("/search?q=冷链物流园", ["华兴冷链物流园项目签约落户桃城", "<mark>冷链物流园</mark>"]),
    ("/orgs", ["天津港集团", "云智科技有限公司"]),
    ("/login", ["登录编辑", 'name="token"']),
    ("/api/docs", ["/api/projects/{project_id}", "/api/openapi.json", "/api/search"]),
])
def test_pages_show_the_ledger(client: TestClient, url: str, must: list[str]) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    for m in must:
        assert m in r.text, m
    assert not EXTERNAL.search(r.text), "page references another host"
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_ledger_filter_excludes(client: TestClient) -> None:
    body = client.get("/ledger?place=沧州&status=landed").text
    assert PORT in body and PARK not in body and "共 1 项目" in body


def test_project_page_timeline_links_sources(client: TestClient, built: Built) -> None:
    body = client.get(f"/project/{built.park}").text
    assert body.count('class="event"') == 2
    assert f'<mark class="hl">{PARK}</mark>' in body
    assert f'href="/article/{built.articles["hs-sign"]}#fact-' in body
    assert f'href="/article/{built.articles["hs-start"]}#fact-' in body
    timeline = body[body.index('id="timeline"'):]
    assert timeline.index('class="status s-signed"') < timeline.index('class="status s-started"')


def test_article_page_highlights_every_fact(client: TestClient, built: Built) -> None:
    body = client.get(f"/article/{built.articles['hs-sign']}").text
    marks = re.findall(r'<mark class="fact k-(\w+)[^"]*" id="fact-(\d+)"[^>]*>([^<]*)</mark>',
                       body)
    assert {(k, text) for k, _, text in marks} == {
        ("org", "北京华兴物流集团"), ("place", "桃城区"), ("amount", "12亿元"),
        ("project", PARK), ("indicator", "地区生产总值达到320亿元")}
    assert 'id="facts-data"' in body


def test_article_text_is_escaped(client: TestClient, built: Built) -> None:
    body = client.get(f"/article/{built.articles['lf-data']}").text
    assert HOSTILE not in body
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in body
    assert body.count("<script") == body.count("<script src=") + body.count(
        '<script type="application/json"')
    facts_json = re.search(r'<script type="application/json" id="facts-data">(.*?)</script>',
                           body, re.S)
    assert facts_json and "<" not in facts_json.group(1)
    search = client.get("/search", params={"q": "<script>"}).text
    assert "<script>alert" not in search and "&lt;script&gt;" in search


@pytest.mark.parametrize("url", [
    '/ledger?place="><script>alert(1)</script>',
    "/ledger?party=<img src=x onerror=alert(1)>&sort=<b>",
    "/search?q=<svg/onload=alert(1)>",
    "/orgs?q=</script><script>alert(1)</script>",
    '/ledger?since=1"><script>',
])
def test_hostile_parameters_come_back_escaped(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    assert "alert(1)</script>" not in r.text and "<img src=x" not in r.text
    assert "<svg/onload" not in r.text and "<b>" not in r.text


def test_english_labels(client: TestClient) -> None:
    r = client.get("/ledger?lang=en")
    assert "Ledger" in r.text and "Download CSV" in r.text and "项目台账" not in r.text
    assert client.cookies.get("xt_lang") == "en"
    assert "Overview" in client.get("/").text   # the cookie keeps the language
    assert "总览" in client.get("/?lang=zh").text


def test_missing_pages_are_html_errors(client: TestClient) -> None:
    for url in ("/project/99999", "/article/99999", "/place/000001"):
        r = client.get(url)
        assert r.status_code == 404 and "<h1>出错了 404</h1>" in r.text


def test_plotly_served_locally(client: TestClient) -> None:
    r = client.get("/static/plotly.min.js")
    assert r.status_code == 200 and len(r.content) > 1_000_000
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../pages.py").status_code == 404


# --- curation through forms ------------------------------------------------------------

def login(client: TestClient, name: str = "bob") -> None:
    page = client.get("/login").text
    r = client.post("/login", data={"token": TOKEN, "name": name, "csrf": csrf_of(page),
                                    "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert client.cookies.get(SESSION_COOKIE)


def test_forms_need_csrf(fresh: tuple[TestClient, Built]) -> None:
    client, b = fresh
    login(client)
    fid = client.get(f"/api/projects/{b.park}").json()["timeline"][0]["fact_id"]
    for data in ({}, {"csrf": "0" * 64}, {"csrf": ""}):
        r = client.post(f"/curate/fact/{fid}/wrong", data={"wrong": "1", **data})
        assert r.status_code == 403 and "CSRF" in r.text
    r = client.post("/login", data={"token": TOKEN, "name": "mallory"})
    assert r.status_code == 403
    assert client.get("/api/stats").json()["edits"] == 0


def test_forms_need_a_curator_session(fresh: tuple[TestClient, Built]) -> None:
    client, b = fresh
    csrf = csrf_of(client.get("/login").text)
    r = client.post("/curate/merge", data={"kind": "projects", "source": b.port,
                                           "target": b.park, "csrf": csrf})
    assert r.status_code == 401
    bad = client.post("/login", data={"token": "guess", "name": "eve", "csrf": csrf})
    assert bad.status_code == 401 and SESSION_COOKIE not in client.cookies
    client.cookies.set(SESSION_COOKIE, "eve|forged")
    r = client.post("/curate/merge", data={"kind": "projects", "source": b.port,
                                           "target": b.park, "csrf": csrf})
    assert r.status_code == 401
    assert client.get("/api/stats").json()["edits"] == 0


def test_curate_in_the_browser_forms(fresh: tuple[TestClient, Built]) -> None:
    client, b = fresh
    login(client, "bob")
    art = client.get(f"/article/{b.articles['hs-start']}").text
    assert 'id="fp-correct"' in art
    csrf = csrf_of(art)
    fid = client.get(f"/api/projects/{b.park}").json()["timeline"][1]["fact_id"]
    r = client.post(f"/curate/fact/{fid}/correct",
                    data={"field": "status", "value": "completed", "csrf": csrf,
                          "next": f"/article/{b.articles['hs-start']}"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/article/{b.articles['hs-start']}"
    assert client.get(f"/api/projects/{b.park}").json()["project"]["status"] == "completed"
    r = client.post("/curate/merge", data={"kind": "projects", "source": b.port,
                                           "target": b.park, "csrf": csrf,
                                           "next": "https://evil.example/"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/project/{b.park}"
    r = client.post(f"/curate/fact/{fid}/wrong", data={"wrong": "1", "csrf": csrf,
                                                       "next": "//evil.example/x"},
                    follow_redirects=False)
    assert r.headers["location"] == "/"
    edits = client.get("/api/edits").json()
    assert [(e["author"], e["action"]) for e in edits] == [
        ("bob", "wrong"), ("bob", "merge_projects"), ("bob", "correct")]
    assert client.cookies.get(CSRF_COOKIE)


def test_read_only_pages_offer_no_forms(client: TestClient, built: Built) -> None:
    body = client.get(f"/article/{built.articles['hs-sign']}").text
    assert 'id="fp-correct"' not in body and "登录编辑" in body


# --- helpers ----------------------------------------------------------------------------

def _fact(i: int, start: int, end: int) -> Any:
    from xietong.store.queries import FactRow

    return FactRow(i, 1, "org", str(i), {}, {}, False, False, "x", start, end, "", None)


def _show(segs: list[Segment] | tuple[Segment, ...]) -> str:
    return "".join(f"[{_show(s.children)}]" if s.fact else s.text for s in segs)


@pytest.mark.parametrize(("spans", "shown"), [
    ([], "abcdef"),
    ([(1, 3)], "a[bc]def"),
    ([(0, 6)], "[abcdef]"),
    ([(1, 4), (2, 3)], "a[b[c]d]ef"),                   # nested
    ([(0, 6), (1, 2), (1, 3), (4, 6)], "[a[[b]c]d[ef]]"),
    ([(2, 3), (0, 2)], "[ab][c]def"),
    ([(1, 4), (3, 5)], "a[bcd]ef"),                     # crossing: left out of the text
    ([(1, 3), (1, 3)], "a[[bc]]def"),                   # same span twice: nested
    ([(4, 9)], "abcdef"),                               # out of range: left out
    ([(3, 3)], "abcdef"),
])
def test_segments(spans: list[tuple[int, int]], shown: str) -> None:
    segs = segments("abcdef", tuple(_fact(i, s, e) for i, (s, e) in enumerate(spans)))
    assert _show(segs) == shown
    assert "".join(s.text for s in segs) == "abcdef"


def test_quote_splits_the_sentence() -> None:
    q = quote("甲方投资建设某项目。", "某项目")
    assert (q.before, q.match, q.after) == ("甲方投资建设", "某项目", "。")
    assert quote("句子", "不在").before == "句子"


def test_sessions_hold_across_processes(built: Built) -> None:
    """Two app instances with the same token (two --workers) accept each other's session."""
    with TestClient(create_app(built.url, token=TOKEN)) as a, \
            TestClient(create_app(built.url, token=TOKEN)) as b:
        login(a, "dora")
        b.cookies.update(a.cookies)
        assert "dora" in b.get("/orgs").text
    with TestClient(create_app(built.url, token="another")) as c:
        c.cookies.update(a.cookies)
        assert "dora" not in c.get("/orgs").text
