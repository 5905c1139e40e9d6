"""Compile the extractor modules (xietong.native.MODULES) with mypyc, in place.

Run by ``make`` (target ``native``); needs a C compiler and mypy (a dev dependency).
The extension modules land beside their sources in src/ and a manifest
(src/xietong/native.json) records the hash of each source they were built from:
xietong uses them only while those hashes match (see xietong/native.py).  On any
failure the partial build is removed and xietong runs as plain Python.

    python scripts/build_native.py          # build if the manifest is not current
    python scripts/build_native.py --clean  # remove the build
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))

from xietong import native  # noqa: E402

GROUP = "xietong_native"


def built_files() -> list[Path]:
    """Extension modules and the group library a build leaves in src/."""
    files = list(SRC.glob(f"{GROUP}__mypyc*.so"))
    for m in native.MODULES:
        files += native.source_path(m).parent.glob(native.source_path(m).stem + ".*.so")
    return files


def clean() -> None:
    """Remove the build (extension modules, manifest, build folder)."""
    native.MANIFEST.unlink(missing_ok=True)
    for f in built_files():
        f.unlink()
    shutil.rmtree(SRC / "build", ignore_errors=True)


def build() -> None:
    """Compile MODULES as one mypyc group and write the manifest last."""
    from mypyc.build import mypycify
    from setuptools import setup

    clean()
    sources = native.source_hashes()  # what is compiled: a file edited during the build stays stale
    paths = [str(native.source_path(m).relative_to(SRC)) for m in native.MODULES]
    t0 = time.monotonic()
    cwd = os.getcwd()
    os.chdir(SRC)
    try:
        setup(
            name="xietong-native",
            ext_modules=mypycify([*paths, "--config-file", str(ROOT / "pyproject.toml")],
                                 group_name=GROUP, multi_file=True, opt_level="3"),
            script_args=["-q", "build_ext", "--inplace", "--parallel", str(os.cpu_count() or 1)],
        )
    finally:
        os.chdir(cwd)
        shutil.rmtree(SRC / "build", ignore_errors=True)
    native.MANIFEST.write_text(json.dumps({"group": GROUP, "modules": list(native.MODULES), "sources": sources},
                                          indent=1) + "\n", encoding="utf-8")
    print(f"build_native: compiled {len(paths)} modules in {time.monotonic() - t0:.0f} s",
          file=sys.stderr)


def main(argv: list[str]) -> int:
    if "--clean" in argv:
        clean()
        return 0
    os.environ.pop("XIETONG_PURE", None)
    if native.status() == "compiled":
        return 0
    if shutil.which(os.environ.get("CC", "cc")) is None:
        print("build_native: no C compiler (cc); xietong runs as plain Python", file=sys.stderr)
        return 0
    try:
        build()
    except (Exception, SystemExit) as exc:  # a failed build must never leave half a build
        clean()
        print(f"build_native: failed ({exc}); xietong runs as plain Python", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
