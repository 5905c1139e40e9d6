"""Indicators: quantities that measure a place, organization, park, project or event."""

from __future__ import annotations

from xietong.extract.context import Context
from xietong.model import Indicator


def find_indicators(ctx: Context) -> list[Indicator]:
    """The indicators of the article, with subject, value, unit, qualifier and period."""
    return []
