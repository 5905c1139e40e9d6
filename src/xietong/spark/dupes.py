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


def _bands(rows: Iterable[tuple[str, str]]) -> Iterator[tuple[tuple[int, int], tuple[str, bytes]]]:
    from xietong.ledger.dupes import band_hashes, signature

    for article_id, text in rows:
        sig = signature(text)
        for b, h in enumerate(band_hashes(sig)):
            yield ((b, h), (article_id, sig.tobytes()))


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

    ``texts`` is an RDD of (article id, clean text).
    """
    edges = (texts.mapPartitions(_bands)
             .groupByKey()
             .flatMap(lambda kv: bucket_edges(kv[1]))
             .distinct()
             .collect())
    story = stories(edges)
    sizes: dict[str, int] = {}
    for s in story.values():
        sizes[s] = sizes.get(s, 0) + 1
    return sorted((a, s, sizes[s]) for a, s in story.items())
