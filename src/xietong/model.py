"""Plain dataclasses shared by every stage of the pipeline.

ingest → :class:`Page` → normalize → :class:`Document` → extract/resolve →
:class:`Facts` → store/ledger → serve.  Nothing here does I/O.

Treat every instance as immutable.  The classes made many times per article (Document,
Mention, Evidence and the facts) are not ``frozen`` all the same: a frozen dataclass
builds each instance through ``object.__setattr__``, about three times slower, and the
pipeline makes a few hundred per article; ``unsafe_hash`` keeps them hashable as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from xietong.errors import SkipReason

PageKind = Literal["text", "html"]

FACTS_SCHEMA = "xietong.facts/1"

OrgType = Literal[
    "enterprise", "university", "research", "government", "association", "hospital", "other"
]
Category = Literal["industry", "infrastructure", "agriculture", "public_service", "research", "other"]
Status = Literal[
    "intended", "signed", "started", "under_construction", "completed", "operating", "unknown"
]
Qualifier = Literal["exact", "approx", "over", "at_least", "under"]

# Lifecycle order: a later stage supersedes an earlier one.
STATUS_ORDER: tuple[str, ...] = (
    "unknown", "intended", "signed", "started", "under_construction", "completed", "operating",
)


@dataclass(frozen=True, slots=True)
class Page:
    """One raw document as found: bytes (or already-decoded text) plus what the container said."""

    id: str                      # stable: file stem, or hash of URL + record for WARC/JSONL
    source: str                  # file path, with "#<record>" for WARC/JSONL records
    kind: PageKind               # how to read the body
    data: bytes = b""            # raw body bytes (decoded by ingest.decode)
    text: str | None = None      # decoded body: always set by ingest (None only for hand-made pages)
    url: str | None = None
    published_hint: str | None = None   # from JSONL `published` or WARC-Date
    charset_hint: str | None = None     # HTTP Content-Type charset, if any
    sha256: str = ""             # of the raw body


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document (or file) that was not processed, and why."""

    source: str
    reason: SkipReason
    detail: str

    def line(self) -> str:
        """The one-line message printed on stderr."""
        return f"{self.source}: {self.reason.value}: {self.detail}"


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps each character index of the clean text to an index in the original decoded text.

    ``orig[i]`` is the original index of clean character ``i``; ``orig[len(text)]`` is the
    end.  Stored as a tuple of ints (compact enough for news articles).
    """

    orig: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Span in the clean text → span in the original text."""
        if not self.orig:
            return (start, end)
        n = len(self.orig) - 1
        s = self.orig[min(max(start, 0), n)]
        e = self.orig[min(max(end, 0), n)] if end > start else s
        if end > start and end - 1 <= n:
            e = max(e, self.orig[min(end - 1, n)] + 1)
        return (s, e)


@dataclass(slots=True, unsafe_hash=True)
class Document:
    """A normalized article: clean simplified NFKC text plus metadata."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None          # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]"
    source: str | None = None             # outlet (来源)
    authors: tuple[str, ...] = ()         # reporters, photographers
    captions: tuple[tuple[int, int], ...] = ()   # [start, end) spans of photo captions in text
    url: str | None = None
    origin: str = ""                      # Page.source
    sha256: str = ""                      # of the raw body
    raw_text: str = ""                    # decoded original text (for the offset map)
    offsets: OffsetMap = field(default_factory=lambda: OffsetMap(()))
    title_span: tuple[int, int] | None = None   # where the title stands in text, if it does

    @property
    def published_date(self) -> str | None:
        """Publication date as ``YYYY-MM-DD`` (no time)."""
        return self.published[:10] if self.published else None


@dataclass(slots=True, unsafe_hash=True)
class Evidence:
    """Where a fact was read: [start, end) in the clean text, and its sentence.

    Not ``frozen`` (treat it as immutable all the same): a frozen dataclass builds each
    instance through ``object.__setattr__``, and tens are made per article (0.6 → 0.3 µs).
    """

    start: int
    end: int
    sentence: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "sentence": self.sentence}


@dataclass(slots=True)
class Mention:
    """A span of text recognized by an extractor (before resolution).

    Not ``frozen`` for speed, like :class:`Evidence` (about a hundred per article; never
    hashed: ``data`` is a dict); the extractors never change one once made.
    """

    kind: str          # "place", "org", "money", "date", "number", ...
    start: int
    end: int
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, unsafe_hash=True)
class Place:
    adcode: str
    name: str
    evidence: Evidence
    level: str = ""            # province | prefecture | county
    path: str = ""             # 河北省/衡水市/景县

    def to_json(self) -> dict[str, Any]:
        return {"adcode": self.adcode, "name": self.name, "level": self.level,
                "path": self.path, "evidence": self.evidence.to_json()}


@dataclass(slots=True, unsafe_hash=True)
class Organization:
    name: str
    type: OrgType
    evidence: Evidence
    aliases: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "aliases": list(self.aliases),
                "evidence": self.evidence.to_json()}


@dataclass(slots=True, unsafe_hash=True)
class Amount:
    text: str
    value: int | float         # exact integer yuan where possible
    currency: str              # ISO code: CNY, USD, EUR, ...
    qualifier: Qualifier
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "currency": self.currency,
                "qualifier": self.qualifier, "evidence": self.evidence.to_json()}


@dataclass(slots=True, unsafe_hash=True)
class Project:
    name: str | None
    category: Category
    parties: tuple[str, ...]
    place: str | None
    investment: int | float | None
    status: Status
    date: str | None
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "category": self.category, "parties": list(self.parties),
                "place": self.place, "investment": self.investment, "status": self.status,
                "date": self.date, "evidence": self.evidence.to_json()}


@dataclass(slots=True, unsafe_hash=True)
class Indicator:
    subject: str | None
    metric: str
    value: int | float
    unit: str
    qualifier: Qualifier
    period: tuple[str | None, str | None] | None
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "metric": self.metric, "value": self.value,
                "unit": self.unit, "qualifier": self.qualifier,
                "period": list(self.period) if self.period is not None else None,
                "evidence": self.evidence.to_json()}


@dataclass(slots=True, unsafe_hash=True)
class Facts:
    """Everything extracted from one article: the ``xietong.facts/1`` record."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    places: tuple[Place, ...] = ()
    organizations: tuple[Organization, ...] = ()
    amounts: tuple[Amount, ...] = ()
    projects: tuple[Project, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    extractor: str = ""        # e.g. "xietong-extract/0.1.0"

    def to_json(self) -> dict[str, Any]:
        """The SPEC's JSON object (with evidence and provenance as extra fields)."""
        return {
            "schema": FACTS_SCHEMA,
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "extractor": self.extractor,
            "places": [p.to_json() for p in self.places],
            "organizations": [o.to_json() for o in self.organizations],
            "amounts": [a.to_json() for a in self.amounts],
            "projects": [p.to_json() for p in self.projects],
            "indicators": [i.to_json() for i in self.indicators],
        }
