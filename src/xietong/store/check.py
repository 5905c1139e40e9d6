"""Consistency of a ledger database: the invariants every committed state must keep.

``consistency(conn)`` returns a list of problems (empty when the ledger is consistent).
It is what "an interrupted ingest leaves the database consistent" means, checked by SQL:
each article is whole (story, LSH bands, a linked entity and an event for each fact that
needs one), nothing points at a missing row, entity counters match what they count, and
merges are one level deep.  Used by the kill test and by ``xietong db check``-style tools.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# Each check: (problem description, SQL returning the offending rows' first column).
_CHECKS: tuple[tuple[str, str], ...] = (
    ("article without a story", "SELECT id FROM articles WHERE story_id IS NULL"),
    ("article without a MinHash signature", "SELECT id FROM articles WHERE minhash IS NULL"),
    ("article whose story is no story root",
     "SELECT a.id FROM articles a LEFT JOIN articles s ON s.id = a.story_id "
     "WHERE a.story_id IS NOT NULL AND (s.id IS NULL OR s.story_id <> s.id)"),
    ("article without its LSH bands",
     "SELECT a.id FROM articles a LEFT JOIN article_bands b ON b.article_id = a.id "
     "GROUP BY a.id HAVING count(b.article_id) <> :bands"),
    ("band of a missing article",
     "SELECT b.article_id FROM article_bands b LEFT JOIN articles a ON a.id = b.article_id "
     "WHERE a.id IS NULL"),
    ("fact of a missing article",
     "SELECT f.id FROM facts f LEFT JOIN articles a ON a.id = f.article_id WHERE a.id IS NULL"),
    ("fact with another extractor than its article",
     "SELECT f.id FROM facts f JOIN articles a ON a.id = f.article_id "
     "WHERE f.extractor <> a.extractor"),
    ("duplicate fact key",
     "SELECT min(id) FROM facts GROUP BY article_id, kind, key HAVING count(*) > 1"),
    ("place fact without its place",
     "SELECT f.id FROM facts f LEFT JOIN places p ON p.adcode = f.key "
     "WHERE f.kind = 'place' AND f.key NOT LIKE '%#%' AND p.adcode IS NULL"),
    ("organization fact not linked",
     "SELECT f.id FROM facts f LEFT JOIN orgs o ON o.id = f.entity_id "
     "WHERE f.kind = 'org' AND f.wrong = :false AND o.id IS NULL"),
    ("project fact not linked",
     "SELECT f.id FROM facts f LEFT JOIN projects p ON p.id = f.entity_id "
     "WHERE f.kind = 'project' AND f.wrong = :false AND p.id IS NULL"),
    ("project fact without exactly one event",
     "SELECT f.id FROM facts f LEFT JOIN project_events e ON e.fact_id = f.id "
     "WHERE f.kind = 'project' AND f.wrong = :false GROUP BY f.id HAVING count(e.id) <> 1"),
    ("event of a wrong or missing project fact",
     "SELECT e.id FROM project_events e LEFT JOIN facts f ON f.id = e.fact_id "
     "WHERE f.id IS NULL OR f.kind <> 'project' OR f.wrong = :true "
     "OR f.article_id <> e.article_id"),
    ("event on a missing or merged project",
     "SELECT e.id FROM project_events e LEFT JOIN projects p ON p.id = e.project_id "
     "WHERE p.id IS NULL OR p.merged_into IS NOT NULL"),
    ("project party of a missing organization or project",
     "SELECT pp.project_id FROM project_parties pp LEFT JOIN orgs o ON o.id = pp.org_id "
     "LEFT JOIN projects p ON p.id = pp.project_id WHERE o.id IS NULL OR p.id IS NULL"),
    ("organization name of a missing organization",
     "SELECT n.org_id FROM org_names n LEFT JOIN orgs o ON o.id = n.org_id WHERE o.id IS NULL"),
    ("organization merged into a missing or merged one",
     "SELECT o.id FROM orgs o LEFT JOIN orgs m ON m.id = o.merged_into "
     "WHERE o.merged_into IS NOT NULL AND (m.id IS NULL OR m.merged_into IS NOT NULL)"),
    ("project merged into a missing or merged one",
     "SELECT p.id FROM projects p LEFT JOIN projects m ON m.id = p.merged_into "
     "WHERE p.merged_into IS NOT NULL AND (m.id IS NULL OR m.merged_into IS NOT NULL)"),
    ("project whose article count is stale",
     "SELECT p.id FROM projects p LEFT JOIN project_events e ON e.project_id = p.id "
     "GROUP BY p.id, p.n_articles HAVING p.n_articles <> count(DISTINCT e.article_id)"),
    ("project whose story count is stale",
     "SELECT p.id FROM projects p LEFT JOIN project_events e ON e.project_id = p.id "
     "LEFT JOIN articles a ON a.id = e.article_id GROUP BY p.id, p.n_stories "
     "HAVING p.n_stories <> count(DISTINCT coalesce(a.story_id, e.article_id))"),
    ("organization whose article count is stale",
     "SELECT o.id FROM orgs o LEFT JOIN facts f ON f.entity_id = o.id AND f.kind = 'org' "
     "GROUP BY o.id, o.n_articles HAVING o.n_articles <> count(DISTINCT f.article_id)"),
)

MAX_EXAMPLES = 5


def consistency(conn: Connection) -> list[str]:
    """Problems of the ledger in ``conn`` (one line per broken invariant, with up to
    :data:`MAX_EXAMPLES` offending ids); an empty list when it is consistent."""
    from xietong.ledger.dupes import BANDS

    params = {"bands": BANDS, "true": True, "false": False}
    problems: list[str] = []
    for what, sql in _CHECKS:
        stmt = text(sql)
        stmt = stmt.bindparams(**{k: v for k, v in params.items() if f":{k}" in sql})
        ids = [r[0] for r in conn.execute(stmt)]
        if ids:
            shown = ", ".join(str(i) for i in sorted(ids, key=str)[:MAX_EXAMPLES])
            more = f" (+{len(ids) - MAX_EXAMPLES} more)" if len(ids) > MAX_EXAMPLES else ""
            problems.append(f"{what}: {len(ids)} — {shown}{more}")
    return problems
