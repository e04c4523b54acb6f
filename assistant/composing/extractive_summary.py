"""The extractive summary text: sentences built from the facts card and the problem list.

Without a language model the narrative is composed, not written. It follows the same outline as
``prompts/summarize.system.md`` (主体与时间, 反馈问题, 整改措施, 已完成, 仍在推进). Every fact
is quoted as its notice writes it and followed by the ``[n]`` of the sentence it was read from;
every problem by the ``[n]`` of its block. What no notice states is said to be unstated.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.composing.summary_material import STATUS_DONE, Material, fact_of
from core.phrases import CITATION_FORMAT, EXTRACTIVE_NOTE
from core.types import Notice, ProblemSummary

NOT_STATED = "通报未载明。"
"""What a section says when no notice states it."""
MAX_MEASURES = 5
"""Key measures quoted in the 整改措施 section of one notice."""


def _cite(n: int | None) -> str:
    return CITATION_FORMAT.format(n=n) if n is not None else ""


def _heading(p: ProblemSummary) -> str:
    return p.heading.rstrip("。.；;：: ")


def _fact(material: Material, notice: Notice, key: str, label: str) -> str | None:
    fact = fact_of(notice.facts, key)
    if fact is None:
        return None
    return f"{label}：{fact.quote}{_cite(material.notice_refs.get((notice.id, key)))}"


def _join(parts: Sequence[str | None]) -> str:
    kept = [p for p in parts if p]
    return "；".join(kept) + "。" if kept else NOT_STATED


def _problems_of(material: Material, index: int) -> list[ProblemSummary]:
    return [p for p, owner in zip(material.problems, material.problem_notice, strict=True) if owner == index]


def _sections(material: Material, index: int) -> list[str]:
    notice = material.notices[index]
    facts = notice.facts
    level = facts.level.value if facts.level is not None else "巡察（巡视）"
    problems = _problems_of(material, index)
    done = [p for p in problems if p.status == STATUS_DONE]
    open_ = [p for p in problems if p.status is not None and p.status != STATUS_DONE]
    unstated = [i for i, p in enumerate(problems, 1) if p.status is None]
    lines = [f"一、{level}主体与时间"]
    lines.append(
        _join([
            _fact(material, notice, "inspection_body", f"{level}组"),
            _fact(material, notice, "round", "轮次"),
            _fact(material, notice, "inspection_period", f"{level}时间"),
            _fact(material, notice, "feedback_date", "反馈时间"),
        ])
    )  # fmt: skip
    lines.append("二、反馈问题")
    lines.append(_join([_fact(material, notice, "problems", "反馈问题")]))
    for i, p in enumerate(problems, 1):
        status = f"（{p.status}）" if p.status else "（通报未写明进度）"
        lines.append(f"{i}. {_heading(p)}{status}{''.join(_cite(n) for n in p.citations)}")
    lines.append("三、整改措施")
    quoted: list[str] = []
    for p in problems:
        if p.measures and p.citations and not any(q.startswith(p.measures[0] + "[") for q in quoted):
            quoted.append(f"{p.measures[0]}{_cite(p.citations[0])}")
    measures = _fact(material, notice, "measures", "措施数量")
    lines.append(_join([measures, "主要措施包括：" + "；".join(quoted[:MAX_MEASURES]) if quoted else None]))
    lines.append("四、已完成")
    stated = [_fact(material, notice, f"status.{k}", "整改进度") for k in facts.status if k == STATUS_DONE]
    listed = (
        "已完成整改的问题：" + "、".join(f"{_heading(p)}{_cite(p.citations[0])}" for p in done)
        if done
        else None
    )
    lines.append(_join([*stated, listed]))
    lines.append("五、仍在推进")
    stated = [_fact(material, notice, f"status.{k}", "整改进度") for k in facts.status if k != STATUS_DONE]
    listed = (
        "尚未完成或需长期坚持的问题："
        + "、".join(f"{_heading(p)}（{p.status}）{_cite(p.citations[0])}" for p in open_)
        if open_
        else None
    )
    if unstated:
        numbers = "、".join(str(i) for i in unstated)
        lines.append(
            _join([*stated, listed]).removesuffix(NOT_STATED)
            + f"“二、反馈问题”所列第{numbers}项问题，通报未逐项写明整改进度。"
        )
        return lines
    lines.append(_join([*stated, listed]))
    return lines


def compose_summary(material: Material) -> str:
    """The extractive narrative of a unit's summary, one block per notice when it has several.

    Args:
        material: The gathered facts, problems and sources.

    Returns:
        The text, headed by ``sentinels.EXTRACTIVE_NOTE``; every fact and problem cited.
    """
    lines = [EXTRACTIVE_NOTE]
    several = len(material.notices) > 1
    for i, notice in enumerate(material.notices):
        if several:
            first = next((c.n for c in material.citations if c.notice_id == notice.id), None)
            lines += ["", f"【通报{i + 1}】{notice.title or '（无标题）'}{_cite(first)}"]
        lines += _sections(material, i)
    return "\n".join(lines)
