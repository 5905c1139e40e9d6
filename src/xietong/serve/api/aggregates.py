"""Read queries the dashboard needs beyond :mod:`xietong.store.queries`.

Projects per year and status, top destinations, origin → destination flows, bubbles at
county centroids, indicators and a filtered fact list.  Like the store's queries each
function takes an open connection and returns frozen dataclasses; they could move into
the store once stable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, func, or_, select

from xietong.store.queries import (
    FACT_COLS,
    FactRow,
    code_prefix,
    fact_row,
    fetch,
    prefecture_of,
)
from xietong.store.tables import facts, orgs, project_parties, projects

ELSEWHERE = "其他"


@dataclass(frozen=True, slots=True)
class YearStatus:
    """Projects first reported in ``year`` whose current status is ``status``."""

    year: int | None
    status: str
    n: int
    investment: float


@dataclass(frozen=True, slots=True)
class Destination:
    """Projects landing in a prefecture (counties included)."""

    adcode: str
    name: str
    n: int
    investment: float


@dataclass(frozen=True, slots=True)
class Flow:
    """Projects from an origin (北京, 天津, 其他) to a destination city and county."""

    origin: str
    city: str
    city_name: str
    county: str
    county_name: str
    n: int
    investment: float


@dataclass(frozen=True, slots=True)
class Bubble:
    """Projects at one division, drawn at its centroid."""

    adcode: str
    name: str
    lon: float
    lat: float
    n: int
    investment: float


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    fact_id: int
    article_id: int
    subject: str | None
    metric: str
    value: float
    unit: str
    period_start: str | None
    period_end: str | None
    sentence: str


_LIVE = (projects.c.merged_into.is_(None), projects.c.n_articles > 0)


def _gaz() -> Any:
    from xietong.reference.gazetteer import load_gazetteer

    return load_gazetteer()


def _name(code: str) -> str:
    d = _gaz().get(code)
    return d.name if d is not None else code


def projects_by_year_status(conn: Connection) -> list[YearStatus]:
    """Counts and investment of live projects by first year reported and status."""
    rows = conn.execute(
        select(projects.c.first_year, projects.c.status, func.count(),
               func.coalesce(func.sum(projects.c.investment), 0))
        .where(*_LIVE).group_by(projects.c.first_year, projects.c.status)
        .order_by(projects.c.first_year, projects.c.status)).all()
    return [YearStatus(None if y is None else int(y), s, int(n), float(inv))
            for y, s, n, inv in rows]


def city_of(code: str) -> str:
    """The prefecture-level division holding ``code`` (a municipality for its districts)."""
    return prefecture_of(code)


def top_destinations(conn: Connection, limit: int = 15) -> list[Destination]:
    """Prefectures (and municipalities) with the most projects, their counties included."""
    rows = conn.execute(
        select(projects.c.place, func.count(), func.coalesce(func.sum(projects.c.investment), 0))
        .where(*_LIVE, projects.c.place.isnot(None)).group_by(projects.c.place)).all()
    agg: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for place, n, inv in rows:
        a = agg[city_of(str(place))]
        a[0] += int(n)
        a[1] += float(inv or 0)
    top = sorted(agg.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [Destination(c, _name(c), int(v[0]), v[1]) for c, v in top]


def flows(conn: Connection) -> list[Flow]:
    """Origin → destination city → county, counted and summed over live placed projects.

    A project's origin is the province of its parties: 北京 before 天津 before 其他
    (parties elsewhere or unknown)."""
    rank = case((orgs.c.province == "11", 0), (orgs.c.province == "12", 1), else_=2)
    per_project = (
        select(projects.c.id, projects.c.place, projects.c.investment,
               func.min(func.coalesce(rank, 2)).label("origin"))
        .select_from(projects.outerjoin(project_parties,
                                        project_parties.c.project_id == projects.c.id)
                     .outerjoin(orgs, orgs.c.id == project_parties.c.org_id))
        .where(*_LIVE, projects.c.place.isnot(None))
        .group_by(projects.c.id, projects.c.place, projects.c.investment).subquery())
    rows = conn.execute(
        select(per_project.c.origin, per_project.c.place, func.count(),
               func.coalesce(func.sum(per_project.c.investment), 0))
        .group_by(per_project.c.origin, per_project.c.place)).all()
    labels = ("北京", "天津", ELSEWHERE)
    agg: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for origin, place, n, inv in rows:
        code = str(place)
        city = city_of(code)
        county = code if code_prefix(code) == code and code != city else city
        a = agg[(labels[int(origin)], city, county)]
        a[0] += int(n)
        a[1] += float(inv or 0)
    order = {label: i for i, label in enumerate(labels)}
    return [Flow(o, c, _name(c), k, _name(k), int(v[0]), v[1])
            for (o, c, k), v in sorted(agg.items(), key=lambda kv: (order[kv[0][0]], kv[0]))]


def bubbles(conn: Connection) -> list[Bubble]:
    """Live projects grouped by their place, at the gazetteer's centroid of it."""
    rows = conn.execute(
        select(projects.c.place, func.count(), func.coalesce(func.sum(projects.c.investment), 0))
        .where(*_LIVE, projects.c.place.isnot(None)).group_by(projects.c.place)
        .order_by(projects.c.place)).all()
    g = _gaz()
    out = []
    for code, n, inv in rows:
        c = g.centroid(code)
        if c is None:
            continue
        out.append(Bubble(code, _name(code), float(c[0]), float(c[1]), int(n), float(inv)))
    return out


def indicators(conn: Connection, *, subjects: tuple[str, ...] = (), metric: str | None = None,
               limit: int = 200, offset: int = 0) -> list[IndicatorRow]:
    """Indicator facts (not marked wrong), optionally of some subjects (e.g. a place's
    names) or one metric, ordered by subject, metric and period."""
    conds: list[Any] = [facts.c.kind == "indicator", facts.c.wrong.is_(False)]
    if subjects:
        conds.append(or_(*[facts.c.key.like(s.replace("%", "").replace("_", "") + "|%")
                           for s in subjects]))
    rows = conn.execute(select(facts).where(*conds).order_by(facts.c.id)
                        .limit(5000 if metric else limit + offset)).all()
    out = []
    for r in rows:
        f = fact_row(r)
        d = f.data
        if metric and d.get("metric") != metric:
            continue
        per = d.get("period") or [None, None]
        try:
            value = float(d.get("value"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        out.append(IndicatorRow(f.id, f.article_id, d.get("subject"), str(d.get("metric", "")),
                                value, str(d.get("unit", "")), per[0], per[-1], f.sentence))
    out.sort(key=lambda i: (i.subject or "", i.metric, i.period_end or i.period_start or "",
                            i.fact_id))
    return out[offset:offset + limit]


def list_facts(conn: Connection, *, kind: str | None = None, article_id: int | None = None,
               include_wrong: bool = False, limit: int = 50, offset: int = 0) -> list[FactRow]:
    """Facts (curation applied), filtered by kind and article, by id."""
    conds: list[str] = []
    params: dict[str, Any] = {"limit": int(limit), "offset": int(offset)}
    if kind:
        # SQLite would walk the (kind, entity_id) index and sort every fact of the kind;
        # ``+kind`` makes it walk the facts by id and stop after a page
        plus = "+" if conn.dialect.name == "sqlite" and article_id is None else ""
        conds.append(f"{plus}kind = :kind")
        params["kind"] = kind
    if article_id is not None:
        conds.append("article_id = :article_id")
        params["article_id"] = article_id
    if not include_wrong:
        conds.append("wrong = :wrong")
        params["wrong"] = False
    where = ("WHERE " + " AND ".join(conds)) if conds else ""
    return [fact_row(r) for r in fetch(conn, f"SELECT {FACT_COLS} FROM facts {where} "
                                              "ORDER BY id LIMIT :limit OFFSET :offset", params)]


def place_orgs(conn: Connection, adcode: str, limit: int = 50) -> list[tuple[int, str, int]]:
    """Organizations that are parties of projects in a place: (id, name, projects)."""
    pre = code_prefix(adcode)
    root = func.coalesce(orgs.c.merged_into, orgs.c.id)
    rows = conn.execute(
        select(root, func.count(func.distinct(projects.c.id)))
        .select_from(project_parties.join(projects, projects.c.id == project_parties.c.project_id)
                     .join(orgs, orgs.c.id == project_parties.c.org_id))
        .where(*_LIVE, projects.c.place.like(pre + "%"))
        .group_by(root).order_by(func.count(func.distinct(projects.c.id)).desc(), root)
        .limit(limit)).all()
    ids = [int(r[0]) for r in rows]
    names = dict(conn.execute(select(orgs.c.id, orgs.c.name).where(orgs.c.id.in_(ids))).all()) \
        if ids else {}
    return [(int(i), str(names.get(i, i)), int(n)) for i, n in rows]
