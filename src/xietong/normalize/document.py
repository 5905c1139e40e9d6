"""One page → one clean Document: the steps listed in the package docstring.

Kept apart from the package ``__init__`` so that mypyc compiles it with the steps.
"""


from __future__ import annotations

import re

from xietong.errors import InputError, SkipReason
from xietong.model import Document, OffsetMap, Page
from xietong.normalize import metadata as md
from xietong.normalize.boilerplate import Layout, layout
from xietong.normalize.glosses import strip_glosses
from xietong.normalize.mojibake import repair_mojibake
from xietong.normalize.offsets import Tracked
from xietong.normalize.script import nfkc, t2s, to_simplified

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]|\r\n?"
                         r"|[\ud800-\udfff]")


_CONTROL_SUB = {"\r": "\n", **{chr(c): "\ufffd" for c in range(0xD800, 0xE000)}}


def _controls(tr: Tracked) -> Tracked:
    """CR/CRLF → LF; drop control and zero-width characters; lone surrogates → U+FFFD.

    Lone surrogates (a library caller's ``Page(text="\\ud800")``) cannot be encoded, so
    OpenCC and the database would fail on them; U+FFFD keeps the offsets one to one.
    """
    if tr.text.replace("\n", "").replace("\t", "").isprintable():
        return tr
    edits = [(m.start(), m.end(), _CONTROL_SUB.get(m.group()[0], ""))
             for m in _CONTROL_RE.finditer(tr.text)]
    return tr.edit(edits) if edits else tr


# characters whose NFKC form is a CJK ideograph: radicals, enclosed and squared CJK,
# compatibility ideographs
_COMPAT_CJK_RE = re.compile("[\u2e80-\u2fdf\u3200-\u33ff\uf900-\ufaff\U0002f800-\U0002fa1f]")


def clean_text(tr: Tracked) -> Tracked:
    """Character-level cleaning of a whole text: glosses, mojibake, script, NFKC."""
    tr = _controls(tr)
    tr = strip_glosses(tr)
    tr = repair_mojibake(tr)
    tr = to_simplified(tr)
    # NFKC can yield a traditional character (the Kangxi radical ⿂ → 魚, a compatibility
    # ideograph): convert again then, so that normalize stays idempotent
    again = _COMPAT_CJK_RE.search(tr.text) is not None
    tr = nfkc(tr)
    return to_simplified(tr) if again else tr


def _assemble(tr: Tracked, lay: Layout) -> tuple[Tracked, tuple[int, int] | None,
                                                tuple[tuple[int, int], ...]]:
    """Join the kept lines (title first) with ``\\n`` and carry the offsets along."""
    parts: list[str] = []
    orig: list[int] = []
    title_span: tuple[int, int] | None = None
    captions: list[tuple[int, int]] = []
    pos = 0
    last_end = tr.orig[-1] if tr.orig else 0
    for ln in lay.lines:
        if ln.role not in ("body", "title", "caption") or not ln.text:
            continue
        if parts:
            parts.append("\n")
            orig.append(last_end)
            pos += 1
        parts.append(ln.text)
        orig.extend(tr.orig[ln.start:ln.end])
        if ln.role == "title":
            title_span = (pos, pos + len(ln.text))
        elif ln.role == "caption":
            captions.append((pos, pos + len(ln.text)))
        pos += len(ln.text)
        last_end = tr.orig[ln.end]
    orig.append(last_end)
    return Tracked("".join(parts), orig), title_span, tuple(captions)


def normalize(page: Page) -> Document:
    """Clean text and metadata of one page. Raises InputError when it cannot be read."""
    if page.text is not None:
        raw = page.text
    else:
        if not isinstance(page.data, bytes | bytearray):
            raise InputError(page.source, SkipReason.MALFORMED, "page has neither text nor bytes")
        raw = bytes(page.data).decode("utf-8", "replace")
    html_meta = None
    if page.kind == "html":
        from xietong.normalize.html import extract_html

        html_meta = extract_html(raw)
        tr = html_meta.text
    else:
        tr = Tracked(raw)
    tr = clean_text(tr)
    lay = layout(tr.text)
    if html_meta is not None:
        _merge_html(lay, html_meta.title, html_meta.date, html_meta.author, html_meta.sitename)
    out, title_span, captions = _assemble(tr, lay)
    return Document(
        id=page.id, text=out.text, title=lay.title, published=lay.published, source=lay.source,
        authors=tuple(lay.authors), captions=captions, url=page.url, origin=page.source,
        sha256=page.sha256, raw_text=raw, offsets=OffsetMap(tuple(out.orig)),
        title_span=title_span,
    )


def _simple(s: str | None) -> str | None:
    import unicodedata

    return unicodedata.normalize("NFKC", t2s(s)).strip() or None if s else None


def _merge_html(lay: Layout, title: str | None, date: str | None, author: str | None,
                site: str | None) -> None:
    """HTML metadata fills what the text lines did not give."""
    t = _simple(title)
    if t:
        t = md.clean_title(t)
        if lay.title is None:
            lay.title = t or None
    if lay.published is None and date:
        lay.published = md.parse_date(date)
    if lay.source is None and not lay.source_known and site:
        lay.source = md.clean_outlet(_simple(site) or "")
    if author:
        for name in re.split(r"[;,、\s]+", _simple(author) or ""):
            if 2 <= len(name) <= 4 and name not in lay.authors:
                lay.authors.append(name)
