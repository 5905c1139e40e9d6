"""HTML pages: main text and metadata by trafilatura, mapped back into the HTML source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xietong.normalize.offsets import Tracked


@dataclass(slots=True)
class HtmlMain:
    """What trafilatura found: the main text (tracked into the HTML) and metadata."""

    text: Tracked
    title: str | None
    date: str | None
    author: str | None
    sitename: str | None


def extract_html(html: str) -> HtmlMain:
    """Main text of ``html`` with title, date, author and site name from its metadata.

    Each extracted line is located in the HTML source (searching forward), so the
    offset map points at the original markup; a line not found verbatim (entities,
    inline tags) maps to where the previous line ended.
    """
    import trafilatura

    doc: Any = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=False, deduplicate=False,
    )
    body = ""
    title = date = author = sitename = None
    if doc is not None:
        fields: dict[str, Any] = doc if isinstance(doc, dict) else {
            k: getattr(doc, k, None) for k in ("text", "title", "date", "author", "sitename")}
        body = fields.get("text") or ""
        title, date = fields.get("title"), fields.get("date")
        author, sitename = fields.get("author"), fields.get("sitename")
    orig: list[int] = []
    pos = 0
    lines = body.split("\n")
    for k, line in enumerate(lines):
        at = html.find(line, pos) if line else -1
        if at >= 0:
            orig.extend(range(at, at + len(line)))
            pos = at + len(line)
        else:
            orig.extend([pos] * len(line))
        if k < len(lines) - 1:
            orig.append(pos)
    orig.append(pos)
    return HtmlMain(Tracked(body, orig), title, date, author, sitename)
