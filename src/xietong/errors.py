"""The one exception tree of xietong, and the reasons a document can be skipped.

Every boundary (CLI, API, Spark job) translates these once: the CLI prints one line
``xietong: <source>: <message>`` and exits 1 (bad input) or 2 (usage/config).
"""

from __future__ import annotations

from enum import StrEnum


class SkipReason(StrEnum):
    """Why a document was not processed; stored and counted, never silent."""

    EMPTY = "empty"
    BINARY = "binary"
    TRUNCATED = "truncated"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    MALFORMED = "malformed"
    UNSUPPORTED = "unsupported"
    NOT_FOUND = "not_found"
    NO_TEXT = "no_text"


class XietongError(Exception):
    """Base of all errors xietong raises on purpose."""


class InputError(XietongError):
    """A file or record cannot be read: names the source and the problem."""

    def __init__(self, source: str, reason: SkipReason, detail: str) -> None:
        super().__init__(f"{source}: {reason.value}: {detail}")
        self.source = source
        self.reason = reason
        self.detail = detail


class ConfigError(XietongError):
    """Bad settings or command-line usage (exit code 2)."""


class StoreError(XietongError):
    """The database refused an operation (connection, migration, integrity)."""
