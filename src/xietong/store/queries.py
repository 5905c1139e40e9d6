"""Read queries over the ledger, returning typed rows for the CLI, the API and the dashboard.

Every function takes an open :class:`~sqlalchemy.Connection` (``ledger.read()``) and
returns plain frozen dataclasses; nothing here prints or formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sqlalchemy import Connection, and_, case, false, func, or_, select
from sqlalchemy.sql import ColumnElement

from xietong.model import STATUS_ORDER
from xietong.store.tables import (
    articles,
    edits,
    facts,
    org_names,
    orgs,
    places,
    project_events,
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


# --- places -----------------------------------------------------------------------------

def code_prefix(adcode: str) -> str:
    """The prefix of all codes inside a division (130000 → 13, 131100 → 1311)."""
    if len(adcode) == 6 and adcode.isdigit():
        if adcode.endswith("0000"):
            return adcode[:2]
        if adcode.endswith("00"):
            return adcode[:4]
    return adcode


@cache
def _short_names() -> dict[str, tuple[str, ...]]:
    try:
        from xietong.reference.gazetteer import load_gazetteer
    except ImportError:  # pragma: no cover - the gazetteer ships with the package
        return {}
    out: dict[str, list[str]] = {}
    for d in load_gazetteer().divisions.values():
        for n in {d.name, d.short}:
            out.setdefault(n, []).append(d.code)
    return {k: tuple(v) for k, v in out.items()}


def resolve_place(conn: Connection, place: str) -> list[str]:
    """Code prefixes for a place filter: an adcode, a full name or a short name (衡水)."""
    place = place.strip()
    if place.isdigit():
        return [code_prefix(place)]
    codes = list(_short_names().get(place, ()))
    if not codes:
        codes = list(conn.execute(select(places.c.adcode).where(
            or_(places.c.name == place, places.c.name.like(place.replace("%", "") + "_")))
        ).scalars())
    return sorted({code_prefix(c) for c in codes})


def _prefix_cond(col: Any, prefixes: Sequence[str]) -> ColumnElement[bool]:
    if not prefixes:
        return false()
    conds = []
    for p in prefixes:
        if len(p) >= 6:
            conds.append(col == p)
        else:
            hi = p[:-1] + chr(ord(p[-1]) + 1)
            conds.append(and_(col >= p, col < hi))
    return or_(*conds)


def _place_names(conn: Connection, codes: set[str]) -> dict[str, str]:
    codes.discard("")
    if not codes:
        return {}
    got: dict[str, str] = dict(conn.execute(
        select(places.c.adcode, places.c.name).where(places.c.adcode.in_(codes))).all())
    missing = codes - set(got)
    if missing:
        try:
            from xietong.reference.gazetteer import load_gazetteer

            g = load_gazetteer()
            for c in missing:
                d = g.get(c)
                if d is not None:
                    got[c] = d.name
        except ImportError:  # pragma: no cover
            pass
    return got


# --- organizations ----------------------------------------------------------------------

def resolve_orgs(conn: Connection, party: str) -> list[int]:
    """Organization entities (roots) a party filter names: a name, an alias or an id."""
    from xietong.ledger.names import clean_name

    if party.isdigit():
        ids = [int(party)]
    else:
        name = clean_name(party)
        ids = list(conn.execute(select(org_names.c.org_id).where(org_names.c.name == name))
                   .scalars())
        if not ids:
            ids = list(conn.execute(select(orgs.c.id).where(
                or_(orgs.c.key == name, orgs.c.name.like(f"%{name}%")))).scalars())
    if not ids:
        return []
    roots = conn.execute(select(func.coalesce(orgs.c.merged_into, orgs.c.id))
                         .where(orgs.c.id.in_(ids))).scalars()
    return sorted(set(roots))


# --- projects ---------------------------------------------------------------------------

def _project_filter(conn: Connection, place: str | None, party: str | None,
                    status: str | Sequence[str] | None, since: int | None,
                    category: str | None = None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [projects.c.merged_into.is_(None),
                                        projects.c.n_articles > 0]
    if place:
        conds.append(_prefix_cond(projects.c.place, resolve_place(conn, place)))
    if party:
        ids = resolve_orgs(conn, party)
        conds.append(projects.c.id.in_(select(project_parties.c.project_id)
                                       .where(project_parties.c.org_id.in_(ids or [-1]))))
    if status:
        wanted = [status] if isinstance(status, str) else list(status)
        wanted = [s for w in wanted for s in w.split(",") if s]
        if "landed" in wanted:
            wanted = [w for w in wanted if w != "landed"] + list(LANDED)
        conds.append(projects.c.status.in_(wanted))
    if since:
        conds.append(projects.c.first_year >= since)
    if category:
        conds.append(projects.c.category == category)
    return conds


_SORTS: dict[str, Any] = {
    "recent": (projects.c.last_date.desc(), projects.c.id.desc()),
    "oldest": (projects.c.first_date.asc(), projects.c.id.asc()),
    "investment": (projects.c.investment.desc(), projects.c.id.asc()),
    "name": (projects.c.name.asc(), projects.c.id.asc()),
    "status": (projects.c.status_rank.desc(), projects.c.last_date.desc(), projects.c.id.desc()),
    "sources": (projects.c.n_articles.desc(), projects.c.id.desc()),
}


def _project_rows(conn: Connection, rows: Sequence[Any]) -> list[ProjectRow]:
    names = _place_names(conn, {r.place for r in rows if r.place})
    return [ProjectRow(r.id, r.name, r.category, r.place, names.get(r.place or ""), r.status,
                       r.investment, tuple(r.investments or ()), tuple(r.parties or ()),
                       r.signed_date, r.first_date, r.last_date, r.n_articles, r.n_stories)
            for r in rows]


def list_projects(conn: Connection, *, place: str | None = None, party: str | None = None,
                  status: str | Sequence[str] | None = None, since: int | None = None,
                  category: str | None = None, limit: int = 50, offset: int = 0,
                  sort: Sort = "recent") -> list[ProjectRow]:
    """The project ledger, filtered: place (name, short name or code, with its
    sub-divisions), party (organization name or alias), status (one, a comma list, or
    ``landed``), first reported since a year."""
    conds = _project_filter(conn, place, party, status, since, category)
    q = (select(projects).where(*conds).order_by(*_SORTS.get(sort, _SORTS["recent"]))
         .limit(limit).offset(offset))
    return _project_rows(conn, conn.execute(q).all())


def count_projects(conn: Connection, *, place: str | None = None, party: str | None = None,
                   status: str | Sequence[str] | None = None, since: int | None = None,
                   category: str | None = None) -> int:
    """How many projects :func:`list_projects` would give without a limit."""
    conds = _project_filter(conn, place, party, status, since, category)
    return int(conn.execute(select(func.count()).select_from(projects).where(*conds))
               .scalar_one())


def get_project(conn: Connection, project_id: int) -> ProjectDetail | None:
    """A project with its timeline (reports ordered by date, each with its evidence)."""
    r = conn.execute(select(projects).where(projects.c.id == project_id)).first()
    if r is None:
        return None
    if r.merged_into is not None:
        return get_project(conn, int(r.merged_into))
    q = (select(project_events, articles.c.story_id, articles.c.title, articles.c.outlet,
                articles.c.url, articles.c.origin, facts.c.sentence, facts.c.start, facts.c.end)
         .join(articles, articles.c.id == project_events.c.article_id)
         .join(facts, facts.c.id == project_events.c.fact_id)
         .where(project_events.c.project_id == project_id))
    evs = [TimelineEvent(e.fact_id, e.status, e.date, e.published, e.investment, e.name,
                         e.article_id, e.story_id, e.title, e.outlet, e.url, e.origin,
                         e.sentence, e.start, e.end) for e in conn.execute(q)]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    evs.sort(key=lambda e: ((e.date or e.published or "9999"), order.get(e.status, 0),
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
                                        .where(org_names.c.name.like(f"%{q}%"))))
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

    ``by="place"`` groups by destination prefecture (a county counts in its prefecture;
    unplaced projects form the group ""), ``by="year"`` by signing year.
    """
    landed_rank = STATUS_ORDER.index("started")
    signed_rank = STATUS_ORDER.index("signed")
    key: Any = (func.substr(projects.c.place, 1, 4) if by == "place" else projects.c.signed_year)
    rows = conn.execute(
        select(key.label("g"), func.count().label("signed"),
               func.sum(case((projects.c.status_rank >= landed_rank, 1), else_=0))
               .label("landed"))
        .where(projects.c.merged_into.is_(None), projects.c.n_articles > 0,
               projects.c.status_rank >= signed_rank)
        .group_by(key).order_by(key)).all()
    out = []
    names = _place_names(conn, {f"{r.g}00" for r in rows if r.g}) if by == "place" else {}
    for r in rows:
        g = "" if r.g is None else str(r.g)
        if by == "place":
            code = f"{g}00" if len(g) == 4 else g
            label = names.get(code, code or "(unplaced)")
            g = code
        else:
            label = g or "(undated)"
        out.append(RateRow(g, label, int(r.signed), int(r.landed or 0)))
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

def _article_row(r: Any) -> ArticleRow:
    return ArticleRow(r.id, r.doc_id, r.title, r.published, r.outlet, r.url, r.origin,
                      r.story_id, r.extractor)


def _fact_row(r: Any) -> FactRow:
    data = dict(r.data)
    if r.override:
        data.update(r.override)
    return FactRow(r.id, r.article_id, r.kind, r.key, data, dict(r.data), bool(r.wrong),
                   bool(r.override), r.extractor, r.start, r.end, r.sentence, r.entity_id)


def get_article(conn: Connection, article_id: int) -> ArticleDetail | None:
    """An article with its text, facts (curated) and the other articles of its story."""
    r = conn.execute(select(articles).where(articles.c.id == article_id)).first()
    if r is None:
        return None
    fs = conn.execute(select(facts).where(facts.c.article_id == article_id)
                      .order_by(facts.c.kind, facts.c.start, facts.c.id)).all()
    dups: tuple[int, ...] = ()
    if r.story_id is not None:
        dups = tuple(conn.execute(select(articles.c.id).where(
            articles.c.story_id == r.story_id, articles.c.id != r.id).order_by(articles.c.id))
            .scalars())
    return ArticleDetail(_article_row(r), r.text, tuple(r.authors or ()),
                         tuple(_fact_row(f) for f in fs), dups)


def get_fact(conn: Connection, fact_id: int) -> FactRow | None:
    r = conn.execute(select(facts).where(facts.c.id == fact_id)).first()
    return _fact_row(r) if r is not None else None


def list_articles(conn: Connection, *, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
    """Articles, newest publication first."""
    q = (select(articles.c.id, articles.c.doc_id, articles.c.title, articles.c.published,
                articles.c.outlet, articles.c.url, articles.c.origin, articles.c.story_id,
                articles.c.extractor)
         .order_by(articles.c.published.desc(), articles.c.id.desc()).limit(limit).offset(offset))
    return [_article_row(r) for r in conn.execute(q)]


def search_articles(conn: Connection, q: str, *, limit: int = 50) -> list[ArticleRow]:
    """Articles whose title or text contains ``q`` (substring; FTS can replace this)."""
    pat = "%" + q.replace("%", "").replace("_", "") + "%"
    stmt = (select(articles.c.id, articles.c.doc_id, articles.c.title, articles.c.published,
                   articles.c.outlet, articles.c.url, articles.c.origin, articles.c.story_id,
                   articles.c.extractor)
            .where(or_(articles.c.title.like(pat), articles.c.text.like(pat)))
            .order_by(articles.c.published.desc(), articles.c.id.desc()).limit(limit))
    return [_article_row(r) for r in conn.execute(stmt)]
