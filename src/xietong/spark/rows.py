"""Pipeline results ⇄ flat table rows (articles, facts, rejects) — plain Python, no Spark.

The Spark job turns each :class:`~xietong.pipeline.Processed` into one article row and
one fact row per fact (the fact's ``xietong.facts/1`` JSON, evidence included), and each
:class:`~xietong.model.Skipped` into a reject row.  ``xietong load`` goes the other way:
rows → (Page, Document, Facts), so the ledger stores exactly what the job extracted.
Kept free of pyspark so that both directions are unit-tested without a JVM.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from xietong.model import (
    Amount,
    Document,
    Evidence,
    Facts,
    Indicator,
    Organization,
    Page,
    Place,
    Project,
    Skipped,
)
from xietong.pipeline import Processed

UNKNOWN = "unknown"

# Column order of each table (the Spark schemas in xietong.spark.schema follow it).
ARTICLE_COLUMNS = ("id", "url", "source", "input", "title", "published", "outlet", "authors",
                   "text", "sha256", "extractor", "year", "province")
FACT_COLUMNS = ("article_id", "source", "seq", "kind", "fact", "extractor", "year", "province")
REJECT_COLUMNS = ("input", "source", "reason", "detail")
PARTITION_COLUMNS = ("year", "province")

# Fact kinds in the order of the Facts record (and of xietong.facts/1).
KINDS: tuple[tuple[str, str], ...] = (
    ("place", "places"), ("organization", "organizations"), ("amount", "amounts"),
    ("project", "projects"), ("indicator", "indicators"),
)

ArticleRow = tuple[Any, ...]
FactRow = tuple[Any, ...]
RejectRow = tuple[str, str, str, str]


def year_of(published: str | None) -> str:
    """Partition value for the publication year: ``"2023"`` or ``"unknown"``.

    >>> year_of("2023-05-01"), year_of(None), year_of("去年")
    ('2023', 'unknown', 'unknown')
    """
    if published and len(published) >= 4 and published[:4].isdigit():
        return published[:4]
    return UNKNOWN


def province_of(places: Sequence[Place]) -> str:
    """The adcode of the article's main province: the province of the place named first in
    the text (the title or lead, in news), or ``"unknown"``.

    >>> province_of([Place("120116", "滨海新区", Evidence(40, 44, "")),
    ...              Place("130200", "唐山市", Evidence(0, 3, ""))])
    '130000'
    >>> province_of([])
    'unknown'
    """
    coded = [p for p in places if len(p.adcode) >= 2 and p.adcode[:2].isdigit()]
    if not coded:
        return UNKNOWN
    first = min(coded, key=lambda p: (p.evidence.start, p.evidence.end))
    return first.adcode[:2] + "0000"


def fact_json(obj: Place | Organization | Amount | Project | Indicator) -> str:
    """One fact as compact JSON (keys as in ``xietong.facts/1``, evidence included)."""
    return json.dumps(obj.to_json(), ensure_ascii=False, separators=(",", ":"))


def processed_rows(item: Processed, input_uri: str) -> tuple[ArticleRow, list[FactRow]]:
    """The article row and the fact rows of one processed document."""
    f, d, p = item.facts, item.document, item.page
    year = year_of(f.published or d.published)
    province = province_of(f.places)
    article = (f.id, d.url or p.url, p.source, input_uri, f.title, f.published, f.source,
               list(d.authors), d.text, p.sha256 or d.sha256, f.extractor, year, province)
    facts: list[FactRow] = []
    seq = 0
    for kind, attr in KINDS:
        for obj in getattr(f, attr):
            facts.append((f.id, p.source, seq, kind, fact_json(obj), f.extractor, year, province))
            seq += 1
    return article, facts


def reject_row(item: Skipped, input_uri: str) -> RejectRow:
    """The reject row of a document (or file) that was skipped."""
    return (input_uri, item.source, item.reason.value, item.detail)


# --- rows → objects (for `xietong load` and the equality tests) -------------------------

def _evidence(d: Mapping[str, Any]) -> Evidence:
    ev = d.get("evidence") or {}
    return Evidence(int(ev.get("start", 0)), int(ev.get("end", 0)), str(ev.get("sentence", "")))


def fact_from_json(kind: str, d: Mapping[str, Any]) -> Place | Organization | Amount | Project | Indicator:
    """Rebuild one fact dataclass from its JSON (the inverse of :func:`fact_json`)."""
    ev = _evidence(d)
    if kind == "place":
        return Place(d["adcode"], d["name"], ev, d.get("level", ""), d.get("path", ""))
    if kind == "organization":
        return Organization(d["name"], d["type"], ev, tuple(d.get("aliases") or ()))
    if kind == "amount":
        return Amount(d["text"], d["value"], d["currency"], d["qualifier"], ev)
    if kind == "project":
        return Project(d.get("name"), d["category"], tuple(d.get("parties") or ()), d.get("place"),
                       d.get("investment"), d["status"], d.get("date"), ev)
    if kind == "indicator":
        period = d.get("period")
        return Indicator(d.get("subject"), d["metric"], d["value"], d["unit"], d["qualifier"],
                         (period[0], period[1]) if period is not None else None, ev)
    raise ValueError(f"unknown fact kind {kind!r}")


def facts_from_rows(article: Mapping[str, Any], facts: Iterable[Mapping[str, Any]]) -> Facts:
    """The Facts record of one article from its article row and its fact rows (any order)."""
    groups: dict[str, list[tuple[int, Any]]] = {attr: [] for _, attr in KINDS}
    attr_of = dict(KINDS)
    for r in facts:
        groups[attr_of[r["kind"]]].append((int(r["seq"]), fact_from_json(r["kind"], json.loads(r["fact"]))))
    lists = {attr: tuple(obj for _, obj in sorted(items, key=lambda t: t[0]))
             for attr, items in groups.items()}
    return Facts(id=article["id"], title=article.get("title"), published=article.get("published"),
                 source=article.get("outlet"), extractor=article.get("extractor") or "", **lists)


def processed_from_rows(article: Mapping[str, Any], facts: Iterable[Mapping[str, Any]]) -> Processed:
    """(Page, Document, Facts) of one article row and its fact rows, ready for the ledger."""
    f = facts_from_rows(article, facts)
    text = article.get("text") or ""
    page = Page(id=f.id, source=article.get("source") or "", kind="text", text=text,
                url=article.get("url"), published_hint=f.published, sha256=article.get("sha256") or "")
    doc = Document(id=f.id, text=text, title=f.title, published=f.published, source=f.source,
                   authors=tuple(article.get("authors") or ()), url=article.get("url"),
                   origin=page.source, sha256=page.sha256)
    return Processed(page, doc, f)
