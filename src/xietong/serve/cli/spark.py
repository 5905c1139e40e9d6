"""CLI commands of the spark area: ``spark``, ``load`` and ``bench spark``.

Only typer and the app objects are imported here: pyspark, pyarrow and sqlalchemy load
inside the commands, so the CLI starts fast and runs without the ``spark`` extra.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xietong.serve.cli.app import app, bench_app, fail, warn


def _conf(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in pairs or []:
        key, eq, value = item.partition("=")
        if not eq or not key:
            fail(f"--conf takes KEY=VALUE, not {item!r}", 2)
        out[key] = value
    return out


@app.command("spark")
def spark_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or globs: local, hdfs://, s3a://.")],
    out: Annotated[str, typer.Option("--out", help="Output folder (local path or Hadoop URI).")],
    master: Annotated[str | None, typer.Option(help="Spark master, e.g. local[4] (default: local[*], "
                                               "or spark-submit's).")] = None,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates",
                                             help="Run the MinHash near-duplicate stage.")] = True,
    conf: Annotated[list[str] | None, typer.Option("--conf", help="Spark setting KEY=VALUE (repeatable).")] = None,
) -> None:
    """Run the pipeline on Spark: Parquet of articles, facts, rejects, duplicates in OUT.

    Resumable: input files completed by an earlier run into OUT are skipped.
    """
    from xietong.errors import ConfigError
    from xietong.spark import run, session

    settings = {"spark.ui.showConsoleProgress": "false", **_conf(conf)}
    try:
        spark = session(master or _default_master(), settings)
    except ConfigError as exc:
        fail(str(exc), 2)
    result = run(spark, inputs, out, duplicates=duplicates)
    for m in result.missing:
        warn(m.line())
    print(result.line())
    if result.missing:
        raise typer.Exit(1)


def _default_master() -> str | None:
    """local[*] unless spark-submit (or the environment) already chose a master."""
    import os

    return None if os.environ.get("SPARK_ENV_LOADED") or os.environ.get("MASTER") else "local[*]"


@app.command("load")
def load_cmd(
    folder: Annotated[Path, typer.Argument(help="Output folder of `xietong spark`.")],
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: XIETONG_DB or the local SQLite file).")] = None,
) -> None:
    """Load the Parquet output of `xietong spark` into the ledger (stories and links included)."""
    from xietong.errors import ConfigError
    from xietong.spark.load import load

    if not folder.is_dir():
        fail(f"{folder}: no such folder", 2)
    try:
        summary = load(folder, db)
    except ConfigError as exc:
        fail(str(exc), 2)
    print(summary.line())


@bench_app.command("spark")
def bench_spark(
    documents: Annotated[int, typer.Option(help="Synthetic documents to generate.")] = 50_000,
    files: Annotated[int, typer.Option(help="JSONL files the corpus is split into (tasks).")] = 16,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates",
                                             help="Include the MinHash stage.")] = True,
) -> None:
    """Documents/s of the Spark job on local[1] and local[2], and an estimate for 10M pages."""
    from xietong.bench import spark as b
    from xietong.errors import ConfigError

    print(f"corpus:   {documents:,} synthetic documents in {files} JSONL files")
    try:
        runs = b.bench(documents, files, duplicates=duplicates)
    except ConfigError as exc:
        fail(str(exc), 2)
    for r in runs:
        print(r.line())
    if len(runs) == 2 and runs[0].docs_per_s:
        ratio = runs[1].docs_per_s / runs[0].docs_per_s
        print(f"speed-up: local[2] / local[1] = {ratio:.2f} (target ≥ 1.70; meaningful only "
              f"when the load average stays below the core count)")
    print("\n".join(b.estimate(runs[0].docs_per_s)))
