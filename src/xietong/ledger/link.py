"""Link one stored article into the ledger: organizations, projects, timelines.

Runs in the article's write transaction and is idempotent: the article's previous links
are replaced, so rerunning it (after a re-extraction, a curation or an interrupted ingest)
gives the same ledger.  Facts marked wrong are left out; corrected facts count with their
corrections.

Speed: every statement of the per-article path is built once at import with bound
parameters (SQLAlchemy then skips statement construction and cache-key generation), rows
of one kind go in one executemany, and the entity roots come with the lookups instead of
separate queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update
from sqlalchemy.orm import aliased

from xietong.ledger.names import clean_name, dice, org_key, project_name_key, short_forms
from xietong.model import STATUS_ORDER
from xietong.store.tables import (
    articles,
    edits,
    facts,
    org_names,
    orgs,
    project_events,
    project_parties,
    projects,
)
from xietong.store.write import insert_ignore

STATUS_RANK: dict[str, int] = {s: i for i, s in enumerate(STATUS_ORDER)}
SIGNED = STATUS_RANK["signed"]
STARTED = STATUS_RANK["started"]
DICE_MIN = 0.5


def effective(row: Any) -> dict[str, Any]:
    """A fact's data with its curated corrections applied."""
    d = dict(row.data)
    if row.override:
        d.update(row.override)
    return d


_ARTICLE_FACTS = (select(facts).where(facts.c.article_id == bindparam("b_aid"),
                                      facts.c.kind.in_(("place", "org", "project")))
                  .order_by(facts.c.id))
_PLACE_FACTS = select(facts.c.data, facts.c.override).where(
    facts.c.article_id == bindparam("b_aid"), facts.c.kind == "place",
    facts.c.wrong.is_(False)).order_by(facts.c.id)
_SPLITS = select(edits.c.id, edits.c.action, edits.c.target, edits.c.payload).where(
    edits.c.action.in_(("split_org", "split_project")), edits.c.undone_at.is_(None)
).order_by(edits.c.id)
_ROOT = {t.name: select(t.c.merged_into).where(t.c.id == bindparam("b_id"))
         for t in (orgs, projects)}
_ORGS_BY_KEY = select(orgs.c.id, orgs.c.province, orgs.c.name, orgs.c.merged_into).where(
    orgs.c.key == bindparam("b_key")).order_by(orgs.c.id)
_INSERT_ORG = orgs.insert()
_RENAME_ORG = update(orgs).where(orgs.c.id == bindparam("b_id"))
_PROJECT_BY_KEY = select(projects.c.id, projects.c.merged_into).where(
    projects.c.key == bindparam("b_key"))
_PROJECTS_BY_NAME = select(projects.c.id, projects.c.place, projects.c.merged_into).where(
    projects.c.name_key == bindparam("b_nk")).order_by(projects.c.id)
_PROJECTS_BY_PARTY = (select(projects.c.id, projects.c.name_key, projects.c.place)
                      .join(project_parties, project_parties.c.project_id == projects.c.id)
                      .where(project_parties.c.org_id.in_(bindparam("b_orgs", expanding=True)),
                             projects.c.merged_into.is_(None)).order_by(projects.c.id))
_INSERT_PROJECT = projects.insert()
_SET_ENTITY = update(facts).where(facts.c.id == bindparam("b_fid")).values(
    entity_id=bindparam("b_eid"))
_ARTICLE_EVENTS = select(project_events.c.project_id).where(
    project_events.c.article_id == bindparam("b_aid"))
_DELETE_ARTICLE_EVENTS = delete(project_events).where(
    project_events.c.article_id == bindparam("b_aid"))
_PUBLISHED = select(articles.c.published).where(articles.c.id == bindparam("b_aid"))
_INSERT_EVENTS = project_events.insert()
_PROJECT_EVENTS = (select(project_events, articles.c.story_id)
                   .join(articles, articles.c.id == project_events.c.article_id)
                   .where(project_events.c.project_id == bindparam("b_pid"))
                   .order_by(project_events.c.published, project_events.c.id))
_DELETE_PARTIES = delete(project_parties).where(project_parties.c.project_id == bindparam("b_pid"))
_INSERT_PARTIES = project_parties.insert()
_merged = aliased(orgs)
_ORG_ROOTS = (select(orgs.c.id, func.coalesce(_merged.c.id, orgs.c.id).label("root"),
                     func.coalesce(_merged.c.name, orgs.c.name).label("name"))
              .outerjoin(_merged, _merged.c.id == orgs.c.merged_into)
              .where(orgs.c.id.in_(bindparam("b_ids", expanding=True))))
_UPDATE_PROJECT = update(projects).where(projects.c.id == bindparam("b_pid"))
_COUNT_ORG_ARTICLES = update(orgs).where(orgs.c.id.in_(bindparam("b_ids", expanding=True))).values(
    n_articles=select(func.count(func.distinct(facts.c.article_id))).where(
        facts.c.kind == "org", facts.c.entity_id == orgs.c.id).scalar_subquery())


def _places_of(rows: Iterable[Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in rows:
        d = effective(r)
        for form in short_forms(str(d.get("name") or "")):
            out.setdefault(form, str(d.get("adcode") or ""))
    return out


def article_places(conn: Connection, article_id: int) -> dict[str, str]:
    """Names (full and short) of the places an article names → adcode."""
    return _places_of(conn.execute(_PLACE_FACTS, {"b_aid": article_id}))


def root(conn: Connection, table: Any, ident: int) -> int:
    """Follow ``merged_into`` (kept one level deep) to the entity that stands."""
    m = conn.execute(_ROOT[table.name], {"b_id": ident}).scalar()
    return int(m) if m is not None else ident


def _org_overrides(splits: Iterable[Any]) -> dict[str, str]:
    return {clean_name(e.payload["name"]): f"split:{e.id}" for e in splits
            if e.action == "split_org"}


def _project_overrides(splits: Iterable[Any]) -> dict[tuple[int, str], str]:
    out: dict[tuple[int, str], str] = {}
    for e in splits:
        if e.action == "split_project":
            for ref in e.target["facts"]:
                out[(int(ref["article_id"]), str(ref["key"]))] = f"split:{e.id}"
    return out


def org_overrides(conn: Connection) -> dict[str, str]:
    """Names split off their entity by curation → their own key."""
    return _org_overrides(conn.execute(_SPLITS))


def project_overrides(conn: Connection) -> dict[tuple[int, str], str]:
    """Project facts split off their project by curation → their own key."""
    return _project_overrides(conn.execute(_SPLITS))


def _resolve_org(conn: Connection, name: str, org_type: str, known: Mapping[str, str],
                 aliases: Iterable[str] = (), overrides: Mapping[str, str] | None = None
                 ) -> tuple[int, int]:
    """(raw id, root id) of the organization entity for a name, created when new."""
    cname = clean_name(name)
    if overrides and cname in overrides:
        key, prov = overrides[cname], ""
    else:
        key, prov = org_key(cname, org_type, known)
    rows = conn.execute(_ORGS_BY_KEY, {"b_key": key}).all()
    pick = next((r for r in rows if r.province == prov), None)
    if pick is None:
        pick = next((r for r in rows if r.province == ""), None)
    if pick is None and prov == "" and rows:
        pick = rows[0]
    if pick is None:
        # no (key, province) row yet, and writers hold the lock: a plain insert is safe
        pk = conn.execute(_INSERT_ORG, {"key": key, "province": prov, "name": cname,
                                        "type": org_type, "n_articles": 0}
                          ).inserted_primary_key
        assert pk is not None
        oid = rid = int(pk[0])
    else:
        oid = int(pick.id)
        rid = int(pick.merged_into) if pick.merged_into is not None else oid
        if len(cname) > len(pick.name):
            conn.execute(_RENAME_ORG, {"b_id": oid, "name": cname})
    names = {cname} | {clean_name(a) for a in aliases if a}
    conn.execute(insert_ignore(conn, org_names), [{"org_id": oid, "name": n[:255]}
                                                  for n in sorted(names)])
    return oid, rid


def resolve_org(conn: Connection, name: str, org_type: str, known: Mapping[str, str],
                aliases: Iterable[str] = (), overrides: Mapping[str, str] | None = None) -> int:
    """The organization entity for a name (created when new); returns its raw id."""
    return _resolve_org(conn, name, org_type, known, aliases, overrides)[0]


def _project_by_key(conn: Connection, key: str, name: str | None, name_key: str | None,
                    place: str | None) -> tuple[int, int]:
    row = conn.execute(_PROJECT_BY_KEY, {"b_key": key}).first()
    if row is not None:
        return int(row.id), int(row.merged_into if row.merged_into is not None else row.id)
    pk = conn.execute(_INSERT_PROJECT, {
        "key": key, "name": name, "name_key": name_key, "place": place, "category": "other",
        "status": "unknown", "status_rank": 0, "investments": [], "parties": [],
        "n_articles": 0, "n_stories": 0}).inserted_primary_key
    assert pk is not None
    return int(pk[0]), int(pk[0])


def _compatible(p4: str, place: str | None) -> bool:
    return not p4 or not place or place[:4] == p4


def _find_project(conn: Connection, d: Mapping[str, Any], party_ids: list[int],
                  article_id: int, fact_key: str, forced: str | None = None
                  ) -> tuple[int, int]:
    name = d.get("name") or None
    place = d.get("place") or None
    p4 = place[:4] if place else ""
    nk = project_name_key(name) if name else None
    if forced:
        return _project_by_key(conn, forced, name, nk, place)
    if nk:
        for c in conn.execute(_PROJECTS_BY_NAME, {"b_nk": nk}):
            if _compatible(p4, c.place):
                return int(c.id), int(c.merged_into if c.merged_into is not None else c.id)
        if party_ids:
            best, best_score = None, DICE_MIN
            for cand in conn.execute(_PROJECTS_BY_PARTY, {"b_orgs": party_ids}):
                if cand.name_key and _compatible(p4, cand.place):
                    s = dice(nk, cand.name_key)
                    if s >= best_score and (best is None or s > best_score):
                        best, best_score = int(cand.id), s
            if best is not None:
                return best, best
        return _project_by_key(conn, f"n:{nk}@{p4}", name, nk, place)
    if party_ids:
        key = "p:" + ",".join(str(i) for i in sorted(set(party_ids))) + f"@{p4}"
    else:
        key = f"a:{article_id}:{fact_key}"[:400]
    return _project_by_key(conn, key, name, nk, place)


def find_project(conn: Connection, d: Mapping[str, Any], party_ids: list[int],
                 article_id: int, fact_key: str, forced: str | None = None) -> int:
    """The project a project fact reports (created when new); returns its raw id.

    Same name (and compatible place) → same project; else a project sharing a party
    whose name is similar (bigram Dice ≥ 0.5); else a new one.
    """
    return _find_project(conn, d, party_ids, article_id, fact_key, forced)[0]


def link_article(conn: Connection, article_id: int, *, fresh: bool = False,
                 also_refresh: Iterable[int] = ()) -> set[int]:
    """(Re)link an article's organizations and projects; returns the projects touched.

    ``fresh``: the article was just inserted, so it has no links to undo yet (saves the
    lookups of its previous events).  ``also_refresh``: projects that lost events of this
    article before the call (a re-extraction deleted them) and need recounting.
    """
    rows = conn.execute(_ARTICLE_FACTS, {"b_aid": article_id}).all()
    known = _places_of(r for r in rows if r.kind == "place" and not r.wrong)
    splits = conn.execute(_SPLITS).all() if any(r.kind != "place" for r in rows) else []
    o_over = _org_overrides(splits)
    by_name: dict[str, tuple[int, int]] = {}
    touched_orgs: set[int] = set()
    entity: list[dict[str, Any]] = []
    for r in rows:
        if r.kind != "org":
            continue
        if r.wrong:
            entity.append({"b_fid": r.id, "b_eid": None})
            continue
        d = effective(r)
        ids = _resolve_org(conn, str(d["name"]), str(d.get("type") or "other"), known,
                           d.get("aliases") or (), o_over)
        entity.append({"b_fid": r.id, "b_eid": ids[0]})
        touched_orgs.add(ids[0])
        for n in [d["name"], *(d.get("aliases") or ())]:
            by_name[clean_name(str(n))] = ids
    touched = set(also_refresh)
    if not fresh:
        touched.update(int(p) for p in conn.execute(_ARTICLE_EVENTS, {"b_aid": article_id})
                       .scalars())
        conn.execute(_DELETE_ARTICLE_EVENTS, {"b_aid": article_id})
    p_over = _project_overrides(splits)
    events: list[dict[str, Any]] = []
    pub: str | None = None
    for r in rows:
        if r.kind != "project":
            continue
        if r.wrong:
            entity.append({"b_fid": r.id, "b_eid": None})
            continue
        if not events and pub is None:
            pub = conn.execute(_PUBLISHED, {"b_aid": article_id}).scalar() or ""
        d = effective(r)
        party_ids: list[int] = []
        for p in d.get("parties") or ():
            found = by_name.get(clean_name(str(p)))
            if found is None:
                found = _resolve_org(conn, str(p), "enterprise", known, (), o_over)
                touched_orgs.add(found[0])
            if found[1] not in party_ids:
                party_ids.append(found[1])
        raw, pid = _find_project(conn, d, party_ids, article_id, r.key,
                                 p_over.get((article_id, r.key)))
        entity.append({"b_fid": r.id, "b_eid": raw})
        inv = d.get("investment")
        events.append({
            "project_id": pid, "fact_id": r.id, "article_id": article_id, "name": d.get("name"),
            "category": d.get("category") or "other", "place": d.get("place") or None,
            "investment": float(inv) if isinstance(inv, int | float) else None,
            "status": d.get("status") or "unknown", "date": (d.get("date") or None),
            "published": (pub[:10] if pub else None), "parties": party_ids})
        touched.add(pid)
    if entity:
        conn.execute(_SET_ENTITY, entity)
    if events:
        conn.execute(_INSERT_EVENTS, events)
    refresh_projects(conn, touched)
    refresh_orgs(conn, touched_orgs)
    return touched


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


_EMPTY_PROJECT: dict[str, Any] = {
    "status": "unknown", "status_rank": 0, "n_articles": 0, "n_stories": 0, "investment": None,
    "investments": [], "parties": [], "signed_date": None, "signed_year": None,
    "first_date": None, "first_year": None, "last_date": None}


def refresh_projects(conn: Connection, ids: Iterable[int]) -> None:
    """Recompute the ledger columns of projects from their events."""
    for pid in sorted(set(ids)):
        evs = conn.execute(_PROJECT_EVENTS, {"b_pid": pid}).all()
        conn.execute(_DELETE_PARTIES, {"b_pid": pid})
        if not evs:
            conn.execute(_UPDATE_PROJECT, {"b_pid": pid, **_EMPTY_PROJECT})
            continue
        names = Counter(e.name for e in evs if e.name)
        name = max(names, key=lambda n: (names[n], len(n))) if names else None
        cats = Counter(e.category for e in evs if e.category and e.category != "other")
        category = cats.most_common(1)[0][0] if cats else "other"
        places = Counter(e.place for e in evs if e.place)
        place = (max(places, key=lambda p: (places[p], len(p.rstrip("0")), p))
                 if places else None)
        best = max(evs, key=lambda e: (STATUS_RANK.get(e.status, 0), e.date or ""))
        rank = STATUS_RANK.get(best.status, 0)
        invs = [e.investment for e in evs if e.investment is not None]
        signed = sorted(e.date for e in evs if e.date and STATUS_RANK.get(e.status, 0) == SIGNED)
        dated = sorted(e.date or e.published for e in evs if e.date or e.published)
        signed_date = signed[0] if signed else (dated[0] if rank >= SIGNED and dated else None)
        raw_parties = list(dict.fromkeys(int(o) for e in evs for o in e.parties or ()))
        party_ids: list[int] = []
        pnames: list[str] = []
        if raw_parties:
            got = {int(r.id): (int(r.root), str(r.name))
                   for r in conn.execute(_ORG_ROOTS, {"b_ids": raw_parties})}
            for o in raw_parties:
                rid = got[o][0] if o in got else o
                if rid not in party_ids:
                    party_ids.append(rid)
                    if o in got:
                        pnames.append(got[o][1])
            conn.execute(_INSERT_PARTIES, [{"project_id": pid, "org_id": o} for o in party_ids])
        conn.execute(_UPDATE_PROJECT, {
            "b_pid": pid, "name": name, "name_key": project_name_key(name) if name else None,
            "category": category, "place": place, "status": STATUS_ORDER[rank],
            "status_rank": rank, "investment": invs[-1] if invs else None,
            "investments": sorted(set(invs)), "parties": pnames,
            "signed_date": signed_date, "signed_year": _year(signed_date),
            "first_date": dated[0][:10] if dated else None,
            "first_year": _year(dated[0]) if dated else None,
            "last_date": dated[-1][:10] if dated else None,
            "n_articles": len({e.article_id for e in evs}),
            "n_stories": len({e.story_id or e.article_id for e in evs})})


def refresh_orgs(conn: Connection, ids: Iterable[int]) -> None:
    """Recompute how many articles name each organization (one statement)."""
    todo = sorted(set(ids))
    if todo:
        conn.execute(_COUNT_ORG_ARTICLES, {"b_ids": todo})
