"""Quality gate on the team-written held-out set (tests/fixtures/holdout).

Twelve original articles, written and annotated per the shared SPEC before the
extractor was run on them, measure how the extractor generalizes beyond the 21 dev
articles it was tuned on. Floors sit about 0.05 below the F1 measured when the set
was added (rounded down); raise them when the extractor improves, never lower them
silently. Gold is only changed to fix genuine annotation mistakes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import score_set

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "holdout"

# Measured at introduction: fact 0.920, places 1.000, organizations 0.919,
# amounts 0.992, projects 0.750, indicators 0.938.
FLOORS = {  # raised after the round of general fixes that the first holdout drove
    "fact_f1": 0.93,
    "places": 0.95,
    "organizations": 0.94,
    "amounts": 0.95,
    "projects": 0.90,
    "indicators": 0.95,
}


@pytest.fixture(scope="module")
def holdout_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    return score_set(HOLDOUT, 12, tmp_path_factory.mktemp("holdout_pred"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_holdout_f1_floor(holdout_scores: dict[str, float], name: str) -> None:
    assert holdout_scores[name] >= FLOORS[name], (
        f"holdout {name} F1 {holdout_scores[name]:.3f} < floor {FLOORS[name]}"
    )
