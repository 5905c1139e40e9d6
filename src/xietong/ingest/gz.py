"""A streaming gzip reader that refuses decompression bombs and reports truncation.

Why not :mod:`gzip` or warcio's own decompression: ``gzip`` has no output cap, and
warcio prints a warning and returns empty data on a corrupt member (a truncated crawl
would look complete).  This reader decompresses multi-member gzip (the WARC convention:
one member per record) block by block.  On a problem it does not raise (a raise would
lose the records already decompressed into read-ahead buffers): it ends the stream and
keeps the problem in :attr:`GzipReader.error`, a :class:`StreamError` with

* ``TOO_LARGE`` when the output exceeds ``ratio`` × input read so far + ``floor`` bytes
  (a bomb is caught after a few MB of output, never after gigabytes);
* ``TRUNCATED`` when the input ends inside a member;
* ``MALFORMED`` when the data is not gzip or is corrupt.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import IO

from xietong.errors import InputError, SkipReason

GZIP_MAGIC = b"\x1f\x8b"
MAX_RATIO = 100                 # decompressed / compressed bytes allowed on a whole file
_BLOCK = 1 << 16


class StreamError(InputError):
    """The container itself is broken (truncated, corrupt, a bomb): stop reading the file."""


StreamCheck = Callable[[], StreamError | None]


def intact() -> StreamError | None:
    """The :data:`StreamCheck` of a stream that cannot break (a plain file)."""
    return None


class GzipReader(io.RawIOBase):
    """Raw, read-only, decompressed view of a (multi-member) gzip stream."""

    def __init__(self, raw: IO[bytes], source: str, *, floor: int, ratio: int = MAX_RATIO) -> None:
        super().__init__()
        self._raw = raw
        self._source = source
        self._floor = floor
        self._ratio = ratio
        self._dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""          # compressed input not yet fed (next member's start)
        self._in = 0                 # compressed bytes read
        self._out = 0                # decompressed bytes produced
        self._tail = b""             # decompressed bytes not yet returned
        self._eof = False
        self._member_started = False
        self.error: StreamError | None = None    # why the stream ended early, if it did

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Offset in the decompressed stream (warcio asks for it)."""
        return self._out - len(self._tail)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        want = len(buffer)
        while not self._tail and not self._eof:
            try:
                self._tail = self._decompress_more(want)
            except StreamError as exc:
                self.error = exc
                self._eof = True
        n = min(want, len(self._tail))
        buffer[:n] = self._tail[:n]
        self._tail = self._tail[n:]
        return n

    def _fail(self, reason: SkipReason, detail: str) -> StreamError:
        return StreamError(self._source, reason, detail)

    def _next_input(self) -> bytes:
        if self._pending:
            chunk, self._pending = self._pending, b""
            return chunk
        chunk = self._raw.read(_BLOCK)
        self._in += len(chunk)
        return chunk

    def _decompress_more(self, want: int) -> bytes:
        """Decompress until some output is available (or the end); b'' only at the end."""
        # Leftover input of the current member first (max_length keeps output bounded).
        if self._dec.unconsumed_tail and not self._dec.eof:
            data = self._dec.unconsumed_tail
        else:
            data = self._next_input()
            if not data:
                self._eof = True
                if self._member_started and not self._dec.eof:
                    raise self._fail(SkipReason.TRUNCATED, f"gzip stream ends early, after {self._out} bytes")
                return b""
            if self._dec.eof:                      # a new member starts
                if not data.lstrip(b"\x00"):       # NUL padding after the last member
                    self._eof = self._drain_padding()
                    return b""
                self._dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out = self._dec.decompress(data, max(want, _BLOCK))
        except zlib.error as exc:
            what = "not gzip" if self._out == 0 and not self._member_started else "corrupt gzip"
            raise self._fail(SkipReason.MALFORMED, f"{what}: {exc}") from None
        self._member_started = True
        if self._dec.eof and self._dec.unused_data:
            self._pending = self._dec.unused_data
        self._out += len(out)
        if self._out > self._ratio * self._in + self._floor:
            raise self._fail(
                SkipReason.TOO_LARGE,
                f"decompression bomb: {self._out} bytes out of {self._in} compressed",
            )
        return out

    def _drain_padding(self) -> bool:
        """Accept trailing NUL bytes after the last member; anything else is malformed."""
        while True:
            chunk = self._raw.read(_BLOCK)
            self._in += len(chunk)
            if not chunk:
                return True
            if chunk.strip(b"\x00"):
                raise self._fail(SkipReason.MALFORMED, "data after the last gzip member")

    def close(self) -> None:
        self._raw.close()
        super().close()


def read_capped(stream: IO[bytes] | io.RawIOBase, cap: int) -> bytes:
    """Read at most ``cap`` bytes (fewer only at the end of the stream)."""
    parts: list[bytes] = []
    left = cap
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)
