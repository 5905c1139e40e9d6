"""The JSON API under ``/api``: thin handlers over the store's queries and the ledger's
curation functions (the same ones the CLI calls)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from xietong.serve.api import aggregates as agg
from xietong.serve.api import schemas as s
from xietong.serve.api.cache import LedgerCache, dumps
from xietong.serve.api.search import search as search_articles
from xietong.store import queries as q
from xietong.store.engine import Ledger

router = APIRouter(prefix="/api", tags=["ledger"])

Sort = Literal["recent", "oldest", "investment", "name", "status", "sources"]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
EXPORT_TABLES = ("projects", "timeline", "orgs", "places", "articles", "facts")


class NotFound(Exception):
    """A missing article, fact, project or place (404 in the one error shape)."""


def ledger_of(request: Request) -> Ledger:
    led: Ledger = request.app.state.ledger
    return led


def read_conn(request: Request) -> Iterator[Connection]:
    """A read transaction for one request."""
    with ledger_of(request).read() as conn:
        yield conn


Conn = Annotated[Connection, Depends(read_conn)]
T = TypeVar("T")


def _clean(v: str | None) -> str | None:
    v = (v or "").strip()
    return v or None


NO_ORG = "0"  # an organization id that never exists: a party filter matching nothing


def party_filter(party: str | None) -> str | None:
    """The party filter for the store, without LIKE wildcards (the store matches names
    with ``LIKE '%name%'`` unescaped); a filter of wildcards only matches nothing."""
    raw = (party or "").strip()
    if not raw:
        return None
    cleaned = raw.replace("%", "").replace("_", "").strip()
    return cleaned or NO_ORG


class ProjectFilters:
    """The CLI's project filters as query parameters."""

    def __init__(self, place: str | None = None, party: str | None = None,
                 status: str | None = None, since: int | None = None,
                 category: str | None = None) -> None:
        self.place = _clean(place)
        self.party = party_filter(party)
        self.status = _clean(status)
        self.since = since
        self.category = _clean(category)

    def kwargs(self) -> dict[str, Any]:
        return {"place": self.place, "party": self.party, "status": self.status,
                "since": self.since, "category": self.category}


async def project_filters(place: str | None = None, party: str | None = None,
                          status: str | None = None,
                          since: Annotated[int | None, Query(ge=1900, le=2200)] = None,
                          category: str | None = None) -> ProjectFilters:
    """The filters as a dependency (async: no thread hop)."""
    return ProjectFilters(place, party, status, since, category)


Filters = Annotated[ProjectFilters, Depends(project_filters)]


INDEXED_SORTS = ("recent", "investment")   # the orders of q.PROJECT_INDEXES


async def respond(request: Request, fn: Callable[[Connection], Any], *,
                  quick: bool = False, inline: bool = False) -> Response:
    """JSON of ``fn(conn)``, from the ledger-version cache (computed in a read
    transaction on a miss).  The declared response models document the shapes; the bytes
    are built directly, without a validation pass per row.

    ``quick`` lookups (one row by id or a search page: well under a millisecond on
    SQLite) bypass the cache — random ids would only evict the costly aggregates from it
    — and run on the event loop itself on SQLite: a hop to the thread pool and back
    costs more than the query, and the threads fight over the GIL.  ``inline`` results
    are cached but computed on the event loop too (SQLite; bounded index walks only)."""
    led = ledger_of(request)

    def compute() -> bytes:
        with led.read() as conn:
            return dumps(fn(conn))

    if quick:
        if led.dialect == "sqlite":
            body = compute()
        else:
            body = await run_in_threadpool(compute)
        return Response(body, media_type="application/json")
    key = request.url.path + "?" + "&".join(
        f"{k}={v}" for k, v in sorted(request.query_params.multi_items()))
    cache: LedgerCache = request.app.state.cache
    body = cache.peek(key)
    if body is None and cache.stale() and led.dialect == "sqlite":
        # the fingerprint is a few max(id) lookups: read it here, not in a burst of thread
        # hops by every request arriving while it is out of date
        cache.version()
        body = cache.peek(key)
    if body is None:
        if inline and led.dialect == "sqlite":
            body = cache.get(key, compute)
        else:
            body = await run_in_threadpool(cache.get, key, compute)
    return Response(body, media_type="application/json")


def count_projects(request: Request, conn: Connection, f: ProjectFilters) -> int:
    """The total of a project filter, cached apart from the page (no second connection)."""
    cache: LedgerCache = request.app.state.cache
    version = cache.current()
    if version is None:
        return q.count_projects(conn, **f.kwargs())
    return cache.get("count:" + repr(sorted(f.kwargs().items())),
                     lambda: q.count_projects(conn, **f.kwargs()), version=version)


@router.get("/stats", response_model=q.Stats, summary="Counts of everything in the ledger")
async def get_stats(request: Request) -> Response:
    return await respond(request, q.stats)


@router.get("/projects", response_model=s.ProjectPage, summary="The project ledger (项目台账)")
async def list_projects(request: Request, f: Filters, sort: Sort = "recent", limit: Limit = 50,
                  offset: Offset = 0) -> Response:
    """Projects filtered by place (name, short name or code; sub-divisions included),
    party, status (one, a comma list, or ``landed``), first year and category."""
    def run(conn: Connection) -> dict[str, Any]:
        rows = q.list_projects(conn, **f.kwargs(), sort=sort, limit=limit, offset=offset)
        total = count_projects(request, conn, f)
        return {"items": rows, "total": total, "limit": limit, "offset": offset}

    # an unfiltered page in an indexed order walks a partial index: computed on the loop
    plain = not any(v for v in f.kwargs().values())
    return await respond(request, run, inline=plain and sort in INDEXED_SORTS
                         and offset + limit <= 20_000)


PROJECT_CSV = ("id", "name", "category", "place", "place_name", "status", "investment",
               "investments", "parties", "signed_date", "first_date", "last_date",
               "n_articles", "n_stories")


def _csv_cell(v: Any) -> Any:
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(list(v) if isinstance(v, tuple) else v, ensure_ascii=False)
    return "" if v is None else v


@router.get("/projects.csv", summary="The filtered project ledger as CSV",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def projects_csv(request: Request, f: Filters, sort: Sort = "recent",
                 limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000) -> Response:
    with ledger_of(request).read() as conn:
        rows = q.list_projects(conn, **f.kwargs(), sort=sort, limit=limit)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(PROJECT_CSV)
    for r in rows:
        w.writerow([_csv_cell(getattr(r, c)) for c in PROJECT_CSV])
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="projects.csv"'})


def _found(v: T | None, what: str) -> T:
    if v is None:
        raise NotFound(f"no {what}")
    return v


@router.get("/projects/{project_id}", response_model=q.ProjectDetail,
            summary="A project with its timeline of reports and their evidence")
async def get_project(request: Request, project_id: int) -> Response:
    return await respond(request, lambda c: _found(q.get_project(c, project_id),
                                                   f"project {project_id}"), quick=True)


@router.get("/articles", response_model=s.ArticlePage, summary="Articles, newest first")
async def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> Response:
    return await respond(request, lambda c: {"items": q.list_articles(c, limit=limit, offset=offset),
                                       "limit": limit, "offset": offset})


@router.get("/articles/{article_id}", response_model=q.ArticleDetail,
            summary="An article: clean text, facts (curated) and duplicates")
async def get_article(request: Request, article_id: int) -> Response:
    return await respond(request, lambda c: _found(q.get_article(c, article_id),
                                                   f"article {article_id}"), quick=True)


@router.get("/facts", response_model=s.FactPage, summary="Facts, filtered by kind and article")
async def list_facts(request: Request, kind: Literal["place", "org", "amount", "project",
                                               "indicator"] | None = None,
               article_id: int | None = None, include_wrong: bool = False,
               limit: Limit = 50, offset: Offset = 0) -> Response:
    return await respond(request, lambda c: {
        "items": agg.list_facts(c, kind=kind, article_id=article_id,
                                include_wrong=include_wrong, limit=limit, offset=offset),
        "limit": limit, "offset": offset})


@router.get("/facts/{fact_id}", response_model=q.FactRow, summary="One fact")
async def get_fact(request: Request, fact_id: int) -> Response:
    return await respond(request, lambda c: _found(q.get_fact(c, fact_id), f"fact {fact_id}"),
                         quick=True)


@router.get("/orgs", response_model=s.OrgPage, summary="Organizations, most reported first")
async def list_orgs(request: Request, q_: Annotated[str | None, Query(alias="q")] = None,
              limit: Limit = 100, offset: Offset = 0) -> Response:
    return await respond(request, lambda c: {
        "items": q.list_orgs(c, q=_clean(q_), limit=limit, offset=offset),
        "limit": limit, "offset": offset})


@router.get("/places", response_model=s.PlacePage, summary="Places named in the articles")
async def list_places(request: Request, limit: Annotated[int, Query(ge=1, le=5000)] = 500
                ) -> Response:
    return await respond(request, lambda c: {"items": q.list_places(c, limit=limit)})


def place_detail(conn: Connection, adcode: str, limit: int = 100) -> s.PlaceDetail:
    """A division with its projects, organizations and indicators."""
    from xietong.reference.gazetteer import load_gazetteer

    d = load_gazetteer().get(adcode) if adcode.isdigit() else None
    if d is None:
        raise NotFound(f"no place {adcode}")
    names = tuple(dict.fromkeys((d.name, d.short)))
    return s.PlaceDetail(
        adcode=d.code, name=d.name, level=d.level, path=d.path, lon=d.lon, lat=d.lat,
        projects=q.list_projects(conn, place=d.code, limit=limit, sort="investment"),
        n_projects=q.count_projects(conn, place=d.code),
        orgs=[s.PlaceOrg(id=i, name=n, n_projects=k) for i, n, k in agg.place_orgs(conn, d.code)],
        indicators=agg.indicators(conn, subjects=names, limit=500))


@router.get("/places/{adcode}", response_model=s.PlaceDetail,
            summary="A place: its projects, organizations and indicators")
async def get_place(request: Request, adcode: str) -> Response:
    return await respond(request, lambda c: place_detail(c, adcode))


@router.get("/indicators", response_model=s.IndicatorPage, summary="Indicator facts")
async def list_indicators(request: Request, subject: str | None = None, metric: str | None = None,
                    limit: Limit = 200, offset: Offset = 0) -> Response:
    subj = (subject.strip(),) if subject and subject.strip() else ()
    return await respond(request, lambda c: {
        "items": agg.indicators(c, subjects=subj, metric=_clean(metric), limit=limit,
                                offset=offset), "limit": limit, "offset": offset})


def rates(conn: Connection, by: Literal["place", "year"]) -> list[dict[str, Any]]:
    return [{"group": r.group, "label": r.label, "signed": r.signed, "landed": r.landed,
             "rate": r.rate} for r in q.landing_rates(conn, by=by)]


@router.get("/rates", response_model=list[s.Rate], summary="Landing rates (落地率)")
async def get_rates(request: Request, by: Literal["place", "year"] = "place") -> Response:
    return await respond(request, lambda c: rates(c, by))


@router.get("/overview", response_model=s.Overview,
            summary="Projects and investment per year and status, top destinations, rates")
async def get_overview(request: Request) -> Response:
    return await respond(request, lambda c: {"by_year_status": agg.projects_by_year_status(c),
                                       "destinations": agg.top_destinations(c),
                                       "rates": rates(c, "place")})


@router.get("/flows", response_model=s.FlowList,
            summary="Projects from origin (北京, 天津, 其他) to destination city and county")
async def get_flows(request: Request) -> Response:
    return await respond(request, lambda c: {"items": agg.flows(c)})


@router.get("/map", response_model=s.BubbleList,
            summary="Projects per place at the gazetteer's centroids")
async def get_map(request: Request) -> Response:
    return await respond(request, lambda c: {"items": agg.bubbles(c)})


@router.get("/search", response_model=s.SearchPage,
            summary="Full-text search over articles (works for Chinese)")
async def search(request: Request,
           q_: Annotated[str, Query(alias="q", min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0) -> Response:
    # a phrase of 3+ characters near the top is a short walk of the trigram index; 1-2
    # characters scan the articles (LIKE) and stay in the pool, cached
    quick = bool(request.app.state.fts) and len(" ".join(q_.split())) >= 3 and offset <= 1000
    return await respond(request, lambda c: {
        "q": q_, "items": search_articles(c, q_, limit=limit, offset=offset),
        "limit": limit, "offset": offset}, quick=quick)


@router.get("/export/{table}.{fmt}", summary="Export one table (csv, json or parquet)",
            response_class=StreamingResponse)
def export_table(request: Request, table: Literal["projects", "timeline", "orgs", "places",
                                                   "articles", "facts"],
                 fmt: Literal["csv", "json", "parquet"]) -> Response:
    """A whole table of the ledger, streamed; the table and format are fixed names (no
    paths)."""
    from xietong.store import export as ex

    query = ex.queries()[table]
    cols = [c.name for c in query.selected_columns]
    led = ledger_of(request)
    name = f"{table}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        data: dict[str, list[Any]] = {c: [] for c in cols}
        with led.read() as conn:
            for r in ex.rows(conn, query):
                for c in cols:
                    data[c].append(ex.cell(r[c]))
        buf = io.BytesIO()
        pq.write_table(pa.table(data), buf)
        return Response(buf.getvalue(), media_type="application/vnd.apache.parquet",
                        headers=headers)

    def gen() -> Iterator[bytes]:
        with led.read() as conn:
            if fmt == "csv":
                out = io.StringIO()
                w = csv.writer(out)
                w.writerow(cols)
                yield ("\ufeff" + out.getvalue()).encode("utf-8")
                for r in ex.rows(conn, query):
                    out.seek(0)
                    out.truncate()
                    w.writerow([ex.cell(r[c]) for c in cols])
                    yield out.getvalue().encode("utf-8")
            else:
                yield b"["
                for i, r in enumerate(ex.rows(conn, query)):
                    yield ((",\n" if i else "\n") + json.dumps(
                        r, ensure_ascii=False, sort_keys=True, default=str)).encode("utf-8")
                yield b"\n]\n"

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return StreamingResponse(gen(), media_type=media, headers=headers)


# --- curation (token required) --------------------------------------------------------

def api_author(request: Request) -> str:
    """Dependency: the author of a write; 401/403 without a valid token."""
    author: str = request.app.state.guard.api_author(request)
    return author


Author = Annotated[str, Depends(api_author)]
WRITE = {"responses": {401: {"model": s.ErrorResponse}, 403: {"model": s.ErrorResponse}},
         "tags": ["curation"]}


def run_write(request: Request, fn: Callable[..., int], *args: Any) -> int:
    """Run a curation function in one write transaction."""
    try:
        with ledger_of(request).write() as conn:
            return int(fn(conn, *args))
    finally:
        request.app.state.cache.invalidate()


@router.post("/facts/{fact_id}/correct", response_model=s.EditDone, summary="Correct a fact",
             **WRITE)  # type: ignore[arg-type]
def correct(request: Request, fact_id: int, body: s.CorrectBody, author: Author) -> s.EditDone:
    from xietong.ledger.curation import correct_fact

    return s.EditDone(edit_id=run_write(request, correct_fact, fact_id, body.changes, author),
                      author=author)


@router.post("/facts/{fact_id}/wrong", response_model=s.EditDone,
             summary="Mark a fact wrong (or right again)", **WRITE)  # type: ignore[arg-type]
def wrong(request: Request, fact_id: int, body: s.WrongBody, author: Author) -> s.EditDone:
    from xietong.ledger.curation import mark_wrong

    return s.EditDone(edit_id=run_write(request, mark_wrong, fact_id, author, body.wrong),
                      author=author)


@router.post("/orgs/merge", response_model=s.EditDone, summary="Merge two organizations",
             **WRITE)  # type: ignore[arg-type]
def merge_orgs(request: Request, body: s.MergeBody, author: Author) -> s.EditDone:
    from xietong.ledger.curation import merge_orgs as fn

    return s.EditDone(edit_id=run_write(request, fn, body.source, body.target, author),
                      author=author)


@router.post("/projects/merge", response_model=s.EditDone, summary="Merge two projects",
             **WRITE)  # type: ignore[arg-type]
def merge_projects(request: Request, body: s.MergeBody, author: Author) -> s.EditDone:
    from xietong.ledger.curation import merge_projects as fn

    return s.EditDone(edit_id=run_write(request, fn, body.source, body.target, author),
                      author=author)


@router.post("/edits/{edit_id}/undo", response_model=s.EditDone, summary="Undo an edit",
             **WRITE)  # type: ignore[arg-type]
def undo(request: Request, edit_id: int, author: Author) -> s.EditDone:
    from xietong.ledger.curation import undo as fn

    def run(conn: Connection, eid: int, who: str) -> int:
        fn(conn, eid, who)
        return eid

    return s.EditDone(edit_id=run_write(request, run, edit_id, author), author=author)


@router.get("/edits", summary="The latest edits: who, when, what", tags=["curation"])
def list_edits(conn: Conn, limit: Limit = 100) -> list[dict[str, Any]]:
    from xietong.ledger.curation import list_edits as fn

    return [{"id": e.id, "at": e.at.isoformat(), "author": e.author, "action": e.action,
             "target": e.target, "payload": e.payload,
             "undone_at": e.undone_at.isoformat() if e.undone_at else None,
             "undone_by": e.undone_by} for e in fn(conn, limit)]
