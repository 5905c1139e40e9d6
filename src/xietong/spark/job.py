"""The Spark job: input files → pipeline.process per document → Parquet tables.

One task per input file (``parallelize(files, numSlices=len(files))``); each task reads
its file with the local readers and calls :func:`xietong.pipeline.process` on every
document, exactly as ``xietong extract`` does.  The tagged rows are persisted once and
written as four tables under OUT::

    OUT/articles/run=<id>/year=<YYYY|unknown>/province=<adcode|unknown>/part-*.parquet
    OUT/facts/run=<id>/year=…/province=…/part-*.parquet
    OUT/rejects/run=<id>/part-*.parquet           (input, source, reason, detail)
    OUT/duplicates/run=<id>/part-*.parquet        (article_id, story_id, size)
    OUT/_done/<id>.json                           the run's manifest: its inputs, counts

Commit protocol (resumable, no duplicates after a crash): a run writes into
``OUT/_tmp/run=<id>/``, moves each table folder into place, and only then writes its
manifest (to a temporary name, renamed).  A rerun skips the inputs listed in manifests,
and first deletes ``_tmp`` and any ``run=`` folder that has no manifest (a crashed run).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from xietong.ingest import DEFAULT_MAX_BYTES
from xietong.model import Skipped
from xietong.spark.rows import processed_rows, reject_row

TABLES = ("articles", "facts", "rejects", "duplicates")
Tagged = tuple[str, tuple[Any, ...]]   # ("a"|"f"|"r", row in the table's column order)


@dataclass(frozen=True, slots=True)
class JobResult:
    """What one run did (``run_id`` is None when every input was already done)."""

    out: str
    run_id: str | None
    inputs: int                  # files listed under INPUT
    already_done: int            # of which skipped: completed by an earlier run
    articles: int = 0
    facts: int = 0
    rejects: int = 0
    duplicates: int = 0          # articles that belong to a story of two or more
    seconds: float = 0.0
    missing: tuple[Skipped, ...] = field(default=())

    @property
    def documents(self) -> int:
        """Documents seen: articles plus rejected documents/files."""
        return self.articles + self.rejects

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """One-line summary for the CLI."""
        todo = self.inputs - self.already_done
        return (f"{todo} of {self.inputs} input files processed ({self.already_done} already done): "
                f"{self.articles} articles, {self.facts} facts, {self.rejects} rejects, "
                f"{self.duplicates} in duplicate stories, {self.seconds:.1f} s, "
                f"{self.docs_per_s:,.0f} documents/s → {self.out}")


# --- in the tasks (Python workers) ------------------------------------------------------

def process_input(uri: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Tagged]:
    """All rows of one input file: ("a", article), ("f", fact), ("r", reject).

    Never raises for a bad document: an unexpected error in the pipeline becomes a reject
    with reason ``error`` (one bad page must not fail a task of a million).
    """
    from xietong.ingest import read_pages
    from xietong.pipeline import process
    from xietong.spark.inputs import is_local, opened_locally

    try:
        with opened_locally(uri) as path:
            def fix(source: str) -> str:
                return source if is_local(uri) or not source.startswith(path) else uri + source[len(path):]

            for page in read_pages([path], max_bytes=max_bytes):
                if isinstance(page, Skipped):
                    yield ("r", reject_row(Skipped(fix(page.source), page.reason, page.detail), uri))
                    continue
                try:
                    out = process(page)
                except Exception as exc:  # a pipeline bug on one page: reject it, go on
                    yield ("r", (uri, fix(page.source), "error", f"{type(exc).__name__}: {str(exc)[:200]}"))
                    continue
                if isinstance(out, Skipped):
                    yield ("r", reject_row(Skipped(fix(out.source), out.reason, out.detail), uri))
                    continue
                if not is_local(uri):
                    from dataclasses import replace

                    out = replace(out, page=replace(out.page, source=fix(out.page.source)))
                article, facts = processed_rows(out, uri)
                yield ("a", article)
                for f in facts:
                    yield ("f", f)
    except OSError as exc:
        yield ("r", (uri, uri, "not_found" if isinstance(exc, FileNotFoundError) else "malformed",
                     f"cannot read: {exc}"))


_BATCH_ROWS = 2048


def tagged_batches(batches: Iterator[Any], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Any]:
    """mapInArrow body: batches of input URIs → Arrow batches of tagged rows (schema.TAGGED)."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_schema

    from xietong.spark import schema
    from xietong.spark.rows import ARTICLE_COLUMNS, FACT_COLUMNS, REJECT_COLUMNS

    arrow = to_arrow_schema(schema.TAGGED)
    names = {"a": ARTICLE_COLUMNS, "f": FACT_COLUMNS, "r": REJECT_COLUMNS}
    empty = {"a": None, "f": None, "r": None}
    rows: list[dict[str, Any]] = []
    for batch in batches:
        for uri in batch.column(0).to_pylist():
            for tag, row in process_input(uri, max_bytes):
                rows.append({**empty, "t": tag, tag: dict(zip(names[tag], row, strict=True))})
                if len(rows) >= _BATCH_ROWS:
                    yield pa.RecordBatch.from_pylist(rows, schema=arrow)
                    rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=arrow)


# --- on the driver ----------------------------------------------------------------------

class _FS:
    """The few Hadoop FileSystem operations the commit protocol needs (via the JVM)."""

    def __init__(self, spark: Any, root: str) -> None:
        self._Path = spark._jvm.org.apache.hadoop.fs.Path
        path = self._Path(root)
        self.fs = path.getFileSystem(spark._jsc.hadoopConfiguration())
        self.root = self.fs.makeQualified(path).toString().rstrip("/")

    def path(self, rel: str) -> Any:
        return self._Path(f"{self.root}/{rel}")

    def exists(self, rel: str) -> bool:
        return bool(self.fs.exists(self.path(rel)))

    def delete(self, rel: str) -> None:
        self.fs.delete(self.path(rel), True)

    def names(self, rel: str) -> list[str]:
        if not self.exists(rel):
            return []
        return sorted(str(st.getPath().getName()) for st in self.fs.listStatus(self.path(rel)))

    def rename(self, src: str, dst: str) -> None:
        self.fs.mkdirs(self.path(dst).getParent())
        if not self.fs.rename(self.path(src), self.path(dst)):
            raise OSError(f"cannot move {self.root}/{src} to {self.root}/{dst}")

    def write_text(self, rel: str, text: str) -> None:
        tmp = rel + ".tmp"
        stream = self.fs.create(self.path(tmp), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()
        self.rename(tmp, rel)

    def read_text(self, rel: str) -> str:
        stream = self.fs.open(self.path(rel))
        try:
            return bytes(stream.readAllBytes()).decode("utf-8")
        finally:
            stream.close()


def completed(fs: _FS) -> dict[str, set[str]]:
    """Committed runs → their input URIs (from the manifests in ``_done/``)."""
    runs: dict[str, set[str]] = {}
    for name in fs.names("_done"):
        if name.endswith(".json"):
            data = json.loads(fs.read_text(f"_done/{name}"))
            runs[str(data["run"])] = set(data["inputs"])
    return runs


def _clean_crashed(fs: _FS, runs: dict[str, set[str]]) -> None:
    fs.delete("_tmp")
    for table in TABLES:
        for name in fs.names(table):
            if name.startswith("run=") and name[4:] not in runs:
                fs.delete(f"{table}/{name}")


def _new_run_id() -> str:
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:6]


def run(spark: Any, inputs: Sequence[str], out: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
        duplicates: bool = True) -> JobResult:
    """Run the pipeline over every file under ``inputs`` not yet done, writing to ``out``.

    ``spark`` is an active SparkSession; ``inputs`` and ``out`` are local paths or
    Hadoop URIs.  Returns the run's counts; raises only for infrastructure failures.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from xietong.spark import schema
    from xietong.spark.dupes import find_duplicates
    from xietong.spark.inputs import list_inputs

    t0 = time.perf_counter()
    files, missing = list_inputs(spark, list(inputs))
    fs = _FS(spark, out)
    runs = completed(fs)
    _clean_crashed(fs, runs)
    done = set().union(*runs.values()) if runs else set()
    todo = [f for f in files if f not in done]
    if not todo:
        return JobResult(fs.root, None, len(files), len(files) - len(todo),
                         seconds=time.perf_counter() - t0, missing=tuple(missing))

    run_id = _new_run_id()
    stage = f"_tmp/run={run_id}"
    sc = spark.sparkContext
    sc.setJobGroup(f"xietong-{run_id}", f"xietong spark: {len(todo)} input files")
    uris = sc.parallelize([(u,) for u in todo], numSlices=len(todo)).toDF("uri string")
    tagged = (uris.mapInArrow(lambda it: tagged_batches(it, max_bytes), schema.TAGGED)
              .persist(StorageLevel.MEMORY_AND_DISK))
    counts = {r["t"]: int(r["count"]) for r in tagged.groupBy("t").count().collect()}

    # Writers: as many as cores (not one per input file), so each run leaves few files
    # per (year, province) folder; the data is cached, so this costs no recomputation.
    writers = max(1, min(len(todo), sc.defaultParallelism))
    articles = tagged.where(F.col("t") == "a").select("a.*")
    parts = ("year", "province")
    (articles.coalesce(writers)
     .write.mode("overwrite").partitionBy(*parts).parquet(fs.path(f"{stage}/articles").toString()))
    (tagged.where(F.col("t") == "f").select("f.*").coalesce(writers)
     .write.mode("overwrite").partitionBy(*parts).parquet(fs.path(f"{stage}/facts").toString()))
    (tagged.where(F.col("t") == "r").select("r.*").coalesce(1)
     .write.mode("overwrite").parquet(fs.path(f"{stage}/rejects").toString()))
    n_dupes = 0
    if duplicates:
        dupes = find_duplicates(articles.select("id", "text"))
        n_dupes = len(dupes)
        df = spark.createDataFrame(dupes, schema.DUPLICATES) if dupes else \
            spark.createDataFrame(sc.emptyRDD(), schema.DUPLICATES)
        df.coalesce(1).write.mode("overwrite").parquet(fs.path(f"{stage}/duplicates").toString())
    tagged.unpersist()

    for table in TABLES:
        if fs.exists(f"{stage}/{table}"):
            fs.rename(f"{stage}/{table}", f"{table}/run={run_id}")
    result = JobResult(fs.root, run_id, len(files), len(files) - len(todo),
                       articles=counts.get("a", 0), facts=counts.get("f", 0),
                       rejects=counts.get("r", 0), duplicates=n_dupes,
                       seconds=time.perf_counter() - t0, missing=tuple(missing))
    manifest = {"run": run_id, "inputs": todo, "articles": result.articles, "facts": result.facts,
                "rejects": result.rejects, "duplicates": n_dupes,
                "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    fs.write_text(f"_done/{run_id}.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    fs.delete("_tmp")
    sc.setJobGroup("", "")
    return result
