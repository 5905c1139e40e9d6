"""CLI commands of the hardening area (registered on `app` / `bench_app` at import).

``xietong bench fuzz`` runs generated hostile inputs through the readers, the normalizer
and the extractors (see :mod:`xietong.bench.fuzz`); the fuzzing code is imported only
when the command runs, so the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xietong.serve.cli.app import bench_app, fail


@bench_app.command("fuzz")
def bench_fuzz(
    inputs: Annotated[int, typer.Option(help="Generated inputs in total, shared among the targets.")] = 1_000_000,
    target: Annotated[str, typer.Option(help="all | read | normalize | extract.")] = "all",
    seed: Annotated[int, typer.Option(help="First seed (input i is made from seed + i).")] = 0,
    jobs: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    failures: Annotated[Path, typer.Option(help="Folder for the failing inputs' reports.")] = Path("fuzz-failures"),
    limit: Annotated[float, typer.Option(
        help="CPU seconds one input may use; a slower input is a TooSlow failure (0: no limit).")] = 3.0,
    every: Annotated[float, typer.Option(help="Seconds between progress lines on stderr.")] = 10.0,
) -> None:
    """Fuzz with generated hostile inputs; print inputs/s per target and any failure (exit 1).

    Mix: read 15%, decode 45%, normalize 10%, extract 25%, pipeline 5%;
    1 in 20 normalize/pipeline inputs is HTML (trafilatura), the rest is
    news-like text, 1 in 40 with runs of up to 60,000 characters.
    1,000,000 inputs take about 22 minutes of 2 idle cores
    (measured: 52 s CPU per 20,000 inputs). A progress line goes to
    stderr every --every seconds; Ctrl-C or SIGTERM stops the run,
    prints the counts so far per target and exits 130 / 143.
    """
    import signal
    import sys

    from xietong.bench import fuzz

    if target not in fuzz.GROUPS:
        fail(f"--target must be one of {', '.join(fuzz.GROUPS)}", 2)
    if inputs < 1 or jobs < 1 or limit < 0 or every <= 0:
        fail("--inputs, --jobs and --every must be positive, --limit not negative", 2)
    counts = fuzz.plan(target, inputs)
    print(f"fuzzing {inputs:,} inputs over {', '.join(f'{n} {c:,}' for n, c in counts.items())} "
          f"(seed {seed}, {jobs} job{'s' if jobs > 1 else ''}, limit {limit:g} s CPU per input)", flush=True)
    print(f"mix: {fuzz.MIX}", flush=True)

    def line(res: fuzz.TargetResult, planned: int) -> str:
        return (f"{res.target:10s} {res.inputs:>10,} inputs  {res.seconds:8.1f} s  {res.per_second:9,.0f} inputs/s  {res.cpu:8.1f} s CPU  "
                f"{res.documented_errors:>8,} documented errors  {res.failure_count:>6,} failures "
                f"({len(res.failures)} distinct)" + ("" if res.inputs >= planned else f"  [{res.inputs:,} of {planned:,}]"))

    def progress(res: fuzz.TargetResult, planned: int) -> None:
        print(f"... {line(res, planned)}", file=sys.stderr, flush=True)

    def done(res: fuzz.TargetResult, planned: int) -> None:
        print(line(res, planned), flush=True)
        for f in res.failures.values():
            print(f"    {f.kind}: {f.message[:160]} at {f.where} (seed {f.seed})", flush=True)

    report = fuzz.run_plan(counts, seed=seed, jobs=jobs, limit=limit or None, progress=progress,
                           every=every, done=done)
    results = report.results
    if report.stopped is not None:
        print(f"stopped by {signal.Signals(report.stopped).name}: partial counts "
              "(inputs of chunks still running are not counted)", flush=True)
        for res in results:
            done(res, counts[res.target])
        for name in counts:
            if name not in {r.target for r in results}:
                print(f"{name:10s} not started", flush=True)
    total = sum(r.inputs for r in results)
    seconds = sum(r.seconds for r in results)
    cpu = sum(r.cpu for r in results)
    print(f"{'total':10s} {total:>10,} inputs  {seconds:8.1f} s  {total / seconds if seconds else 0:9,.0f} inputs/s  "
          f"{cpu:8.1f} s CPU", flush=True)
    saved = fuzz.save_failures(results, failures) if any(r.failures for r in results) else []
    if saved:
        print(f"{len(saved)} distinct failures saved under {failures}/", flush=True)
    if report.stopped is not None:
        raise typer.Exit(128 + report.stopped)
    if saved:
        raise typer.Exit(1)
    print("no failures: every input gave a result or one of xietong's documented errors")
