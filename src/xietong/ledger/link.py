"""Link one stored article into the ledger: organizations, projects, timelines.

Runs in the article's write transaction and is idempotent: the article's previous links
are replaced, so rerunning it (after a re-extraction, a curation or an interrupted ingest)
gives the same ledger.  Facts marked wrong are left out; corrected facts count with their
corrections.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

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


def article_places(conn: Connection, article_id: int) -> dict[str, str]:
    """Names (full and short) of the places an article names → adcode."""
    out: dict[str, str] = {}
    for r in conn.execute(select(facts.c.data, facts.c.override).where(
            facts.c.article_id == article_id, facts.c.kind == "place",
            facts.c.wrong.is_(False))):
        d = effective(r)
        for form in short_forms(str(d.get("name") or "")):
            out.setdefault(form, str(d.get("adcode") or ""))
    return out


def root(conn: Connection, table: Any, ident: int) -> int:
    """Follow ``merged_into`` (kept one level deep) to the entity that stands."""
    m = conn.execute(select(table.c.merged_into).where(table.c.id == ident)).scalar()
    return int(m) if m is not None else ident


def _active(conn: Connection, action: str) -> list[Any]:
    return list(conn.execute(select(edits.c.id, edits.c.target, edits.c.payload).where(
        edits.c.action == action, edits.c.undone_at.is_(None)).order_by(edits.c.id)))


def org_overrides(conn: Connection) -> dict[str, str]:
    """Names split off their entity by curation → their own key."""
    return {clean_name(e.payload["name"]): f"split:{e.id}" for e in _active(conn, "split_org")}


def project_overrides(conn: Connection) -> dict[tuple[int, str], str]:
    """Project facts split off their project by curation → their own key."""
    out: dict[tuple[int, str], str] = {}
    for e in _active(conn, "split_project"):
        for ref in e.target["facts"]:
            out[(int(ref["article_id"]), str(ref["key"]))] = f"split:{e.id}"
    return out


def resolve_org(conn: Connection, name: str, org_type: str, known: Mapping[str, str],
                aliases: Iterable[str] = (), overrides: Mapping[str, str] | None = None) -> int:
    """The organization entity for a name (created when new); returns its raw id."""
    cname = clean_name(name)
    if overrides and cname in overrides:
        key, prov = overrides[cname], ""
    else:
        key, prov = org_key(cname, org_type, known)
    rows = conn.execute(select(orgs.c.id, orgs.c.province, orgs.c.name)
                        .where(orgs.c.key == key).order_by(orgs.c.id)).all()
    pick = next((r for r in rows if r.province == prov), None)
    if pick is None:
        pick = next((r for r in rows if r.province == ""), None)
    if pick is None and prov == "" and rows:
        pick = rows[0]
    if pick is None:
        conn.execute(insert_ignore(conn, orgs).values(key=key, province=prov, name=cname,
                                                      type=org_type, n_articles=0))
        oid = int(conn.execute(select(orgs.c.id).where(
            orgs.c.key == key, orgs.c.province == prov)).scalar_one())
    else:
        oid = int(pick.id)
        if len(cname) > len(pick.name):
            conn.execute(update(orgs).where(orgs.c.id == oid).values(name=cname))
    names = {cname} | {clean_name(a) for a in aliases if a}
    conn.execute(insert_ignore(conn, org_names), [{"org_id": oid, "name": n[:255]}
                                                  for n in sorted(names)])
    return oid


def _project_by_key(conn: Connection, key: str, name: str | None, name_key: str | None,
                    place: str | None) -> int:
    conn.execute(insert_ignore(conn, projects).values(
        key=key, name=name, name_key=name_key, place=place, category="other",
        status="unknown", status_rank=0, investments=[], parties=[], n_articles=0,
        n_stories=0))
    return int(conn.execute(select(projects.c.id).where(projects.c.key == key)).scalar_one())


def _compatible(p4: str, place: str | None) -> bool:
    return not p4 or not place or place[:4] == p4


def find_project(conn: Connection, d: Mapping[str, Any], party_ids: list[int],
                 article_id: int, fact_key: str, forced: str | None = None) -> int:
    """The project a project fact reports (created when new); returns its raw id.

    Same name (and compatible place) → same project; else a project sharing a party
    whose name is similar (bigram Dice ≥ 0.5); else a new one.
    """
    name = d.get("name") or None
    place = d.get("place") or None
    p4 = place[:4] if place else ""
    nk = project_name_key(name) if name else None
    if forced:
        return _project_by_key(conn, forced, name, nk, place)
    if nk:
        for c in conn.execute(select(projects.c.id, projects.c.place)
                              .where(projects.c.name_key == nk).order_by(projects.c.id)):
            if _compatible(p4, c.place):
                return int(c.id)
        if party_ids:
            best, best_score = None, DICE_MIN
            q = (select(projects.c.id, projects.c.name_key, projects.c.place)
                 .join(project_parties, project_parties.c.project_id == projects.c.id)
                 .where(project_parties.c.org_id.in_(party_ids),
                        projects.c.merged_into.is_(None)).order_by(projects.c.id))
            for cand in conn.execute(q):
                if cand.name_key and _compatible(p4, cand.place):
                    s = dice(nk, cand.name_key)
                    if s >= best_score and (best is None or s > best_score):
                        best, best_score = int(cand.id), s
            if best is not None:
                return best
        return _project_by_key(conn, f"n:{nk}@{p4}", name, nk, place)
    if party_ids:
        key = "p:" + ",".join(str(i) for i in sorted(set(party_ids))) + f"@{p4}"
    else:
        key = f"a:{article_id}:{fact_key}"[:400]
    return _project_by_key(conn, key, name, nk, place)


def link_article(conn: Connection, article_id: int) -> set[int]:
    """(Re)link an article's organizations and projects; returns the projects touched."""
    rows = conn.execute(select(facts).where(facts.c.article_id == article_id,
                                            facts.c.kind.in_(("org", "project")))
                        .order_by(facts.c.id)).all()
    known = article_places(conn, article_id)
    o_over = org_overrides(conn)
    by_name: dict[str, int] = {}
    touched_orgs: set[int] = set()
    for r in rows:
        if r.kind != "org":
            continue
        if r.wrong:
            conn.execute(update(facts).where(facts.c.id == r.id).values(entity_id=None))
            continue
        d = effective(r)
        oid = resolve_org(conn, str(d["name"]), str(d.get("type") or "other"), known,
                          d.get("aliases") or (), o_over)
        conn.execute(update(facts).where(facts.c.id == r.id).values(entity_id=oid))
        touched_orgs.add(oid)
        for n in [d["name"], *(d.get("aliases") or ())]:
            by_name[clean_name(str(n))] = oid
    touched = {int(p) for p in conn.execute(
        select(project_events.c.project_id).where(project_events.c.article_id == article_id))
        .scalars()}
    conn.execute(delete(project_events).where(project_events.c.article_id == article_id))
    p_over = project_overrides(conn)
    pub = conn.execute(select(articles.c.published).where(articles.c.id == article_id)).scalar()
    for r in rows:
        if r.kind != "project":
            continue
        if r.wrong:
            conn.execute(update(facts).where(facts.c.id == r.id).values(entity_id=None))
            continue
        d = effective(r)
        party_ids: list[int] = []
        for p in d.get("parties") or ():
            found = by_name.get(clean_name(str(p)))
            if found is None:
                oid = resolve_org(conn, str(p), "enterprise", known, (), o_over)
                touched_orgs.add(oid)
            else:
                oid = found
            rid = root(conn, orgs, oid)
            if rid not in party_ids:
                party_ids.append(rid)
        raw = find_project(conn, d, party_ids, article_id, r.key, p_over.get((article_id, r.key)))
        pid = root(conn, projects, raw)
        conn.execute(update(facts).where(facts.c.id == r.id).values(entity_id=raw))
        inv = d.get("investment")
        conn.execute(project_events.insert().values(
            project_id=pid, fact_id=r.id, article_id=article_id, name=d.get("name"),
            category=d.get("category") or "other", place=d.get("place") or None,
            investment=float(inv) if isinstance(inv, int | float) else None,
            status=d.get("status") or "unknown", date=(d.get("date") or None),
            published=(pub[:10] if pub else None), parties=party_ids))
        touched.add(pid)
    refresh_projects(conn, touched)
    refresh_orgs(conn, touched_orgs)
    return touched


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def refresh_projects(conn: Connection, ids: Iterable[int]) -> None:
    """Recompute the ledger columns of projects from their events."""
    for pid in sorted(set(ids)):
        evs = conn.execute(
            select(project_events, articles.c.story_id)
            .join(articles, articles.c.id == project_events.c.article_id)
            .where(project_events.c.project_id == pid)
            .order_by(project_events.c.published, project_events.c.id)).all()
        conn.execute(delete(project_parties).where(project_parties.c.project_id == pid))
        if not evs:
            conn.execute(update(projects).where(projects.c.id == pid).values(
                status="unknown", status_rank=0, n_articles=0, n_stories=0, investment=None,
                investments=[], parties=[], signed_date=None, signed_year=None,
                first_date=None, first_year=None, last_date=None))
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
        for e in evs:
            for o in e.parties or ():
                rid = root(conn, orgs, int(o))
                if rid not in party_ids:
                    party_ids.append(rid)
        pnames = []
        if party_ids:
            conn.execute(insert_ignore(conn, project_parties),
                         [{"project_id": pid, "org_id": o} for o in party_ids])
            got = dict(conn.execute(select(orgs.c.id, orgs.c.name)
                                    .where(orgs.c.id.in_(party_ids))).all())
            pnames = [got[o] for o in party_ids if o in got]
        conn.execute(update(projects).where(projects.c.id == pid).values(
            name=name, name_key=project_name_key(name) if name else None,
            category=category, place=place, status=STATUS_ORDER[rank], status_rank=rank,
            investment=invs[-1] if invs else None,
            investments=sorted(set(invs)), parties=pnames,
            signed_date=signed_date, signed_year=_year(signed_date),
            first_date=dated[0][:10] if dated else None,
            first_year=_year(dated[0]) if dated else None,
            last_date=dated[-1][:10] if dated else None,
            n_articles=len({e.article_id for e in evs}),
            n_stories=len({e.story_id or e.article_id for e in evs})))


def refresh_orgs(conn: Connection, ids: Iterable[int]) -> None:
    """Recompute how many articles name each organization."""
    for oid in sorted(set(ids)):
        n = conn.execute(select(func.count(func.distinct(facts.c.article_id))).where(
            facts.c.kind == "org", facts.c.entity_id == oid)).scalar_one()
        conn.execute(update(orgs).where(orgs.c.id == oid).values(n_articles=n))
