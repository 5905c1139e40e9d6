"""Name keys for linking across articles: organizations and projects.

Pure functions (no database): an organization's key strips a leading place and trailing
legal forms (北京新发地集团有限公司 → 新发地, province 11); a project's name key strips
spaces, unifies brackets and drops a trailing 项目.  Bigram Dice compares project names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# Province-level short names → the first two digits of their adcodes.
PROVINCES: dict[str, str] = {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "辽宁": "21",
    "吉林": "22", "黑龙江": "23", "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34",
    "福建": "35", "江西": "36", "山东": "37", "河南": "41", "湖北": "42", "湖南": "43",
    "广东": "44", "广西": "45", "海南": "46", "重庆": "50", "四川": "51", "贵州": "52",
    "云南": "53", "西藏": "54", "陕西": "61", "甘肃": "62", "青海": "63", "宁夏": "64",
    "新疆": "65", "台湾": "71", "香港": "81", "澳门": "82",
}
_ADMIN_SUFFIX = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                 "新区", "省", "市", "县", "区", "盟", "旗")
_LEGAL_FORMS = ("集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司",
                "有限责任公司", "有限公司", "股份公司", "总公司", "分公司", "集团公司",
                "公司", "集团", "控股", "(中国)", "(集团)")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})
_SPACE = re.compile(r"\s+")


def clean_name(name: str) -> str:
    """NFKC, no spaces, ASCII brackets."""
    s = _SPACE.sub("", unicodedata.normalize("NFKC", name).translate(_BRACKETS))
    return unicodedata.normalize("NFKC", s)  # removing a space can let marks recompose


_PROVINCE_FORMS: dict[str, str] = {form: code for short, code in PROVINCES.items()
                                   for form in (short + "省", short + "市", short)}
_PROVINCE_MAX = max(map(len, _PROVINCE_FORMS))


def place_prefix(name: str, known: Mapping[str, str]) -> tuple[str, str]:
    """Split a leading place off ``name``: (prefix, province digits) or ("", "").

    ``known`` maps place names seen in the article (full and short) to adcodes.  The
    longest province form, else the longest known place longer than it, is the prefix
    (found by looking the name's prefixes up, not by scanning every place).
    """
    best = ""
    prov = ""
    for n in range(min(len(name), _PROVINCE_MAX), 1, -1):
        code = _PROVINCE_FORMS.get(name[:n])
        if code is not None:
            best, prov = name[:n], code
            break
    for n in range(len(name), max(len(best), 1), -1):
        code = known.get(name[:n])
        if code is not None:
            best, prov = name[:n], code[:2]
            break
    # A place just after the province (河北省衡水市…) goes too: the first such place of
    # ``known`` (in its order) that leaves at least two characters.
    rest = name[len(best):]
    hits = [rest[:n] for n in range(2, len(rest) - 1) if rest[:n] in known]
    if len(hits) > 1:
        hits = [next(p for p in known if p in hits)]
    if hits:
        best += hits[0]
        prov = prov or known[hits[0]][:2]
    return best, prov


def short_forms(place_name: str) -> list[str]:
    """A division's name and its short form (衡水市 → 衡水市, 衡水)."""
    out = [place_name]
    for suf in _ADMIN_SUFFIX:
        if place_name.endswith(suf) and len(place_name) - len(suf) >= 2:
            out.append(place_name[: -len(suf)])
            break
    return out


def org_key(name: str, org_type: str, known: Mapping[str, str]) -> tuple[str, str]:
    """The linking key of an organization and its province (``""`` when unknown).

    Government bodies keep their jurisdiction (霸州市委 ≠ 廊坊市委); others lose the
    leading place and legal forms, so 北京新发地集团有限公司 and 新发地集团 share 新发地.
    """
    name = clean_name(name)
    prefix, prov = place_prefix(name, known)
    if org_type == "government":
        return name, ""
    core = name[len(prefix):] or name
    changed = True
    while changed:
        changed = False
        for form in _LEGAL_FORMS:
            if core.endswith(form) and len(core) - len(form) >= 2:
                core = core[: -len(form)]
                changed = True
    return core, prov


def project_name_key(name: str) -> str:
    """A project name reduced for exact matching (spaces, brackets, trailing 项目)."""
    n = clean_name(name)
    for suf in ("建设项目", "项目"):
        if n.endswith(suf) and len(n) > len(suf) + 1:
            n = n[: -len(suf)]
            break
    return n[:250]


def bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def dice(a: str, b: str) -> float:
    """Bigram Dice coefficient of two names (1.0 when equal).

    >>> round(dice("衡水农副产品物流园", "衡水农副产品智慧物流园"), 2)
    0.82
    """
    if a == b:
        return 1.0
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))
