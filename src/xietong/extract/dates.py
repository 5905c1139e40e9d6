"""Dates and periods, resolved against the publication date."""

from __future__ import annotations

from xietong.model import Mention


def find_dates(text: str, published: str | None) -> list[Mention]:
    """Every date or period expression (kind "date"; data: date, period)."""
    return []
