"""The gazetteer: China's administrative divisions with codes, hierarchy, coordinates and renames.

Loaded once from the compact files that ``scripts/build_gazetteer.py`` derives (at build
time) from the GB/T 2260 table, cpca's coordinates and jionlp's location tree.  Province,
prefecture and county divisions load eagerly (a few milliseconds); the ~42,000 towns
(乡镇/街道) load only when first asked for.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class Division:
    """One province-, prefecture- or county-level division."""

    code: str          # 6-digit GB/T 2260 code
    name: str          # official full name (景县, 衡水市)
    short: str         # usual short form (衡水); equals ``name`` when there is none
    level: str         # province | prefecture | county
    parent: str | None  # code of the division above, None for a province
    path: str          # 河北省/衡水市/景县
    lon: float
    lat: float


class Gazetteer:
    """All divisions by code, with lookups by name, hierarchy walks and renames."""

    def __init__(self, divisions: dict[str, Division], aliases: dict[str, tuple[str, str]],
                 towns_file: Path | None = None) -> None:
        self.divisions = divisions
        self.aliases = aliases
        self._towns_file = towns_file
        self._towns: dict[str, tuple[str, ...]] | None = None
        self._children: dict[str, list[str]] = {}
        self._by_name: dict[str, list[str]] = {}
        for code, d in divisions.items():
            if d.parent:
                self._children.setdefault(d.parent, []).append(code)
            self._by_name.setdefault(d.name, []).append(code)
        self.renames: dict[str, str] = {a: c for a, (c, kind) in aliases.items() if kind == "rename"}

    def __len__(self) -> int:
        return len(self.divisions)

    def get(self, code: str) -> Division | None:
        """The division with this code, or None."""
        return self.divisions.get(code)

    def children(self, code: str) -> list[Division]:
        """The divisions directly under ``code`` (prefectures of a province, counties of a city)."""
        return [self.divisions[c] for c in self._children.get(code, ())]

    def ancestors(self, code: str) -> list[Division]:
        """The divisions above ``code``, nearest first."""
        out: list[Division] = []
        d = self.divisions.get(code)
        while d is not None and d.parent:
            d = self.divisions.get(d.parent)
            if d is not None:
                out.append(d)
        return out

    def province(self, code: str) -> Division | None:
        """The province (or municipality, autonomous region) that contains ``code``."""
        return self.divisions.get(code[:2] + "0000")

    def prefecture(self, code: str) -> Division | None:
        """The prefecture-level division containing ``code`` (itself if it is one), else None."""
        d = self.divisions.get(code)
        while d is not None and d.level == "county":
            d = self.divisions.get(d.parent) if d.parent else None
        return d if d is not None and d.level == "prefecture" else None

    def centroid(self, code: str) -> tuple[float, float] | None:
        """(longitude, latitude) of the division, or None for an unknown code."""
        d = self.divisions.get(code)
        return (d.lon, d.lat) if d is not None else None

    def by_name(self, name: str) -> list[Division]:
        """Divisions with this full name, or whose former/newer name this is (冀县 → 冀州区)."""
        codes = list(self._by_name.get(name, ()))
        alias = self.aliases.get(name)
        if alias and alias[0] not in codes:
            codes.append(alias[0])
        return [self.divisions[c] for c in codes]

    def towns(self, name: str) -> list[Division]:
        """The counties that have a town (乡镇/街道) of this full name (loaded on first use)."""
        if self._towns is None:
            self._towns = _load_towns(self._towns_file) if self._towns_file else {}
        return [self.divisions[c] for c in self._towns.get(name, ()) if c in self.divisions]


def _load_towns(path: Path) -> dict[str, tuple[str, ...]]:
    towns: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            name, _, code = line.rstrip("\n").partition("\t")
            towns.setdefault(name, []).append(code)
    return {k: tuple(v) for k, v in towns.items()}


def read_gazetteer(folder: Path = DATA) -> Gazetteer:
    """Read the gazetteer files of ``folder`` (see scripts/build_gazetteer.py).

    Start-up cost: one split per file and line; the garbage collector is paused while
    the ~3,000 divisions are created (they all live as long as the process).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(folder)
    finally:
        if was_enabled:
            gc.enable()


def _lines(path: Path) -> list[str]:
    """The lines of a text file (like iterating over it, without the line ends)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _read(folder: Path) -> Gazetteer:
    rows: dict[str, list[str]] = {}
    for line in _lines(folder / "gazetteer.tsv"):
        fields = line.split("\t")
        rows[fields[0]] = fields
    paths: dict[str, str] = {}

    def path_of(code: str) -> str:
        path = paths.get(code)
        if path is None:
            fields = rows[code]
            path = paths[code] = f"{path_of(fields[4])}/{fields[1]}" if fields[4] else fields[1]
        return path

    divisions: dict[str, Division] = {}
    for code, fields in rows.items():
        _, name, short, level, parent, lon, lat = fields
        if not parent:
            path = paths[code] = name
        elif (up := paths.get(parent)) is not None:   # parents come first in the file
            path = paths[code] = f"{up}/{name}"
        else:
            path = path_of(code)
        divisions[code] = Division(code, name, short, level, parent or None, path,
                                   float(lon), float(lat))
    aliases: dict[str, tuple[str, str]] = {}
    for line in _lines(folder / "gazetteer_aliases.tsv"):
        alias, code, kind = line.split("\t")
        aliases[alias] = (code, kind)
    towns = folder / "gazetteer_towns.tsv"
    return Gazetteer(divisions, aliases, towns if towns.exists() else None)


@cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    return read_gazetteer(DATA)
