"""Compiled extractors: which modules mypyc compiles, and whether the build is current.

The extractor and normalizer modules are plain typed Python; ``scripts/build_native.py``
(run by ``make``) compiles them with mypyc into extension modules beside their sources,
which makes extraction ~1.35x faster (projects ~1.7x, normalize ~1.2x) with identical
output.  ``xietong/__init__.py`` calls :func:`install` before anything else is imported.
An extension module shadows its ``.py``, so a build older than its sources would run
stale code: :func:`install` compares the sources (and those of :data:`DEPENDS`) with the
hashes recorded at build time and,
when any differs (or ``XIETONG_PURE=1``), imports every compiled module from its
source instead, with one warning line.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
# where the build records its source hashes (the variable lets tests fake a stale build)
MANIFEST = Path(os.environ.get("XIETONG_NATIVE_MANIFEST") or PACKAGE_DIR / "native.json")

# Compiled together as one group (calls between them are native calls).
MODULES: tuple[str, ...] = (
    "xietong.extract.context",
    "xietong.extract.places",
    "xietong.extract.organizations",
    "xietong.extract.orgnames",
    "xietong.extract.numbers",
    "xietong.extract.money",
    "xietong.extract.dates",
    "xietong.extract.projects",
    "xietong.extract.project_attrs",
    "xietong.extract.indicators",
    "xietong.extract.indicator_period",
    "xietong.extract.facts",
    "xietong.extract.project_lexicon",
    "xietong.normalize.boilerplate",
    "xietong.normalize.metadata",
    "xietong.normalize.mojibake",
    "xietong.normalize.offsets",
    "xietong.normalize.glosses",
    "xietong.normalize.script",
    "xietong.normalize.document",
)


# Python modules the compiled ones import from: mypyc compiles against their types (and
# may inline their constants), so a change there makes the build stale too.
DEPENDS: tuple[str, ...] = (
    "xietong.model",
    "xietong.errors",
    "xietong.reference.gazetteer",
    "xietong.normalize.html",
    "xietong.normalize.nfkc_changes",
    "xietong.normalize.t2s_changes",
)


def source_path(module: str) -> Path:
    """The ``.py`` file of one of :data:`MODULES`."""
    return PACKAGE_DIR.parent.joinpath(*module.split(".")).with_suffix(".py")


def source_hashes() -> dict[str, str]:
    """SHA-256 of the current source of each compiled module and of what they import."""
    return {m: hashlib.sha256(source_path(m).read_bytes()).hexdigest() for m in MODULES + DEPENDS}


def status() -> str:
    """``compiled`` (build current), ``stale`` (sources changed), ``absent`` or ``disabled``."""
    if os.environ.get("XIETONG_PURE", "") not in ("", "0"):
        return "disabled"
    try:
        built = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "absent"
    current = built.get("modules") == list(MODULES) and built.get("sources") == source_hashes()
    return "compiled" if current else "stale"


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules as their ``.py`` sources (ahead of the extension files)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, source_path(fullname))


def install() -> str:
    """Make imports of :data:`MODULES` use the build only when it is current; the status.

    Without a current manifest (no build, a stale or half-finished one, ``XIETONG_PURE``)
    the sources are imported, so an extension module is never used unverified.
    """
    state = status()
    if state != "compiled" and not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder())
        if state == "stale":
            print("xietong: the compiled extractors are older than their sources; running them as "
                  "Python (run `make` to rebuild)", file=sys.stderr)
    return state


def in_use() -> dict[str, bool]:
    """For each compiled module already imported: is it the extension module?"""
    return {m: not str(getattr(sys.modules[m], "__file__", "")).endswith(".py")
            for m in MODULES if m in sys.modules}
