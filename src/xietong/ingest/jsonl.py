"""JSON lines: one article per line, ``{"text"|"html": ..., "url", "published", "id"}``.

Lines are read with a length cap, so a 200 MB line costs one capped buffer, not 200 MB:
the over-long line becomes a Skipped and reading resumes at the next line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from xietong.errors import InputError, SkipReason
from xietong.ingest.decode import decode_bytes
from xietong.ingest.gz import StreamCheck, intact
from xietong.ingest.pages import make_page, record_id
from xietong.model import Page, PageKind, Skipped

_SKIP_CHUNK = 1 << 20


def _discard_rest_of_line(stream: IO[bytes]) -> int:
    """Read (and drop) up to the next newline; returns the bytes dropped."""
    dropped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        dropped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return dropped


def _str_field(obj: dict[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def _clean_surrogates(text: str) -> str:
    """JSON may carry lone surrogates (``"\\ud800"``); replace them so the text encodes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def iter_jsonl(
    stream: IO[bytes], path: str, name: str, max_bytes: int, broken: StreamCheck = intact
) -> Iterator[Page | Skipped]:
    """Yield one Page (or Skipped) per non-blank line of a JSONL stream.

    ``path`` prefixes each record's source (``path#<line>``); ``name`` (the file name)
    keys the ids of records without a URL.  When ``broken`` reports that the stream ended
    early, its last (cut) line is dropped: the caller reports the problem once.
    """
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        source = f"{path}#{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line) + _discard_rest_of_line(stream)
            yield Skipped(source, SkipReason.TOO_LARGE, f"line of {size} bytes (limit {max_bytes})")
            continue
        if not line.strip():
            continue
        if not line.endswith(b"\n") and broken() is not None:
            return
        yield _record(line, source, name, lineno)


def _record(line: bytes, source: str, name: str, lineno: int) -> Page | Skipped:
    try:
        raw = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            raw = decode_bytes(line, source)
        except InputError as exc:
            return Skipped(source, exc.reason, exc.detail)
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Skipped(source, SkipReason.MALFORMED, f"bad JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Skipped(source, SkipReason.MALFORMED, "bad JSON: nested too deeply")
    if not isinstance(obj, dict):
        return Skipped(source, SkipReason.MALFORMED, f"a JSON {type(obj).__name__}, not an object")
    kind: PageKind
    html, text = obj.get("html"), obj.get("text")
    html = html if isinstance(html, str) else None
    text = text if isinstance(text, str) else None
    if html and html.strip():
        kind, body = "html", html
    elif text is not None:
        kind, body = "text", text
    else:
        return Skipped(source, SkipReason.NO_TEXT, "no 'text' or 'html' string field")
    body = _clean_surrogates(body)
    url = _str_field(obj, "url") or None
    given_id = _str_field(obj, "id")
    page_id = record_id(url or name, given_id if given_id else f"line {lineno}")
    return make_page(
        body.encode("utf-8"), page_id=page_id, source=source, kind=kind, url=url,
        published_hint=_str_field(obj, "published") or None, text=body,
    )
