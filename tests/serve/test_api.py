"""The JSON API over a small hand-made ledger: reads, search, exports, curation, errors."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_data import HOSTILE, PARK, PORT, Built, build

from xietong.serve.api.app import create_app

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Xietong-User": "alice"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(f"sqlite:///{tmp_path_factory.mktemp('api') / 'ledger.db'}")


@pytest.fixture(scope="module")
def client(built: Built) -> Iterator[TestClient]:
    with TestClient(create_app(built.url, token=TOKEN)) as c:
        yield c


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[TestClient, Built]]:
    """A client over a ledger of its own (for writes)."""
    b = build(f"sqlite:///{tmp_path / 'w.db'}")
    with TestClient(create_app(b.url, token=TOKEN)) as c:
        yield c, b


def names(resp: Any) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [p["name"] for p in resp.json()["items"]]


# --- the one error shape ---------------------------------------------------------------

@pytest.mark.parametrize(("url", "status", "code", "message"), [
    ("/api/projects/999999", 404, "not_found", "no project 999999"),
    ("/api/articles/424242", 404, "not_found", "no article 424242"),
    ("/api/facts/77777", 404, "not_found", "no fact 77777"),
    ("/api/places/999999", 404, "not_found", "no place 999999"),
    ("/api/nowhere", 404, "not_found", "Not Found"),
    ("/api/projects?limit=0", 422, "invalid", None),
    ("/api/projects?sort=random", 422, "invalid", None),
    ("/api/projects/abc", 422, "invalid", None),
])
def test_errors_have_one_shape(client: TestClient, url: str, status: int, code: str,
                               message: str | None) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    if message is not None:
        assert body["error"]["message"] == message


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/projects", "/api/projects/{project_id}", "/api/articles",
            "/api/articles/{article_id}", "/api/facts", "/api/facts/{fact_id}", "/api/orgs",
            "/api/places", "/api/places/{adcode}", "/api/indicators", "/api/stats",
            "/api/search", "/api/export/{table}.{fmt}", "/api/facts/{fact_id}/correct",
            "/api/orgs/merge", "/api/projects/merge"} <= paths
    assert not any(p.startswith("/ledger") for p in paths)   # pages are not API
    assert client.get("/api/docs").status_code == 200


# --- reads -------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("", ["廊坊云智数据中心项目", PORT, PARK]),
    ("place=衡水", [PARK]),
    ("place=131102", [PARK]),
    ("place=河北&sort=investment", [PARK, PORT, "廊坊云智数据中心项目"]),
    ("party=天津港集团", [PORT]),
    ("status=landed&sort=name", sorted([PARK, PORT, "廊坊云智数据中心项目"])),
    ("status=operating", ["廊坊云智数据中心项目"]),
    ("status=signed,started", [PARK]),
    ("since=2021", ["廊坊云智数据中心项目", PORT]),
    ("category=infrastructure", [PORT]),
    ("place=上海", []),
])
def test_project_filters_like_the_cli(client: TestClient, query: str, expected: list[str]) -> None:
    assert names(client.get("/api/projects?" + query)) == expected


def test_project_pagination_and_total(client: TestClient) -> None:
    first = client.get("/api/projects?limit=2&sort=investment").json()
    second = client.get("/api/projects?limit=2&offset=2&sort=investment").json()
    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    assert [p["name"] for p in first["items"] + second["items"]] == [
        PARK, PORT, "廊坊云智数据中心项目"]


def test_project_timeline_with_evidence(client: TestClient, built: Built) -> None:
    d = client.get(f"/api/projects/{built.park}").json()
    assert d["project"]["name"] == PARK and d["project"]["status"] == "started"
    assert d["project"]["parties"] == ["北京华兴物流集团"]
    tl = d["timeline"]
    assert [e["status"] for e in tl] == ["signed", "started"]
    assert [e["article_id"] for e in tl] == [built.articles["hs-sign"], built.articles["hs-start"]]
    assert all(PARK in e["sentence"] for e in tl)


def test_articles_and_facts(client: TestClient, built: Built) -> None:
    items = client.get("/api/articles").json()["items"]
    assert [a["doc_id"] for a in items] == ["lf-data", "hh-port", "hs-start", "hs-sign"]
    d = client.get(f"/api/articles/{built.articles['hs-sign']}").json()
    assert d["article"]["title"] == "华兴冷链物流园项目签约落户桃城"
    kinds = sorted(f["kind"] for f in d["facts"])
    assert kinds == ["amount", "indicator", "org", "place", "project"]
    proj = next(f for f in d["facts"] if f["kind"] == "project")
    assert d["text"][proj["start"]:proj["end"]] == PARK
    facts = client.get("/api/facts?kind=indicator").json()["items"]
    assert sorted(f["data"]["value"] for f in facts) == [3.2e10, 3.45e10]
    one = client.get(f"/api/facts/{proj['id']}").json()
    assert one["data"]["status"] == "signed"
    only = client.get(f"/api/facts?article_id={built.articles['hh-port']}").json()["items"]
    assert {f["article_id"] for f in only} == {built.articles["hh-port"]}


def test_orgs_places_indicators_stats(client: TestClient) -> None:
    orgs = client.get("/api/orgs").json()["items"]
    assert {o["name"] for o in orgs} == {"北京华兴物流集团", "天津港集团", "云智科技有限公司"}
    assert client.get("/api/orgs?q=天津").json()["items"][0]["name"] == "天津港集团"
    places = {p["adcode"]: p for p in client.get("/api/places").json()["items"]}
    assert places["131102"]["n_projects"] == 1
    place = client.get("/api/places/131100").json()
    assert (place["name"], place["n_projects"]) == ("衡水市", 1)
    assert place["orgs"][0]["name"] == "北京华兴物流集团"
    county = client.get("/api/places/131102").json()
    assert [(i["period_end"], i["value"]) for i in county["indicators"]] == [
        ("2018", 3.2e10), ("2019", 3.45e10)]
    ind = client.get("/api/indicators?subject=桃城区&metric=地区生产总值").json()["items"]
    assert len(ind) == 2
    st = client.get("/api/stats").json()
    assert (st["articles"], st["projects"], st["orgs"]) == (4, 3, 3)


def test_overview_flows_map_rates(client: TestClient) -> None:
    ov = client.get("/api/overview").json()
    years = {(r["year"], r["status"]): r["n"] for r in ov["by_year_status"]}
    assert years == {(2019, "started"): 1, (2021, "under_construction"): 1,
                     (2022, "operating"): 1}
    assert {d["name"] for d in ov["destinations"]} == {"衡水市", "沧州市", "廊坊市"}
    flows = {(f["origin"], f["city_name"], f["county_name"]): f["n"]
             for f in client.get("/api/flows").json()["items"]}
    assert flows == {("北京", "衡水市", "桃城区"): 1, ("天津", "沧州市", "黄骅市"): 1,
                     ("其他", "廊坊市", "广阳区"): 1}
    bubbles = {b["adcode"]: b for b in client.get("/api/map").json()["items"]}
    assert bubbles["131102"]["investment"] == 1.2e9
    assert 115 < bubbles["131102"]["lon"] < 116 and 37 < bubbles["131102"]["lat"] < 38
    rates = {r["group"]: r for r in client.get("/api/rates").json()}
    assert rates["131100"]["rate"] == 1.0
    by_year = client.get("/api/rates?by=year").json()
    assert (sum(r["signed"] for r in by_year), sum(r["landed"] for r in by_year)) == (3, 3)


# --- search ------------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "docs"), [
    ("冷链物流园", {"hs-sign", "hs-start"}),     # FTS5 trigram
    ("黄骅", {"hh-port"}),                       # 2 characters: LIKE
    ("港", {"hh-port"}),                         # 1 character
    ("地区生产总值", {"hs-sign", "hs-start"}),
    ("华兴冷链", {"hs-sign", "hs-start"}),        # title and text
    ('" OR 1=1 --', set()),                      # FTS syntax is not interpreted
    ("100%_", set()),
    ("<script>", {"lf-data"}),
])
def test_search_works_for_chinese(client: TestClient, built: Built, q: str,
                                  docs: set[str]) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    ids = {a: d for d, a in built.articles.items()}
    hits = r.json()["items"]
    assert {ids[h["id"]] for h in hits} == docs
    for h in hits:
        if h["match_start"] >= 0:
            assert h["snippet"][h["match_start"]:h["match_end"]] == q


def test_search_index_follows_new_articles(fresh: tuple[TestClient, Built]) -> None:
    from test_web_data import _processed

    from xietong.ledger.ingest import ingest_items
    from xietong.store import open_ledger

    client, b = fresh
    assert client.get("/api/search", params={"q": "雄安新区"}).json()["items"] == []
    led = open_ledger(b.url)
    ingest_items(led, [_processed("xa", "雄安新区新消息", "2023-01-01",
                                  "雄安新区又有三家企业完成注册。")])
    led.close()
    time.sleep(client.app.state.cache.ttl + 0.05)   # another process wrote: seen within ttl
    hits = client.get("/api/search", params={"q": "雄安新区"}).json()["items"]
    assert [h["title"] for h in hits] == ["雄安新区新消息"]


# --- exports ------------------------------------------------------------------------------

def test_exports(client: TestClient) -> None:
    r = client.get("/api/export/projects.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {row["name"] for row in rows} == {PARK, PORT, "廊坊云智数据中心项目"}
    facts = client.get("/api/export/facts.json").json()
    assert len(facts) >= 12 and {"kind", "sentence"} <= set(facts[0])
    pq = client.get("/api/export/timeline.parquet")
    assert pq.status_code == 200 and pq.content[:4] == b"PAR1"
    led = client.get("/api/projects.csv?place=衡水")
    body = led.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("id,name,category,place,place_name,status")
    assert [r["name"] for r in csv.DictReader(io.StringIO(body))] == [PARK]


@pytest.mark.parametrize("url", [
    "/api/export/secrets.csv", "/api/export/projects.xml", "/api/export/..%2F..%2Fetc%2Fpasswd.csv",
    "/api/export/%2Fetc%2Fpasswd.csv", "/api/export/projects.csv%00.json",
])
def test_exports_take_no_paths(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (400, 404, 422)
    assert "root:" not in r.text
    assert "error" in r.json()


# --- hostile input ------------------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"place": "' OR '1'='1"}, {"party": "x'; DROP TABLE projects; --"},
    {"status": "signed' OR 1=1 --"}, {"category": "1 UNION SELECT * FROM edits"},
    {"place": "%"}, {"party": "%"},
])
def test_injection_looking_filters_return_nothing(client: TestClient,
                                                  params: dict[str, str]) -> None:
    r = client.get("/api/projects", params=params)
    assert r.status_code == 200
    assert r.json()["items"] == [] and r.json()["total"] == 0
    assert client.get("/api/stats").json()["projects"] == 3


def test_article_text_comes_back_as_data(client: TestClient, built: Built) -> None:
    d = client.get(f"/api/articles/{built.articles['lf-data']}").json()
    assert HOSTILE in d["text"] and d["article"]["title"].endswith(HOSTILE)


# --- curation -----------------------------------------------------------------------------

def test_writes_need_the_token(client: TestClient, built: Built) -> None:
    fid = client.get(f"/api/projects/{built.park}").json()["timeline"][0]["fact_id"]
    body = {"changes": {"status": "operating"}}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-Xietong-Token": ""},
                    {"Authorization": f"Basic {TOKEN}"}):
        r = client.post(f"/api/facts/{fid}/correct", json=body, headers=headers)
        assert r.status_code == 401
        assert r.json() == {"error": {"code": "unauthorized",
                                      "message": "a valid token is required to write"}}
    for url, payload in ((f"/api/facts/{fid}/wrong", {"wrong": True}),
                         ("/api/projects/merge", {"source": built.port, "target": built.park}),
                         ("/api/orgs/merge", {"source": 1, "target": 2}),
                         ("/api/edits/1/undo", None)):
        assert client.post(url, json=payload).status_code == 401
    assert client.get("/api/stats").json()["edits"] == 0


def test_read_only_server_refuses_every_write(built: Built, monkeypatch: Any) -> None:
    monkeypatch.delenv("XIETONG_TOKEN", raising=False)
    with TestClient(create_app(built.url)) as c:
        r = c.post("/api/projects/merge", json={"source": 1, "target": 2}, headers=AUTH)
        assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"


def test_token_from_environment(built: Built, monkeypatch: Any) -> None:
    monkeypatch.setenv("XIETONG_TOKEN", "from-env")
    with TestClient(create_app(built.url)) as c:
        r = c.post("/api/facts/1/correct", json={"changes": {"nope": 1}},
                   headers={"X-Xietong-Token": "from-env"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request"


def test_correct_wrong_merge_undo(fresh: tuple[TestClient, Built]) -> None:
    client, b = fresh
    tl = client.get(f"/api/projects/{b.park}").json()["timeline"]
    started = tl[1]["fact_id"]
    r = client.post(f"/api/facts/{started}/correct", json={"changes": {"status": "operating"}},
                    headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["author"] == "alice"
    assert client.get(f"/api/projects/{b.park}").json()["project"]["status"] == "operating"
    fact = client.get(f"/api/facts/{started}").json()
    assert fact["corrected"] and fact["machine"]["status"] == "started"
    edits = client.get("/api/edits").json()
    assert (edits[0]["author"], edits[0]["action"]) == ("alice", "correct")

    r = client.post(f"/api/facts/{started}/wrong", json={"wrong": True}, headers=AUTH)
    assert r.status_code == 200
    assert client.get(f"/api/facts/{started}").json()["wrong"] is True
    assert [e["status"] for e in client.get(f"/api/projects/{b.park}").json()["timeline"]] \
        == ["signed"]

    r = client.post("/api/projects/merge", json={"source": b.port, "target": b.park},
                    headers=AUTH)
    assert r.status_code == 200
    assert client.get("/api/stats").json()["projects"] == 2
    merged = client.get(f"/api/projects/{b.port}").json()
    assert merged["project"]["id"] == b.park
    again = client.post("/api/projects/merge", json={"source": b.port, "target": b.park},
                        headers=AUTH)
    assert again.status_code == 400 and again.json()["error"]["code"] == "bad_request"
    assert client.post(f"/api/edits/{r.json()['edit_id']}/undo", headers=AUTH).status_code == 200
    assert client.get("/api/stats").json()["projects"] == 3


def test_correct_rejects_unknown_fields(fresh: tuple[TestClient, Built]) -> None:
    client, b = fresh
    fid = client.get(f"/api/projects/{b.park}").json()["timeline"][0]["fact_id"]
    r = client.post(f"/api/facts/{fid}/correct", json={"changes": {"evil": "x"}}, headers=AUTH)
    assert r.status_code == 400
    assert "cannot set evil" in r.json()["error"]["message"]
    r = client.post(f"/api/facts/{fid}/correct", content=b"{not json", headers={
        **AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid"
    assert json.loads(client.get("/api/stats").content)["edits"] == 0
