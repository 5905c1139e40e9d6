"""Places: every mention of a Chinese administrative division, resolved to its adcode."""

from __future__ import annotations

from xietong.model import Document, Mention


def find_places(doc: Document) -> list[Mention]:
    """Every place mention in ``doc.text`` (kind "place"; data: adcode, name, level, path)."""
    return []
