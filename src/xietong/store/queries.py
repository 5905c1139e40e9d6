"""Read queries over the ledger, returning typed rows for the CLI, the API and the dashboard.

Every function takes an open :class:`~sqlalchemy.Connection` (``ledger.read()``) and
returns plain frozen dataclasses; nothing here prints or formats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from sqlalchemy import Connection, func, or_, select

from xietong.model import STATUS_ORDER
from xietong.store.tables import (
    articles,
    edits,
    facts,
    org_names,
    orgs,
    places,
    project_parties,
    projects,
    skipped,
)

Sort = Literal["recent", "oldest", "investment", "name", "status", "sources"]
LANDED = ("started", "under_construction", "completed", "operating")


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One ledger entry (a project across all its reports)."""

    id: int
    name: str | None
    category: str
    place: str | None
    place_name: str | None
    status: str
    investment: float | None
    investments: tuple[float, ...]     # every figure reported, side by side
    parties: tuple[str, ...]
    signed_date: str | None
    first_date: str | None
    last_date: str | None
    n_articles: int
    n_stories: int


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One report of a project: its status on a date, with the evidence."""

    fact_id: int
    status: str
    date: str | None
    published: str | None
    investment: float | None
    name: str | None
    article_id: int
    story_id: int | None
    title: str | None
    outlet: str | None
    url: str | None
    origin: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ProjectDetail:
    project: ProjectRow
    timeline: tuple[TimelineEvent, ...]


@dataclass(frozen=True, slots=True)
class PlaceRow:
    adcode: str
    name: str
    level: str
    path: str
    n_projects: int
    n_articles: int
    investment: float


@dataclass(frozen=True, slots=True)
class OrgRow:
    id: int
    name: str
    type: str
    province: str
    aliases: tuple[str, ...]
    n_articles: int
    n_projects: int


@dataclass(frozen=True, slots=True)
class RateRow:
    """Landing rate (落地率) of one group: landed / signed."""

    group: str
    label: str
    signed: int
    landed: int

    @property
    def rate(self) -> float | None:
        return self.landed / self.signed if self.signed else None


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    stories: int
    facts: dict[str, int]
    projects: int
    orgs: int
    places: int
    skipped: int
    edits: int
    extractors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactRow:
    id: int
    article_id: int
    kind: str
    key: str
    data: dict[str, Any]          # with curation applied
    machine: dict[str, Any]       # as extracted
    wrong: bool
    corrected: bool
    extractor: str
    start: int
    end: int
    sentence: str
    entity_id: int | None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    doc_id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    origin: str
    story_id: int | None
    extractor: str


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    article: ArticleRow
    text: str
    authors: tuple[str, ...]
    facts: tuple[FactRow, ...]
    duplicates: tuple[int, ...]   # other articles of the same story


try:  # orjson parses JSON columns ~3x faster when installed
    from orjson import loads as _orjson_loads

    _loads: Callable[[str | bytes], Any] = _orjson_loads
except ImportError:  # pragma: no cover
    _loads = json.loads


# --- raw statements ---------------------------------------------------------------------
#
# The hottest reads (a project, an article, a page of the ledger) run fixed SQL text on the
# driver's own cursor inside the caller's transaction: SQLAlchemy spends ~100-300 µs
# building, compiling and wrapping each statement, the driver ~20 µs.  The SQL uses
# ``:name`` parameters (sqlite3's "named" style), rewritten once to ``%(name)s`` for
# psycopg; it contains no literal ``%``.

_PARAM = re.compile(r"(?<![:\w]):(\w+)")


@lru_cache(maxsize=1024)
def _native_sql(sql: str, dialect: str) -> str:
    if dialect == "sqlite":
        return sql
    return _PARAM.sub(r"%(\1)s", sql)


def fetch(conn: Connection, sql: str, params: Mapping[str, Any] | None = None
          ) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``:name`` parameters) run on the driver's cursor of ``conn``, in
    its transaction; JSON columns come back as text on SQLite (see :func:`json_value`)."""
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(_native_sql(sql, conn.dialect.name), params or {})
        rows: list[tuple[Any, ...]] = cur.fetchall()
        return rows
    finally:
        cur.close()


def json_value(v: Any) -> Any:
    """A JSON column's value: parsed by psycopg already, text on SQLite."""
    if isinstance(v, (str, bytes)):
        return _loads(v)
    return v


def _in_params(prefix: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """``(:p0, :p1, …)`` for an IN list, adding the values to ``params``."""
    names = []
    for i, v in enumerate(values):
        params[f"{prefix}{i}"] = v
        names.append(f":{prefix}{i}")
    return "(" + ", ".join(names) + ")"


def escape_like(s: str) -> str:
    """``s`` as a literal inside a LIKE pattern with ``ESCAPE '\\'``."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- places -----------------------------------------------------------------------------

def code_prefix(adcode: str) -> str:
    """The prefix of all codes inside a division (130000 → 13, 131100 → 1311)."""
    if len(adcode) == 6 and adcode.isdigit():
        if adcode.endswith("0000"):
            return adcode[:2]
        if adcode.endswith("00"):
            return adcode[:4]
    return adcode


def _gazetteer() -> Any:
    try:
        from xietong.reference.gazetteer import load_gazetteer
    except ImportError:  # pragma: no cover - the gazetteer ships with the package
        return None
    return load_gazetteer()


@cache
def _short_names() -> dict[str, tuple[str, ...]]:
    g = _gazetteer()
    if g is None:  # pragma: no cover
        return {}
    out: dict[str, list[str]] = {}
    for d in g.divisions.values():
        for n in {d.name, d.short}:
            out.setdefault(n, []).append(d.code)
    return {k: tuple(v) for k, v in out.items()}


def warm_up() -> None:
    """Load the gazetteer tables the queries use (a server does it before the first
    request instead of during it)."""
    _short_names()
    prefecture_of("110105")


@lru_cache(maxsize=8192)
def prefecture_of(code: str) -> str:
    """The prefecture-level division holding ``code``: itself for a prefecture or a
    province, the parent of a county — so a municipality's districts (110105) count under
    the municipality (110000), whose code has no prefecture level; unknown codes fall back
    to their first four digits."""
    g = _gazetteer()
    d = g.get(code) if g is not None else None
    while d is not None and d.level == "county" and d.parent:
        d = g.get(d.parent)
    if d is not None:
        return str(d.code)
    return code[:4] + "00" if len(code) == 6 else code


def resolve_place(conn: Connection, place: str) -> list[str]:
    """Code prefixes for a place filter: an adcode, a full name or a short name (衡水)."""
    place = place.strip()
    if place.isdigit():
        return [code_prefix(place)]
    codes = list(_short_names().get(place, ()))
    if not codes:
        codes = [r[0] for r in fetch(
            conn, "SELECT adcode FROM places WHERE name = :name "
                  "OR name LIKE :pat ESCAPE '\\'",
            {"name": place, "pat": escape_like(place) + "_"})]
    return sorted({code_prefix(c) for c in codes})


def _prefix_sql(col: str, prefixes: Sequence[str], params: dict[str, Any]) -> str:
    """SQL matching ``col`` against code prefixes (range scans, index friendly)."""
    if not prefixes:
        return "1 = 0"
    conds = []
    for i, p in enumerate(prefixes):
        if len(p) >= 6:
            params[f"pl{i}"] = p
            conds.append(f"{col} = :pl{i}")
        else:
            params[f"pl{i}"] = p
            params[f"ph{i}"] = p[:-1] + chr(ord(p[-1]) + 1)
            conds.append(f"({col} >= :pl{i} AND {col} < :ph{i})")
    return "(" + " OR ".join(conds) + ")"


def _place_names(conn: Connection, codes: set[str]) -> dict[str, str]:
    codes.discard("")
    if not codes:
        return {}
    params: dict[str, Any] = {}
    got: dict[str, str] = {str(c): str(n) for c, n in fetch(
        conn, "SELECT adcode, name FROM places WHERE adcode IN "
              + _in_params("c", sorted(codes), params), params)}
    missing = codes - set(got)
    if missing:
        g = _gazetteer()
        for c in missing:
            d = g.get(c) if g is not None else None
            if d is not None:
                got[c] = d.name
    return got


# --- organizations ----------------------------------------------------------------------

def resolve_orgs(conn: Connection, party: str) -> list[int]:
    """Organization entities (roots) a party filter names: a name, an alias or an id.

    A name matches exactly (name or alias), else as a substring of an organization's
    name; ``%`` and ``_`` in it are plain characters, not wildcards."""
    from xietong.ledger.names import clean_name

    if party.isdigit():
        ids = [int(party)]
    else:
        name = clean_name(party)
        ids = [int(r[0]) for r in fetch(
            conn, "SELECT org_id FROM org_names WHERE name = :name", {"name": name})]
        if not ids and name:
            ids = [int(r[0]) for r in fetch(
                conn, 'SELECT id FROM orgs WHERE "key" = :name '
                      "OR name LIKE :pat ESCAPE '\\'",
                {"name": name, "pat": "%" + escape_like(name) + "%"})]
    if not ids:
        return []
    params: dict[str, Any] = {}
    roots = fetch(conn, "SELECT coalesce(merged_into, id) FROM orgs WHERE id IN "
                        + _in_params("o", ids, params), params)
    return sorted({int(r[0]) for r in roots})


# --- projects ---------------------------------------------------------------------------

_PROJECT_COLS = ("id, name, category, place, status, investment, investments, parties, "
                 "signed_date, first_date, last_date, n_articles, n_stories, merged_into")
# a live project: not merged into another (ids start at 1), still reported by some
# article.  Queries spell these terms exactly so that the partial indexes of
# :data:`PROJECT_INDEXES` apply; ``coalesce`` keeps SQLite, which has no statistics, from
# preferring the (merged_into, …) indexes, where every live row needs a table lookup.
LIVE_SQL = "coalesce(merged_into, 0) = 0 AND n_articles > 0"

SORTS: dict[str, str] = {
    "recent": "last_date DESC, id DESC",
    "oldest": "first_date ASC, id ASC",
    "investment": "investment DESC, id ASC",
    "name": "name ASC, id ASC",
    "status": "status_rank DESC, last_date DESC, id DESC",
    "sources": "n_articles DESC, id DESC",
}
_SORTS = SORTS  # the CLI's name for it

# Partial indexes over live projects for the default and the investment order (a page
# at any offset walks the index instead of sorting 100,000 rows).  They belong in a
# migration of the store (0002); :func:`ensure_indexes` creates them on older ledgers.
PROJECT_INDEXES: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS ix_projects_live_recent ON projects (last_date, id) "
    f"WHERE {LIVE_SQL}",
    "CREATE INDEX IF NOT EXISTS ix_projects_live_investment ON projects "
    f"(investment DESC, id) WHERE {LIVE_SQL}",
)


def ensure_indexes(conn: Connection) -> None:
    """Create the read indexes of :data:`PROJECT_INDEXES` when missing (idempotent; in a
    write transaction)."""
    for ddl in PROJECT_INDEXES:
        conn.exec_driver_sql(ddl)


def _project_where(conn: Connection, place: str | None, party: str | None,
                   status: str | Sequence[str] | None, since: int | None,
                   category: str | None) -> tuple[str, dict[str, Any]]:
    conds = [LIVE_SQL]
    params: dict[str, Any] = {}
    if place:
        conds.append(_prefix_sql("place", resolve_place(conn, place), params))
    if party:
        ids = resolve_orgs(conn, party) or [-1]
        conds.append("id IN (SELECT project_id FROM project_parties WHERE org_id IN "
                     + _in_params("org", ids, params) + ")")
    if status:
        wanted = [status] if isinstance(status, str) else list(status)
        wanted = [s for w in wanted for s in w.split(",") if s]
        if "landed" in wanted:
            wanted = [w for w in wanted if w != "landed"] + list(LANDED)
        if wanted:
            conds.append("status IN " + _in_params("st", wanted, params))
    if since:
        conds.append("first_year >= :since")
        params["since"] = since
    if category:
        conds.append("category = :category")
        params["category"] = category
    return " AND ".join(conds), params


def _project_row(r: Sequence[Any], names: Mapping[str, str]) -> ProjectRow:
    return ProjectRow(int(r[0]), r[1], r[2], r[3], names.get(r[3] or ""), r[4], r[5],
                      tuple(json_value(r[6]) or ()), tuple(json_value(r[7]) or ()),
                      r[8], r[9], r[10], int(r[11]), int(r[12]))


def _project_rows(conn: Connection, rows: Sequence[Sequence[Any]]) -> list[ProjectRow]:
    names = _place_names(conn, {r[3] for r in rows if r[3]})
    return [_project_row(r, names) for r in rows]


def list_projects(conn: Connection, *, place: str | None = None, party: str | None = None,
                  status: str | Sequence[str] | None = None, since: int | None = None,
                  category: str | None = None, limit: int = 50, offset: int = 0,
                  sort: Sort = "recent") -> list[ProjectRow]:
    """The project ledger, filtered: place (name, short name or code, with its
    sub-divisions), party (organization name or alias), status (one, a comma list, or
    ``landed``), first reported since a year."""
    where, params = _project_where(conn, place, party, status, since, category)
    params.update(limit=int(limit), offset=int(offset))
    sql = (f"SELECT {_PROJECT_COLS} FROM projects WHERE {where} "
           f"ORDER BY {SORTS.get(sort, SORTS['recent'])} LIMIT :limit OFFSET :offset")
    return _project_rows(conn, fetch(conn, sql, params))


def count_projects(conn: Connection, *, place: str | None = None, party: str | None = None,
                   status: str | Sequence[str] | None = None, since: int | None = None,
                   category: str | None = None) -> int:
    """How many projects :func:`list_projects` would give without a limit."""
    where, params = _project_where(conn, place, party, status, since, category)
    return int(fetch(conn, f"SELECT count(*) FROM projects WHERE {where}", params)[0][0])


_SQL_PROJECT = f"SELECT {_PROJECT_COLS} FROM projects WHERE id = :id"
_SQL_TIMELINE = (
    "SELECT e.fact_id, e.status, e.date, e.published, e.investment, e.name, e.article_id, "
    'a.story_id, a.title, a.outlet, a.url, a.origin, f.sentence, f.start, f."end" '
    "FROM project_events e JOIN articles a ON a.id = e.article_id "
    "JOIN facts f ON f.id = e.fact_id WHERE e.project_id = :id")
_STATUS_ORDER = {s: i for i, s in enumerate(STATUS_ORDER)}


def get_project(conn: Connection, project_id: int) -> ProjectDetail | None:
    """A project with its timeline (reports ordered by date, each with its evidence); a
    merged project gives the one it was merged into."""
    seen: set[int] = set()
    while True:
        got = fetch(conn, _SQL_PROJECT, {"id": project_id})
        if not got:
            return None
        r = got[0]
        if r[13] is None or int(r[13]) in seen:
            break
        seen.add(project_id)
        project_id = int(r[13])
    evs = [TimelineEvent(*e) for e in fetch(conn, _SQL_TIMELINE, {"id": project_id})]
    evs.sort(key=lambda e: ((e.date or e.published or "9999"), _STATUS_ORDER.get(e.status, 0),
                            e.article_id))
    return ProjectDetail(_project_rows(conn, [r])[0], tuple(evs))


# --- places, orgs, rates, stats -------------------------------------------------------

def list_places(conn: Connection, *, limit: int = 500) -> list[PlaceRow]:
    """Places named in articles, with their projects (sub-divisions included) and articles."""
    pl = conn.execute(select(places)).all()
    art: dict[str, int] = dict(conn.execute(select(facts.c.key, func.count(func.distinct(facts.c.article_id)))
                            .where(facts.c.kind == "place", facts.c.wrong.is_(False))
                            .group_by(facts.c.key)).all())
    proj = conn.execute(select(projects.c.place, func.count(), func.sum(projects.c.investment))
                        .where(projects.c.merged_into.is_(None), projects.c.n_articles > 0,
                               projects.c.place.isnot(None))
                        .group_by(projects.c.place)).all()
    out = []
    for p in pl:
        pre = code_prefix(p.adcode)
        n = 0
        inv = 0.0
        for code, cnt, s in proj:
            if code.startswith(pre):
                n += int(cnt)
                inv += float(s or 0)
        out.append(PlaceRow(p.adcode, p.name, p.level, p.path, n, int(art.get(p.adcode, 0)), inv))
    out.sort(key=lambda r: (-r.n_projects, -r.n_articles, r.adcode))
    return out[:limit]


def list_orgs(conn: Connection, *, q: str | None = None, limit: int = 100,
              offset: int = 0) -> list[OrgRow]:
    """Organizations (merged entities once), most reported first."""
    rootc = func.coalesce(orgs.c.merged_into, orgs.c.id)
    counts = (select(rootc.label("root"), func.sum(orgs.c.n_articles).label("n"))
              .group_by(rootc).subquery())
    npj = (select(project_parties.c.org_id, func.count().label("np"))
           .group_by(project_parties.c.org_id).subquery())
    stmt = (select(orgs, counts.c.n, func.coalesce(npj.c.np, 0).label("np"))
            .join(counts, counts.c.root == orgs.c.id)
            .outerjoin(npj, npj.c.org_id == orgs.c.id)
            .where(orgs.c.merged_into.is_(None))
            .order_by(counts.c.n.desc(), orgs.c.id).limit(limit).offset(offset))
    if q:
        stmt = stmt.where(orgs.c.id.in_(select(func.coalesce(orgs.c.merged_into, orgs.c.id))
                                        .join(org_names, org_names.c.org_id == orgs.c.id)
                                        .where(org_names.c.name.like(
                                            f"%{escape_like(q)}%", escape="\\"))))
    rows = conn.execute(stmt).all()
    ids = [r.id for r in rows]
    aliases: dict[int, list[str]] = {}
    if ids:
        for oid, name in conn.execute(
                select(func.coalesce(orgs.c.merged_into, orgs.c.id), org_names.c.name)
                .join(orgs, orgs.c.id == org_names.c.org_id)
                .where(func.coalesce(orgs.c.merged_into, orgs.c.id).in_(ids))
                .order_by(org_names.c.name)):
            aliases.setdefault(int(oid), []).append(name)
    return [OrgRow(r.id, r.name, r.type, r.province,
                   tuple(a for a in aliases.get(r.id, []) if a != r.name),
                   int(r.n or 0), int(r.np)) for r in rows]


def landing_rates(conn: Connection, by: Literal["place", "year"] = "place") -> list[RateRow]:
    """落地率: signed projects (status signed or later) that reached started or later.

    ``by="place"`` groups by destination prefecture (a county counts in its prefecture, a
    municipality's districts in the municipality — see :func:`prefecture_of`; unplaced
    projects form the group ""), ``by="year"`` by signing year.
    """
    landed_rank = STATUS_ORDER.index("started")
    signed_rank = STATUS_ORDER.index("signed")
    key = "place" if by == "place" else "signed_year"
    rows = fetch(conn, f"SELECT {key}, count(*), "
                       "sum(CASE WHEN status_rank >= :landed THEN 1 ELSE 0 END) "
                       f"FROM projects WHERE {LIVE_SQL} AND status_rank >= :signed "
                       f"GROUP BY {key}", {"landed": landed_rank, "signed": signed_rank})
    groups: dict[str, list[int]] = {}
    for g, signed, landed in rows:
        k = (prefecture_of(str(g)) if g else "") if by == "place" else ("" if g is None
                                                                          else str(g))
        acc = groups.setdefault(k, [0, 0])
        acc[0] += int(signed)
        acc[1] += int(landed or 0)
    names = _place_names(conn, set(groups)) if by == "place" else {}
    out = []
    for k in sorted(groups, key=lambda x: (x != "", x)):   # the ungrouped first
        label = names.get(k, k or "(unplaced)") if by == "place" else k or "(undated)"
        out.append(RateRow(k, label, groups[k][0], groups[k][1]))
    return out


def stats(conn: Connection) -> Stats:
    """Counts of everything in the ledger."""
    def count(q: Any) -> int:
        return int(conn.execute(q).scalar_one() or 0)

    by_kind: dict[str, int] = dict(conn.execute(select(facts.c.kind, func.count()).group_by(facts.c.kind))
                   .all())
    return Stats(
        articles=count(select(func.count()).select_from(articles)),
        stories=count(select(func.count(func.distinct(articles.c.story_id)))),
        facts={k: int(v) for k, v in sorted(by_kind.items())},
        projects=count(select(func.count()).select_from(projects).where(
            projects.c.merged_into.is_(None), projects.c.n_articles > 0)),
        orgs=count(select(func.count()).select_from(orgs).where(orgs.c.merged_into.is_(None))),
        places=count(select(func.count()).select_from(places)),
        skipped=count(select(func.count()).select_from(skipped)),
        edits=count(select(func.count()).select_from(edits)),
        extractors=tuple(conn.execute(select(articles.c.extractor).distinct()
                                      .order_by(articles.c.extractor)).scalars()),
    )


# --- articles ---------------------------------------------------------------------------

ARTICLE_COLS = "id, doc_id, title, published, outlet, url, origin, story_id, extractor"
# the columns of ``facts`` in table order (``select(facts)`` rows work with fact_row too)
FACT_COLS = ('id, article_id, kind, "key", extractor, data, override, wrong, start, "end", '
             "sentence, entity_id")


def article_row(r: Sequence[Any]) -> ArticleRow:
    """An :class:`ArticleRow` of a row of :data:`ARTICLE_COLS`."""
    return ArticleRow(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])


def fact_row(r: Sequence[Any]) -> FactRow:
    """A :class:`FactRow` (curation applied) of a row of :data:`FACT_COLS`."""
    machine = json_value(r[5])
    override = json_value(r[6])
    data = dict(machine)
    if override:
        data.update(override)
    return FactRow(int(r[0]), int(r[1]), r[2], r[3], data, dict(machine), bool(r[7]),
                   bool(override), r[4], int(r[8]), int(r[9]), r[10], r[11])


_fact_row = fact_row  # the former private name

_SQL_ARTICLE = f"SELECT {ARTICLE_COLS}, text, authors FROM articles WHERE id = :id"
_SQL_ARTICLE_FACTS = (f"SELECT {FACT_COLS} FROM facts WHERE article_id = :id "
                      "ORDER BY kind, start, id")
_SQL_STORY = "SELECT id FROM articles WHERE story_id = :story AND id <> :id ORDER BY id"


def get_article(conn: Connection, article_id: int) -> ArticleDetail | None:
    """An article with its text, facts (curated) and the other articles of its story."""
    got = fetch(conn, _SQL_ARTICLE, {"id": article_id})
    if not got:
        return None
    r = got[0]
    fs = fetch(conn, _SQL_ARTICLE_FACTS, {"id": article_id})
    dups: tuple[int, ...] = ()
    if r[7] is not None:
        dups = tuple(int(x[0]) for x in fetch(conn, _SQL_STORY, {"story": r[7], "id": r[0]}))
    return ArticleDetail(article_row(r), r[9], tuple(json_value(r[10]) or ()),
                         tuple(fact_row(f) for f in fs), dups)


def get_fact(conn: Connection, fact_id: int) -> FactRow | None:
    """One fact (curation applied), or None."""
    got = fetch(conn, f"SELECT {FACT_COLS} FROM facts WHERE id = :id", {"id": fact_id})
    return fact_row(got[0]) if got else None


def list_articles(conn: Connection, *, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
    """Articles, newest publication first."""
    return [article_row(r) for r in fetch(
        conn, f"SELECT {ARTICLE_COLS} FROM articles ORDER BY published DESC, id DESC "
              "LIMIT :limit OFFSET :offset", {"limit": int(limit), "offset": int(offset)})]


def search_articles(conn: Connection, q: str, *, limit: int = 50) -> list[ArticleRow]:
    """Articles whose title or text contains ``q`` (substring; FTS can replace this)."""
    pat = "%" + escape_like(q) + "%"
    stmt = (select(articles.c.id, articles.c.doc_id, articles.c.title, articles.c.published,
                   articles.c.outlet, articles.c.url, articles.c.origin, articles.c.story_id,
                   articles.c.extractor)
            .where(or_(articles.c.title.like(pat, escape="\\"),
                       articles.c.text.like(pat, escape="\\")))
            .order_by(articles.c.published.desc(), articles.c.id.desc()).limit(limit))
    return [article_row(r) for r in conn.execute(stmt)]
