"""Quality gate on the third team-written held-out set (tests/fixtures/holdout3).

Fourteen original articles (Beijing–Tianjin–Hebei plus the Yangtze River Delta,
Chengdu–Chongqing and the Greater Bay Area; portal dumps, WeChat, bulletins, lists of
signed projects), annotated per the shared SPEC by a writer who never ran the extractor
on them. Its first score was the blind one; fixers get invented examples of its failure
categories, not its text. Floors sit about 0.05 below the F1 measured when the set was
added (rounded down); raise them when the extractor improves, never lower them
silently. Gold is only changed to fix genuine annotation mistakes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import score_set

HOLDOUT = Path(__file__).resolve().parent / "fixtures" / "holdout3"

# Measured blind, at introduction: fact 0.929, places 1.000, organizations 0.922,
# amounts 0.986, projects 0.769, indicators 0.966.  After the fixes its failure categories
# drove (invented examples only): fact 0.951, organizations 0.970, projects 0.818.
FLOORS = {
    "fact_f1": 0.91,
    "places": 0.95,
    "organizations": 0.93,
    "amounts": 0.95,
    "projects": 0.77,
    "indicators": 0.91,
}


@pytest.fixture(scope="module")
def holdout3_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    return score_set(HOLDOUT, 14, tmp_path_factory.mktemp("holdout3_pred"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_holdout3_f1_floor(holdout3_scores: dict[str, float], name: str) -> None:
    assert holdout3_scores[name] >= FLOORS[name], (
        f"holdout3 {name} F1 {holdout3_scores[name]:.3f} < floor {FLOORS[name]}"
    )
