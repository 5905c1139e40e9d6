"""Near-duplicate articles as a Spark stage: MinHash LSH banding, grouped by band key.

The signatures and bands are the ledger's own (:mod:`xietong.ledger.dupes`: character
5-shingles, 64 permutations, Jaccard ≥ 0.7), so a story found here is the story the
ledger would find.  Each article emits one key per band; articles sharing a key are
candidates; candidates whose estimated similarity reaches the threshold are joined, and
the connected components (union-find on the driver over the edges, which are few: one
per duplicate, not per article) become stories whose id is the smallest article id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

_PAIRWISE = 64        # buckets up to this size are compared pair by pair; larger: star + cap


def band_batches(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInArrow body: (id, text) batches → one (band, h, id, sig) row per article and band."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_schema

    from xietong.ledger.dupes import band_hashes, signature
    from xietong.spark.schema import BANDS

    arrow = to_arrow_schema(BANDS)
    for batch in batches:
        cols: dict[str, list[Any]] = {"band": [], "h": [], "id": [], "sig": []}
        for article_id, text in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(),
                                    strict=True):
            sig = signature(text)
            raw = sig.tobytes()
            for b, h in enumerate(band_hashes(sig)):
                cols["band"].append(b)
                cols["h"].append(h)
                cols["id"].append(article_id)
                cols["sig"].append(raw)
        yield pa.RecordBatch.from_pydict(cols, schema=arrow)


def bucket_edges(members: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, str]]:
    """Pairs (a, b), a < b, of a bucket's articles whose signatures agree enough."""
    import numpy as np

    from xietong.ledger.dupes import THRESHOLD

    items = sorted(dict(members).items())
    if len(items) < 2:
        return
    ids = [i for i, _ in items]
    sigs = np.stack([np.frombuffer(s, dtype=np.uint32) for _, s in items])
    if len(items) <= _PAIRWISE:
        for i in range(len(items) - 1):
            sim = (sigs[i + 1:] == sigs[i]).mean(axis=1)
            for j in np.nonzero(sim >= THRESHOLD)[0]:
                yield (ids[i], ids[i + 1 + int(j)])
        return
    # A big bucket (one release on hundreds of sites): a star around the first article,
    # then pairwise among a capped number of those that did not match it.
    sim = (sigs[1:] == sigs[0]).mean(axis=1)
    rest: list[int] = []
    for pos, value in enumerate(sim.tolist(), start=1):
        if value >= THRESHOLD:
            yield (ids[0], ids[pos])
        elif len(rest) < _PAIRWISE:
            rest.append(pos)
    yield from bucket_edges((ids[k], sigs[k].tobytes()) for k in rest)


def stories(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components of the duplicate edges: article id → story id (smallest id).

    >>> sorted(stories([("b", "c"), ("a", "b"), ("x", "y")]).items())
    [('a', 'a'), ('b', 'a'), ('c', 'a'), ('x', 'x'), ('y', 'x')]
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            parent[hi] = lo
    return {x: find(x) for x in parent}


def find_duplicates(texts: Any) -> list[tuple[str, str, int]]:
    """(article_id, story_id, story size) for every article in a story of two or more.

    ``texts`` is a DataFrame of (id, text).  Bands are computed in Arrow batches; only
    buckets of two or more articles come back to Python to be compared.
    """
    from pyspark.sql import functions as F

    from xietong.spark.schema import BANDS

    buckets = (texts.mapInArrow(band_batches, BANDS)
               .groupBy("band", "h")
               .agg(F.collect_list(F.struct("id", "sig")).alias("m"))
               .where(F.size("m") > 1))
    edges = (buckets.select("m").rdd
             .flatMap(lambda row: bucket_edges((x["id"], bytes(x["sig"])) for x in row["m"]))
             .distinct()
             .collect())
    story = stories(edges)
    sizes: dict[str, int] = {}
    for s in story.values():
        sizes[s] = sizes.get(s, 0) + 1
    return sorted((a, s, sizes[s]) for a, s in story.items())
