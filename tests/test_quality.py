"""Quality gate: fact F1 floors on the dev corpus, scored by the shared scorer.

Floors are raised when the extractor improves and never lowered silently.
"""

from __future__ import annotations

import pytest

from scoring import SCORER, SHARED, f1_scores

DEV = SHARED / "corpus" / "dev"

FLOORS = {
    "fact_f1": 0.94,
    "places": 0.95,
    "organizations": 0.94,
    "amounts": 0.95,
    "projects": 0.82,
    "indicators": 0.94,
}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    assert DEV.is_dir() and SCORER.is_file(), f"the shared dev corpus is missing at {SHARED}"
    out = tmp_path_factory.mktemp("pred")
    return f1_scores(sorted(DEV.glob("*.txt")), DEV / "gold", out)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_f1_floor(dev_scores: dict[str, float], name: str) -> None:
    assert dev_scores[name] >= FLOORS[name], f"{name} F1 {dev_scores[name]:.3f} < floor {FLOORS[name]}"
