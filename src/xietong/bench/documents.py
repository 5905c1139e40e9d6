"""Throughput of the per-document stages: ``clean`` (normalize) and ``extract``.

The corpus is read once into memory, then processed in a loop until ``target`` documents
have gone through, on one core (this process), so the figures are per core.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from xietong.ingest import read_pages
from xietong.model import Page, Skipped
from xietong.pipeline import clean, process, warm_up

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc", ".gz")
DEFAULT_CORPORA = (Path("../shared/corpus/dev"), Path("examples/pages"))


@dataclass(frozen=True, slots=True)
class Throughput:
    """What one benchmark run measured."""

    stage: str
    documents: int
    characters: int
    seconds: float
    skipped: int
    peak_rss_mb: float
    cpu_seconds: float = 0.0   # CPU time of this process over the same loop

    @property
    def docs_per_cpu_s(self) -> float:
        """Documents per CPU second: the per-core rate even on a busy machine."""
        return self.documents / self.cpu_seconds if self.cpu_seconds else 0.0

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def chars_per_s(self) -> float:
        return self.characters / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        """Human-readable figures, one per line."""
        return [
            f"stage:        {self.stage}",
            f"documents:    {self.documents} ({self.skipped} skipped)",
            f"seconds:      {self.seconds:.2f}",
            f"documents/s:  {self.docs_per_s:,.0f} (wall clock); {self.docs_per_cpu_s:,.0f} per CPU second",
            f"characters/s: {self.chars_per_s:,.0f}",
            f"peak RSS:     {self.peak_rss_mb:.0f} MB",
        ]


def default_corpus() -> Path:
    """The dev corpus beside the repository if present, else the bundled examples."""
    for p in DEFAULT_CORPORA:
        if p.is_dir():
            return p
    raise FileNotFoundError("no corpus: pass --corpus DIR")


def load_pages(corpus: Path) -> list[Page]:
    """Every readable page of the article files at the top of ``corpus`` (not gold/)."""
    files = sorted(f for f in corpus.iterdir() if f.is_file() and f.suffix in PAGE_SUFFIXES)
    return [p for p in read_pages(files) if isinstance(p, Page)]


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(stage: str, pages: list[Page], target: int) -> Throughput:
    """Process ``pages`` cyclically until ``target`` documents are done; time it."""
    if not pages:
        raise ValueError("the corpus has no readable pages")
    step: Callable[[Page], object] = clean if stage == "clean" else process
    copies = [replace(p, id=f"{p.id}-{i}") for i in range(-(-target // len(pages))) for p in pages]
    copies = copies[:target]
    warm_up()  # load the tables (gazetteer, automata, OpenCC) outside the timed loop, as the CLI does
    step(pages[0])
    chars = 0
    skipped = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for page in copies:
        out = step(page)
        if isinstance(out, Skipped):
            skipped += 1
        chars += len(page.text) if page.text is not None else len(page.data)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return Throughput(stage, len(copies), chars, seconds, skipped, peak_rss_mb(), cpu)


def run_cli_extract(corpus: Path, count: int) -> tuple[float, float, float, int]:
    """Wall and CPU time of a whole ``xietong extract`` process over ``count`` page files.

    Start-up (imports, gazetteer load) is included; pinned to one core with taskset
    when available.  CPU time (user + system of the child) gives the per-core rate even
    when other work shares the machine; the system part (file creation in the kernel)
    varies from run to run.  Returns (seconds, user_cpu_seconds, system_cpu_seconds, documents).
    """
    files = [f for f in sorted(corpus.iterdir()) if f.is_file() and f.suffix in PAGE_SUFFIXES[:3]]
    if not files:
        raise ValueError(f"{corpus}: no .txt/.html pages")
    with tempfile.TemporaryDirectory(prefix="xietong-bench-") as tmp:
        src = Path(tmp) / "pages"
        src.mkdir()
        for i in range(count):
            f = files[i % len(files)]
            shutil.copyfile(f, src / f"{f.stem}-{i:05d}{f.suffix}")
        os.sync()  # the copies' write-back is not part of the run being timed
        exe = Path(sys.executable).with_name("xietong")
        cmd = [str(exe), "extract", str(src), "--out", str(Path(tmp) / "out")]
        if shutil.which("taskset"):
            cmd = ["taskset", "-c", "0", *cmd]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, env={**os.environ}, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        user = after.ru_utime - before.ru_utime
        system = after.ru_stime - before.ru_stime
        done = len(list((Path(tmp) / "out").glob("*.json")))
    return seconds, user, system, done
