"""Extract: a Document → its :class:`~xietong.model.Facts` (xietong.facts/1).

Each kind has its own module; :func:`extract` (in :mod:`xietong.extract.facts`) runs them
in order over one :class:`~xietong.extract.context.Context` and assembles the record.
"""

from __future__ import annotations

from xietong.extract.facts import EXTRACTOR_VERSION, analyse, as_number, extract

__all__ = ["EXTRACTOR_VERSION", "analyse", "as_number", "extract"]
