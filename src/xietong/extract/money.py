"""Money: sums of money in every written form, with exact values and qualifiers."""

from __future__ import annotations

from xietong.model import Mention


def find_amounts(text: str) -> list[Mention]:
    """Every sum of money (kind "money"; data: value (Decimal), currency, qualifier)."""
    return []
