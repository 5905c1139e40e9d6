"""The mypyc-compiled extractors: in use after `make`, same facts as the Python sources,
and never used when older than their sources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import xietong.extract  # noqa: F401  (imports the compiled modules)
from xietong import native
from xietong.ingest import read_pages
from xietong.model import Page
from xietong.pipeline import Processed, process

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT.parent / "shared" / "corpus" / "dev", ROOT / "examples" / "pages",
           ROOT / "tests" / "fixtures" / "holdout3"]


def test_compiled_extractors_are_in_use() -> None:
    """`make test` builds them first (make native); a missing C compiler is installed by
    scripts/system-deps.sh, so a pure-Python run here means the build is broken."""
    assert native.status() == "compiled", "run `make native` (scripts/build_native.py)"
    used = native.in_use()
    assert set(used) == set(native.MODULES) and all(used.values()), used


def _facts_json(corpora: list[Path]) -> dict[str, object]:
    files = sorted(f for d in corpora for f in d.iterdir()
                   if f.suffix in (".txt", ".html", ".jsonl", ".gz"))
    out: dict[str, object] = {}
    for page in read_pages(files):
        assert isinstance(page, Page), page
        done = process(page)
        assert isinstance(done, Processed), done
        out[page.id] = done.facts.to_json()
    return out


def test_compiled_and_python_give_the_same_facts(tmp_path: Path) -> None:
    compiled = _facts_json(CORPORA)
    assert len(compiled) >= 40
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); import test_native as t; "
              "from pathlib import Path; "
              "print(json.dumps(t._facts_json([Path(p) for p in sys.argv[2:]]), ensure_ascii=False))")
    env = {**os.environ, "XIETONG_PURE": "1"}
    res = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent), *map(str, CORPORA)],
                         env=env, capture_output=True, text=True, check=True, timeout=600)
    pure = json.loads(res.stdout)
    assert pure.keys() == compiled.keys()
    differ = [k for k in compiled if json.dumps(compiled[k], sort_keys=True) != json.dumps(pure[k], sort_keys=True)]
    assert not differ, differ


def test_python_sources_are_used_when_asked_or_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    probe = ("import sys, xietong.extract, xietong.native as n; "
             "print(n.status(), all(not v for v in n.in_use().values()))")
    env = {**os.environ, "XIETONG_PURE": "1"}
    res = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["disabled", "True"]

    # a manifest whose hashes do not match the sources: stale, so the sources are imported
    stale = tmp_path / "native.json"
    stale.write_text(json.dumps({"sources": {m: "0" * 64 for m in native.MODULES}}))
    monkeypatch.delenv("XIETONG_PURE", raising=False)
    monkeypatch.setattr(native, "MANIFEST", stale)
    assert native.status() == "stale"
    probe = ("import xietong.extract, xietong.normalize, xietong.native as n; "
             "print(all(not v for v in n.in_use().values()))")
    env = {k: v for k, v in os.environ.items() if k != "XIETONG_PURE"}
    env["XIETONG_NATIVE_MANIFEST"] = str(stale)
    res = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["True"]
    assert "older than their sources" in res.stderr and len(res.stderr.splitlines()) == 1
    monkeypatch.setattr(native, "MANIFEST", tmp_path / "missing.json")
    assert native.status() == "absent"


def test_a_changed_dependency_makes_the_build_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mypyc compiled against model.py's types: editing it must retire the build too."""
    hashes = native.source_hashes()
    assert set(native.DEPENDS) <= hashes.keys() and "xietong.model" in native.DEPENDS
    manifest = tmp_path / "native.json"
    monkeypatch.delenv("XIETONG_PURE", raising=False)
    monkeypatch.setattr(native, "MANIFEST", manifest)
    manifest.write_text(json.dumps({"modules": list(native.MODULES), "sources": hashes}))
    assert native.status() == "compiled"
    manifest.write_text(json.dumps({"modules": list(native.MODULES[:-1]), "sources": hashes}))
    assert native.status() == "stale"   # a module added to the list is not built yet
    manifest.write_text(json.dumps({"sources": {**hashes, "xietong.model": "0" * 64}}))
    assert native.status() == "stale"
