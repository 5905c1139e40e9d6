"""Numbers and quantities: Chinese and Arabic numerals, multipliers, measure words."""

from __future__ import annotations

from xietong.model import Mention


def find_quantities(text: str) -> list[Mention]:
    """Every number with its unit (kind "quantity"; data: value (Decimal), unit, qualifier)."""
    return []
