"""Specifics a request may ask a draft to carry (学习次数, 制度名称, 责任人, 完成时限, …).

"要有具体学习次数和制度名称" asks for two specifics. Unless the user's own facts give them, each
becomes a 【placeholder】 in the draft: attached to the measure that speaks of it (``anchors``) as
``clause``, or, when no measure does, as a measure of its own (``line``). ``{topic}`` in a line is
the problem type (意识形态…), or 相关 when there is none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    """One kind of specific a request can ask for."""

    name: str
    """Its name, e.g. 学习次数 (also the placeholder's words)."""
    ask: re.Pattern[str]
    """Finds it in a request's wording."""
    given: re.Pattern[str]
    """Finds it in the user's facts (then it is no placeholder)."""
    anchors: tuple[str, ...]
    """Words of the measure it is attached to."""
    clause: str
    """What is appended to that measure (starting with its comma)."""
    line: str
    """A measure of its own, when no measure has an anchor."""
    part: str = "measures"
    """Where it goes: ``measures``, ``results`` or ``status`` (the closing status sentence)."""

    @property
    def placeholder(self) -> str:
        """The placeholder, e.g. 【学习次数】."""
        return f"【{self.name}】"


def _r(
    name: str, ask: str, given: str, anchors: str, clause: str, line: str, part: str = "measures"
) -> Requirement:
    return Requirement(name, re.compile(ask), re.compile(given), tuple(anchors.split()), clause, line, part)


REQUIREMENTS: tuple[Requirement, ...] = (
    _r("学习次数", r"学习(?:的)?(?:次数|场次)|学了几次", r"学习\D{0,6}\d+\s*次|\d+\s*次.{0,4}学习",
       "学习 中心组", "，组织集中学习【学习次数】次", "组织集中学习【学习次数】次，推动{topic}有关要求入脑入心"),
    _r("会议次数", r"(?:会议|开会|会)(?:的)?次数", r"会议?\D{0,4}\d+\s*次|\d+\s*次.{0,4}会",
       "会议 专题会", "，召开专题会议【会议次数】次", "召开专题会议【会议次数】次，研究部署{topic}整改工作"),
    _r("检查次数", r"(?:检查|督查|抽查|巡查|自查)(?:的)?次数", r"检查\D{0,4}\d+\s*次|\d+\s*次.{0,4}检查",
       "检查 督查 自查 抽查", "，开展专项检查【检查次数】次", "开展专项检查【检查次数】次，对发现的问题逐项整改"),
    _r("制度名称", r"(?:制度|办法|文件|规定|规章)(?:的)?名称|制度名|具体制度", r"《[^《》]{2,60}》",
       "制度 办法 规定 规程 细则 机制", "，制定【制度名称】", "健全制度机制，制定【制度名称】，推动{topic}工作制度化规范化"),
    _r("责任人", r"责任人|负责人|责任领导|牵头领导|责任主体", r"[\u4e00-\u9fff]{2,3}同志|负责人为",
       "责任 牵头 负责 领导小组", "，明确【责任人】牵头负责", "明确【责任人】为整改责任人，压实整改责任"),
    _r("完成时限", r"完成(?:时限|时间|期限|日期)|时间节点|整改(?:时限|期限)|截止(?:时间|日期)|时限",
       r"(?:19|20)\d{2}\s*年|\d{1,2}\s*月(?:底|\d{1,2}日)?前", "", "，于【完成时限】前完成", "于【完成时限】前完成整改",
       "status"),
    _r("金额", r"金额|资金数|钱数|多少钱", r"\d+(?:\.\d+)?\s*(?:万|亿|千)?元",
       "资金 费用 款 清退 追回 退还 补贴", "，涉及资金【金额】", "对违规资金逐笔核查，涉及资金【金额】"),
    _r("人数", r"人数|人次|多少人", r"\d+\s*(?:名|人)", "干部 人员 党员 职工",
       "，涉及【人数】人", "对涉及的【人数】名人员逐一谈话提醒"),
    _r("日期", r"具体(?:时间|日期)|日期", r"(?:19|20)\d{2}\s*年|\d{1,2}\s*月", "", "", "【日期】", "first"),
    _r("具体数据", r"具体数据|数据|数字|量化", r"\d", "", "", "累计整改问题【数量】个，建立完善制度【数量】项", "results"),
    _r("整改进展", r"整改进展|完成情况|整改状态|是否完成|进展情况", r"已完成|已整改|正在推进", "", "",
       "目前，该问题【整改进展】", "status"),
)  # fmt: skip
"""What a request can ask for, in the order asked-for specifics are looked for."""


def asked(text: str) -> tuple[Requirement, ...]:
    """The requirements ``text`` (a request clause) names, each once, in the order named.

    Where two match the same words (完成日期: 完成时限 and 日期), the earlier row of the table wins.

    >>> [r.name for r in asked("要有具体学习次数和制度名称")]
    ['学习次数', '制度名称']
    >>> [r.name for r in asked("要有清退金额、涉及人数和完成时间")]
    ['金额', '人数', '完成时限']
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Requirement]] = []
    for r in REQUIREMENTS:
        m = r.ask.search(text)
        if m is None or any(m.start() < b and a < m.end() for a, b in taken):
            continue
        taken.append(m.span())
        found.append((m.start(), r))
    if not found and (extra := dynamic(text)) is not None:
        found.append((0, extra))
    return tuple(r for _, r in sorted(found, key=lambda x: x[0]))


_DYNAMIC_RE = re.compile(r"([\u4e00-\u9fff]{2})(次数|人数|名称|时间|金额|数量)$")
"""Any other specific asked by its kind (研讨次数, 培训人数…): a placeholder named as asked."""
_DYNAMIC_PARTS = {
    "次数": ("，{w}【{n}】次", "开展{w}【{n}】次", r"{w}\D{{0,4}}\d+\s*次|\d+\s*次.{{0,4}}{w}"),
    "人数": ("，{w}【{n}】人", "{w}【{n}】人", r"{w}\D{{0,4}}\d+\s*(?:人|名)"),
    "名称": ("，制定【{n}】", "制定【{n}】", r"《[^《》]{{2,60}}》"),
    "时间": ("，于【{n}】完成", "于【{n}】完成", r"(?:19|20)\d{{2}}\s*年"),
    "金额": ("，涉及{w}【{n}】", "涉及{w}【{n}】", r"\d+(?:\.\d+)?\s*(?:万|亿|千)?元"),
    "数量": ("，{w}【{n}】", "{w}【{n}】", r"{w}\D{{0,4}}\d+"),
}


def dynamic(text: str) -> Requirement | None:
    """A requirement for a specific the table does not name, read from how it is asked.

    >>> r = dynamic("研讨次数")
    >>> r.name, r.clause, r.line
    ('研讨次数', '，研讨【研讨次数】次', '开展研讨【研讨次数】次')
    """
    m = _DYNAMIC_RE.search(text)
    if m is None:
        return None
    word, kind = m.groups()
    name = word + kind
    clause, line, given = (
        x.format(w=re.escape(word) if x is _DYNAMIC_PARTS[kind][2] else word, n=name)
        for x in _DYNAMIC_PARTS[kind]
    )
    return Requirement(name, re.compile(re.escape(name)), re.compile(given), (word,), clause, line)


def requirement_named(name: str) -> Requirement:
    """The requirement called ``name`` (from the table, or read from the name itself)."""
    found = next((r for r in REQUIREMENTS if r.name == name), None) or dynamic(name)
    if found is None:
        raise KeyError(name)
    return found


def is_given(requirement: Requirement, facts: Sequence[str]) -> bool:
    """Whether the user's ``facts`` already give what ``requirement`` asks for.

    >>> is_given(requirement_named("学习次数"), ["今年已组织集中学习12次"])
    True
    """
    return any(requirement.given.search(f) for f in facts)
