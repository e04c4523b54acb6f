"""Table rows for the chat app: retrieval hits, notices, unit choices (and the summary tables).

Pure functions from domain records to display strings (Streamlit renders them as data, not HTML).
The facts card and problem list rows live in ``assistant.documents.tables`` (the Word export
needs them too) and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.documents.tables import FACT_LABELS, fact_text, facts_rows, problem_rows
from core.normalize import contains
from core.types import Hit, Notice
from ui.formatting import score_text

__all__ = [
    "FACT_LABELS",
    "fact_text",
    "facts_rows",
    "hit_rows",
    "notice_rows",
    "problem_rows",
    "unit_choices",
]


def hit_rows(hits: Sequence[Hit]) -> list[dict[str, str]]:
    """The retrieval test table: rank, fused score, component scores, where the passage is.

    >>> from core.types import Chunk
    >>> c = Chunk("c", "n", "某局", "通报", "a.txt", ("一、总体",), "正文", 0, 2)
    >>> hit_rows([Hit(c, 0.0325, 1, {"keyword": 7.1, "dense": 0.81})])[0]["得分"]
    '0.0325'
    """
    return [
        {
            "排名": str(h.rank),
            "得分": score_text(h.score),
            "关键词": score_text(h.parts.get("keyword")),
            "向量": score_text(h.parts.get("dense")),
            "单位": h.chunk.unit,
            "小节": h.chunk.heading,
            "文件": h.chunk.source,
        }
        for h in hits
    ]


def unit_choices(units: Sequence[str], query: str, resolved: Sequence[str] = ()) -> list[str]:
    """The units a picker offers for ``query``: resolved names first, then names containing it.

    With an empty query, every unit (in the given order, without repeats).

    >>> units = ["岚江市财政局", "云岭县教育局", "岚江市卫生健康委员会"]
    >>> unit_choices(units, "岚江")
    ['岚江市财政局', '岚江市卫生健康委员会']
    >>> unit_choices(units, "市卫健委", resolved=["岚江市卫生健康委员会"])
    ['岚江市卫生健康委员会']
    >>> len(unit_choices(units + ["云岭县教育局"], ""))
    3
    """
    names = [u for u in dict.fromkeys(units) if u]
    if not query.strip():
        return names
    return list(dict.fromkeys([*resolved, *(u for u in names if contains(u, query))]))


def notice_rows(notices: Sequence[Notice]) -> list[dict[str, str]]:
    """The knowledge-base table: one row per notice with its key facts.

    >>> notice_rows([Notice("n1", "某局", "关于整改的通报", "a.txt", "", "")])[0]["反馈问题"]
    '—'
    """
    return [
        {
            "单位": n.unit or "（未识别）",
            "标题": n.title or "（无标题）",
            "巡察组": fact_text(n.facts.inspection_body),
            "反馈时间": fact_text(n.facts.feedback_date),
            "反馈问题": fact_text(n.facts.problems, "problems"),
            "编号问题": str(len(n.problems)),
            "类型": "整改台账" if n.source_kind == "台账" else "通报",
            "文件": n.source,
        }
        for n in notices
    ]
