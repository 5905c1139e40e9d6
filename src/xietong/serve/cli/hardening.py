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
) -> None:
    """Fuzz with generated hostile inputs; print inputs/s per target and any failure (exit 1)."""
    from xietong.bench import fuzz

    if target not in fuzz.GROUPS:
        fail(f"--target must be one of {', '.join(fuzz.GROUPS)}", 2)
    if inputs < 1 or jobs < 1:
        fail("--inputs and --jobs must be positive", 2)
    counts = fuzz.plan(target, inputs)
    print(f"fuzzing {inputs:,} inputs over {', '.join(f'{n} {c:,}' for n, c in counts.items())} "
          f"(seed {seed}, {jobs} job{'s' if jobs > 1 else ''})", flush=True)
    results = []
    for name, count in counts.items():
        res = fuzz.run_parallel(name, count, seed=seed, jobs=jobs)
        results.append(res)
        print(f"{name:10s} {res.inputs:>10,} inputs  {res.seconds:8.1f} s  {res.per_second:9,.0f} inputs/s  "
              f"{res.documented_errors:>8,} documented errors  {res.failure_count:>6,} failures "
              f"({len(res.failures)} distinct)", flush=True)
        for f in res.failures.values():
            print(f"    {f.kind}: {f.message[:160]} at {f.where} (seed {f.seed})", flush=True)
    total = sum(r.inputs for r in results)
    seconds = sum(r.seconds for r in results)
    print(f"{'total':10s} {total:>10,} inputs  {seconds:8.1f} s  {total / seconds if seconds else 0:9,.0f} inputs/s")
    if any(r.failures for r in results):
        saved = fuzz.save_failures(results, failures)
        print(f"{len(saved)} distinct failures saved under {failures}/")
        raise typer.Exit(1)
    print("no failures: every input gave a result or one of xietong's documented errors")
