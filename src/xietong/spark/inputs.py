"""Input files of a Spark run: listed on the driver with Hadoop's FileSystem, read in tasks.

Listing goes through the JVM (``org.apache.hadoop.fs``), so INPUT may be a local path,
``file:``, ``hdfs://`` or ``s3a://`` URI, a folder (walked recursively) or a glob, and the
S3/HDFS settings are Spark's own (``spark.hadoop.*``).  Names starting with ``.`` or ``_``
are passed over (hidden files, Spark's ``_SUCCESS``), as the local reader passes over
hidden files.

In a task a file is handed to the *same* readers as the local path
(:func:`xietong.ingest.read_pages`): local files directly; remote files are first streamed
to the executor's scratch disk (in 1 MB blocks, through ``pyarrow.fs``) under their own
file name, so record ids and formats are exactly those of a local run, and the sources
are rewritten back to the URI.  See the report: a public ``read_stream(stream, name,
source)`` in ingest would remove the scratch copy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlparse

from xietong.errors import SkipReason
from xietong.model import Skipped

_HIDDEN = (".", "_")


def is_local(uri: str) -> bool:
    """True for plain paths and ``file:`` URIs."""
    scheme = urlparse(uri).scheme
    return scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt")


def local_path(uri: str) -> str:
    """The local path of a plain path or ``file:`` URI.

    >>> local_path("file:/tmp/a%20b.txt"), local_path("/tmp/x.jsonl")
    ('/tmp/a b.txt', '/tmp/x.jsonl')
    """
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def list_inputs(spark: Any, inputs: list[str]) -> tuple[list[str], list[Skipped]]:
    """Every file under ``inputs`` (folders recursively, globs expanded), as qualified URIs
    sorted and de-duplicated, plus a Skipped(NOT_FOUND) per input that matched nothing."""
    jvm = spark._jvm
    conf = spark._jsc.hadoopConfiguration()
    found: set[str] = set()
    missing: list[Skipped] = []
    for raw in inputs:
        uri = raw if "://" in raw or raw.startswith("file:") else "file:" + os.path.abspath(raw)
        path = jvm.org.apache.hadoop.fs.Path(uri)
        fs = path.getFileSystem(conf)
        statuses = fs.globStatus(path)
        if not statuses:
            missing.append(Skipped(raw, SkipReason.NOT_FOUND, "no such file or folder"))
            continue
        for st in statuses:
            if st.isDirectory():
                it = fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    f = it.next()
                    p = f.getPath()
                    rel = p.toUri().getPath()[len(st.getPath().toUri().getPath()):]
                    if not any(part.startswith(_HIDDEN) for part in rel.split("/") if part):
                        found.add(p.toString())
            elif not st.getPath().getName().startswith(_HIDDEN):
                found.add(st.getPath().toString())
    return sorted(found), missing


def _pyarrow_fs(uri: str) -> tuple[Any, str]:
    """A pyarrow filesystem and path for a remote URI (``s3a://``/``s3n://`` read as S3)."""
    from pyarrow import fs as pafs

    for alias in ("s3a://", "s3n://"):
        if uri.startswith(alias):
            uri = "s3://" + uri[len(alias):]
    filesystem, path = pafs.FileSystem.from_uri(uri)
    return filesystem, path


@contextmanager
def opened_locally(uri: str) -> Iterator[str]:
    """A local path holding the file at ``uri`` for the duration of the block."""
    if is_local(uri):
        yield local_path(uri)
        return
    filesystem, path = _pyarrow_fs(uri)
    tmp = tempfile.mkdtemp(prefix="xietong-input-")
    try:
        target = os.path.join(tmp, path.rsplit("/", 1)[-1])
        with filesystem.open_input_stream(path) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        yield target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
