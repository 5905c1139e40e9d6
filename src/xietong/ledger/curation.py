"""Curation: correct a fact, mark it wrong, merge or split organizations and projects.

Every change is an ``edits`` row (who, when, what) and can be undone.  Fact edits target
the stable fact key (article, kind, key), not the row, and :func:`reapply_article` puts
them back after a re-extraction; merges live on the entities (``merged_into``), which
re-extraction never deletes.  Each function runs in the caller's write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, null, or_, select, update

from xietong.errors import ConfigError
from xietong.ledger.link import link_article, refresh_projects, root
from xietong.store.tables import edits, facts, orgs, project_events, project_parties, projects
from xietong.store.write import now

FACT_FIELDS = {
    "place": {"adcode", "name"},
    "org": {"name", "type"},
    "amount": {"value", "currency", "qualifier"},
    "project": {"name", "category", "parties", "place", "investment", "status", "date"},
    "indicator": {"subject", "metric", "value", "unit", "qualifier", "period"},
}


@dataclass(frozen=True, slots=True)
class EditRow:
    """One recorded curation."""

    id: int
    at: datetime
    author: str
    action: str
    target: dict[str, Any]
    payload: dict[str, Any]
    undone_at: datetime | None
    undone_by: str | None


def _record(conn: Connection, author: str, action: str, target: dict[str, Any],
            payload: dict[str, Any], article_id: int | None = None) -> int:
    res = conn.execute(edits.insert().values(at=now(), author=author, action=action,
                                             target=target, payload=payload,
                                             article_id=article_id))
    pk = res.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def _fact(conn: Connection, fact_id: int) -> Any:
    row = conn.execute(select(facts).where(facts.c.id == fact_id)).first()
    if row is None:
        raise ConfigError(f"no fact {fact_id}")
    return row


_FACT_EDITS = select(edits.c.action, edits.c.target, edits.c.payload).where(
    edits.c.article_id == bindparam("b_aid"), edits.c.undone_at.is_(None),
    edits.c.action.in_(("correct", "wrong"))).order_by(edits.c.id)
_RESET_FACTS = update(facts).where(facts.c.article_id == bindparam("b_aid")).values(
    override=null(), wrong=False)   # SQL NULL, as on a fresh fact (not JSON null)


def reapply_article(conn: Connection, article_id: int, *, fresh: bool = False) -> None:
    """Rebuild the corrections of an article's facts from the active edits.

    ``fresh``: the facts were just inserted (no corrections on them yet), so only the
    edits lookup runs — the common case of ingest, one cheap indexed query.
    """
    if not fresh:
        conn.execute(_RESET_FACTS, {"b_aid": article_id})
    rows = conn.execute(_FACT_EDITS, {"b_aid": article_id}).all()
    for e in rows:
        cond = (facts.c.article_id == article_id, facts.c.kind == e.target["kind"],
                facts.c.key == e.target["key"])
        cur = conn.execute(select(facts.c.id, facts.c.override).where(*cond)).first()
        if cur is None:
            continue  # the fact is gone from this extraction; the edit waits
        if e.action == "correct":
            merged = dict(cur.override or {})
            merged.update(e.payload["changes"])
            conn.execute(update(facts).where(facts.c.id == cur.id).values(override=merged))
        else:
            conn.execute(update(facts).where(facts.c.id == cur.id)
                         .values(wrong=bool(e.payload.get("wrong", True))))


def correct_fact(conn: Connection, fact_id: int, changes: dict[str, Any], author: str) -> int:
    """Correct fields of a fact (e.g. ``{"status": "operating"}``); returns the edit id."""
    row = _fact(conn, fact_id)
    bad = set(changes) - FACT_FIELDS.get(row.kind, set())
    if bad or not changes:
        raise ConfigError(f"cannot set {', '.join(sorted(bad)) or 'nothing'} on a {row.kind} fact "
                          f"(fields: {', '.join(sorted(FACT_FIELDS.get(row.kind, ())))})")
    eid = _record(conn, author, "correct", {"article_id": row.article_id, "kind": row.kind,
                                            "key": row.key}, {"changes": changes},
                  row.article_id)
    reapply_article(conn, row.article_id)
    link_article(conn, row.article_id)
    return eid


def mark_wrong(conn: Connection, fact_id: int, author: str, wrong: bool = True) -> int:
    """Mark a fact wrong (it leaves the ledger) or right again; returns the edit id."""
    row = _fact(conn, fact_id)
    eid = _record(conn, author, "wrong", {"article_id": row.article_id, "kind": row.kind,
                                          "key": row.key}, {"wrong": wrong}, row.article_id)
    reapply_article(conn, row.article_id)
    link_article(conn, row.article_id)
    return eid


def _exists(conn: Connection, table: Any, ident: int, what: str) -> None:
    if conn.execute(select(table.c.id).where(table.c.id == ident)).first() is None:
        raise ConfigError(f"no {what} {ident}")


def merge_orgs(conn: Connection, source: int, target: int, author: str) -> int:
    """Merge organization ``source`` into ``target``; returns the edit id."""
    _exists(conn, orgs, source, "organization")
    _exists(conn, orgs, target, "organization")
    source, target = root(conn, orgs, source), root(conn, orgs, target)
    if source == target:
        raise ConfigError("the organizations are already one")
    moved = [source, *conn.execute(select(orgs.c.id).where(orgs.c.merged_into == source))
             .scalars()]
    conn.execute(update(orgs).where(orgs.c.id.in_(moved)).values(merged_into=target))
    eid = _record(conn, author, "merge_orgs", {"source": source, "target": target},
                  {"moved": moved})
    pids = set(conn.execute(select(project_parties.c.project_id)
                            .where(project_parties.c.org_id.in_(moved))).scalars())
    refresh_projects(conn, pids)
    return eid


def _relink(conn: Connection, article_ids: set[int]) -> None:
    for aid in sorted(article_ids):
        link_article(conn, aid)


def _articles_naming_orgs(conn: Connection, org_ids: list[int]) -> set[int]:
    return set(conn.execute(select(facts.c.article_id).where(
        facts.c.kind == "org", facts.c.entity_id.in_(org_ids))).scalars())


def split_org(conn: Connection, org_id: int, name: str, author: str) -> int:
    """Split a name off an organization into an entity of its own; returns the edit id."""
    _exists(conn, orgs, org_id, "organization")
    aids = _articles_naming_orgs(conn, [org_id])
    eid = _record(conn, author, "split_org", {"org": org_id}, {"name": name,
                                                               "articles": sorted(aids)})
    _relink(conn, aids)
    return eid


def merge_projects(conn: Connection, source: int, target: int, author: str) -> int:
    """Merge project ``source`` into ``target`` (one ledger entry); returns the edit id."""
    _exists(conn, projects, source, "project")
    _exists(conn, projects, target, "project")
    source, target = root(conn, projects, source), root(conn, projects, target)
    if source == target:
        raise ConfigError("the projects are already one")
    moved = [source, *conn.execute(select(projects.c.id)
                                   .where(projects.c.merged_into == source)).scalars()]
    conn.execute(update(projects).where(projects.c.id.in_(moved)).values(merged_into=target))
    conn.execute(update(project_events).where(project_events.c.project_id.in_(moved))
                 .values(project_id=target))
    eid = _record(conn, author, "merge_projects", {"source": source, "target": target},
                  {"moved": moved})
    refresh_projects(conn, [source, target])
    return eid


def split_project(conn: Connection, project_id: int, fact_ids: list[int], author: str) -> int:
    """Move some reports (project facts) of a project into a new project; returns the edit id."""
    rows = conn.execute(select(facts.c.id, facts.c.article_id, facts.c.key).where(
        facts.c.id.in_(fact_ids), facts.c.kind == "project")).all()
    if len(rows) != len(set(fact_ids)):
        raise ConfigError("every fact to split off must be a project fact")
    refs = [{"article_id": r.article_id, "kind": "project", "key": r.key} for r in rows]
    eid = _record(conn, author, "split_project", {"project": project_id, "facts": refs},
                  {"articles": sorted({r.article_id for r in rows})})
    _relink(conn, {r.article_id for r in rows})
    return eid


def undo(conn: Connection, edit_id: int, author: str) -> None:
    """Undo an edit (recorded: the edit stays, marked undone by ``author``)."""
    e = conn.execute(select(edits).where(edits.c.id == edit_id)).first()
    if e is None:
        raise ConfigError(f"no edit {edit_id}")
    if e.undone_at is not None:
        raise ConfigError(f"edit {edit_id} is already undone")
    conn.execute(update(edits).where(edits.c.id == edit_id)
                 .values(undone_at=now(), undone_by=author))
    if e.action in ("correct", "wrong"):
        reapply_article(conn, int(e.article_id))
        link_article(conn, int(e.article_id))
    elif e.action == "merge_orgs":
        moved = [int(i) for i in e.payload["moved"]]
        conn.execute(update(orgs).where(orgs.c.id.in_(moved)).values(merged_into=None))
        conn.execute(update(orgs).where(orgs.c.id.in_(moved[1:]))
                     .values(merged_into=moved[0]))
        _relink(conn, _articles_naming_orgs(conn, [*moved, int(e.target["target"])]))
    elif e.action == "merge_projects":
        moved = [int(i) for i in e.payload["moved"]]
        target = int(e.target["target"])
        conn.execute(update(projects).where(projects.c.id.in_(moved)).values(merged_into=None))
        conn.execute(update(projects).where(projects.c.id.in_(moved[1:]))
                     .values(merged_into=moved[0]))
        aids = set(conn.execute(select(project_events.c.article_id).where(
            project_events.c.project_id == target)).scalars())
        _relink(conn, aids)
        refresh_projects(conn, [target, *moved])
    elif e.action in ("split_org", "split_project"):
        _relink(conn, {int(a) for a in e.payload.get("articles", ())})


def list_edits(conn: Connection, limit: int = 100, *, include_undone: bool = True
               ) -> list[EditRow]:
    """The latest edits, newest first."""
    q = select(edits).order_by(edits.c.id.desc()).limit(limit)
    if not include_undone:
        q = q.where(or_(edits.c.undone_at.is_(None)))
    return [EditRow(r.id, r.at, r.author, r.action, dict(r.target), dict(r.payload),
                    r.undone_at, r.undone_by) for r in conn.execute(q)]
