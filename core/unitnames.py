"""Unit names: the abbreviation table, the canonical form, place parsing and alias generation.

A unit is named in many ways: ``中共南京市大数据管理局党组``, ``南京市大数据局``, ``南京大数据局``,
``大数据局``. Both the names in the directory and the questions are brought to one canonical form
(simplified, width-folded, no white space, standard abbreviations applied), and every unit gets a
set of aliases in that form. ``assistant.reading.units`` matches questions against the aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from core.normalize import to_search


@dataclass(frozen=True)
class Abbreviation:
    """One row of the abbreviation table."""

    short: str
    """The canonical form every variant is rewritten to (in names and in questions alike)."""
    long: tuple[str, ...]
    """Written forms rewritten to ``short``."""
    also: tuple[str, ...] = ()
    """Colloquial shorter forms that are aliases of names only; too ambiguous to rewrite in text."""


ABBREVIATIONS: tuple[Abbreviation, ...] = (
    Abbreviation("科协", ("科学技术协会",)),
    Abbreviation("科技局", ("科学技术局",)),
    Abbreviation("科技厅", ("科学技术厅",)),
    Abbreviation("大数据局", ("大数据管理局", "大数据发展管理局")),
    Abbreviation("住建局", ("住房和城乡建设局", "住房城乡建设局")),
    Abbreviation("住建厅", ("住房和城乡建设厅", "住房城乡建设厅")),
    Abbreviation("发改局", ("发展和改革局", "发展改革局")),
    Abbreviation("发改委", ("发展和改革委员会", "发展改革委员会", "发展改革委")),
    Abbreviation("检察院", ("人民检察院",)),
    Abbreviation("法院", ("人民法院",)),
    Abbreviation("供销社", ("供销合作社联合社", "供销合作社", "供销合作总社")),
    Abbreviation("政府办公厅", ("人民政府办公厅",)),
    Abbreviation("省政府办公厅", ("省府办公厅", "省府办")),
    Abbreviation("政府办", ("人民政府办公室", "政府办公室", "府办")),
    Abbreviation("政府", ("人民政府",)),
    Abbreviation("委办", ("委办公室",)),
    Abbreviation("驻京办", ("驻北京办事处", "驻京办事处")),
    Abbreviation("驻京联络处", ("驻北京联络处",), also=("驻京办",)),
    Abbreviation("生态环境局", ("环境保护局", "环保局")),
    Abbreviation("市场监管局", ("市场监督管理局",), also=("市监局",)),
    Abbreviation("侨联", ("归国华侨联合会",)),
    Abbreviation("台联", ("台湾同胞联谊会",)),
    Abbreviation("国资委", ("国有资产监督管理委员会",)),
    Abbreviation("执法局", ("综合行政执法局",)),
    Abbreviation("城管", ("城市管理",)),
    Abbreviation("公积金中心", ("住房公积金管理中心",)),
    Abbreviation("人大常委会", ("人民代表大会常务委员会", "人大常务委员会"), also=("人大",)),
    Abbreviation("政协", ("政治协商会议",)),
    Abbreviation("统战部", ("统一战线工作部",)),
    Abbreviation("纪委", ("纪律检查委员会",)),
    Abbreviation("监委", ("监察委员会",)),
    Abbreviation("政法委", ("政法委员会",)),
    Abbreviation("编办", ("机构编制委员会办公室",)),
    Abbreviation("卫健委", ("卫生健康委员会", "卫生和健康委员会")),
    Abbreviation("卫健局", ("卫生健康局", "卫生和健康局")),
    Abbreviation("人社局", ("人力资源和社会保障局", "人力资源社会保障局")),
    Abbreviation("工信局", ("工业和信息化局",)),
    Abbreviation("交通局", ("交通运输局",)),
    Abbreviation("文旅局", ("文化和旅游局", "文化广电和旅游局", "文化广电旅游局", "文化旅游局")),
    Abbreviation("广电局", ("广播电视局",)),
    Abbreviation("医保局", ("医疗保障局",)),
    Abbreviation(
        "自然资源局", (), also=("资源局", "自然局", "国土局", "国土资源局")
    ),  # 国土资源局 was its name before 2018
    Abbreviation("退役军人局", ("退役军人事务局",)),
    Abbreviation("应急局", ("应急管理局",)),
    Abbreviation("绿化市容局", ("绿化和市容管理局", "绿化和市容局"), also=("绿容局",)),
    Abbreviation("妇联", ("妇女联合会",)),
    Abbreviation("残联", ("残疾人联合会",)),
    Abbreviation("工商联", ("工商业联合会",)),
    Abbreviation("文联", ("文学艺术界联合会",)),
    Abbreviation("社科联", ("社会科学界联合会",)),
    Abbreviation("团委", ("共青团委员会",)),
    Abbreviation("局", ("管理局",)),
)
"""Standard abbreviations, longest written form first when applied. Extend by adding rows."""

PARTY_PREFIXES = ("中国共产党", "中共")
PARTY_SUFFIXES = (
    "机关党组", "机关党委", "机关委员会", "党总支部委员会", "党支部委员会", "总支部委员会", "支部委员会",
    "党总支", "党支部", "党组", "党委", "委员会", "支部",
)  # fmt: skip
COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")
PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "街道", "新区", "省", "市", "州", "盟", "区", "县", "旗", "镇", "乡")  # fmt: skip
TOWN_SUFFIXES = ("街道", "新区", "镇", "乡")
"""Place suffixes below the county: a town is a place, and also a unit on its own."""
REGION_SUFFIXES = tuple(s for s in PLACE_SUFFIXES if s not in TOWN_SUFFIXES)
"""Place suffixes of regions (省, 市, 县, 区, …)."""
COMMITTEE_BODIES = frozenset({"", "委", "工委", "党工委"})
"""Bodies left after the places when the unit is the party committee of the place itself."""
PARTY_BODY_SUFFIXES = tuple(sorted(set(PARTY_SUFFIXES) | (COMMITTEE_BODIES - {""}), key=len, reverse=True))
"""Every way a unit's name can end in its party body (党组, 党委, 党工委, 委, …)."""
ORG_SUFFIXES = (
    "委员会", "常委会", "总工会", "联合会", "工商联", "协会", "科协", "侨联", "文联", "妇联", "残联", "政协",
    "团委", "党组", "党委", "支部", "中心", "公司", "集团", "中学", "小学", "学校", "医院", "街道",
    "局", "委", "办", "厅", "部", "院", "协", "联", "社", "会", "镇", "乡", "处", "所",
)  # fmt: skip
"""The words an organization's name ends with (局, 委, 中心, 医院, …): what makes a phrase unit-shaped."""


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first (so ``委员会`` wins over ``委``).

    >>> alternation(("委", "委员会", "局"))
    '委员会|委|局'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


GENERIC = frozenset(
    {"委办", "政府办", "办公室", "公司", "集团", "中心", "学校", "医院", "机关", "政府", "党组"}
)
"""Aliases too generic to name a unit on their own."""

_ABBR = sorted(((v, a.short) for a in ABBREVIATIONS for v in a.long), key=lambda p: -len(p[0]))
_ABBR_MAP = dict(_ABBR)
_ABBR_RE = re.compile("|".join(("(?<!政)" if v.startswith("府") else "") + re.escape(v) for v, _ in _ABBR))
"""Long forms to shorten; one starting with 府 (府办 of 市府办) not inside 政府 (省政府办公厅 stays itself)."""
_PLACE_CHARS = frozenset(s[-1] for s in PLACE_SUFFIXES)
_SHORTS = frozenset(a.short for a in ABBREVIATIONS if len(a.short) == 2)
_ALSO = tuple((a.short, s) for a in ABBREVIATIONS for s in a.also)
_CJK_RE = re.compile("[\u4e00-\u9fff]+")
_PLACE_END_RE = re.compile("(?:" + "|".join(PLACE_SUFFIXES) + ")$")
_PAREN_RE = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Canon:
    """Text in canonical form, with a map back to the original text."""

    text: str
    """Simplified, width-folded, white space removed, abbreviations applied."""
    starts: tuple[int, ...]
    """For each canonical character, the offset of its source in the original text."""
    ends: tuple[int, ...]
    """For each canonical character, the end offset (exclusive) of its source in the original text."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the canonical span ``[start, end)``."""
        return self.starts[start], self.ends[end - 1]


def canonical(text: str) -> Canon:
    """Bring text to the canonical form that names and questions are compared in.

    >>> canonical("南京市 大数据管理局").text
    '南京市大数据局'
    >>> canonical("梁溪區科學技術局").text
    '梁溪区科技局'
    >>> canonical("山西省政府办公厅").text, canonical("南宁市府办").text
    ('山西省政府办公厅', '南宁市政府办')
    """
    folded = to_search(text)
    keep = [i for i, c in enumerate(folded) if not c.isspace()]
    flat = "".join(folded[i] for i in keep)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _ABBR_RE.finditer(flat):
        for j in range(pos, m.start()):
            out.append(flat[j])
            starts.append(keep[j])
            ends.append(keep[j] + 1)
        short = _ABBR_MAP[m.group()]
        out.append(short)
        starts.extend([keep[m.start()]] * len(short))
        ends.extend([keep[m.end() - 1] + 1] * len(short))
        pos = m.end()
    for j in range(pos, len(flat)):
        out.append(flat[j])
        starts.append(keep[j])
        ends.append(keep[j] + 1)
    return Canon("".join(out), tuple(starts), tuple(ends))


def _strip(name: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...]) -> str:
    for p in prefixes:
        if name.startswith(p) and len(name) > len(p):
            name = name[len(p) :]
            break
    changed = True
    while changed:
        changed = False
        for s in suffixes:
            if name.endswith(s) and len(name) > len(s):
                name = name[: -len(s)]
                changed = True
                break
    return name


def core_name(full_name: str) -> str:
    """The canonical core of a unit name: no 中共 prefix, no 党组/党委/委员会 suffix, no company form.

    Two full names with the same core name the same unit (``中共X委员会`` and ``X党委``).

    >>> core_name("中共西藏自治区司法厅委员会") == core_name("西藏自治区司法厅党委")
    True
    >>> core_name("中共漳州市国有资产监督管理委员会委员会")
    '漳州市国资委'
    """
    name = canonical(full_name).text
    name = _strip(name, PARTY_PREFIXES, PARTY_SUFFIXES)
    return _strip(name, (), COMPANY_SUFFIXES)


def split_places(core: str) -> list[str]:
    """The leading place names of a core name, outermost first (a parse, not a gazetteer).

    A one-character stem is accepted only before 市/县/区 (成县, 津市市); otherwise the parse
    looks further (西乡塘区 is one district, not 西乡 + 塘区).

    >>> split_places("三亚市海棠区林旺中学")
    ['三亚市', '海棠区']
    >>> split_places("津市市公安局"), split_places("南宁市西乡塘区自然资源局")
    (['津市市'], ['南宁市', '西乡塘区'])
    """
    places: list[str] = []
    rest = core
    while len(places) < 4:
        end = 0
        for stop in range(2, min(len(rest), 12) + 1):
            m = _PLACE_END_RE.search(rest[:stop])
            if not m or m.end() != stop:
                continue
            stem = rest[: m.start()]
            if not _CJK_RE.fullmatch(stem):
                break
            if len(stem) >= 2 or (len(stem) == 1 and m.group() in ("市", "县", "区")):
                end = stop
                break
        if not end:
            break
        if end == 2 and rest[end : end + 1] in ("市", "县", "区"):
            end += 1  # 津市市: a one-character stem swallows the next suffix
        places.append(rest[:end])
        rest = rest[end:]
    return places


def place_stem(place: str) -> str:
    """A place without its level suffix, if the stem keeps at least two characters.

    >>> place_stem("盐城市"), place_stem("成县"), place_stem("西藏自治区")
    ('盐城', '成县', '西藏')
    """
    for s in PLACE_SUFFIXES:
        if place.endswith(s) and len(place) - len(s) >= 2:
            return place[: -len(s)]
    return place


@dataclass(frozen=True)
class Alias:
    """One canonical string that names a unit."""

    text: str
    """The alias, canonical form."""
    places: tuple[str, ...]
    """The unit's places the alias leaves out (empty: it is as specific as the name)."""


def _place_variants(places: list[str], keep_last_suffix: bool) -> list[tuple[str, tuple[str, ...]]]:
    out: list[tuple[str, tuple[str, ...]]] = []
    for s in range(len(places) + 1):
        kept = places[s:]
        options = []
        for i, p in enumerate(kept):
            last = i == len(kept) - 1
            opts = [p] if (keep_last_suffix and last) else list(dict.fromkeys([p, place_stem(p)]))
            options.append(opts)
        for combo in product(*options):
            out.append(("".join(combo), tuple(places[:s])))
    return out


def _bodies(body: str) -> list[str]:
    """A body and its other written forms (驻京办; 总医院 → 医院, 总工会 → 工会: users drop 总)."""
    out = [body]
    if body.startswith("总") and len(body) >= 3:
        out.append(body[1:])
    for short, also in _ALSO:
        if short in body:
            out.append(body.replace(short, also))
            if body != short and len(also) >= 3:
                out.append(also)  # 政府驻京联络处 → 驻京办
    return out


def _tails(body: str) -> list[str]:
    """Tails of a long body, used on their own: 无锡苏南国际机场集团 → 国际机场集团, 机场集团."""
    return [body[i:] for i in range(1, len(body) - 3)] if len(body) >= 6 else []


def _forms(head: list[str], body: str, deepest: bool) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Aliases of one parse (places ``head`` then ``body``), each with the places it leaves out."""
    if body in COMMITTEE_BODIES:  # the party committee of the place itself: 湘东区委 → 湘东区, 湘东
        for text, dropped in _place_variants(head, keep_last_suffix=False):
            if text:
                yield text, dropped
                if len(body) >= 2 or text[-1] in _PLACE_CHARS:
                    yield text + body, dropped
        return
    if deepest:
        for i, tail in enumerate(_tails(body), start=1):
            yield tail, tuple(head)
            if not head and i > 2:
                yield body[:2] + tail, ()  # 无锡苏南国际机场集团 → 无锡机场集团
    for b in _bodies(body):
        committee = b.startswith("委")
        for text, dropped in _place_variants(head, keep_last_suffix=committee):
            if committee and head:
                yield (text or head[-1][-1]) + b, dropped  # 大庆市委统战部 → 市委统战部
            elif text or len(b) >= 3 or b in _SHORTS:
                yield text + b, dropped
        if committee and head and len(b) >= 4 and place_stem(head[-1]) != head[-1]:
            yield place_stem(head[-1]) + b[1:], tuple(head[:-1])  # 大庆统战部
            yield head[-1] + b[1:], tuple(head[:-1])  # 大庆市统战部


@lru_cache(maxsize=4096)
def aliases(full_name: str) -> tuple[Alias, ...]:
    """Every alias of a unit name, the most specific first.

    >>> [a.text for a in aliases("中共南京市大数据管理局党组")]
    ['南京市大数据局', '南京大数据局', '大数据局']
    >>> [a.text for a in aliases("中共湘东区委")]
    ['湘东区委', '湘东区', '湘东']
    """
    found: dict[str, tuple[str, ...]] = {}

    def add(text: str, dropped: tuple[str, ...]) -> None:
        if len(text) >= 2 and text not in GENERIC and (text not in found or len(dropped) < len(found[text])):
            found[text] = dropped

    core = core_name(full_name)
    bases = [_PAREN_RE.sub("", core)] + [m for m in _PAREN_RE.findall(core) if len(m) >= 3]
    for base in bases:
        add(base, ())
        places = split_places(base)
        for depth in range(len(places), -1, -1):
            head = places[:depth]
            for text, dropped in _forms(head, base[len("".join(head)) :], deepest=depth == len(places)):
                add(text, dropped)
    ranked = sorted(found.items(), key=lambda kv: (len(kv[1]) > 0, -len(kv[0])))
    return tuple(Alias(text, dropped) for text, dropped in ranked)
