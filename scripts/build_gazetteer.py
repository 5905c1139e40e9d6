"""Build the compact gazetteer files under src/xietong/reference/data/ (run once, commit them).

Sources (build time only; runtime code never imports these packages):
- the code table of GB/T 2260 divisions at province, prefecture and county level: the
  scorer's ``adcodes.tsv`` when it is beside the repo (``../shared/eval``), else cpca's
  ``resources/adcodes.csv`` (the same codes); codes and names are taken from it, so
  xietong's codes agree with the evaluation table;
- cpca's ``adcodes.csv`` for coordinates (county centroids; gaps filled from a parent);
- jionlp's ``china_location.zip`` for short names, newer names of renamed divisions
  (mapped onto the table's code) and the towns (乡镇/街道) of each county;
- jionlp's ``china_location_change.txt`` plus a hand list for historical renames.

Output (UTF-8, tab separated, one record a line):
- ``gazetteer.tsv``: code, name, short, level, parent, lon, lat
- ``gazetteer_aliases.tsv``: alias, code, kind (``rename`` = a former name, ``current`` =
  a newer name than the table's, ``variant`` = another written form)
- ``gazetteer_towns.tsv``: town, county code (loaded lazily)
- ``gazetteer_cover.txt``: common words that contain a county's short name (大城市)
- ``gazetteer_edges.txt``: common two-character words that begin with the last character
  or end with the first character of a two-character place name (贯通, 城区 around 通城)

Usage: ``.venv/bin/python scripts/build_gazetteer.py``
"""

from __future__ import annotations

import csv
import importlib.util
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "xietong" / "reference" / "data"
SCORER_TABLE = ROOT.parent / "shared" / "eval" / "adcodes.tsv"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{name} is not installed (needed at build time only)")
    return Path(spec.origin).parent


# Former names not in jionlp's change list (mostly 京津冀; the product's focus).
HAND_RENAMES: dict[str, str] = {
    "冀县": "131103", "冀州市": "131103", "通县": "110112", "廊坊地区": "131000",
    "汉沽区": "120116", "塘沽区": "120116", "大港区": "120116", "崇文区": "110101",
    "宣武区": "110102", "蓟县": "120119", "唐海县": "130209", "藁城市": "130109",
    "鹿泉市": "130110", "栾城县": "130111", "满城县": "130607", "清苑县": "130608",
    "徐水县": "130609", "丰润县": "130208", "丰南市": "130207", "宣化县": "130705",
    "万全县": "130708", "崇礼县": "130709", "抚宁县": "130306", "宁河县": "120117",
    "静海县": "120118", "密云县": "110118", "延庆县": "110119", "大兴县": "110115",
    "顺义县": "110113", "平谷县": "110117", "怀柔县": "110116", "昌平县": "110114",
    "房山县": "110111", "通州市": "110112", "石家庄地区": "130100", "保定地区": "130600",
    "沧州地区": "130900", "衡水地区": "131100", "邢台地区": "130500", "邯郸地区": "130400",
    "承德地区": "130800", "张家口地区": "130700", "唐山地区": "130200", "北市区": "130606",
    "南市区": "130606", "新市区": "130602",
    "襄樊": "420600", "襄樊市": "420600",
}

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
             "自治县", "自治旗", "地区", "林区", "特区", "盟", "省", "市", "区", "县", "旗")
_MINORITIES = re.compile(
    r"(各族|蒙古族|回族|藏族|维吾尔族|苗族|彝族|壮族|布依族|朝鲜族|满族|侗族|瑶族|白族|土家族|"
    r"哈尼族|哈萨克族|傣族|黎族|傈僳族|佤族|畲族|高山族|拉祜族|水族|东乡族|纳西族|景颇族|"
    r"柯尔克孜族|土族|达斡尔族|仫佬族|羌族|布朗族|撒拉族|毛南族|仡佬族|锡伯族|阿昌族|"
    r"普米族|塔吉克族|怒族|乌孜别克族|俄罗斯族|鄂温克族|德昂族|保安族|裕固族|京族|"
    r"塔塔尔族|独龙族|鄂伦春族|赫哲族|门巴族|珞巴族|基诺族)+(自治县|自治州|自治旗)$")


def short_name(name: str) -> str:
    """A division's usual short form (河北省 → 河北, 大厂回族自治县 → 大厂, 景县 → 景县)."""
    m = _MINORITIES.search(name)
    if m and m.start() >= 2:
        return name[: m.start()]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


_NO_FORMER = ("自治县", "新区", "矿区", "城区", "郊区", "林区")


def _stem(name: str) -> str:
    for suffix in ("自治县", "县", "市", "区", "旗"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def read_table() -> dict[str, tuple[str, str, str]]:
    """code → (name, level, path) for province, prefecture and county divisions."""
    table: dict[str, tuple[str, str, str]] = {}
    if SCORER_TABLE.exists():
        with SCORER_TABLE.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                level = {"city": "prefecture"}.get(row["level"], row["level"])
                table[row["adcode"]] = (row["name"], level, row["path"])
        return table
    raise SystemExit(f"{SCORER_TABLE} not found: the code table is required to build")


def read_coordinates() -> dict[str, tuple[float, float]]:
    path = _package_dir("cpca") / "resources" / "adcodes.csv"
    coords: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["adcode"][:6]
            if row["adcode"][6:].strip("0") or not row["longitude"]:
                continue
            coords[code] = (float(row["longitude"]), float(row["latitude"]))
    return coords


def read_jionlp() -> list[tuple[int, list[str], str, str]]:
    """(depth, fields, province code, prefecture code) for each line of jionlp's tree."""
    path = _package_dir("jionlp") / "dictionary" / "china_location.zip"
    with zipfile.ZipFile(path) as z:
        text = z.read("china_location.txt").decode("utf-8")
    out: list[tuple[int, list[str], str, str]] = []
    prov = pref = ""
    for line in text.splitlines():
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth == 0:
            prov = fields[1]
        elif depth == 1:
            pref = fields[1]
        out.append((depth, fields, prov, pref))
    return out


def parent_of(code: str, level: str, path: str, table: dict[str, tuple[str, str, str]]) -> str:
    if level == "province":
        return ""
    prov = code[:2] + "0000"
    if level == "county" and path.count("/") == 2 and code[:4] + "00" in table:
        return code[:4] + "00"
    return prov


def build() -> None:
    table = read_table()
    coords = read_coordinates()
    tree = read_jionlp()
    by_name: dict[tuple[str, str], list[str]] = {}
    for code, (name, _level, _path) in table.items():
        by_name.setdefault((code[:2], name), []).append(code)
    by_stem: dict[tuple[str, str], list[str]] = {}
    for code, (name, level, _path) in table.items():
        if level == "county":
            by_stem.setdefault((code[:4], _stem(name)), []).append(code)

    shorts: dict[str, str] = {}
    aliases: dict[str, tuple[str, str]] = {}
    jmap: dict[str, str] = {}          # jionlp code → table code
    for depth, fields, _prov, _pref in tree:
        if len(fields) != 3 or depth > 2:
            continue
        name, jcode, jshort = fields
        code = ""
        if jcode in table and table[jcode][0] == name:
            code = jcode
        elif jcode in table:
            code = jcode
            aliases.setdefault(name, (code, "current"))
        else:
            same = by_name.get((jcode[:2], name), [])
            stem = by_stem.get((jcode[:4], _stem(name)), [])
            if len(same) == 1:
                code = same[0]
            elif len(stem) == 1:
                code = stem[0]
                aliases.setdefault(name, (code, "current"))
        if not code:
            continue
        jmap[jcode] = code
        if table[code][0] == name and len(jshort) >= 2 and jshort != name:
            shorts.setdefault(code, jshort)

    change = _package_dir("jionlp") / "dictionary" / "china_location_change.txt"
    for line in change.read_text(encoding="utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_f, new_f = old.split("\t"), new.split("\t")
        old_name = old_f[-2]
        new_name = new_f[-1]
        targets = by_name.get((_province_prefix(new_f[0], table), new_name), [])
        olds = by_name.get((_province_prefix(old_f[2], table), old_name), [])
        if olds and not targets:
            # the table still has the old name: the new one is a newer name of that code
            aliases.setdefault(new_name, (olds[0], "current"))
        elif targets and not olds:
            aliases.setdefault(old_name, (targets[0], "rename"))

    for alias, code in HAND_RENAMES.items():
        if code in table:
            aliases.setdefault(alias, (code, "rename"))

    # Automatic former forms: 藁城区 was 藁城县/藁城市; a county-level city was a county.
    names = {n for n, _l, _p in table.values()}
    for code, (name, level, _path) in table.items():
        stem = _stem(name)
        if level != "county" or len(stem) < 2 or name.endswith(_NO_FORMER):
            continue
        # "X市" is left out: it would match inside X市场.
        if name.endswith(("市", "区")):
            form = stem + "县"
            if form not in names and form not in aliases:
                aliases[form] = (code, "rename")
    for alias in list(aliases):
        if alias in names and aliases[alias][1] == "rename":
            del aliases[alias]

    towns: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    county = ""
    for depth, fields, _prov, pref in tree:
        if depth == 2 and len(fields) == 3:
            county = jmap.get(fields[1], "")
        elif depth == 1:
            county = ""
        elif (depth == 3 and county) or (depth == 2 and len(fields) == 1):
            code = county if depth == 3 else jmap.get(pref, "")
            town = fields[0]
            if code and len(town) >= 3 and (town, code) not in seen:
                seen.add((town, code))
                towns.append((town, code))

    OUT.mkdir(parents=True, exist_ok=True)
    lines = []
    for code in sorted(table):
        name, level, path = table[code]
        parent = parent_of(code, level, path, table)
        lonlat = coords.get(code) or coords.get(parent) or coords.get(code[:2] + "0000")
        lon, lat = lonlat if lonlat else (0.0, 0.0)
        short = shorts.get(code) or short_name(name)
        lines.append(f"{code}\t{name}\t{short}\t{level}\t{parent}\t{lon:.4f}\t{lat:.4f}")
    (OUT / "gazetteer.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (OUT / "gazetteer_aliases.tsv").write_text(
        "".join(f"{a}\t{c}\t{k}\n" for a, (c, k) in sorted(aliases.items())), encoding="utf-8")
    (OUT / "gazetteer_towns.tsv").write_text(
        "".join(f"{t}\t{c}\n" for t, c in towns), encoding="utf-8")
    cover = cover_words(table, shorts, aliases)
    (OUT / "gazetteer_cover.txt").write_text("\n".join(cover) + "\n", encoding="utf-8")
    print(f"{len(cover)} cover words")
    edges = edge_words(table, shorts, aliases)
    (OUT / "gazetteer_edges.txt").write_text("\n".join(edges) + "\n", encoding="utf-8")
    print(f"{len(edges)} edge words")
    print(f"{len(lines)} divisions, {len(aliases)} aliases, {len(towns)} towns → {OUT}")


def cover_words(table: dict[str, tuple[str, str, str]], shorts: dict[str, str],
                aliases: dict[str, tuple[str, str]]) -> list[str]:
    """Common words that contain a county's short name without naming it (大城市, 潮白河).

    Taken from jionlp's IDF vocabulary (modern news words); a county short name found inside
    one of these words in the text is not a mention of the county.
    """
    path = _package_dir("jionlp") / "dictionary" / "idf.zip"
    with zipfile.ZipFile(path) as z:
        text = z.read("idf.txt").decode("utf-8")
    county_shorts = set()
    forms = {n for n, _l, _p in table.values()} | set(aliases)
    for code, (name, level, _path) in table.items():
        short = shorts.get(code) or short_name(name)
        forms.add(short)
        if level == "county" and short != name and len(short) >= 2:
            county_shorts.add(short)
    out: set[str] = set()
    for line in text.splitlines():
        word = line.split()[0] if line.split() else ""
        if not 3 <= len(word) <= 6 or word in forms:
            continue
        for n in (2, 3):
            for i in range(len(word) - n + 1):
                sub = word[i:i + n]
                if sub not in county_shorts:
                    continue
                rest = word[i + n:i + n + 1]
                if rest and rest in "县旗镇乡":
                    continue   # 固安县城 names 固安县
                if any(word[:k] in forms and word[:k] != sub for k in range(2, len(word))):
                    continue   # 北京朝阳医院 is in 朝阳区
                out.add(word)
    return sorted(out)


# Words at least this common (jionlp IDF; 德育 11.0, 城区 7.5) count as words at an edge.
EDGE_IDF = 11.0


def edge_words(table: dict[str, tuple[str, str, str]], shorts: dict[str, str],
               aliases: dict[str, tuple[str, str]]) -> list[str]:
    """Common two-character words that can straddle the edge of a two-character place name.

    A word ending with the name's first character (贯通 before 通城) or starting with its
    last character (城区 after it): when both edges of a match form such words (贯通城区),
    the text segments around the name, not through it.
    """
    forms: set[str] = set()
    for code, (name, _level, _path) in table.items():
        forms.update(f for f in (name, shorts.get(code) or short_name(name)) if len(f) == 2)
    forms.update(a for a in aliases if len(a) == 2)
    firsts = {f[0] for f in forms}
    lasts = {f[1] for f in forms}
    path = _package_dir("jionlp") / "dictionary" / "idf.zip"
    with zipfile.ZipFile(path) as z:
        text = z.read("idf.txt").decode("utf-8")
    out: set[str] = set()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 2 or float(parts[1]) > EDGE_IDF:
            continue
        word = parts[0]
        if word[1] in firsts or word[0] in lasts:
            out.add(word)
    return sorted(out)


def _province_prefix(province_name: str, table: dict[str, tuple[str, str, str]]) -> str:
    for code, (name, level, _path) in table.items():
        if level == "province" and name == province_name:
            return code[:2]
    return ""


if __name__ == "__main__":
    build()
