"""Fixtures of the ingest tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from ingest_helpers import CountingFile

import xietong.ingest.files as ingest_files


@pytest.fixture
def bytes_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts every byte ingest reads from disk (through its one open seam)."""
    counter = [0]
    real: Callable[[Path, bool], IO[bytes]] = ingest_files._open_binary

    def spy(path: Path, buffered: bool = True) -> IO[bytes]:
        return CountingFile(real(path, buffered), counter)  # type: ignore[return-value]

    monkeypatch.setattr(ingest_files, "_open_binary", spy)
    yield counter
