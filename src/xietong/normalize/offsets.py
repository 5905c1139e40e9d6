"""Text with an offset map back to the original, composed through every edit.

Each normalization step returns a new :class:`Tracked` whose ``orig`` list still points
into the *original* decoded text, so the final map needs no composition afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable


class Tracked:
    """A string plus, for each character, its index in the original text.

    ``orig`` has ``len(text) + 1`` entries; the last one is the end of the original span.
    """

    __slots__ = ("orig", "text")

    def __init__(self, text: str, orig: list[int] | None = None) -> None:
        self.text = text
        self.orig = orig if orig is not None else list(range(len(text) + 1))

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> Tracked:
        """Replace the sorted, non-overlapping spans ``[start, end)`` by new strings.

        Replacement characters are spread evenly over the original span they replace,
        so a span of the new text maps back onto the original text it came from.
        """
        pieces: list[str] = []
        orig: list[int] = []
        src, om = self.text, self.orig
        pos = 0
        for start, end, new in edits:
            if start < pos:
                continue  # overlapping edit: ignore (callers never produce these)
            pieces.append(src[pos:start])
            orig.extend(om[pos:start])
            n = len(new)
            if n:
                pieces.append(new)
                a, b = om[start], om[end] if end > start else om[start]
                width = b - a
                if n == 1 or width <= 0:
                    orig.extend([a] * n)
                else:
                    orig.extend(a + (k * width) // n for k in range(n))
            pos = end
        pieces.append(src[pos:])
        orig.extend(om[pos:])
        return Tracked("".join(pieces), orig)

    def replace_same_length(self, new_text: str) -> Tracked:
        """A 1:1 character substitution (the map is unchanged)."""
        assert len(new_text) == len(self.text)
        return Tracked(new_text, self.orig)

    def realign(self, new_text: str) -> Tracked:
        """``new_text`` replaces the whole text; map it line by line, proportionally.

        Used only when a converter changed lengths in a way we cannot follow edit by
        edit (rare phrase conversions, NFKC compositions across characters).
        """
        old_lines = self.text.split("\n")
        new_lines = new_text.split("\n")
        if len(old_lines) != len(new_lines):
            return self.edit([(0, len(self.text), new_text)])
        edits: list[tuple[int, int, str]] = []
        pos = 0
        for old, new in zip(old_lines, new_lines, strict=True):
            if old != new:
                edits.append((pos, pos + len(old), new))
            pos += len(old) + 1
        return self.edit(edits)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Span of this text → span of the original text."""
        s = self.orig[start]
        e = self.orig[end] if end > start else s
        if end > start:
            e = max(e, self.orig[end - 1] + 1)
        return (s, e)
