"""Shared by the quality gates: extract a set of articles and score it with the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from xietong.pipeline import Processed, process_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "eval" / "score.py"


def f1_scores(articles: list[Path], gold: Path, out: Path) -> dict[str, float]:
    """F1 per list and ``fact_f1`` of the pipeline's facts for ``articles`` against ``gold``."""
    for item in process_paths(articles):
        assert isinstance(item, Processed), item
        (out / f"{item.facts.id}.json").write_text(
            json.dumps(item.facts.to_json(), ensure_ascii=False), encoding="utf-8"
        )
    res = subprocess.run(
        [sys.executable, str(SCORER), "--pred", str(out), "--gold", str(gold), "--json"],
        check=True, capture_output=True, text=True,
    )
    result = json.loads(res.stdout)
    scores = {name: v["f1"] for name, v in result["lists"].items()}
    scores["fact_f1"] = result["fact_f1"]
    return scores


def score_set(folder: Path, minimum: int, out: Path) -> dict[str, float]:
    """:func:`f1_scores` of a team-written set: ``folder/*.txt`` with ``folder/gold/*.json``,
    at least ``minimum`` articles, every article with its gold file and no gold without one."""
    articles = sorted(folder.glob("*.txt"))
    assert len(articles) >= minimum and SCORER.is_file(), f"{folder.name} fixtures or scorer missing ({SCORER})"
    assert {p.stem for p in articles} == {p.stem for p in (folder / "gold").glob("*.json")}
    return f1_scores(articles, folder / "gold", out)
