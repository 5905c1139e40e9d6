"""pipeline: warm_up loads the tables once and takes them out of the cyclic GC."""

from __future__ import annotations

import gc

from xietong.model import Page
from xietong.pipeline import Processed, process, warm_up


def test_warm_up_freezes_loaded_tables_and_keeps_results() -> None:
    page = Page(id="t", source="t.txt", kind="text",
                text="保定市签约新材料产业园项目\n2023年5月6日\n5月6日，保定市与某某新材料有限公司签约新材料产业园项目，总投资8亿元。\n")
    before = process(page)
    warm_up.cache_clear()  # other tests of this session may have warmed up (and unfrozen)
    try:
        warm_up()
        assert gc.get_freeze_count() > 10_000  # the gazetteer and automata are frozen
        after = process(page)
    finally:
        gc.unfreeze()
    assert isinstance(before, Processed) and isinstance(after, Processed)
    assert after.facts == before.facts
    assert [a.value for a in after.facts.amounts] == [800_000_000]


def test_warm_up_runs_once_per_process() -> None:
    warm_up.cache_clear()
    try:
        warm_up()
        frozen = gc.get_freeze_count()
        kept = [[i] for i in range(100)]  # new tracked objects, which a second freeze would take
        warm_up()
        assert gc.get_freeze_count() == frozen and len(kept) == 100
    finally:
        gc.unfreeze()
