"""The bundled example pages: every one ingests, in every encoding, and the generator is
deterministic (its committed output is what it writes)."""

from __future__ import annotations

import runpy
from pathlib import Path

from xietong.ingest import read_pages
from xietong.model import Page

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "examples" / "pages"


def test_every_example_is_a_page() -> None:
    items = list(read_pages([PAGES]))
    assert len(items) == 13
    assert all(isinstance(i, Page) for i in items), [i for i in items if not isinstance(i, Page)]
    texts = {Path(p.source.split("#")[0]).name + ("#" + p.source.split("#")[1] if "#" in p.source else ""):
             p.text or "" for p in items if isinstance(p, Page)}
    assert "固安经济开发区" in texts["02-guan-started.html"]                 # gb2312-declared GBK
    assert "衡水市冀州区" in texts["03-jizhou-signed-gbk.txt"]               # undeclared GBK
    assert "曹妃甸區" in texts["06-caofeidian-started-big5.html"]            # Big5
    assert "產(chǎn)" in texts["07-zhangbei-producing.txt"]                    # pinyin glosses
    assert "萍加邢薰" in texts["07-zhangbei-producing.txt"]                  # shifted-GBK damage
    assert "曹妃甸区" in texts["09-crawl.warc.gz#1"]                        # GBK via HTTP charset
    assert all("\ufffd" not in t for t in texts.values())


def test_generator_is_deterministic(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "make_examples.py"))
    script["main"](tmp_path)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in PAGES.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (PAGES / name).read_bytes(), name
