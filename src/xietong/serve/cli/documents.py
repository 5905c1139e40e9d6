"""Commands over documents: ``clean`` and ``extract`` (no database involved)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from xietong.ingest import read_pages
from xietong.model import Skipped
from xietong.pipeline import clean as clean_page
from xietong.pipeline import process_paths
from xietong.serve.cli.app import app, bench_app, fail, warn


def _document_json(doc_id: str, d: object) -> dict[str, object]:
    from xietong.model import Document

    assert isinstance(d, Document)
    return {
        "id": d.id,
        "title": d.title,
        "published": d.published,
        "source": d.source,
        "authors": list(d.authors),
        "url": d.url,
        "origin": d.origin,
        "captions": [list(c) for c in d.captions],
        "text": d.text,
    }


MAX_BYTES_OPTION = typer.Option(
    "--max-bytes", help="Per-document size cap, e.g. 20M (default: $XIETONG_MAX_BYTES or 20M)."
)


def _size(text: str | None) -> int | None:
    """The --max-bytes value in bytes (None: the configured default)."""
    if text is None:
        return None
    from xietong.settings import parse_size

    return parse_size(text)


@app.command()
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of pages.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per document.")] = False,
    max_bytes: Annotated[str | None, MAX_BYTES_OPTION] = None,
) -> None:
    """Print the clean text and metadata of each document."""
    failed = 0
    out = sys.stdout
    for item in read_pages(paths, max_bytes=_size(max_bytes)):
        doc = item if isinstance(item, Skipped) else clean_page(item)
        if isinstance(doc, Skipped):
            warn(doc.line())
            failed += 1
            continue
        if as_json:
            out.write(json.dumps(_document_json(doc.id, doc), ensure_ascii=False) + "\n")
        else:
            out.write(f"# {doc.id}\n")
            out.write(f"title:     {doc.title or ''}\n")
            out.write(f"published: {doc.published or ''}\n")
            out.write(f"source:    {doc.source or ''}\n")
            if doc.authors:
                out.write(f"authors:   {'、'.join(doc.authors)}\n")
            out.write("\n" + doc.text.rstrip("\n") + "\n\n")
    if failed:
        raise typer.Exit(1)


def _write(path: str, data: bytes) -> None:
    """Write one facts file (os-level: pathlib's buffered open costs more than the write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of pages.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for <id>.json files.")],
    max_bytes: Annotated[str | None, MAX_BYTES_OPTION] = None,
) -> None:
    """Extract facts (xietong.facts/1) from each document into OUT/<id>.json."""
    import orjson

    from xietong.pipeline import warm_up

    cap = _size(max_bytes)
    out.mkdir(parents=True, exist_ok=True)
    folder = str(out)
    warm_up()
    failed = 0
    for item in process_paths(paths, max_bytes=cap):
        if isinstance(item, Skipped):
            warn(item.line())
            failed += 1
            continue
        # orjson: ~15x faster than json.dumps(indent=...), whose pure-Python encoder
        # cost 0.3 ms per article, a tenth of the extraction itself
        data = orjson.dumps(item.facts.to_json(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        _write(os.path.join(folder, f"{item.facts.id}.json"), data)
    if failed:
        raise typer.Exit(1)


def _bench(stage: str, corpus: Path | None, repeat: int | None, documents: int) -> None:
    from xietong.bench import documents as b

    try:
        corpus = corpus or b.default_corpus()
        pages = b.load_pages(corpus)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc), 2)
    if not pages:
        fail(f"{corpus}: no readable pages", 2)
    target = len(pages) * repeat if repeat else max(documents, len(pages))
    print(f"corpus:       {corpus} ({len(pages)} pages, repeated to {target})")
    result = b.run(stage, pages, target)
    print("\n".join(result.lines()))


@bench_app.command("clean")
def bench_clean(
    corpus: Annotated[Path | None, typer.Option(help="Folder of pages (default: the dev corpus).")] = None,
    repeat: Annotated[int | None, typer.Option(help="Repeat the corpus N times.")] = None,
    documents: Annotated[int, typer.Option(help="Documents to process (if no --repeat).")] = 10_000,
) -> None:
    """Throughput of normalize (ingested pages → clean documents) on one core."""
    _bench("clean", corpus, repeat, documents)


@bench_app.command("extract")
def bench_extract(
    corpus: Annotated[Path | None, typer.Option(help="Folder of pages (default: the dev corpus).")] = None,
    repeat: Annotated[int | None, typer.Option(help="Repeat the corpus N times.")] = None,
    documents: Annotated[int, typer.Option(help="Documents to process (if no --repeat).")] = 10_000,
    process_files: Annotated[int, typer.Option("--process-files", help="Also time a whole `xietong extract` process over this many page files (0: skip).")] = 2000,
) -> None:
    """Throughput of normalize + extract on one core, and of a whole extract process."""
    _bench("extract", corpus, repeat, documents)
    if process_files:
        from xietong.bench import documents as b

        seconds, user, system, done = b.run_cli_extract(corpus or b.default_corpus(), process_files)
        cpu = user + system
        print(f"whole process: xietong extract over {process_files} files on one core: "
              f"{seconds:.2f} s, {done / seconds:,.0f} documents/s (start-up included); "
              f"CPU {cpu:.2f} s (user {user:.2f}, system {system:.2f}), "
              f"{done / cpu:,.0f} documents per CPU second")
        from xietong import native

        print(f"extractors:   {native.status()} (mypyc; `make native` builds them)")
