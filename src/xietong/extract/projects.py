"""Projects: concrete undertakings with parties, place, investment, status, date, category."""

from __future__ import annotations

from xietong.extract.context import Context
from xietong.model import Project


def find_projects(ctx: Context) -> list[Project]:
    """The projects the article reports, one per undertaking."""
    return []
