"""Normalize: a raw :class:`~xietong.model.Page` → a clean simplified :class:`~xietong.model.Document`.

Steps, each keeping an offset map into the original decoded text (``Document.raw_text``):

1. HTML only: main text by trafilatura (:mod:`.html`);
2. pinyin glosses after characters removed (:mod:`.glosses`);
3. shifted-GBK mojibake repaired (:mod:`.mojibake`);
4. traditional → simplified (OpenCC t2s), then NFKC (:mod:`.script`);
5. lines classified: headline, metadata line, boilerplate, captions (:mod:`.boilerplate`),
   metadata read (:mod:`.metadata`); the clean text is one paragraph per line with the
   headline first.
"""

from __future__ import annotations

from xietong.normalize.document import clean_text, normalize

__all__ = ["clean_text", "normalize"]
