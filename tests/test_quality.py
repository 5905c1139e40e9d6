"""Quality gate: fact F1 floors on the dev corpus, scored by the shared scorer.

Floors are raised when the extractor improves and never lowered silently.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xietong.pipeline import Processed, process_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "corpus" / "dev"
SCORER = SHARED / "eval" / "score.py"

FLOORS = {
    "fact_f1": 0.93,
    "places": 0.95,
    "organizations": 0.92,
    "amounts": 0.95,
    "projects": 0.82,
    "indicators": 0.94,
}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    assert DEV.is_dir() and SCORER.is_file(), f"the shared dev corpus is missing at {SHARED}"
    out = tmp_path_factory.mktemp("pred")
    for item in process_paths(sorted(DEV.glob("*.txt"))):
        assert isinstance(item, Processed), item
        (out / f"{item.facts.id}.json").write_text(
            json.dumps(item.facts.to_json(), ensure_ascii=False), encoding="utf-8"
        )
    res = subprocess.run(
        [sys.executable, str(SCORER), "--pred", str(out), "--gold", str(DEV / "gold"), "--json"],
        check=True, capture_output=True, text=True,
    )
    result = json.loads(res.stdout)
    scores = {name: v["f1"] for name, v in result["lists"].items()}
    scores["fact_f1"] = result["fact_f1"]
    return scores


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_f1_floor(dev_scores: dict[str, float], name: str) -> None:
    assert dev_scores[name] >= FLOORS[name], f"{name} F1 {dev_scores[name]:.3f} < floor {FLOORS[name]}"
