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
_PARTIES_OF = select(project_parties.c.org_id).where(
    project_parties.c.project_id == bindparam("b_pid"))
_INSERT_PROJECT = projects.insert()
_SET_ENTITY = update(facts).where(facts.c.id == bindparam("b_fid")).values(
    entity_id=bindparam("b_eid"))
_ARTICLE_EVENTS = select(project_events.c.project_id).where(
    project_events.c.article_id == bindparam("b_aid"))
_DELETE_ARTICLE_EVENTS = delete(project_events).where(
    project_events.c.article_id == bindparam("b_aid"))
_PUBLISHED = select(articles.c.published).where(articles.c.id == bindparam("b_aid"))
_INSERT_EVENTS = project_events.insert()
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


_ORGS_BY_KEYS = select(orgs.c.key, orgs.c.id, orgs.c.province, orgs.c.name,
                       orgs.c.merged_into).where(
    orgs.c.key.in_(bindparam("b_keys", expanding=True))).order_by(orgs.c.id)


class _Orgs:
    """Organization lookups of one article: the rows of every key it needs are fetched
    in one query, new entities and longer names are tracked in memory, and the names
    seen are inserted in one statement at :meth:`flush`."""

    def __init__(self, conn: Connection, known: Mapping[str, str],
                 overrides: Mapping[str, str] | None) -> None:
        self.conn, self.known, self.overrides = conn, known, overrides or {}
        self.rows: dict[str, list[list[Any]]] = {}   # key → [id, province, name, root]
        self.names: set[tuple[int, str]] = set()
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}

    def key(self, cname: str, org_type: str) -> tuple[str, str]:
        if cname in self.overrides:
            return self.overrides[cname], ""
        got = self.keys.get((cname, org_type))
        if got is None:
            got = self.keys[(cname, org_type)] = org_key(cname, org_type, self.known)
        return got

    def prefetch(self, keys: Iterable[str]) -> None:
        todo = sorted({k for k in keys if k not in self.rows})
        for lo in range(0, len(todo), 500):
            chunk = todo[lo:lo + 500]
            for k in chunk:
                self.rows[k] = []
            for r in self.conn.execute(_ORGS_BY_KEYS, {"b_keys": chunk}):
                self.rows[r.key].append([int(r.id), r.province, r.name,
                                         int(r.merged_into if r.merged_into is not None
                                             else r.id)])

    def resolve(self, name: str, org_type: str, aliases: Iterable[str] = ()) -> tuple[int, int]:
        """(raw id, root id) of the entity for a name, created when new."""
        cname = clean_name(name)
        key, prov = self.key(cname, org_type)
        self.prefetch((key,))
        rows = self.rows[key]
        pick = next((r for r in rows if r[1] == prov), None)
        if pick is None:
            pick = next((r for r in rows if r[1] == ""), None)
        if pick is None and prov == "" and rows:
            pick = rows[0]
        if pick is None:
            # no (key, province) row yet, and writers hold the lock: a plain insert is safe
            pk = self.conn.execute(_INSERT_ORG, {"key": key, "province": prov, "name": cname,
                                                 "type": org_type, "n_articles": 0}
                                   ).inserted_primary_key
            assert pk is not None
            pick = [int(pk[0]), prov, cname, int(pk[0])]
            rows.append(pick)
        elif len(cname) > len(pick[2]):
            self.conn.execute(_RENAME_ORG, {"b_id": pick[0], "name": cname})
            pick[2] = cname
        self.names.add((pick[0], cname[:255]))
        self.names.update((pick[0], clean_name(a)[:255]) for a in aliases if a)
        return pick[0], pick[3]

    def flush(self) -> None:
        if self.names:
            self.conn.execute(insert_ignore(self.conn, org_names),
                              [{"org_id": o, "name": n} for o, n in sorted(self.names)])
            self.names.clear()


def _resolve_org(conn: Connection, name: str, org_type: str, known: Mapping[str, str],
                 aliases: Iterable[str] = (), overrides: Mapping[str, str] | None = None
                 ) -> tuple[int, int]:
    """(raw id, root id) of the organization entity for a name, created when new."""
    res = _Orgs(conn, known, overrides)
    out = res.resolve(name, org_type, aliases)
    res.flush()
    return out


def resolve_org(conn: Connection, name: str, org_type: str, known: Mapping[str, str],
                aliases: Iterable[str] = (), overrides: Mapping[str, str] | None = None) -> int:
    """The organization entity for a name (created when new); returns its raw id."""
    return _resolve_org(conn, name, org_type, known, aliases, overrides)[0]


_PROJECTS_BY_NAMES = select(projects.c.name_key, projects.c.id, projects.c.place,
                            projects.c.merged_into).where(
    projects.c.name_key.in_(bindparam("b_nks", expanding=True))).order_by(projects.c.id)


class _Names:
    """Projects by name key for one article: fetched in one query, new ones added."""

    def __init__(self, conn: Connection, nks: Iterable[str]) -> None:
        self.rows: dict[str, list[tuple[int, str | None, int]]] = {}
        todo = sorted(set(nks))
        for lo in range(0, len(todo), 500):
            chunk = todo[lo:lo + 500]
            for k in chunk:
                self.rows[k] = []
            for r in conn.execute(_PROJECTS_BY_NAMES, {"b_nks": chunk}):
                self.rows[r.name_key].append(
                    (int(r.id), r.place, int(r.merged_into if r.merged_into is not None
                                             else r.id)))

    def get(self, conn: Connection, nk: str) -> list[tuple[int, str | None, int]]:
        if nk not in self.rows:
            self.rows[nk] = [(int(r.id), r.place, int(r.merged_into if r.merged_into
                                                      is not None else r.id))
                             for r in conn.execute(_PROJECTS_BY_NAME, {"b_nk": nk})]
        return self.rows[nk]


def _project_by_key(conn: Connection, key: str, name: str | None, name_key: str | None,
                    place: str | None, names: _Names | None = None) -> tuple[int, int]:
    row = conn.execute(_PROJECT_BY_KEY, {"b_key": key}).first()
    if row is not None:
        return int(row.id), int(row.merged_into if row.merged_into is not None else row.id)
    pk = conn.execute(_INSERT_PROJECT, {
        "key": key, "name": name, "name_key": name_key, "place": place, "category": "other",
        "status": "unknown", "status_rank": 0, "investments": [], "parties": [],
        "n_articles": 0, "n_stories": 0}).inserted_primary_key
    assert pk is not None
    if names is not None and name_key:
        names.get(conn, name_key).append((int(pk[0]), place, int(pk[0])))
    return int(pk[0]), int(pk[0])


def _compatible(p4: str, place: str | None) -> bool:
    return not p4 or not place or place[:4] == p4


def _find_project(conn: Connection, d: Mapping[str, Any], party_ids: list[int],
                  article_id: int, fact_key: str, forced: str | None = None,
                  names: _Names | None = None) -> tuple[int, int]:
    name = d.get("name") or None
    place = d.get("place") or None
    p4 = place[:4] if place else ""
    nk = project_name_key(name) if name else None
    if forced:
        return _project_by_key(conn, forced, name, nk, place, names)
    if nk:
        names = names or _Names(conn, ())
        for cid, cplace, croot in names.get(conn, nk):
            if _compatible(p4, cplace):
                return cid, croot
        if party_ids:
            best, best_score = None, DICE_MIN
            mine = set(party_ids)
            for cand in conn.execute(_PROJECTS_BY_PARTY, {"b_orgs": party_ids}):
                if cand.name_key and _compatible(p4, cand.place):
                    theirs = {int(r[0]) for r in conn.execute(_PARTIES_OF, {"b_pid": cand.id})}
                    if mine - theirs and theirs - mine:
                        continue   # a shared party but other counterparts: another undertaking
                    s = dice(nk, cand.name_key)
                    if s >= best_score and (best is None or s > best_score):
                        best, best_score = int(cand.id), s
            if best is not None:
                return best, best
        return _project_by_key(conn, f"n:{nk}@{p4}", name, nk, place, names)
    if party_ids:
        key = "p:" + ",".join(str(i) for i in sorted(set(party_ids))) + f"@{p4}"
    else:
        key = f"a:{article_id}:{fact_key}"[:400]
    return _project_by_key(conn, key, name, nk, place, names)


def find_project(conn: Connection, d: Mapping[str, Any], party_ids: list[int],
                 article_id: int, fact_key: str, forced: str | None = None) -> int:
    """The project a project fact reports (created when new); returns its raw id.

    Same name (and compatible place) → same project; else a project sharing a party,
    with no counterpart of its own that this fact lacks (and vice versa), whose name is
    similar (bigram Dice ≥ 0.5); else a new one.
    """
    return _find_project(conn, d, party_ids, article_id, fact_key, forced)[0]


def link_article(conn: Connection, article_id: int, *, fresh: bool = False,
                 also_refresh: Iterable[int] = (), also_refresh_orgs: Iterable[int] = ()
                 ) -> set[int]:
    """(Re)link an article's organizations and projects; returns the projects touched.

    ``fresh``: the article was just inserted, so it has no links to undo yet (saves the
    lookups of its previous events).  ``also_refresh``/``also_refresh_orgs``: projects
    and organizations that lost events or facts of this article before the call (a
    re-extraction deleted them) and need recounting.
    """
    rows = conn.execute(_ARTICLE_FACTS, {"b_aid": article_id}).all()
    known = _places_of(r for r in rows if r.kind == "place" and not r.wrong)
    splits = conn.execute(_SPLITS).all() if any(r.kind != "place" for r in rows) else []
    resolver = _Orgs(conn, known, _org_overrides(splits))
    data = {r.id: effective(r) for r in rows if r.kind != "place" and not r.wrong}
    keys = []
    for r in rows:
        d = data.get(r.id)
        if d is None:
            continue
        if r.kind == "org":
            keys.append(resolver.key(clean_name(str(d["name"])), str(d.get("type") or "other"))[0])
        else:
            keys.extend(resolver.key(clean_name(str(p)), "enterprise")[0]
                        for p in d.get("parties") or ())
    resolver.prefetch(keys)
    by_name: dict[str, tuple[int, int]] = {}
    # organizations the article named before (a relink may move its facts elsewhere)
    touched_orgs = set(also_refresh_orgs) | {int(r.entity_id) for r in rows
                                             if r.kind == "org" and r.entity_id is not None}
    entity: list[dict[str, Any]] = []
    for r in rows:
        if r.kind != "org":
            continue
        if r.wrong:
            entity.append({"b_fid": r.id, "b_eid": None})
            continue
        d = data[r.id]
        ids = resolver.resolve(str(d["name"]), str(d.get("type") or "other"),
                               d.get("aliases") or ())
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
    names = _Names(conn, [project_name_key(str(d["name"])) for r in rows
                          if r.kind == "project" and (d := data.get(r.id)) and d.get("name")])
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
        d = data[r.id]
        party_ids: list[int] = []
        for p in d.get("parties") or ():
            found = by_name.get(clean_name(str(p)))
            if found is None:
                found = resolver.resolve(str(p), "enterprise")
                touched_orgs.add(found[0])
            if found[1] not in party_ids:
                party_ids.append(found[1])
        raw, pid = _find_project(conn, d, party_ids, article_id, r.key,
                                 p_over.get((article_id, r.key)), names)
        entity.append({"b_fid": r.id, "b_eid": raw})
        inv = d.get("investment")
        events.append({
            "project_id": pid, "fact_id": r.id, "article_id": article_id, "name": d.get("name"),
            "category": d.get("category") or "other", "place": d.get("place") or None,
            "investment": float(inv) if isinstance(inv, int | float) else None,
            "status": d.get("status") or "unknown", "date": (d.get("date") or None),
            "published": (pub[:10] if pub else None), "parties": party_ids})
        touched.add(pid)
    resolver.flush()
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


_EVENTS_OF_PROJECTS = (select(project_events, articles.c.story_id)
                       .join(articles, articles.c.id == project_events.c.article_id)
                       .where(project_events.c.project_id.in_(bindparam("b_pids",
                                                                        expanding=True)))
                       .order_by(project_events.c.project_id, project_events.c.published,
                                 project_events.c.id))
_DELETE_PARTIES_OF = delete(project_parties).where(
    project_parties.c.project_id.in_(bindparam("b_pids", expanding=True)))
_CHUNK = 500


def refresh_projects(conn: Connection, ids: Iterable[int]) -> None:
    """Recompute the ledger columns of projects from their events (a few statements per
    500 projects, whatever their number)."""
    todo = sorted(set(ids))
    for lo in range(0, len(todo), _CHUNK):
        _refresh_chunk(conn, todo[lo:lo + _CHUNK])


def _refresh_chunk(conn: Connection, pids: list[int]) -> None:
    by_pid: dict[int, list[Any]] = {p: [] for p in pids}
    for e in conn.execute(_EVENTS_OF_PROJECTS, {"b_pids": pids}):
        by_pid[int(e.project_id)].append(e)
    conn.execute(_DELETE_PARTIES_OF, {"b_pids": pids})
    raw = sorted({int(o) for evs in by_pid.values() for e in evs for o in e.parties or ()})
    got: dict[int, tuple[int, str]] = {}
    for lo in range(0, len(raw), _CHUNK):
        got.update((int(r.id), (int(r.root), str(r.name)))
                   for r in conn.execute(_ORG_ROOTS, {"b_ids": raw[lo:lo + _CHUNK]}))
    empty: list[dict[str, Any]] = []
    full: list[dict[str, Any]] = []
    parties: list[dict[str, Any]] = []
    for pid, evs in by_pid.items():
        if not evs:
            empty.append({"b_pid": pid, **_EMPTY_PROJECT})
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
        party_ids: list[int] = []
        pnames: list[str] = []
        for o in dict.fromkeys(int(o) for e in evs for o in e.parties or ()):
            rid = got[o][0] if o in got else o
            if rid not in party_ids:
                party_ids.append(rid)
                if o in got:
                    pnames.append(got[o][1])
        parties.extend({"project_id": pid, "org_id": o} for o in party_ids)
        full.append({
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
    if parties:
        conn.execute(_INSERT_PARTIES, parties)
    for batch in (empty, full):
        if batch:
            conn.execute(_UPDATE_PROJECT, batch)


def refresh_orgs(conn: Connection, ids: Iterable[int]) -> None:
    """Recompute how many articles name each organization (one statement)."""
    todo = sorted(set(ids))
    if todo:
        conn.execute(_COUNT_ORG_ARTICLES, {"b_ids": todo})
