"""Near-duplicate articles (one press release on many sites) → one story.

MinHash (datasketch) over character 5-shingles of the clean text; the LSH bands are
stored in ``article_bands`` so that candidates are found by SQL, across batches and
processes.  A candidate joins the story when its estimated Jaccard similarity reaches
:data:`THRESHOLD`; the story id is the smallest article id of the cluster.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from sqlalchemy import Connection, bindparam, select, update

from xietong.store.tables import article_bands, articles, project_events
from xietong.store.write import insert_ignore

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.7
BANDS, ROWS = _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5)
_NOISE = re.compile(r"[\s\W_]+")


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    perms: tuple[np.ndarray, np.ndarray] = MinHash(NUM_PERM, seed=1).permutations
    return perms


def _crc(b: bytes) -> int:
    return zlib.crc32(b)


def signature(text: str) -> np.ndarray:
    """The MinHash signature (uint32[NUM_PERM]) of a text's character shingles."""
    t = _NOISE.sub("", text)
    m = MinHash(NUM_PERM, permutations=_permutations(), scheme="affine32", hashfunc=_crc)
    if len(t) <= SHINGLE:
        m.update(t.encode("utf-8"))
    else:
        m.update_batch([s.encode("utf-8") for s in {t[i:i + SHINGLE]
                                                    for i in range(len(t) - SHINGLE + 1)}])
    return np.asarray(m.hashvalues, dtype=np.uint32)


def band_hashes(sig: np.ndarray) -> list[int]:
    """One signed 64-bit hash per LSH band (the band number is hashed in too)."""
    out = []
    for b in range(BANDS):
        chunk = bytes([b]) + sig[b * ROWS:(b + 1) * ROWS].tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big",
                                  signed=True))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


_DELETE_BANDS = article_bands.delete().where(article_bands.c.article_id == bindparam("b_aid"))
_CANDIDATES = select(articles.c.id, articles.c.story_id, articles.c.minhash).where(
    articles.c.id.in_(select(article_bands.c.article_id).where(
        article_bands.c.hash.in_(bindparam("b_hashes", expanding=True)))),
    articles.c.id != bindparam("b_aid"))
_SET_STORY = update(articles).where(articles.c.id == bindparam("b_aid"))
_MERGE_STORIES = update(articles).where(
    articles.c.story_id.in_(bindparam("b_stories", expanding=True))).values(
    story_id=bindparam("b_story"))
_STORY_PROJECTS = (select(project_events.c.project_id).distinct()
                   .join(articles, articles.c.id == project_events.c.article_id)
                   .where(articles.c.story_id == bindparam("b_story")))


def assign_story(conn: Connection, article_id: int, text: str, *, fresh: bool = False) -> int:
    """Give an article its story id (merging stories it bridges); returns the story id.

    ``fresh``: the article was just inserted (it has no bands to replace).  When stories
    merge, the projects reported in them are recounted (``n_stories``).
    """
    sig = signature(text)
    bands = band_hashes(sig)
    if not fresh:
        conn.execute(_DELETE_BANDS, {"b_aid": article_id})
    conn.execute(insert_ignore(conn, article_bands),
                 [{"band": i, "hash": h, "article_id": article_id} for i, h in enumerate(bands)])
    cands = conn.execute(_CANDIDATES, {"b_hashes": bands, "b_aid": article_id}).all()
    stories = {article_id}
    for c in cands:
        if c.minhash is None:
            continue
        other = np.frombuffer(c.minhash, dtype=np.uint32)
        if len(other) == len(sig) and similarity(sig, other) >= THRESHOLD:
            stories.add(c.story_id if c.story_id is not None else c.id)
    story = min(stories)
    conn.execute(_SET_STORY, {"b_aid": article_id, "story_id": story, "minhash": sig.tobytes()})
    others = stories - {story, article_id}
    if others:
        conn.execute(_MERGE_STORIES, {"b_stories": sorted(others), "b_story": story})
        from xietong.ledger.link import refresh_projects

        refresh_projects(conn, conn.execute(_STORY_PROJECTS, {"b_story": story}).scalars())
    return story
