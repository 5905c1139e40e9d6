"""The API on both databases (SQLite and a real PostgreSQL): search, filters, aggregates."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_web_data import PARK, PORT, build

from xietong.serve.api.app import create_app


def test_api_on_each_database(db_url: str) -> None:
    b = build(db_url)
    with TestClient(create_app(db_url, token="x")) as c:
        assert c.app.state.fts is True          # FTS5 trigram / pg_trgm index in place
        ids = {v: k for k, v in b.articles.items()}

        def found(q: str) -> set[str]:
            r = c.get("/api/search", params={"q": q})
            assert r.status_code == 200, r.text
            return {ids[h["id"]] for h in r.json()["items"]}

        assert found("冷链物流园") == {"hs-sign", "hs-start"}
        assert found("黄骅") == {"hh-port"}
        assert found("100%_") == set()
        assert found("' OR 1=1 --") == set()
        assert [p["name"] for p in c.get("/api/projects?place=河北&sort=investment")
                .json()["items"]] == [PARK, PORT, "廊坊云智数据中心项目"]
        flows = {(f["origin"], f["county_name"]) for f in c.get("/api/flows").json()["items"]}
        assert flows == {("北京", "桃城区"), ("天津", "黄骅市"), ("其他", "广阳区")}
        assert len(c.get("/api/map").json()["items"]) == 3
        place = c.get("/api/places/131102").json()
        assert [i["value"] for i in place["indicators"]] == [3.2e10, 3.45e10]
        assert c.get("/api/export/projects.csv").status_code == 200
        assert c.get("/").status_code == 200


@pytest.mark.parametrize("q", ["冷链物流园", "黄骅"])
def test_search_same_twice_is_idempotent_index(tmp_path: object, q: str) -> None:
    from pathlib import Path

    url = f"sqlite:///{Path(str(tmp_path)) / 'i.db'}"
    build(url)
    for _ in range(2):                          # creating the index again changes nothing
        with TestClient(create_app(url)) as c:
            assert len(c.get("/api/search", params={"q": q}).json()["items"]) >= 1
