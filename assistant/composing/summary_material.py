"""What a unit summary rests on: all of the unit's notices read into facts, problems and numbered sources.

``gather`` reads a unit's notices (never a top-k sample): the facts card (merged when the unit
has several notices: the first notice's facts, differing ones kept in ``also``), the problem
list with status and key measures, and the numbered sources every line of a summary cites (the
sentence a fact was read from, the block of a problem). ``by_unit`` groups the index's notices
for ``summarize --all``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.answering.cited_facts import sentence_around
from core.phrases import UNKNOWN_UNIT
from core.types import Citation, Fact, Notice, NoticeFacts, ProblemSummary

FACT_LABELS: dict[str, str] = {
    "level": "巡察或巡视",
    "inspection_body": "巡察（巡视）组",
    "round": "轮次",
    "inspection_period": "巡察（巡视）时间",
    "feedback_date": "反馈时间",
    "problems": "反馈问题",
    "measures": "整改措施",
    "signed": "通报落款日期",
}
"""The facts card's single facts, in order, with their Chinese labels."""
STATUS_DONE = "已完成"
"""The status of a problem whose rectification is done; every other status is still open."""
CONTACT_LABELS = {"phone": "联系电话", "email": "电子邮箱", "address": "通信地址", "mailbox": "信箱"}
MAX_MEASURE_CHARS = 48
"""A key measure longer than this is cut at its first comma."""
SUBHEADING_CHARS = 6
"""A measure's first sentence this short (即知即改) is a sub-heading: the next sentence is kept with it."""

_ORDINAL_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．]|[①-⑳])\s*"
)


@dataclass(frozen=True)
class Material:
    """What a summary of one unit rests on."""

    unit: str
    """The unit, full name."""
    notices: tuple[Notice, ...]
    """All its notices, in index order."""
    facts: NoticeFacts
    """The merged facts card."""
    fact_refs: dict[str, int]
    """The citation number of each fact of the card (``status.已完成``, ``contact.phone`` for keyed ones)."""
    notice_refs: dict[tuple[str, str], int]
    """The citation number of each fact of each notice, by (notice id, key)."""
    problems: tuple[ProblemSummary, ...]
    """Every numbered problem of every notice."""
    citations: tuple[Citation, ...]
    """The numbered sources, ``n`` from 1."""
    problem_notice: tuple[int, ...] = ()
    """For each problem, the index of its notice in ``notices``."""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    """Visible notices (several notices merged)."""


class _Numbering:
    """Numbers sources in order of first use; one number per (notice, text)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, notice: Notice, text: str, quote: str = "") -> int:
        for c in self.items:
            if c.notice_id == notice.id and c.text == text:
                return c.n
        n = len(self.items) + 1
        self.items.append(Citation(n, notice.id, notice.unit, notice.title, notice.source, text, quote=quote))
        return n


def key_measure(measure: str) -> str:
    """A measure shortened for the problem list: ordinal dropped, first sentence, cut at a comma if long.

    >>> key_measure("一是修订《财务管理办法》，细化报销标准和审核流程。二是……")
    '修订《财务管理办法》，细化报销标准和审核流程'
    >>> key_measure("一是修订《机关财务管理办法》，细化差旅费、会议费、培训费、公务接待费报销标准和审核流程，明确各环节责任")
    '修订《机关财务管理办法》'
    >>> key_measure("（2）建立台账。")
    '建立台账'
    >>> key_measure("一是在服务科技工作者方面。举办庆祝活动，宣传创新成果。")
    '在服务科技工作者方面：举办庆祝活动，宣传创新成果'
    >>> key_measure("一是即知即改。立即布置整改工作。")
    '即知即改：立即布置整改工作'
    """
    text = _ORDINAL_RE.sub("", measure.strip())
    parts = [p.strip() for p in re.split(r"[。；;]", text)]
    text = parts[0]
    following = parts[1] if len(parts) > 1 and not _ORDINAL_RE.match(parts[1]) else ""
    if (text.endswith("方面") or len(text) <= SUBHEADING_CHARS) and following.strip("…. "):
        # 一是在服务…方面。举办… / 一是即知即改。立即组织…: a sub-heading, then what was done
        text = f"{text}：{following}"
    if len(text) > MAX_MEASURE_CHARS:
        head = re.split(r"[，,]", text, maxsplit=1)[0]
        text = head if len(head) >= 4 else text[:MAX_MEASURE_CHARS] + "……"
    return text.strip()


def _with_next(block: str, measure: str) -> str:
    """``measure`` with the sentence after it in ``block`` (for a sub-heading measure such as 一是即知即改。).

    >>> _with_next("一是即知即改。立即布置整改。二是督查。", "一是即知即改。")
    '一是即知即改。立即布置整改。'
    """
    at = block.find(measure)
    if at < 0 or len(_ORDINAL_RE.sub("", measure).rstrip("。；;")) > SUBHEADING_CHARS:
        return measure
    rest = block[at + len(measure) :]
    if _ORDINAL_RE.match(rest):
        return measure
    return measure + re.split(r"(?<=[。；;])", rest, maxsplit=1)[0]


def _fact_items(facts: NoticeFacts) -> list[tuple[str, Fact]]:
    items = [(key, getattr(facts, key)) for key in FACT_LABELS if getattr(facts, key) is not None]
    items += [(f"status.{k}", v) for k, v in facts.status.items()]
    items += [(f"contact.{k}", v) for k, v in facts.contact.items()]
    return items


def fact_of(facts: NoticeFacts, key: str) -> Fact | None:
    """The fact of ``facts`` under ``key`` (``status.已完成``, ``contact.phone`` for the keyed ones)."""
    if "." in key:
        group, name = key.split(".", 1)
        mapping: dict[str, Fact] = getattr(facts, group)
        return mapping.get(name)
    value: Fact | None = getattr(facts, key)
    return value


def merge_facts(notices: Sequence[Notice]) -> NoticeFacts:
    """One facts card for several notices: the first stated value wins, differing ones go to ``also``."""
    if not notices:
        return NoticeFacts()
    merged = notices[0].facts
    for other in notices[1:]:
        for key, fact in _fact_items(other.facts):
            current = fact_of(merged, key)
            if current is None:
                merged = _set(merged, key, fact)
            elif fact.value != current.value and all(a.value != fact.value for a in current.also):
                merged = _set(merged, key, replace(current, also=(*current.also, replace(fact, also=()))))
    return merged


def _set(facts: NoticeFacts, key: str, fact: Fact) -> NoticeFacts:
    values: dict[str, Any] = {key: fact}
    if "." in key:
        group, name = key.split(".", 1)
        values = {group: {**getattr(facts, group), name: fact}}
    return replace(facts, **values)


def gather(unit: str, notices: Sequence[Notice]) -> Material:
    """The material of a summary of ``unit`` from all of its ``notices``.

    Args:
        unit: The unit's full name.
        notices: Every notice of the unit, in index order.

    Returns:
        Facts card, problems and numbered sources.
    """
    numbering = _Numbering()
    refs: dict[str, int] = {}
    notice_refs: dict[tuple[str, str], int] = {}
    for notice in notices:
        for key, fact in _fact_items(notice.facts):
            n = numbering.add(notice, sentence_around(notice.text, fact), fact.quote)
            refs.setdefault(key, n)
            notice_refs[(notice.id, key)] = n
    problems: list[ProblemSummary] = []
    owners: list[int] = []
    for i, notice in enumerate(notices):
        for p in notice.problems:
            block = notice.text[p.start : p.end].strip() or p.heading
            n = numbering.add(notice, block, p.heading)
            measures = tuple(m for m in (key_measure(_with_next(block, x)) for x in p.measures) if m)
            problems.append(ProblemSummary(p.heading.strip(), p.status, measures, (n,)))
            owners.append(i)
    warnings = [
        f"通报“{n.source}”中有一份没有标题（可能只是续版或片段），其事实可能不全"
        for n in notices
        if not n.title
    ]
    for n in notices:
        warnings.extend(note for note in (n.structure_note, n.facts.status_note) if note)
    warnings.extend(
        f"“{n.source}”是整改台账：问题清单及其整改进度按台账各行读取，问题数和进度数由各行统计得出"
        for n in notices
        if n.source_kind == "台账"
    )
    if len(notices) > 1:
        warnings.append(
            f"该单位有 {len(notices)} 份通报，已合并：事实卡片以第一份为准，其余通报中不同的说法列在 also 中；"
            "问题清单包含全部通报的问题"
        )
    return Material(
        unit, tuple(notices), merge_facts(notices), refs, notice_refs, tuple(problems), tuple(numbering.items),
        tuple(owners), tuple(warnings),
    )  # fmt: skip


"""The unit shown for a notice whose unit could not be read."""


def by_unit(notices: Sequence[Notice]) -> list[tuple[str, list[Notice]]]:
    """The notices grouped by unit in index order; each notice naming no unit stands alone.

    >>> ns = [Notice(i, u, "", "s", "", "") for i, u in (("a", "甲局"), ("b", ""), ("c", "甲局"))]
    >>> [(u, [n.id for n in g]) for u, g in by_unit(ns)]
    [('甲局', ['a', 'c']), ('（未识别单位）', ['b'])]
    """
    groups: dict[str, list[Notice]] = {}
    alone: list[tuple[str, list[Notice]]] = []
    order: list[str | int] = []
    for notice in notices:
        if notice.unit:
            if notice.unit not in groups:
                order.append(notice.unit)
            groups.setdefault(notice.unit, []).append(notice)
        else:
            order.append(len(alone))
            alone.append((UNKNOWN_UNIT, [notice]))
    return [(key, groups[key]) if isinstance(key, str) else alone[key] for key in order]
