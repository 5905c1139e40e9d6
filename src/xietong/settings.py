"""Configuration read from the environment (``XIETONG_*``), in one place.

Entry points read settings here; library functions take explicit arguments and fall
back to these values only when the caller passes none.
"""

from __future__ import annotations

import os
import re

from xietong.errors import ConfigError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024   # per document: a file, a JSONL line, a WARC record body

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """A byte count written ``20000000``, ``512K``, ``20M``, ``1.5GiB`` → bytes.

    >>> parse_size("20M")
    20971520
    """
    m = _SIZE_RE.match(text)
    if m is None:
        raise ConfigError(f"not a size: {text!r} (use e.g. 20000000, 512K, 20M, 1G)")
    unit = (m.group(2) or "").lower()[:1]
    value = int(float(m.group(1)) * _UNITS[unit])
    if value <= 0:
        raise ConfigError(f"size must be positive: {text!r}")
    return value


def max_bytes() -> int:
    """The per-document size cap: ``XIETONG_MAX_BYTES`` or 20 MiB."""
    raw = os.environ.get("XIETONG_MAX_BYTES")
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        return parse_size(raw)
    except ConfigError as exc:
        raise ConfigError(f"XIETONG_MAX_BYTES: {exc}") from None
