"""The tables of a unit summary: its facts card and its problem list, as display strings.

Pure functions from domain records to rows, shared by the app (``ui``), the Markdown export and
the Word documents (``documents.word``).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.phrases import UNKNOWN_FACT as UNKNOWN
from core.types import Fact, NoticeFacts, ProblemSummary

FACT_LABELS: tuple[tuple[str, str], ...] = (
    ("level", "巡视/巡察"),
    ("inspection_body", "巡察组"),
    ("round", "轮次"),
    ("inspection_period", "巡察时间"),
    ("feedback_date", "反馈时间"),
    ("problems", "反馈问题"),
    ("measures", "整改措施"),
    ("status", "整改进展"),
    ("signed", "通报日期"),
    ("contact", "联系方式"),
)
"""The rows of a facts card: ``NoticeFacts`` attribute and its Chinese label, in display order."""

CONTACT_LABELS = {"phone": "电话", "email": "邮箱", "address": "地址", "mailbox": "信箱"}
"""How contact kinds are named."""

COUNT_UNITS = {"problems": "个问题", "measures": "条", "status": "个"}
"""The measure word a count fact is shown with, by fact key."""


def _one(fact: Fact, key: str) -> str:
    unit = COUNT_UNITS.get(key)
    if unit is None or fact.number is None:
        return fact.value
    text = f"{fact.number}{unit}"
    aspects = fact.detail.get("aspects")
    return f"{text}（{aspects}个方面）" if key == "problems" and aspects else text


def fact_text(fact: Fact | None, key: str = "") -> str:
    """The display value of one fact (with disagreeing statements), or ``UNKNOWN``.

    Counts are shown with their measure word (``key`` names the fact: problems, measures, status).

    >>> fact_text(Fact("9", "3个方面9个问题", 0, 8, number=9, detail={"aspects": 3}), "problems")
    '9个问题（3个方面）'
    >>> fact_text(Fact("36", "整改措施36条", 0, 7, number=36, also=(Fact("35", "35条", 9, 12, number=35),)), "measures")
    '36条（另见：35条）'
    >>> fact_text(Fact("市委第三巡察组", "市委第三巡察组", 0, 7))
    '市委第三巡察组'
    >>> fact_text(None)
    '—'
    """
    if fact is None:
        return UNKNOWN
    if not fact.also:
        return _one(fact, key)
    return f"{_one(fact, key)}（另见：{'；'.join(_one(a, key) for a in fact.also)}）"


def facts_rows(facts: NoticeFacts) -> list[tuple[str, str]]:
    """The facts card as (label, value) rows, every row present (``UNKNOWN`` where not stated).

    >>> rows = facts_rows(NoticeFacts(status={"已完成": Fact("已完成", "7个问题已完成", 0, 7, number=7)}))
    >>> rows[0], dict(rows)["整改进展"]
    (('巡视/巡察', '—'), '已完成 7个')
    """
    rows: list[tuple[str, str]] = []
    for key, label in FACT_LABELS:
        value = getattr(facts, key)
        if isinstance(value, dict):
            names = CONTACT_LABELS if key == "contact" else {}
            parts = [f"{names.get(k, k)} {fact_text(v, key)}" for k, v in value.items()]
            rows.append((label, "；".join(parts) or UNKNOWN))
        else:
            rows.append((label, fact_text(value, key)))
    return rows


def problem_rows(problems: Sequence[ProblemSummary]) -> list[dict[str, str]]:
    """The problem list as table rows: 序号, 问题, 整改状态, 主要措施, 出处.

    >>> problem_rows([ProblemSummary("（一）学习不深入", "已完成", ("一是…", "二是…"), (1, 2))])
    [{'序号': '1', '问题': '（一）学习不深入', '整改状态': '已完成', '主要措施': '一是…；二是…', '出处': '[1][2]'}]
    """
    return [
        {
            "序号": str(i),
            "问题": p.heading,
            "整改状态": p.status or "未说明",
            "主要措施": "；".join(p.measures) or UNKNOWN,
            "出处": "".join(f"[{n}]" for n in p.citations),
        }
        for i, p in enumerate(problems, 1)
    ]
