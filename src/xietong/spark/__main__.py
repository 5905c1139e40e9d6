"""spark-submit entry: ``spark-submit …/xietong/spark/__main__.py INPUT… --out DIR``.

Also ``python -m xietong.spark INPUT… --out DIR [--master local[4]]``.  Same arguments
as ``xietong spark``; exit codes 0 (done), 1 (some inputs missing), 2 (usage/config).
"""

from __future__ import annotations

import argparse
import sys

from xietong.errors import ConfigError


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the job, print the one-line summary."""
    ap = argparse.ArgumentParser(prog="xietong-spark", description=__doc__)
    ap.add_argument("inputs", nargs="+", help="files, folders or globs (local, hdfs://, s3a://)")
    ap.add_argument("--out", required=True, help="output folder (local or Hadoop URI)")
    ap.add_argument("--master", default=None, help="e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--no-duplicates", action="store_true", help="skip the MinHash stage")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args(argv)
    from xietong.spark import run, session

    try:
        conf = dict(c.split("=", 1) for c in args.conf)
    except ValueError:
        print("xietong: --conf takes KEY=VALUE", file=sys.stderr)
        return 2
    try:
        spark = session(args.master, conf)
    except ConfigError as exc:
        print(f"xietong: {exc}", file=sys.stderr)
        return 2
    result = run(spark, args.inputs, args.out, duplicates=not args.no_duplicates)
    for m in result.missing:
        print(f"xietong: {m.line()}", file=sys.stderr)
    print(result.line())
    return 1 if result.missing else 0


if __name__ == "__main__":
    sys.exit(main())
