"""End to end in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
overview → ledger filtered → a project → its source article → a fact shown.

The server is the real one (uvicorn on a free port of 127.0.0.1) over the hand-made ledger;
every request the page makes is recorded and must stay on 127.0.0.1.  Screenshots go to
``artifacts/screenshots/``.  No skipping: without Chromium the test fails and says why.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from test_web_data import HOSTILE, PARK, Built, build

CHROMIUM = os.environ.get("XIETONG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Built]]:
    """The real server in a thread, on a free port of 127.0.0.1."""
    import uvicorn

    from xietong.bench.api import free_port
    from xietong.serve.api.app import create_app

    b = build(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'ledger.db'}")
    port = free_port()
    config = uvicorn.Config(create_app(b.url, token="browser-token"), host="127.0.0.1",
                            port=port, log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=5):
                break
        except OSError:
            time.sleep(0.05)
    else:
        pytest.fail("the server did not start")
    yield base, b
    srv.should_exit = True
    th.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
                    "(.ci/run does) or set XIETONG_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - a dev dependency
        pytest.fail(f"the playwright package is missing ({exc}): pip install playwright")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_overview_ledger_project_article(server: tuple[str, Built], browser: Any) -> None:
    base, built = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # overview: tiles and the four plotly charts drawn by the local plotly.js
    page.goto(base + "/")
    page.wait_for_selector("#fig-count[data-ready='1'] .main-svg", timeout=30_000)
    for fig in ("fig-money", "fig-dest", "fig-rates"):
        page.wait_for_selector(f"#{fig}[data-ready='1'] .main-svg", timeout=30_000)
    assert page.locator("#stats .tile").count() == 5
    assert "衡水市" in page.locator("#rates").inner_text()
    assert page.locator("#fig-count .legendtext").count() >= 1
    page.screenshot(path=str(SHOTS / "01-overview.png"), full_page=True)

    # the ledger, filtered by place through the form
    page.click("nav >> text=项目台账")
    page.wait_for_selector("#ledger")
    assert page.locator("#ledger tbody tr").count() == 3
    page.fill("input[name=place]", "衡水")
    page.click("#apply")
    page.wait_for_url("**/ledger?place=*")
    rows = page.locator("#ledger tbody tr")
    assert rows.count() == 1
    assert PARK in rows.first.inner_text()
    assert "共 1 项目" in page.locator("#count").inner_text()
    csv_href = page.get_attribute("#csv", "href")
    assert csv_href is not None and csv_href.startswith("/api/projects.csv?place=")
    page.screenshot(path=str(SHOTS / "02-ledger-filtered.png"), full_page=True)

    # the project: its timeline with the highlighted source sentences
    page.click(f"#ledger >> text={PARK}")
    page.wait_for_selector("#timeline")
    assert page.locator("#project-name").inner_text() == PARK
    events = page.locator("#timeline li.event")
    assert events.count() == 2
    assert [events.nth(i).locator(".status").inner_text() for i in range(2)] == ["签约", "开工"]
    assert page.locator("#timeline mark.hl").first.inner_text() == PARK
    page.screenshot(path=str(SHOTS / "03-project.png"), full_page=True)

    # its source article: facts highlighted, the clicked fact shown
    page.locator("#timeline a.article-link").first.click()
    page.wait_for_selector("#article-text")
    assert page.locator("#article-title").inner_text() == "华兴冷链物流园项目签约落户桃城"
    panel = page.locator("#fact-panel")
    assert panel.is_visible()                       # opened on the #fact- anchor
    assert "project" in page.locator("#fp-data").inner_text() or \
        PARK in page.locator("#fp-data").inner_text()
    assert page.locator("#article-text mark.fact").count() == 5
    page.locator("#article-text mark.k-amount").click()
    assert page.locator("#fp-kind").inner_text() == "金额"
    data = page.locator("#fp-data").inner_text()
    assert "1200000000" in data and "CNY" in data
    assert "12亿元" in page.locator("#fp-sentence").inner_text()
    page.screenshot(path=str(SHOTS / "04-article-fact.png"), full_page=True)

    # an article holding <script> shows it as text and runs nothing
    page.goto(base + f"/article/{built.articles['lf-data']}")
    assert HOSTILE in page.locator("#article-text").inner_text()
    assert HOSTILE in page.locator("#article-title").inner_text()

    # the other pages draw too, in English on request
    page.goto(base + "/flows?lang=en")
    page.wait_for_selector("#fig-sankey[data-ready='1'] .main-svg", timeout=30_000)
    assert "Beijing" in page.locator("#flows").inner_text()
    page.screenshot(path=str(SHOTS / "05-flows-en.png"), full_page=True)
    page.goto(base + "/map")
    page.wait_for_selector("#fig-map[data-ready='1'] .main-svg", timeout=30_000)
    assert page.locator("#fig-map .scatterlayer .point").count() > 200
    page.screenshot(path=str(SHOTS / "06-map.png"), full_page=True)
    page.goto(base + "/search?q=" + "冷链物流园")
    assert page.locator("#hits li").count() == 2
    page.screenshot(path=str(SHOTS / "07-search.png"), full_page=True)

    assert dialogs == [], "a script from an article ran"
    assert errors == [], errors
    outside = sorted({u for u in requests if urlparse(u).hostname != "127.0.0.1"
                      and not u.startswith(("data:", "blob:", "about:"))})
    assert outside == [], f"requests outside 127.0.0.1: {outside}"
    page.close()


def test_curator_corrects_a_fact_in_the_browser(server: tuple[str, Built],
                                                browser: Any) -> None:
    base, built = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + f"/login?next=/article/{built.articles['hh-port']}")
    page.fill("input[name=name]", "carol")
    page.fill("input[name=token]", "browser-token")
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"**/article/{built.articles['hh-port']}")
    assert "carol" in page.locator("header .who").inner_text()
    page.locator("#article-text mark.k-project").click()
    assert page.input_value("#fp-field") == "category"      # the fields of a project fact
    page.select_option("#fp-field", "status")
    assert page.input_value("#fp-value") == "under_construction"
    page.fill("#fp-value", "completed")
    page.click("#fp-correct button[type=submit]")
    page.wait_for_url(f"**/article/{built.articles['hh-port']}")
    page.locator("#article-text mark.k-project").click()
    assert "completed" in page.locator("#fp-data").inner_text()
    page.screenshot(path=str(SHOTS / "08-curated.png"), full_page=True)
    with urllib.request.urlopen(base + "/api/edits") as r:
        import json

        edits = json.loads(r.read())
    assert (edits[0]["author"], edits[0]["action"]) == ("carol", "correct")
    page.close()
