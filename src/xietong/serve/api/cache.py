"""A read cache keyed on the ledger's version, so repeated queries cost microseconds.

The version is a cheap fingerprint of the ledger — the highest article, fact and edit ids
and the latest undo — read at most once per ``ttl`` seconds (and at once after a write
through this server).  Any ingest, re-extraction or curation, by this server or another
process, changes it and so empties the cache for the next request; a reader sees a change
made elsewhere at most ``ttl`` seconds late.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from xietong.store.engine import Ledger

T = TypeVar("T")

VERSION_SQL = ("SELECT (SELECT max(id) FROM articles), (SELECT max(id) FROM facts), "
               "(SELECT max(id) FROM edits), (SELECT max(undone_at) FROM edits), "
               "(SELECT count(*) FROM edits)")


def _default(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: getattr(v, f.name) for f in dataclasses.fields(v)}
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if hasattr(v, "model_dump"):
        return v.model_dump()
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    raise TypeError(f"cannot serialize {type(v).__name__}")


def _json_dumps(obj: Any) -> bytes:
    return json.dumps(obj, default=_default, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


try:  # orjson writes dataclasses natively, ~10x faster than json with a default hook
    import orjson

    _ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS

    def dumps(obj: Any) -> bytes:
        """Compact UTF-8 JSON of dataclasses, pydantic models and plain data."""
        return orjson.dumps(obj, default=_default, option=_ORJSON_OPTIONS)
except ImportError:  # pragma: no cover - orjson is optional
    dumps = _json_dumps


class LedgerCache:
    """Least-recently-used values valid for one version of the ledger."""

    def __init__(self, ledger: Ledger, *, ttl: float = 1.0, size: int = 4096) -> None:
        self.ledger = ledger
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[str, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._version: Any = None
        self._checked = 0.0
        self.hits = 0
        self.misses = 0

    def version(self) -> Any:
        """The ledger's fingerprint (re-read when older than ``ttl``)."""
        now = time.monotonic()
        if self._version is None or now - self._checked > self.ttl:
            with self.ledger.read() as conn:
                row = conn.exec_driver_sql(VERSION_SQL).first()
            self._version = tuple(str(x) for x in row) if row is not None else ()
            self._checked = now
        return self._version

    def stale(self) -> bool:
        """True when the next :meth:`version` reads the database."""
        return self._version is None or time.monotonic() - self._checked > self.ttl

    def peek(self, key: str) -> Any:
        """The cached value of ``key`` when the version is fresh, without touching the
        database (so the event loop can answer hits itself); None otherwise."""
        if self._version is None or time.monotonic() - self._checked > self.ttl:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != self._version:
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return hit[1]

    def current(self) -> Any:
        """The last version read (no database access), or None."""
        return self._version

    def invalidate(self) -> None:
        """Forget everything (after a write through this server)."""
        with self._lock:
            self._items.clear()
            self._version = None

    def get(self, key: str, compute: Callable[[], T], version: Any = None) -> T:
        """The cached value of ``key`` for the current version (or ``version``, read
        before: computations that hold a connection must not ask for another one),
        computed once on a miss."""
        v = self.version() if version is None else version
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == v:
                self._items.move_to_end(key)
                self.hits += 1
                value: T = hit[1]
                return value
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:  # one computation per key; the others wait for it
            with self._lock:
                hit = self._items.get(key)
                if hit is not None and hit[0] == v:
                    self.hits += 1
                    value = hit[1]
                    return value
            self.misses += 1
            value = compute()
            with self._lock:
                self._items[key] = (v, value)
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    old, _ = self._items.popitem(last=False)
                    self._key_locks.pop(old, None)
            return value
