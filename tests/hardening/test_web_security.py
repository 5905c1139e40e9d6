"""Web security of ``xietong serve``: tokens, CSRF, escaping, SQL injection, path traversal
and secure defaults, over a ledger filled by a real ingest of hostile articles.

The hostile articles are written here: script tags, attribute break-outs and
``javascript:`` URLs inside otherwise ordinary news text, stored by ``ingest_paths``; a
curator then renames a project and an organization to markup through the API (stored
XSS through curation).  Every page is parsed with :mod:`html.parser` and must contain no
element or attribute an attacker could have injected: no inline script, no ``on*``
attribute, no ``javascript:`` link.  Raw HTTP requests (a socket, no client-side URL
normalization) probe the export and static endpoints for traversal on a real server.
"""

from __future__ import annotations

import inspect
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from xietong.bench.api import free_port
from xietong.ledger.ingest import ingest_paths
from xietong.serve.api.app import create_app
from xietong.serve.api.security import CSRF_COOKIE, SESSION_COOKIE
from xietong.store import open_ledger

TOKEN = "sec-t0ken-4-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Xietong-User": "mallory"}

XSS = ('<script>alert(1)</script>', '"><img src=x onerror=alert(2)>',
       "'><svg onload=alert(3)>", "javascript:alert(4)", "</script><script>alert(5)</script>",
       '" autofocus onfocus="alert(6)', "<a href=javascript:alert(7)>x</a>",
       "{{7*7}}{% raw %}", "<!--", "<iframe src=//evil.example>")
SQLI = ("' OR 1=1 --", "' OR '1'='1", '"; DROP TABLE articles; --', "'; DROP TABLE projects; --",
        "%' ", "%", "_", "\\", "’ OR ‘1’=‘1", "＇ OR 1=1 --", "1; DELETE FROM facts",
        "' UNION SELECT name, sql FROM sqlite_master --", "') OR ('a'='a",
        "1' AND SLEEP(5) --", "$$; DROP TABLE orgs; $$", "' || pg_sleep(5) || '")
HOSTILE_PROJECT = '固安"><img src=x onerror=alert(8)><script>alert(9)</script>产业园项目'
HOSTILE_ORG = "北京<svg/onload=alert(10)>科技有限公司"

ARTICLES = {
    "evil-1": ("2021年3月5日，廊坊市人民政府与北京云帆数据科技有限公司签署合作协议，"
               "固安大数据中心项目正式签约，项目总投资20亿元，选址固安县。<script>alert(1)</script>\n"
               '详情见 javascript:alert(4) 与 "><img src=x onerror=alert(2)> 的说明。\n'
               "当地政府为项目开辟绿色通道，实行专人跟踪服务。\n"),
    "evil-2": ("2022年6月18日，由北京云帆数据科技有限公司投资建设的固安大数据中心项目在固安县开工建设，"
               "项目总投资20亿元。</script><script>alert(5)</script>'><svg onload=alert(3)>\n"
               "2021年，固安县地区生产总值达到300亿元，同比增长6.1%。{{7*7}}\n"),
    "plain": ("2020年9月1日，衡水市人民政府与天津海晟装备制造有限公司签约，冀州智能制造产业园项目"
              "正式落户冀州区，项目总投资15亿元。\n园区配套道路、供水、供电等设施已基本完备。\n"),
}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def injected(html: str) -> list[str]:
    """What in ``html`` an attacker could have put there: inline scripts, event handler
    attributes, ``javascript:`` URLs, frames, and scripts or images from elsewhere."""
    p = Tags()
    p.feed(html)
    bad = []
    for tag, attrs in p.tags:
        if tag == "script" and not ((attrs.get("src") or "").startswith("/static/")
                                    or attrs.get("type") == "application/json"):
            bad.append(f"<script {attrs}>")
        if tag in ("iframe", "svg", "object", "embed", "base"):
            bad.append(f"<{tag} {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                bad.append(f"<{tag} {name}={value!r}>")
            v = "".join((value or "").split()).lower()
            if name in ("href", "src", "action", "formaction") and (
                    v.startswith(("javascript:", "vbscript:", "data:text/html", "//"))
                    or ("://" in v and not (tag == "a" and v.startswith(("http://", "https://"))
                                            and "noopener" in (attrs.get("rel") or "")))):
                bad.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and not (attrs.get("src") or "").startswith(("/", "data:image")):
            bad.append(f"<img {attrs}>")
    return bad


def csrf_of(html: str) -> str:
    for tag, attrs in _tags(html):
        if tag == "input" and attrs.get("name") == "csrf" and attrs.get("value"):
            return str(attrs["value"])
    raise AssertionError("no CSRF token in the page")


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = Tags()
    p.feed(html)
    return p.tags


URLS = ("javascript:alert(11)", 'https://example.org/a"><script>alert(12)</script>',
        " JaVaScRiPt:alert(13)", "data:text/html,<script>alert(14)</script>")


def write_hostile(folder: Path) -> None:
    """The hostile articles as text files, and as JSON lines with hostile source URLs."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in ARTICLES.items():
        (folder / f"{name}.txt").write_text(f"固安县签约一批项目\n\n本报讯 {body}", encoding="utf-8")
    lines = [json.dumps({"url": url, "text": f"固安县签约一批项目\n\n本报讯 {ARTICLES['plain']}"
                                 f"该项目由第{i + 1}批京津企业投资。"}, ensure_ascii=False)
             for i, url in enumerate(URLS)]
    (folder / "urls.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A ledger ingested from the hostile articles, then curated into markup."""
    tmp = tmp_path_factory.mktemp("websec")
    url = f"sqlite:///{tmp / 'ledger.db'}"
    write_hostile(tmp / "pages")
    assert ingest_paths([tmp / "pages"], url).documents == len(ARTICLES) + len(URLS)
    with TestClient(create_app(url, token=TOKEN)) as c:
        facts = c.get("/api/facts?limit=500").json()["items"]
        proj = next(f for f in facts if f["kind"] == "project" and "大数据" in f["key"])
        orgs = [f for f in facts if f["kind"] == "org" and "云帆" in f["key"]]
        for fid, changes in ((proj["id"], {"name": HOSTILE_PROJECT}),
                             *((o["id"], {"name": HOSTILE_ORG}) for o in orgs)):
            r = c.post(f"/api/facts/{fid}/correct", json={"changes": changes}, headers=AUTH)
            assert r.status_code == 200, r.text
        articles = {a["doc_id"]: a["id"] for a in c.get("/api/articles").json()["items"]}
        projects = c.get("/api/projects?limit=50").json()["items"]
        org_names = [o["name"] for o in c.get("/api/orgs").json()["items"]]
    evil = next(p["id"] for p in projects if p["name"] == HOSTILE_PROJECT)
    assert HOSTILE_ORG in org_names, org_names
    return {"url": url, "articles": articles, "project": evil, "fact": proj["id"]}


@pytest.fixture(scope="module")
def client(hostile: dict[str, Any]) -> Iterator[TestClient]:
    with TestClient(create_app(hostile["url"], token=TOKEN)) as c:
        yield c


# --- XSS ---------------------------------------------------------------------------------

def test_hostile_text_is_stored_as_data(client: TestClient, hostile: dict[str, Any]) -> None:
    """The API gives the markup back verbatim, as JSON strings (escaping is the page's
    job); so the pages below really have hostile text to render."""
    d = client.get(f"/api/articles/{hostile['articles']['evil-1']}").json()
    assert "<script>alert(1)</script>" in d["text"] and "onerror=alert(2)>" in d["text"]
    assert client.get(f"/api/projects/{hostile['project']}").json()["project"]["name"] == \
        HOSTILE_PROJECT
    urls = {a["url"] for a in client.get("/api/articles").json()["items"]} - {None}
    assert urls == set(URLS), urls


def _pages(h: dict[str, Any]) -> list[str]:
    arts = [f"/article/{i}" for i in h["articles"].values()]
    return [*arts, f"/project/{h['project']}", "/ledger", "/ledger?party=北京",
            "/search?q=固安", "/search?q=alert", "/search?q=script", "/orgs", "/orgs?q=北京",
            "/place/131022", "/place/131000", "/", "/flows", "/map", "/login"]


def test_hostile_article_text_renders_escaped(client: TestClient,
                                              hostile: dict[str, Any]) -> None:
    seen = 0
    for url in _pages(hostile):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        assert injected(r.text) == [], url
        for raw in ("<script>alert(", "<img src=x", "<svg onload", "<svg/onload"):
            assert raw not in r.text, (url, raw)
        seen += ("&lt;script&gt;alert(" in r.text or "onerror=alert" in r.text
                 or "\\u003cscript" in r.text)
    assert seen >= 6, "the hostile text reached too few pages to test their escaping"
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in client.get(
        f"/project/{hostile['project']}").text


@pytest.mark.parametrize("payload", XSS)
def test_hostile_query_parameters_come_back_escaped(client: TestClient, payload: str) -> None:
    q = quote(payload, safe="")
    urls = [f"/search?q={q}", f"/orgs?q={q}", f"/ledger?place={q}", f"/ledger?party={q}",
            f"/ledger?status={q}&category={q}&sort={q}&since={q}&page={q}", f"/login?next={q}",
            f"/?lang={q}", f"/ledger?lang=en&{q}={q}", f"/place/{q}", f"/project/{q}",
            f"/article/{q}", f"/nowhere/{q}", f"/api/projects?place={q}",
            f"/api/search?q={q}", f"/api/nowhere/{q}"]
    for url in urls:
        r = client.get(url)
        assert r.status_code < 500, (url, r.status_code, r.text[:300])
        if "html" in r.headers.get("content-type", ""):
            assert injected(r.text) == [], (url, injected(r.text))
            assert not ("<" in payload and payload in r.text), url
        else:
            assert r.headers["content-type"].startswith("application/json"), url
        assert "script-src 'self'" in r.headers["content-security-policy"], url


def test_login_redirects_only_locally(client: TestClient) -> None:
    page = client.get("/login")
    csrf = csrf_of(page.text)
    for nxt in ("https://evil.example/", "//evil.example", "/\\evil.example",
                "javascript:alert(1)", "\\\\evil.example"):
        r = client.post("/login", data={"token": TOKEN, "name": "x", "csrf": csrf,
                                         "next": nxt}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/", nxt
    client.cookies.delete(SESSION_COOKIE)


# --- SQL injection ----------------------------------------------------------------------

FILTERS = ("/api/projects?place={}", "/api/projects?party={}", "/api/projects?status={}",
           "/api/projects?category={}", "/api/projects?since={}", "/api/projects?sort={}",
           "/api/projects.csv?party={}&place={}", "/api/orgs?q={}", "/api/search?q={}",
           "/api/facts?kind={}", "/api/facts?article_id={}", "/api/indicators?subject={}",
           "/api/indicators?metric={}", "/api/places/{}", "/api/projects/{}", "/api/articles/{}",
           "/api/facts/{}", "/api/rates?by={}", "/ledger?place={}&party={}&status={}",
           "/ledger?category={}&since={}&sort={}", "/orgs?q={}", "/search?q={}", "/place/{}")
EMPTY_WHEN_OK = ("/api/projects?place", "/api/projects?party", "/api/projects?status",
                 "/api/projects?category", "/api/orgs", "/api/indicators")


def _counts(url: str) -> dict[str, int]:
    led = open_ledger(url)
    try:
        with led.read() as conn:
            return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
                    for t in ("articles", "facts", "projects", "orgs", "places", "edits")}
    finally:
        led.close()


def test_sql_injection_through_every_filter(db_url: str, tmp_path: Path) -> None:
    """Every filter of the API and the pages, with every injection string: a 200 or a
    4xx, never a 500; the filters that name things match nothing; the tables stay whole."""
    write_hostile(tmp_path / "pages")
    ingest_paths([tmp_path / "pages"], db_url)
    before = _counts(db_url)
    assert before["projects"] >= 2 and before["facts"] >= 10
    failures = []
    cases = 0
    with TestClient(create_app(db_url, token=TOKEN)) as c:
        for payload in SQLI:
            q = quote(payload, safe="")
            for pattern in FILTERS:
                url = pattern.replace("{}", q)
                r = c.get(url)
                cases += 1
                if r.status_code >= 500 or r.status_code not in (200, 400, 404, 422):
                    failures.append((url, r.status_code, r.text[:200]))
                elif r.status_code == 200 and pattern.startswith(EMPTY_WHEN_OK) \
                        and payload not in ("%", "_") and r.json()["items"]:
                    failures.append((url, "matched", r.json()["items"][:1]))
                elif r.status_code == 200 and payload in ("%", "_") and \
                        pattern.startswith(("/api/projects?place", "/api/projects?party",
                                            "/api/orgs")) and r.json()["items"]:
                    failures.append((url, "wildcard matched", r.json()["items"][:1]))
        assert c.get("/api/stats").status_code == 200
    assert failures == [], failures[:10]
    assert _counts(db_url) == before
    assert cases == len(SQLI) * len(FILTERS)


NUL_URLS = ("/api/projects?place=a%00b", "/api/projects?party=a%00b",
            "/api/projects?status=a%00b", "/api/projects?category=a%00b", "/api/orgs?q=a%00b",
            "/api/search?q=a%00b", "/api/search?q=%00", "/api/indicators?subject=a%00b",
            "/api/indicators?metric=a%00b", "/ledger?party=a%00b", "/ledger?place=a%00b",
            "/ledger?status=a%00b", "/search?q=a%00b", "/orgs?q=a%00b", "/api/places/1%00",
            "/place/1%00")


def test_nul_bytes_in_filters_never_500(db_url: str, tmp_path: Path) -> None:
    """A NUL in a filter is refused (4xx) or matches nothing; never an internal error."""
    write_hostile(tmp_path / "pages")
    ingest_paths([tmp_path / "pages"], db_url)
    with TestClient(create_app(db_url), raise_server_exceptions=False) as c:
        bad = [(u, r.status_code) for u in NUL_URLS if (r := c.get(u)).status_code >= 500]
    assert bad == []


# --- writes: token and CSRF -------------------------------------------------------------

def _routes(routes: Any) -> Iterator[Any]:
    """Every route, also inside included routers (FastAPI keeps them wrapped)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def _write_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route that is not a read, ids filled in."""
    out = []
    for route in _routes(app.routes):
        for method in sorted(getattr(route, "methods", None) or ()):
            if method not in ("GET", "HEAD", "OPTIONS"):
                out.append((method, route.path.replace("{fact_id}", "1")
                            .replace("{edit_id}", "1")))
    return out


def test_every_api_write_needs_the_token(client: TestClient) -> None:
    routes = [r for r in _write_routes(client.app) if r[1].startswith("/api/")]
    assert len(routes) >= 5, routes
    before = client.get("/api/stats").json()["edits"]
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer "},
                        {"Authorization": f"Basic {TOKEN}"}, {"X-Xietong-Token": TOKEN.upper()},
                        {"Authorization": f"Bearer {TOKEN[:-1]}"},
                        {"Cookie": f"{SESSION_COOKIE}=admin|00"}):
            r = client.request(method, f"{path}?token={TOKEN}", headers=headers,
                               json={"changes": {"status": "completed"}, "wrong": True,
                                     "source": 1, "target": 2})
            assert r.status_code == 401, (method, path, headers, r.status_code)
            assert r.json()["error"]["code"] == "unauthorized"
    assert client.get("/api/stats").json()["edits"] == before


def test_read_only_server_refuses_writes(hostile: dict[str, Any],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XIETONG_TOKEN", raising=False)
    with TestClient(create_app(hostile["url"])) as c:
        for method, path in _write_routes(c.app):
            if path.startswith("/api/"):
                r = c.request(method, path, headers=AUTH, json={})
                assert r.status_code == 403 and r.json()["error"]["code"] == "read_only", path
        page = c.get("/login")
        assert 'name="csrf"' in page.text
        r = c.post("/login", data={"token": TOKEN, "csrf": csrf_of(page.text)})
        assert r.status_code == 401 and SESSION_COOKIE not in c.cookies


def test_every_form_needs_csrf_then_a_session(hostile: dict[str, Any]) -> None:
    with TestClient(create_app(hostile["url"], token=TOKEN)) as c:
        forms = [r for r in _write_routes(c.app) if not r[1].startswith("/api/")]
        assert {p for _, p in forms} >= {"/login", "/logout", "/curate/merge",
                                         "/curate/fact/1/wrong", "/curate/fact/1/correct"}
        data = {"token": TOKEN, "name": "m", "field": "status", "value": "completed",
                "kind": "projects", "source": "1", "target": "2", "wrong": "1"}
        # 1. no CSRF cookie, no form token / a forged one: 403 everywhere (login included)
        for method, path in forms:
            for extra in ({}, {"csrf": "0" * 64}, {"csrf": ""}):
                r = c.request(method, path, data={**data, **extra}, follow_redirects=False)
                assert r.status_code == 403 and "CSRF" in r.text, (path, extra)
        # 2. a token of another browser's nonce: 403
        other = TestClient(c.app)
        foreign = csrf_of(other.get("/login").text)
        c.get("/login")
        r = c.post(f"/curate/fact/{hostile['fact']}/wrong", data={"csrf": foreign},
                   follow_redirects=False)
        assert r.status_code == 403
        # 3. a valid CSRF token but no session: 401
        csrf = csrf_of(c.get("/login").text)
        r = c.post(f"/curate/fact/{hostile['fact']}/wrong", data={"csrf": csrf},
                   follow_redirects=False)
        assert r.status_code == 401
        # 4. a forged session cookie: 401
        c.cookies.set(SESSION_COOKIE, "admin|" + "0" * 64)
        r = c.post(f"/curate/fact/{hostile['fact']}/wrong", data={"csrf": csrf},
                   follow_redirects=False)
        assert r.status_code == 401


def test_cookies_are_httponly_and_samesite(hostile: dict[str, Any]) -> None:
    with TestClient(create_app(hostile["url"], token=TOKEN)) as c:
        r = c.get("/login")
        jar = r.headers.get_list("set-cookie")
        csrf_cookie = next(h for h in jar if h.startswith(CSRF_COOKIE + "="))
        assert "httponly" in csrf_cookie.lower() and "samesite=strict" in csrf_cookie.lower()
        r = c.post("/login", data={"token": TOKEN, "name": "ann", "csrf": csrf_of(r.text)},
                   follow_redirects=False)
        assert r.status_code == 303
        sess = next(h for h in r.headers.get_list("set-cookie")
                    if h.startswith(SESSION_COOKIE + "="))
        assert "httponly" in sess.lower() and "samesite=strict" in sess.lower()
        assert TOKEN not in sess                          # the token never leaves the server


# --- path traversal and secure defaults on a real server ---------------------------------

@pytest.fixture(scope="module")
def served(hostile: dict[str, Any]) -> Iterator[int]:
    """``xietong serve`` with its defaults (no --host, no token) on a free port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "XIETONG_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "xietong.serve.cli.main", "serve", "--db",
                             hostile["url"], "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=10):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read() if proc.stdout else "") from None
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """GET ``target`` verbatim (no client-side normalization of ``..`` or escapes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head = data.split(b"\r\n", 1)[0].split()
    return int(head[1]), data


TRAVERSAL = ("/api/export/../../../../etc/passwd", "/api/export/..%2f..%2f..%2fetc%2fpasswd.csv",
             "/api/export/%2e%2e%2f%2e%2e%2fetc%2fpasswd.json", "/api/export//etc/passwd.csv",
             "/api/export/%2fetc%2fpasswd.csv", "/api/export/projects.csv/../../../etc/passwd",
             "/api/export/..%252f..%252fetc%252fpasswd.csv", "/api/export/....//....//etc/passwd.csv",
             "/api/export/projects%00.csv", "/api/export/C:%5cWindows%5cwin.ini.csv",
             "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
             "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml", "/static//etc/passwd",
             "/static/..%5c..%5cpages.py", "/static/%2e%2e%2fpages.py", "/static/../pages.py",
             "/static/..%c0%af..%c0%afpages.py", "/static/app.js/../../pages.py",
             "/api/projects.csv/../../../etc/passwd", "/../../../../etc/passwd",
             "/static/plotly.min.js/../../../etc/passwd")


@pytest.mark.parametrize("target", TRAVERSAL)
def test_no_path_traversal(served: int, target: str) -> None:
    status, data = raw_get(served, target)
    assert status in (400, 404, 405, 422), (target, status, data[:300])
    body = data.split(b"\r\n\r\n", 1)[-1]
    for leak in (b"root:", b"[project]", b"[fonts]", b"def ", b"import "):
        assert leak not in body, (target, leak)


def test_exports_serve_only_their_tables(served: int) -> None:
    for table in ("projects", "orgs", "articles", "facts", "places", "timeline"):
        status, _ = raw_get(served, f"/api/export/{table}.csv")
        assert status == 200, table
    for name in ("edits.csv", "sqlite_master.csv", "projects.sql", "projects.csv.exe",
                 "ledger.db", "alembic_version.json"):
        assert raw_get(served, f"/api/export/{name}")[0] in (404, 422), name


def test_secure_defaults(served: int, hostile: dict[str, Any]) -> None:
    from xietong.serve.cli.web import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    # listening on the loopback only
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if os.path.exists(table):
            with open(table) as fh:
                for line in list(fh)[1:]:
                    local, state = line.split()[1], line.split()[3]
                    if state == "0A" and int(local.rpartition(":")[2], 16) == served:
                        listening.add(local.rpartition(":")[0])
    assert listening == {"0100007F"}
    # no token: read-only
    req = urllib.request.Request(f"http://127.0.0.1:{served}/api/facts/{hostile['fact']}/wrong",
                                 data=b'{"wrong": true}', method="POST",
                                 headers={"Content-Type": "application/json", **AUTH})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=30)
    assert e.value.code == 403
    # security headers on pages, API answers and errors
    for target in ("/", "/api/stats", "/nowhere", "/api/nowhere", "/static/app.js"):
        _, data = raw_get(served, target)
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
        assert "content-security-policy: default-src 'self'; script-src 'self';" in head, target
        assert "frame-ancestors 'none'" in head and "object-src 'none'" in head, target
        assert "x-content-type-options: nosniff" in head, target
        assert "access-control-allow-origin" not in head, target     # no CORS
    # an internal error shows no traceback or SQL
    _, data = raw_get(served, "/api/projects?limit=abc")
    assert b"Traceback" not in data and b"SELECT" not in data
