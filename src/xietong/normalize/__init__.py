"""Normalize: a raw Page → a clean simplified :class:`~xietong.model.Document`.

STUB — replaced by the normalize implementation.
"""

from __future__ import annotations

import unicodedata

from xietong.model import Document, OffsetMap, Page


def normalize(page: Page) -> Document:
    """Clean text and metadata of one page. Raises InputError when it cannot be read."""
    raw = page.text if page.text is not None else page.data.decode("utf-8", "replace")
    text = unicodedata.normalize("NFKC", raw)
    return Document(id=page.id, text=text, url=page.url, origin=page.source,
                    sha256=page.sha256, raw_text=raw, offsets=OffsetMap(()))
