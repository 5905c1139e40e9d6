"""Ledger: across articles — duplicates, organization and project linking, timelines,
landing rates, curation — and ``ingest_paths`` which runs the whole chain.

``ingest_paths``/``ingest_items``/``store_processed``/``IngestSummary`` live in
:mod:`xietong.ledger.ingest` (imported lazily here: it pulls in the whole pipeline).
"""

from __future__ import annotations

from typing import Any

__all__ = ["IngestSummary", "ingest_items", "ingest_paths", "store_processed"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from xietong.ledger import ingest

        return getattr(ingest, name)
    raise AttributeError(name)
