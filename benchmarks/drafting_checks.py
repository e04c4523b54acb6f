"""What a draft is checked for, against the request it answers (``tests/data/drafting/requests.json``).

The checks are written apart from the drafting code, from what an office writer would reject:

* **echo**: the request's own wording in the draft (anything of the request besides the unit,
  the problem phrase, the user's facts and the genre's set phrases, eight characters or more),
  and the request words every entry lists under ``must_not``;
* **foreign names**: another indexed unit's name (aliases of four characters or more) or place;
* **figures**: a number, a counted Chinese numeral or a 《document》 the request does not give;
* **missing**: what the entry lists under ``must`` (the user's key facts among them), and a
  【placeholder】 per required specific;
* **unit**: a given unit appears verbatim in the title (and signature of a notice), is never cut,
  and no 【单位名称】 stands in for it;
* **form**: the form asked (label, numbering, item count, no notice outline in a paragraph);
* **coverage**: how many of the topic's usual elements (the ``topics`` table of the file) appear.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.normalize import compact, to_search
from core.numerals import cn_to_int
from core.unitnames import aliases, canonical, core_name, place_stem, split_places

REQUESTS_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "drafting" / "requests.json"

REQUEST_WORDS = ("帮我", "帮忙", "起草", "草拟", "拟写", "写成", "的格式", "单位是", "单位为", "要有具体", "写明", "字左右", "怎么写", "……")  # fmt: skip
"""Words of asking, never of a draft."""
GENRE = ("关于巡察整改情况的通报", "巡视整改进展情况的通报", "巡察整改进展情况的通报", "整改进展情况", "巡察整改情况的通报", "整改情况的通报", "整改情况", "整改措施", "整改成效", "下一步工作打算", "下一步打算")  # fmt: skip
"""Set phrases of the genre that a request and its draft share legitimately."""
SET_PHRASES = ("四个意识", "四个自信", "两个维护", "两个确立", "两个责任", "四个全面", "三个区分开来", "五位一体", "两学一做", "三严三实", "一岗双责", "三会一课", "三重一大", "四风", "三单", "一报告两评议", "第一议题", "第一责任人", "一把手", "第一种形态", "四种形态", "一对一", "三个以案", "两个作用", "中央八项规定", "八项规定", "五个不直接分管")  # fmt: skip
NATIONAL = ("中央八项规定", "中国共产党", "中华人民共和国", "党政领导干部", "习近平", "关于新形势下")
_PLACEHOLDER_RE = re.compile(r"【[^【】\n]{1,12}】")
_CITATION_RE = re.compile(r"\[\d{1,3}\]")
_ORDINAL_RE = re.compile(
    r"(?m)^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)
_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")
_CN_COUNT_RE = re.compile(
    r"(?<![第一二三四五六七八九十])[两二三四五六七八九十百千]+(?:余|多)?(?=次|项|条|个|人|名|件|期|场|篇|份|批|轮|家|所|万|元|%)"
)
_DOC_RE = re.compile(r"《[^《》\n]{1,80}》")
_NOTICE_HEADINGS = ("整改工作组织情况", "关于巡察整改情况的通报", "关于巡视整改", "联系电话")
_ITEM_RE = re.compile(r"[一二三四五六七八九十]是")
_NUMBERED_RE = re.compile(r"(?m)^\s*(\d{1,2})[.．]")


@dataclass
class Review:
    """What is wrong with one draft."""

    id: str
    """The request's id."""
    echoed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    unit_ok: bool = True
    form: list[str] = field(default_factory=list)
    covered: int = 0
    elements: int = 0

    @property
    def clean(self) -> bool:
        """No echo, no foreign name, no unsupplied figure, nothing missing or forbidden, unit and form right."""
        return not (
            self.echoed or self.foreign or self.figures or self.missing or self.forbidden or self.form
        ) and (self.unit_ok)

    def problems(self) -> list[str]:
        """One line per finding."""
        out = [f"{name}: {'、'.join(values)}" for name, values in self.findings().items() if values]
        return out + ([] if self.unit_ok else ["unit"])

    def findings(self) -> dict[str, list[str]]:
        """The findings by check."""
        return {
            "echo": self.echoed,
            "foreign": self.foreign,
            "figures": self.figures,
            "missing": self.missing,
            "forbidden": self.forbidden,
            "form": self.form,
        }


def load(path: Path = REQUESTS_FILE) -> dict[str, Any]:
    """The request set: ``requests`` (entries) and ``topics`` (elements per topic)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def bare(text: str) -> str:
    """A draft without placeholders, citation markers and line-leading list numbers."""
    return _ORDINAL_RE.sub("", _CITATION_RE.sub("", _PLACEHOLDER_RE.sub("", text)))


def _echoes(request: str, allowed: Iterable[str], draft: str) -> list[str]:
    rest = request
    for word in sorted((a for a in allowed if a), key=len, reverse=True):
        rest = rest.replace(word, "\n")
    found = []
    text = compact(_CITATION_RE.sub("", draft))
    for part in re.split(r"\n", rest):
        part = compact(part)
        for i in range(len(part) - 7):
            window = part[i : i + 8]
            if window in text and not any(window in found_w for found_w in found):
                found.append(window)
    return found


def _places(units: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for unit in units:
        for place in split_places(core_name(unit)):
            out.add(place)
            if len(stem := place_stem(place)) >= 2:
                out.add(stem)
    return out


def foreign_names(draft: str, request: str, own_unit: str, units: Iterable[str]) -> list[str]:
    """Other units' names (aliases of four characters or more) and places found in ``draft``."""
    text = canonical(bare(draft)).text
    given = canonical(request + own_unit).text
    found: list[str] = []
    for unit in units:
        for alias in aliases(unit):
            if len(alias.text) >= 4 and alias.text in text and alias.text not in given:
                found.append(alias.text)
                break
    for place in _places(units):
        if place in text and place not in given:
            found.append(place)
    return sorted(set(found))


def unsupplied_figures(draft: str, request: str) -> list[str]:
    """Numbers, counted numerals and 《documents》 in ``draft`` that ``request`` does not give."""
    text = to_search(re.sub(r"“[^“”]{1,12}”", "", bare(draft)))
    for phrase in SET_PHRASES:
        text = text.replace(phrase, "")
    given = to_search(request)
    given_numbers = set(_DIGITS_RE.findall(given))
    out = [n for n in _DIGITS_RE.findall(text) if n not in given_numbers]
    for m in _CN_COUNT_RE.finditer(text):
        value = cn_to_int(m.group().rstrip("余多"))
        if value is None or str(value) not in given_numbers:
            out.append(m.group())
    for m in _DOC_RE.finditer(text):
        title = m.group()
        if title not in given and not title.strip("《》").startswith(NATIONAL):
            out.append(title)
    return out


def _form(entry: dict[str, Any], text: str) -> list[str]:
    read = entry["read"]
    out = []
    form = read["form"]
    if form in ("situation", "measures", "results", "next") and any(h in text for h in _NOTICE_HEADINGS):
        out.append("notice outline in a paragraph")
    if read.get("label") and form != "next" and f"{read['label']}：" not in text:
        out.append(f"no label {read['label']}")
    if form == "results" and "整改措施：" in text:
        out.append("measures in a results paragraph")
    if form == "notice":
        for part in ("一、整改工作组织情况", "二、整改落实情况", "三、下一步工作打算"):
            if part not in text:
                out.append(f"no {part}")
    if read.get("numbered"):
        numbers = [int(n) for n in _NUMBERED_RE.findall(text)]
        if numbers[:2] != [1, 2]:
            out.append("not numbered")
        items = len(numbers)
    else:
        items = len(_ITEM_RE.findall(text.split("整改成效：", maxsplit=1)[0]))
    if read.get("count") and form != "notice" and items != read["count"]:
        out.append(f"{items} items for {read['count']}")
    if form in ("situation", "measures") and not read.get("count") and items < 2:
        out.append(f"{items} measures")
    return out


def coverage(text: str, elements: Sequence[Sequence[str]]) -> int:
    """How many elements (each a list of alternative words) ``text`` names."""
    s = to_search(text)
    return sum(any(w in s for w in words) for words in elements)


def review(
    entry: dict[str, Any], title: str, text: str, units: Iterable[str], topics: dict[str, Any]
) -> Review:
    """Check one draft (its title and text) against its request entry.

    Args:
        entry: The request entry (``request``, ``unit``, ``read``, ``must``, ``must_not``).
        title: The draft's title ('' when the drafter gives none).
        text: The draft's text.
        units: Every unit of the index (for foreign names).
        topics: Elements per topic, for coverage.
    """
    read = entry["read"]
    request = entry["request"] + (entry.get("unit") or "")
    unit = read["unit"]
    whole = f"{title}\n{text}"
    r = Review(entry["id"])
    allowed = [unit, read["phrase"], *read["facts"], *read["points"], *GENRE]
    if read["form"] == "rewrite":  # the text to rewrite is the user's, after the first colon
        allowed.append(re.split(r"[:：]", entry["request"], maxsplit=1)[-1])
    r.echoed = _echoes(entry["request"], allowed, whole)
    r.echoed += [w for w in REQUEST_WORDS if w in whole and w not in "".join(allowed)]
    r.foreign = foreign_names(whole, request, unit, [u for u in units if u != unit])
    r.figures = unsupplied_figures(whole, request)
    wanted = [*entry["must"], *(f"【{x}】" for x in read["required"])]
    r.missing = [w for w in wanted if compact(w) not in compact(whole)]
    r.forbidden = [w for w in entry["must_not"] if w in whole]
    if unit:
        places = title if read["form"] != "notice" else f"{title}\n{text.rstrip().splitlines()[-2:][0]}"
        r.unit_ok = unit in places and "【单位名称】" not in whole
    r.form = _form(entry, text)
    elements = topics.get(read["topic"], [])
    if elements and read["form"] not in ("notice", "rewrite"):
        r.covered, r.elements = coverage(text, elements), len(elements)
    return r
