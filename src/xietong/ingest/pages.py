"""Building a :class:`~xietong.model.Page` from a body: checks, decoding, stable ids.

Every container (plain file, JSONL line, WARC record) ends here, so the checks that make
a body a document (not empty, not binary, decodable) are the same for all of them.
"""

from __future__ import annotations

import hashlib
import re

from xietong.errors import InputError, SkipReason
from xietong.ingest.decode import decode_bytes, plausibility, sniff_charset
from xietong.model import Page, PageKind, Skipped

# Magic numbers of formats that are never a page (checked on files and record bodies).
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x89PNG", "PNG"), (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"), (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"),
    (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x7fELF", "ELF"), (b"Rar!", "RAR"),
    (b"\xd0\xcf\x11\xe0", "OLE/Office"), (b"RIFF", "RIFF"), (b"\x00\x00\x01\x00", "ICO"),
    (b"\xfd7zXZ", "xz"), (b"(\xb5/\xfd", "zstd"), (b"wOFF", "WOFF"), (b"OggS", "Ogg"),
)
_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
# C0 controls that never occur in text (tab, LF, FF, CR and ESC do).
_CONTROL = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}) | {0x7F}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_MAX_CONTROL_RATIO = 0.02
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is binary ('PNG', 'NUL bytes', ...) or None if it may be text.

    UTF-16/32 with a byte-order mark (or UTF-16 without one, NULs on one parity) is text.
    """
    head = data[:8192]
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(_UNICODE_BOMS):
        return None
    if head.count(0):
        return None if _is_utf16(head) else "NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))    # C speed, not a loop
    if controls > _MAX_CONTROL_RATIO * len(head) and not _is_utf16(head):
        return "control characters"
    return None


def _is_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: decodes strictly to text without controls that reads as Chinese
    (or as ASCII, the NULs then standing on one parity)."""
    even = head[: len(head) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = even.decode(codec)
        except UnicodeDecodeError:
            text = even[:-2].decode(codec, "replace")   # cut inside a surrogate pair?
            if "\ufffd" in text:
                continue
        controls = sum(1 for ch in text if ord(ch) in _CONTROL)
        if controls <= _MAX_CONTROL_RATIO * max(len(text), 1) and plausibility(text) >= 0.3:
            return True
    return False


def looks_html(data: bytes) -> bool:
    """True when a body starts like an HTML document (``<!doctype html``, ``<html``...)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return True
    low = head.lower()
    return b"<html" in low or b"<!doctype html" in low


def record_id(key: str, record: str) -> str:
    """Stable short id of a record inside a container: sha1(key + record)[:16].

    ``key`` is the URL (or the container's file name when there is none); ``record`` the
    WARC-Record-ID, the JSONL ``id`` field or the line number.
    """
    return hashlib.sha1(f"{key}\n{record}".encode()).hexdigest()[:16]


def make_page(
    data: bytes,
    *,
    page_id: str,
    source: str,
    kind: PageKind,
    url: str | None = None,
    published_hint: str | None = None,
    charset_hint: str | None = None,
    text: str | None = None,
) -> Page | Skipped:
    """A decoded Page for ``data``, or a Skipped saying why it is not a document.

    ``text`` is passed when the container already holds a str (JSONL); otherwise the body
    is decoded with the container's charset, then the document's own declaration.
    """
    if text is None:
        if not data.strip():
            return Skipped(source, SkipReason.EMPTY, "empty document" if not data else "only whitespace")
        why = binary_kind(data)
        if why is not None:
            return Skipped(source, SkipReason.BINARY, f"binary content ({why})")
        declared = charset_hint
        if declared is None and kind == "html":
            declared = sniff_charset(data)
        try:
            text = decode_bytes(data, source, declared)
        except InputError as exc:
            return Skipped(exc.source, exc.reason, exc.detail)
    if not text.strip():
        return Skipped(source, SkipReason.EMPTY, "no text")
    return Page(
        id=page_id, source=source, kind=kind, data=data, text=text, url=url,
        published_hint=published_hint, charset_hint=charset_hint,
        sha256=hashlib.sha256(data).hexdigest(),
    )
