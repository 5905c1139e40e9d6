"""Server-rendered dashboard pages (Jinja2, autoescaped) and the curation forms.

Pages call the same queries as the API; forms call the ledger's curation functions in one
write transaction, after checking the CSRF token and the curator session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection

from xietong.serve.api import aggregates as agg
from xietong.serve.api.cache import LedgerCache
from xietong.serve.api.routes import party_filter
from xietong.serve.api.security import CSRF_COOKIE, SESSION_COOKIE, AuthError, Guard
from xietong.serve.web import charts
from xietong.serve.web.i18n import (
    CATEGORIES,
    COOKIE,
    LANGS,
    SORTS,
    STATUSES,
    Translator,
    pick_lang,
)
from xietong.store import queries as q
from xietong.store.engine import Ledger

HERE = Path(__file__).resolve().parent
T = TypeVar("T")
PAGE_SIZE = 50

router = APIRouter(include_in_schema=False)


@cache
def env() -> Environment:
    """The template environment (autoescaping every template)."""
    e = Environment(loader=FileSystemLoader(HERE / "templates"),
                    autoescape=select_autoescape(default=True, default_for_string=True),
                    trim_blocks=True, lstrip_blocks=True)
    e.filters["yi"] = fmt_yi
    e.filters["num"] = fmt_num
    return e


def fmt_yi(v: float | None) -> str:
    """Yuan as 亿元 (or 万元 under 1亿)."""
    if v is None:
        return ""
    if abs(v) >= 1e8:
        return f"{v / 1e8:,.2f} 亿元"
    if abs(v) >= 1e4:
        return f"{v / 1e4:,.0f} 万元"
    return f"{v:,.0f} 元"


def fmt_num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"
    return "" if v is None else str(v)


def plotly_js() -> Path:
    """plotly.js as shipped inside the installed plotly package."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def _ledger(request: Request) -> Ledger:
    led: Ledger = request.app.state.ledger
    return led


def _guard(request: Request) -> Guard:
    g: Guard = request.app.state.guard
    return g


def _cached(request: Request, key: str, fn: Callable[[], T]) -> T:
    cache: LedgerCache = request.app.state.cache
    return cache.get(key, fn)


def _read(request: Request, fn: Callable[[Connection], T]) -> T:
    with _ledger(request).read() as conn:
        return fn(conn)


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """Render a page with the common context (labels, language, CSRF token, curator)."""
    lang = pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE))
    guard = _guard(request)
    nonce, new_nonce = guard.csrf_nonce(request)
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    other = "en" if lang == "zh" else "zh"
    html = env().get_template(template).render(
        request=request, t=Translator(lang), lang=lang, path=request.url.path,
        lang_url=request.url.path + "?" + urlencode({**params, "lang": other}),
        csrf=guard.csrf_token(nonce), author=guard.session_author(request),
        writable=guard.writable, statuses=STATUSES, categories=CATEGORIES, sorts=SORTS,
        **ctx)
    resp = HTMLResponse(html, status_code=status)
    if new_nonce:
        resp.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict")
    if request.query_params.get("lang") in LANGS:
        resp.set_cookie(COOKIE, lang, samesite="lax", max_age=365 * 86400)
    return resp


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The HTML error page (used by the app's exception handlers)."""
    return render(request, "error.html", status=status, status_code=status, message=message)


def _int(v: str | None) -> int | None:
    v = (v or "").strip()
    return int(v) if v.isdigit() and len(v) < 10 else None


# --- pages ------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    t = Translator(pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE)))
    def load() -> tuple[Any, ...]:
        with _ledger(request).read() as conn:
            return (q.stats(conn), agg.projects_by_year_status(conn),
                    agg.top_destinations(conn), q.landing_rates(conn, by="place"))

    st, ys, dest, rates = _cached(request, "page:overview", load)
    count_fig, money_fig = charts.year_status(ys, t)
    return render(request, "overview.html", stats=st, rates=rates,
                  figs=[("fig-count", count_fig), ("fig-money", money_fig),
                        ("fig-dest", charts.destinations(dest, t)),
                        ("fig-rates", charts.rates(rates, t))])


@router.get("/flows", response_class=HTMLResponse)
def flows(request: Request) -> HTMLResponse:
    t = Translator(pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE)))
    rows = _cached(request, "page:flows", lambda: _read(request, agg.flows))
    return render(request, "flows.html", flows=rows, figs=[("fig-sankey", charts.sankey(rows, t))])


@cache
def _region_counties() -> tuple[tuple[str, float, float], ...]:
    from xietong.reference.gazetteer import load_gazetteer

    g = load_gazetteer()
    return tuple((d.name, d.lon, d.lat) for d in g.divisions.values()
                 if d.code[:2] in ("11", "12", "13") and d.level == "county" and d.lon)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    t = Translator(pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE)))
    rows = sorted(_cached(request, "page:map", lambda: _read(request, agg.bubbles)),
                  key=lambda b: -b.investment)
    return render(request, "map.html", bubbles=rows[:50],
                  figs=[("fig-map", charts.bubble_map(rows, _region_counties(), t))])


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request) -> HTMLResponse:
    p = request.query_params
    filters: dict[str, Any] = {"place": (p.get("place") or "").strip() or None,
               "party": party_filter(p.get("party")),
               "status": (p.get("status") or "").strip() or None,
               "since": _int(p.get("since")),
               "category": (p.get("category") or "").strip() or None}
    sort: Any = p.get("sort") if p.get("sort") in SORTS else "recent"
    page = max(1, _int(p.get("page")) or 1)
    with _ledger(request).read() as conn:
        rows = q.list_projects(conn, **filters, sort=sort,
                               limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        total = q.count_projects(conn, **filters)
    query = {k: v for k, v in {**filters, "sort": sort}.items() if v not in (None, "")}
    return render(request, "ledger.html", rows=rows, total=total, page=page,
                  pages=max(1, -(-total // PAGE_SIZE)), filters=filters, sort=sort,
                  csv_url="/api/projects.csv?" + urlencode(query),
                  page_url=lambda n: "/ledger?" + urlencode({**query, "page": n}))


@dataclass(frozen=True, slots=True)
class Quote:
    """A source sentence split around the fact's own words."""

    before: str
    match: str
    after: str


def quote(sentence: str, span_text: str) -> Quote:
    i = sentence.find(span_text) if span_text else -1
    if i < 0:
        return Quote(sentence, "", "")
    return Quote(sentence[:i], span_text, sentence[i + len(span_text):])


@router.get("/project/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, project_id: int) -> Response:
    from sqlalchemy import select

    from xietong.store.tables import articles

    with _ledger(request).read() as conn:
        d = q.get_project(conn, project_id)
        if d is None:
            return error_page(request, 404, f"no project {project_id}")
        ids = sorted({e.article_id for e in d.timeline})
        texts = dict(conn.execute(select(articles.c.id, articles.c.text)
                                  .where(articles.c.id.in_(ids))).all()) if ids else {}
    quotes = [quote(e.sentence, (texts.get(e.article_id) or "")[e.start:e.end])
              for e in d.timeline]
    return render(request, "project.html", p=d.project, events=list(zip(d.timeline, quotes,
                                                                        strict=True)))


@router.get("/place/{adcode}", response_class=HTMLResponse)
def place_page(request: Request, adcode: str) -> Response:
    from xietong.serve.api.routes import NotFound, place_detail

    t = Translator(pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE)))
    with _ledger(request).read() as conn:
        try:
            d = place_detail(conn, adcode)
        except NotFound as exc:
            return error_page(request, 404, str(exc))
    fig = charts.indicator_series(d.indicators, t)
    return render(request, "place.html", d=d, figs=[("fig-ind", fig)] if fig else [])


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the article text: plain, or a fact's span with the pieces inside it."""

    text: str
    fact: q.FactRow | None
    children: tuple[Segment, ...] = ()


def segments(text: str, facts: tuple[q.FactRow, ...]) -> list[Segment]:
    """The article text cut at fact spans.  A span inside another nests in it (a place in
    a project's name); a span crossing another's edge is left out of the text (it stays in
    the fact list)."""
    items = sorted((f for f in facts if 0 <= f.start < f.end <= len(text)),
                   key=lambda f: (f.start, -(f.end - f.start), f.id))

    def cut(lo: int, hi: int, inside: list[q.FactRow]) -> list[Segment]:
        out: list[Segment] = []
        pos = lo
        i = 0
        while i < len(inside):
            f = inside[i]
            if f.start < pos:               # crosses (or repeats) the previous span
                i += 1
                continue
            if f.start > pos:
                out.append(Segment(text[pos:f.start], None))
            j = i + 1
            while j < len(inside) and inside[j].start < f.end:
                j += 1
            nested = [g for g in inside[i + 1:j] if g.end <= f.end]
            out.append(Segment(text[f.start:f.end], f, tuple(cut(f.start, f.end, nested))))
            pos = f.end
            i = j
        if pos < hi:
            out.append(Segment(text[pos:hi], None))
        return out

    return cut(0, len(text), items)


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int) -> Response:
    with _ledger(request).read() as conn:
        d = q.get_article(conn, article_id)
    if d is None:
        return error_page(request, 404, f"no article {article_id}")
    facts_json = {str(f.id): {"id": f.id, "kind": f.kind, "data": f.data, "machine": f.machine,
                              "wrong": f.wrong, "corrected": f.corrected,
                              "extractor": f.extractor, "sentence": f.sentence}
                  for f in d.facts}
    from xietong.ledger.curation import FACT_FIELDS

    return render(request, "article.html", a=d.article, d=d, segs=segments(d.text, d.facts),
                  facts_json=facts_json,
                  fact_fields={k: sorted(v) for k, v in FACT_FIELDS.items()})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    from xietong.serve.api.search import search

    text = (request.query_params.get("q") or "").strip()[:200]
    page = max(1, _int(request.query_params.get("page")) or 1)
    hits = []
    if text:
        with _ledger(request).read() as conn:
            hits = search(conn, text, limit=20, offset=(page - 1) * 20)
    return render(request, "search.html", q=text, hits=hits, page=page,
                  page_url=lambda n: "/search?" + urlencode({"q": text, "page": n}))


@router.get("/orgs", response_class=HTMLResponse)
def orgs_page(request: Request) -> HTMLResponse:
    text = (request.query_params.get("q") or "").strip()[:100] or None
    with _ledger(request).read() as conn:
        rows = q.list_orgs(conn, q=text, limit=200)
    return render(request, "orgs.html", rows=rows, q=text or "")


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API's endpoints from its OpenAPI document, rendered here (no CDN assets)."""
    return render(request, "apidocs.html", spec=request.app.openapi())


@router.get("/static/plotly.min.js", include_in_schema=False)
def plotly_bundle() -> FileResponse:
    return FileResponse(plotly_js(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})


# --- login and curation forms -----------------------------------------------------------

def _next(url: str | None) -> str:
    """A local redirect target only (no scheme, no host)."""
    url = url or "/"
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html", next=_next(request.query_params.get("next")),
                  failed=False)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: str = Form(""), name: str = Form(""),
          csrf: str = Form(""), next: str = Form("/")) -> Response:
    guard = _guard(request)
    guard.check_csrf(request, csrf)
    if not guard.check_token(token):
        return render(request, "login.html", status=401, next=_next(next), failed=True)
    resp = RedirectResponse(_next(next), status_code=303)
    resp.set_cookie(SESSION_COOKIE, guard.session_value(name), httponly=True,
                    samesite="strict")
    return resp


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    _guard(request).check_csrf(request, csrf)
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


def _form_write(request: Request, csrf: str, fn: Any, *args: Any) -> str:
    author = _guard(request).form_author(request, csrf)
    try:
        with _ledger(request).write() as conn:
            fn(conn, *args, author)
    finally:
        request.app.state.cache.invalidate()
    return author


def _value(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError:
        return text


@router.post("/curate/fact/{fact_id}/correct")
def form_correct(request: Request, fact_id: int, field: str = Form(...), value: str = Form(""),
                 csrf: str = Form(""), next: str = Form("/")) -> Response:
    from xietong.ledger.curation import correct_fact

    def run(conn: Any, fid: int, changes: dict[str, Any], author: str) -> None:
        correct_fact(conn, fid, changes, author)

    _form_write(request, csrf, run, fact_id, {field.strip(): _value(value)})
    return RedirectResponse(_next(next), status_code=303)


@router.post("/curate/fact/{fact_id}/wrong")
def form_wrong(request: Request, fact_id: int, wrong: str = Form("1"), csrf: str = Form(""),
               next: str = Form("/")) -> Response:
    from xietong.ledger.curation import mark_wrong

    def run(conn: Any, fid: int, author: str) -> None:
        mark_wrong(conn, fid, author, wrong != "0")

    _form_write(request, csrf, run, fact_id)
    return RedirectResponse(_next(next), status_code=303)


@router.post("/curate/merge")
def form_merge(request: Request, kind: str = Form(...), source: int = Form(...),
               target: int = Form(...), csrf: str = Form(""), next: str = Form("/")) -> Response:
    from xietong.ledger.curation import merge_orgs, merge_projects

    if kind not in ("orgs", "projects"):
        raise AuthError(400, "bad_request", "kind must be orgs or projects")
    fn = merge_orgs if kind == "orgs" else merge_projects
    _form_write(request, csrf, fn, source, target)
    dest = f"/project/{target}" if kind == "projects" else _next(next)
    return RedirectResponse(dest, status_code=303)


def mount(app: FastAPI) -> None:
    """Add the pages and the static files to ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
