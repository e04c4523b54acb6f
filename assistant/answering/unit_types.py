"""Lists of the notices by the kind of unit they are from (有没有医院、学校的通报, 司法行政部门的通报有几份).

A question that names no unit but a kind of unit, and asks which or how many, is answered from the
units of the index whose names hold that kind's office words, each cited with the notice's unit
line. The kinds are the offices the notices come from, in the words users say for them (学校 for
中学, 市场监管 for 市场监督管理局); a kind no unit of the index is of is refused with the kind named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.cited_facts import Cites, FactsAnswer
from assistant.reading.questions import QuestionInfo
from core.normalize import compact, to_simplified
from core.phrases import CANNOT_ANSWER
from core.types import Notice

KINDS: dict[str, tuple[str, ...]] = {
    "司法行政": ("司法厅", "司法局"),
    "司法": ("司法厅", "司法局"),
    "医院": ("医院", "卫生院"),
    "学校": ("中学", "小学", "学校", "学院", "大学"),
    "中小学": ("中学", "小学"),
    "科协": ("科协", "科学技术协会"),
    "国资委": ("国资委", "国有资产监督管理"),
    "市场监管": ("市场监督管理", "市场监管"),
    "自然资源": ("自然资源",),
    "水利": ("水利",),
    "公安": ("公安",),
    "检察": ("检察",),
    "交通": ("交通运输",),
    "住建": ("住房和城乡建设",),
    "统战": ("统战",),
    "侨联": ("侨联", "归国华侨联合会"),
    "台联": ("台联",),
    "供销": ("供销",),
    "生态环境": ("生态环境",),
    "乡镇": ("镇委员会", "镇党委", "乡党委", "乡委员会"),
    "发改": ("发展和改革",),
    "人大": ("人大",),
    "政府办": ("政府办公",),
    "公积金": ("公积金",),
    "广电": ("广播电视",),
}
"""The kinds of unit a question may list by, and the words of a unit's name that make it one."""

_ASKS_WHICH_RE = re.compile(
    r"哪些|哪几|哪[两三四五]|有几|几份|几个|几家|多少家|多少份|有没有|分别是谁|都是谁|列出|列一下"
)
"""A question asking which units or how many."""
_OF_NOTICES_RE = re.compile(r"通报|单位|部门|机关|报告")
"""What such a question lists: notices or units."""


def _kinds(question: str) -> list[str]:
    """The kinds of unit ``question`` names as kinds, longest first, none inside another named.

    A kind is named as one before what is listed (医院、学校的巡察整改通报, 司法行政部门, 科协系统) or
    after which-words (有几家科协); 交通费 in 哪些单位报销了交通费 is no kind of unit.
    """
    found: list[str] = []
    for kind in sorted(KINDS, key=len, reverse=True):
        if any(kind in k for k in found):
            continue
        before = re.search(
            rf"{kind}(?:[、,，和及与]\w{{1,6}})*的?[^，,。？?；;！!]{{0,10}}?(?:通报|单位|部门|系统|机关|报告)",
            question,
        )
        after = re.search(rf"(?:几家|哪些|哪几家|多少家){kind}", question)
        if before or after:
            found.append(kind)
    return found


def answer_unit_kinds(info: QuestionInfo, notices: Sequence[Notice]) -> FactsAnswer | None:
    """The units of the kinds a question names without naming a unit, cited; None for other questions."""
    if info.units.units or info.units.unknown:
        return None
    q = compact(to_simplified(info.question))
    if not (_ASKS_WHICH_RE.search(q) and _OF_NOTICES_RE.search(q)):
        return None
    kinds = _kinds(q)
    if not kinds:
        return None
    cites = Cites()
    picked: dict[str, str] = {}
    for n in notices:
        fact = n.facts.unit or n.facts.title
        if not n.unit or n.unit in picked or fact is None:
            continue
        if any(word in n.unit for kind in kinds for word in KINDS[kind]):
            picked[n.unit] = f"{n.unit}{cites.mark(n, fact)}"
    named = "、".join(kinds)
    if not picked:
        return FactsAnswer(CANNOT_ANSWER, refused=True, warnings=(f"现有通报中没有{named}类单位的通报。",))
    return FactsAnswer(
        f"现有通报中属于{named}的单位：{'、'.join(picked.values())}。",
        tuple(cites.items),
        computed=f"共{len(picked)}个。",
    )
