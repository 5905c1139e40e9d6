"""Organizations: named enterprises, universities, institutes, hospitals, bodies, typed."""

from __future__ import annotations

from xietong.model import Document, Mention


def find_organizations(doc: Document, places: list[Mention]) -> list[Mention]:
    """Every organization mention (kind "org"; data: name (canonical, longest form), type)."""
    return []
