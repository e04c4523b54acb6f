"""What counts as a specific of a text: the detectors behind draft placeholders.

Each detector finds one kind of specific (a date, an amount, a count, a document title or number,
an inspection group or round, a contact, a unit, place or person name) and names the placeholder
it becomes. ``find_specifics`` runs them on ``text.to_search`` (same length as the text, so
offsets are shared), earlier detectors first; ``protected_spans`` are never touched (existing
placeholders, citation markers, list numbers, fixed phrases such as 三会一课).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from core.normalize import to_search
from core.persons import SURNAME_CLASS, SURNAMES
from core.phrases import CITATION_RE, PLACEHOLDER_RE
from core.unitnames import ORG_SUFFIXES, alternation, core_name, place_stem, split_places

if TYPE_CHECKING:
    from jieba.posseg import POSTokenizer

    from assistant.reading.units import UnitDirectory

Span = tuple[int, int, str, str]
"""A found specific: start, end, kind, placeholder."""

DATE = "【日期】"
AMOUNT = "【金额】"
COUNT = "【数量】"
RATIO = "【比例】"
DOCUMENT = "【文件名称】"
DOC_NUMBER = "【文号】"
BODY = "【巡察组】"
"""An inspection group (【巡视组】 where the text speaks of 巡视)."""
ROUND = "【巡察轮次】"
"""An inspection round (【巡视轮次】 where the text speaks of 巡视)."""
PHONE = "【联系电话】"
EMAIL = "【电子邮箱】"
ADDRESS = "【通信地址】"
UNIT = "【单位名称】"
PLACE = "【地名】"
PERSON = "【姓名】"

SET_PHRASES: tuple[str, ...] = (
    "三会一课", "三重一大", "一岗双责", "两个维护", "两个确立", "四个意识", "四个自信", "四个全面",
    "五位一体", "两学一做", "三严三实", "两个责任", "两个务必", "一票否决", "一案双查", "一把手",
    "中央八项规定", "八项规定", "六项纪律", "四种形态", "四风", "三单", "双减", "双带头人", "一对一",
    "三个区分开来", "三不腐", "两个作用", "九项准则", "三项制度", "一线", "一级抓一级", "三个清单",
    "五个不直接分管", "一报告两评议", "第一议题", "第一责任人", "第一种形态",
)  # fmt: skip
"""Fixed political and administrative phrases whose numerals are part of the name, not a count."""

NATIONAL_DOCUMENTS: tuple[str, ...] = (
    "中国共产党",
    "中华人民共和国",
    "党政领导干部",
    "习近平",
    "关于新形势下",
)
"""Beginnings of central documents' titles, kept as written (they are not another unit's facts)."""

_CN = "〇零一二两三四五六七八九十百千万"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"
_YEAR = r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年"
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
_DAY = r"(?:\d{1,2}(?:\s*[-~—至]\s*\d{1,2})?|[一二三四五六七八九十]{1,3})\s*[日号]"
_ONE_DATE = (
    rf"(?:{_YEAR}\s*(?:{_MONTH}\s*(?:{_DAY})?)?(?:上半年|下半年|年初|年底|年末|底|初)?"
    rf"|{_MONTH}\s*(?:{_DAY}|底|初|上旬|中旬|下旬)?|(?:19|20)\d{{2}}[-./](?:1[0-2]|0?[1-9])(?!\d)(?:[-./]\d{{1,2}})?)"
)
_RANGE_SEP = r"\s*(?:至|到|-|~|—|－)\s*"
_CLASSIFIERS = (
    "个月|个|条|项|名|人次|人|次|件|期|家|场|篇|份|批|轮|所|台|辆|座|户|起|类|方面|年|天|周|季度|小时|"
    "处|本|套|笔|宗|张|支|间|位|课时|学时|万人|余人|多人"
)
_HAN = "\u4e00-\u9fff"
_ORGS = "办公厅|办公室|办事处|" + alternation(ORG_SUFFIXES)
_MARKER_RE = re.compile(r"(?m)^\s*(?:\d{1,3}\s*[.、．]|[(（]\s*\d{1,3}\s*[)）])")

_ROLES = "领导|干部|班子|党员|职工|负责|书记|委员|成员"
_FUNCTION = "[将把对在与和由向为从及的是]"
"""Words that come before a name, not in it."""
_TITLES = "书记|局长|主任|组长|院长|部长|厅长|处长|科长|校长|镇长|县长|区长|市长|主席|总经理|董事长|行长"
"""Titles a person's name follows (局长李某担任组长)."""
"""Words after which 同志 names a role, not a person (分管领导同志)."""
DETECTORS: tuple[tuple[str, str, re.Pattern[str] | None], ...] = (
    ("document", DOCUMENT, re.compile(r"《[^《》\n]{1,120}》")),
    ("directory", UNIT, None),
    ("doc_number", DOC_NUMBER, re.compile(r"\[\s*(?:19|20)\d{2}\s*\]\s*\d+\s*号")),
    ("email", EMAIL, re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)),
    ("phone", PHONE, re.compile(r"(?<!\d)(?:\d{3,4}-\d{7,8}(?:-\d{1,4})?|1[3-9]\d{9})(?!\d)")),
    ("address", ADDRESS, re.compile(rf"(?<=地址:)\s*[^;。\n,]+|[{_HAN}]{{2,12}}(?:路|街|大道|巷)\d+号")),
    ("round", ROUND, re.compile(rf"(?:[{_CN}\d]+届[{_HAN}]{{0,4}}?)?第[{_CN}\d]+轮")),
    (
        "body",
        BODY,
        re.compile(
            rf"(?:[{_HAN}]{{0,6}}?(?:中央|省委|市委|县委|区委|州委|党委|党组))?第[{_CN}\d]+(?:巡察|巡视)组"
        ),
    ),
    (
        "date",
        DATE,
        re.compile(
            rf"(?:19|20)\d{{2}}(?:\s*年)?{_RANGE_SEP}(?:(?:19|20)?\d{{2}})\s*年|{_ONE_DATE}(?:{_RANGE_SEP}{_ONE_DATE})?"
        ),
    ),
    ("amount", AMOUNT, re.compile(rf"{_NUM}\s*(?:余|多)?\s*(?:万|亿|千)?元")),
    ("ratio", RATIO, re.compile(r"\d+(?:\.\d+)?\s*%|百分之[〇零一二三四五六七八九十百点]+")),
    (
        "person",
        PERSON,
        re.compile(rf"{SURNAME_CLASS}某某?|{SURNAME_CLASS}(?!{_ROLES})[{_HAN}]{{1,2}}(?=同志)"),
    ),
    (
        "person",
        PERSON,
        re.compile(
            rf"(?:{_TITLES})[、，,]?(?P<name>{SURNAME_CLASS}[{_HAN}]{{1,2}}?)(?=[，,、。；;（(]|担任|同志|任|兼)"
        ),
    ),
    ("count", COUNT, re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:余|多)?")),
    (
        "count",
        COUNT,
        re.compile(
            rf"(?<![第{_CN}])(?:[两二三四五六七八九十百千]|一(?=[十百千万]))[{_CN}]*(?:余|多)?(?={_CLASSIFIERS})"
        ),
    ),
    (
        "unit",
        UNIT,
        re.compile(
            rf"(?<![全各本每该])(?:省|市|县|区)(?!场|域|县|级|直|属|委第|委巡)[{_HAN}]{{2,8}}?(?:{_ORGS})(?![议谈员])"
        ),
    ),
    (
        "unit",
        UNIT,
        re.compile(
            rf"(?:(?<![{_HAN}])|(?<={_FUNCTION}))(?!{_FUNCTION})[{_HAN}]{{2,4}}(?<![国企业属有营本该各全每市县区省])"
            rf"(?:集团|公司)(?![{_HAN}]{{0,2}}(?:党委|党组))"
        ),
    ),
)
"""What ``scrub`` finds, in priority order: (kind, placeholder, pattern on the searchable text).

The pattern None stands for the names of the index's units (``UnitDirectory`` mentions).
"""

CHECKED_KINDS = frozenset(
    {
        "document",
        "doc_number",
        "email",
        "phone",
        "round",
        "body",
        "date",
        "amount",
        "ratio",
        "count",
        "directory",
        "unit",
        "person",
    }
)
"""What ``check`` replaces in a model's draft when the user did not give it (not jieba's names: too loose)."""
PLACE_KINDS = frozenset({"place", "person"})
"""Names found by jieba: ``check`` replaces them only where the model copied them from an exemplar."""

_GENERIC_PLACES = frozenset(
    {
        "中央",
        "全国",
        "中国",
        "国家",
        "地方",
        "基层",
        "机关",
        "广大",
        "深度",
        "华夏",
        "江南",
        "中原",
        "长江",
        "黄河",
        "海外",
    }
)
_PLACE_LEVEL_RE = re.compile(r"(?:自治区|自治州|省|市|县|区|州|镇|乡|村)")
_QUOTED_RE = re.compile(r"“[^“”\n]{1,16}”")
_COMPANY_WORDS = frozenset({"集团", "公司", "有限公司", "股份有限公司", "集团公司"})


@lru_cache(maxsize=1)
def _pos_tokenizer() -> POSTokenizer:
    import logging
    import os
    import tempfile
    from pathlib import Path

    import jieba
    from jieba.posseg import POSTokenizer

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    cache_dir = Path(tempfile.gettempdir()) / f"assistant-jieba-{os.getuid() if hasattr(os, 'getuid') else 0}"
    cache_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(cache_dir)
    return POSTokenizer(tokenizer)


def _name_spans(s: str) -> list[Span]:
    """Person, place and company names by jieba's POS tags, filtered against its common false hits.

    A person is an ``nr`` word jieba found outside its dictionary (its dictionary tags words such
    as 杜绝 ``nr``) that starts with a common surname, or a name before 同志; a place is an
    ``ns`` word with the level written after it; a company is the word before 集团/公司.
    """
    tokenizer = _pos_tokenizer()
    words = [(w, f) for w, f in tokenizer.cut(s)]
    out: list[Span] = []
    pos = 0
    for i, (word, flag) in enumerate(words):
        start, end = pos, pos + len(word)
        pos = end
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if (
            flag in ("nr", "nrfg", "nrt")
            and 2 <= len(word) <= 3
            and word[0] in SURNAMES
            and word not in tokenizer.word_tag_tab
        ):
            out.append((start, end, "person", PERSON))
        elif flag == "ns" and len(word) >= 2 and word not in _GENERIC_PLACES and word[0] not in "各全本该每":
            tail = _PLACE_LEVEL_RE.match(s[end:])
            if (
                tail or len(word) <= 3 or word[-1] in "省市县区州镇乡村"
            ):  # jieba's dictionary has 广大干部 as ns
                out.append((start, end + (tail.end() if tail else 0), "place", PLACE))
        elif following in _COMPANY_WORDS and flag in ("nr", "nz", "nrt", "nt", "ns") and len(word) >= 2:
            out.append((start, end + len(following), "unit", UNIT))
    return out


def protected_spans(text: str, s: str) -> list[tuple[int, int]]:
    """Spans never touched: existing placeholders, citation markers and fixed phrases."""
    spans = [m.span() for m in PLACEHOLDER_RE.finditer(text)]
    spans += [m.span() for m in CITATION_RE.finditer(text)]
    spans += [m.span() for m in _MARKER_RE.finditer(s)]
    for phrase in SET_PHRASES:
        start = s.find(phrase)
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = s.find(phrase, start + 1)
    return spans


def _directory_spans(text: str, directory: UnitDirectory) -> list[Span]:
    """Mentions of the directory's units, widened over a place character written before them."""
    out = []
    for m in directory.resolve(text).mentions:
        start = m.start
        if start > 0 and text[start - 1] in "省市县区" and not m.surface.startswith(("省", "市", "县", "区")):
            start -= 1
        out.append((start, m.end, "directory", UNIT))
    return out


def find_specifics(
    text: str, kinds: frozenset[str] | None, directory: UnitDirectory | None, names: bool
) -> list[Span]:
    """Every candidate span, in priority order (earlier wins an overlap)."""
    s = to_search(text)
    quoted = [m.span() for m in _QUOTED_RE.finditer(text)]
    found: list[Span] = []
    for kind, placeholder, pattern in DETECTORS:
        if kinds is not None and kind not in kinds:
            continue
        if pattern is None:
            found += _directory_spans(text, directory) if directory is not None else []
            continue
        for m in pattern.finditer(s):
            if not m.group().strip():
                continue
            if "name" in pattern.groupindex:
                found.append((m.start("name"), m.end("name"), kind, placeholder))
                continue
            slogan = kind == "count" and not any(c.isdigit() for c in m.group())
            if slogan and any(a <= m.start() < b for a, b in quoted):
                continue  # a slogan's numeral: “三个以案”, “两个一以贯之”
            found.append((m.start(), m.end(), kind, placeholder))
    if names:
        found += [x for x in _name_spans(s) if kinds is None or x[2] in kinds]
    return found


def unit_places(units: Sequence[str]) -> list[str]:
    """The places in units' names, with their stems of two characters or more, longest first.

    >>> unit_places(["中共禹城市供销合作社联合社委员会"])
    ['禹城市', '禹城']
    """
    out: set[str] = set()
    for unit in units:
        for place in split_places(core_name(unit)):
            out.add(place)
            if len(stem := place_stem(place)) >= 2:
                out.add(stem)
    return sorted(out, key=len, reverse=True)


def place_spans(text: str, places: Sequence[str]) -> list[Span]:
    """Where ``places`` occur in ``text``."""
    s = to_search(text)
    return [(m.start(), m.end(), "place", PLACE) for p in places for m in re.finditer(re.escape(p), s)]


def keep_document(title: str) -> bool:
    """Whether a 《…》 title is a central document's, kept as written (``NATIONAL_DOCUMENTS``).

    >>> keep_document("《中国共产党章程》"), keep_document("《某局财务办法》")
    (True, False)
    """
    inner = title.strip("《》")
    return inner.startswith(NATIONAL_DOCUMENTS)
