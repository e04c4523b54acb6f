"""A unit's rectification summarized over ALL its notices, every line cited, in both modes.

``gather`` reads a unit's notices (never a top-k sample): the facts card (merged when the unit
has several notices: the first notice's facts, differing ones kept in ``also``), the problem
list with status and key measures, and the numbered sources every line cites (the sentence a
fact was read from, the block of a problem). ``Summarizer`` then writes the narrative: with a
chat model through the ``summarize.*`` prompts (its claims checked against the sources), or
composed from the facts and quoted sentences (``summary_compose``). A failing endpoint falls back
to the composed text with ``sentinels.FALLBACK_NOTICE`` in the warnings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from assistant import prompts, tokens
from assistant.citations import cited_numbers, normalize_markers
from assistant.claims import check_answer
from assistant.factsqa import sentence_around
from assistant.llm import LLMUnavailable, Message
from assistant.sentinels import CITATION_FORMAT, CITATION_RE
from assistant.types import Citation, Fact, Notice, NoticeFacts, ProblemSummary, Summary

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.llm import ChatModel
    from assistant.units import UnitDirectory

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

_ORDINAL_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．]|[①-⑳])\s*")


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
    """
    text = _ORDINAL_RE.sub("", measure.strip())
    text = re.split(r"[。；;]", text, maxsplit=1)[0]
    if len(text) > MAX_MEASURE_CHARS:
        head = re.split(r"[，,]", text, maxsplit=1)[0]
        text = head if len(head) >= 4 else text[:MAX_MEASURE_CHARS] + "……"
    return text.strip()


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
            measures = tuple(m for m in (key_measure(x) for x in p.measures) if m)
            problems.append(ProblemSummary(p.heading.strip(), p.status, measures, (n,)))
            owners.append(i)
    warnings = []
    if len(notices) > 1:
        warnings.append(
            f"该单位有 {len(notices)} 份通报，已合并：事实卡片以第一份为准，其余通报中不同的说法列在 also 中；"
            "问题清单包含全部通报的问题"
        )
    return Material(
        unit, tuple(notices), merge_facts(notices), refs, notice_refs, tuple(problems), tuple(numbering.items),
        tuple(owners), tuple(warnings),
    )  # fmt: skip


UNKNOWN_UNIT = "（未识别单位）"
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


def facts_lines(material: Material) -> list[str]:
    """The facts card as plain lines with the source number of each fact (the ``facts`` prompt variable).

    Values are quoted as the notice writes them; facts no notice states are said to be unstated.
    """
    f = material.facts
    lines = [f"单位：{material.unit}"]
    for key, label in FACT_LABELS.items():
        lines.append(_fact_line(label, fact_of(f, key), material.fact_refs.get(key)))
    for name, fact in f.status.items():
        lines.append(_fact_line(f"整改进度（{name}）", fact, material.fact_refs.get(f"status.{name}")))
    for name, fact in f.contact.items():
        lines.append(_fact_line(CONTACT_LABELS.get(name, name), fact, material.fact_refs.get(f"contact.{name}")))
    done = sum(p.status == STATUS_DONE for p in material.problems)
    lines.append(f"通报列出的问题：{len(material.problems)} 个（其中标明已完成 {done} 个）")
    return lines


def _fact_line(label: str, fact: Fact | None, n: int | None) -> str:
    if fact is None:
        return f"{label}：通报未载明"
    marker = CITATION_FORMAT.format(n=n) if n is not None else ""
    also = "；另一说法：" + "、".join(a.quote for a in fact.also) if fact.also else ""
    return f"{label}：{fact.quote}{marker}{also}"


def passages_block(material: Material, budget: int) -> str:
    """The numbered sources for the prompt, as many as fit ``budget`` tokens (fact sentences first)."""
    out: list[str] = []
    used = 0
    for c in material.citations:
        entry = f"{CITATION_FORMAT.format(n=c.n)} 通报：{c.title or '无标题'}\n{c.text}"
        cost = tokens.count(entry) + 2
        if used + cost > budget and out:
            short = tokens.truncate(c.text, max(budget - used - 40, 0))
            if len(short) >= 20:
                out.append(f"{CITATION_FORMAT.format(n=c.n)} 通报：{c.title or '无标题'}\n{short}……")
            break
        out.append(entry)
        used += cost
    return "\n\n".join(out)


def build_messages(material: Material, budget: int) -> list[Message]:
    """The chat messages of an LLM summary (pure: no model needed to test it)."""
    user = prompts.render(
        "summarize.user",
        unit=material.unit,
        facts="\n".join(facts_lines(material)),
        passages=passages_block(material, budget),
    )
    return [Message("system", prompts.render("summarize.system")), Message("user", user)]


class Summarizer:
    """Summaries of units, with a chat model or composed from the facts."""

    def __init__(self, settings: Settings, chat: ChatModel | None = None, directory: UnitDirectory | None = None):
        """Summarize with ``chat`` (None: composed extractively)."""
        self.settings = settings
        self.chat = chat
        self.directory = directory

    def summarize(self, unit: str, notices: Sequence[Notice]) -> Summary:
        """The summary of ``unit`` over all of its ``notices``."""
        from assistant.summary_compose import compose_summary

        material = gather(unit, notices)
        warnings = list(material.warnings)
        if self.chat is not None:
            try:
                return self._llm(material, warnings)
            except LLMUnavailable as exc:
                warnings.append(exc.notice)
        return _summary(material, compose_summary(material), "extractive", warnings)

    def _llm(self, material: Material, warnings: list[str]) -> Summary:
        assert self.chat is not None
        reply = self.chat.complete(build_messages(material, self.settings.context_tokens))
        known = {c.n for c in material.citations}
        text = normalize_markers(reply)
        dropped = [n for n in cited_numbers(text) if n not in known]
        if dropped:
            text = CITATION_RE.sub(lambda m: m.group() if int(m.group(1)) in known else "", text)
            warnings.append(f"已删除不存在的引用编号：{'、'.join(str(n) for n in dropped)}")
        checked = check_answer(text, material.citations, action="flag", directory=self.directory)
        warnings.extend(checked.warnings)
        return _summary(material, checked.text, "llm", warnings)


def _summary(material: Material, text: str, mode: str, warnings: Sequence[str]) -> Summary:
    """The ``Summary`` record; citations are the sources the text or the problem list cites."""
    used = set(cited_numbers(text)) | {n for p in material.problems for n in p.citations}
    used |= set(material.fact_refs.values())
    citations = tuple(c for c in material.citations if c.n in used)
    return Summary(
        unit=material.unit,
        notice_ids=tuple(n.id for n in material.notices),
        facts=material.facts,
        problems=material.problems,
        text=text.strip(),
        mode="llm" if mode == "llm" else "extractive",
        citations=citations,
        warnings=tuple(warnings),
    )
