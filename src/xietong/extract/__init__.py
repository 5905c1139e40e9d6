"""Extract: a Document → its :class:`~xietong.model.Facts` (xietong.facts/1).

Each kind has its own module (places, organizations, money, dates, projects, indicators);
this function runs them in order and assembles the record.
"""

from __future__ import annotations

from xietong import __version__
from xietong.model import Document, Facts

EXTRACTOR_VERSION = f"xietong-extract/{__version__}"


def extract(doc: Document) -> Facts:
    """All facts of one normalized document, each with its evidence."""
    return Facts(id=doc.id, title=doc.title, published=doc.published_date, source=doc.source,
                 extractor=EXTRACTOR_VERSION)
