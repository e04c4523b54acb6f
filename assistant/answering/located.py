"""The problem a question names in its own words, found by retrieval where no statement shares them.

Users name a problem in everyday words (``会多文件多`` for ``作风建设不力，形式主义…``; ``租的办公地方
空着没用`` for ``办公用房闲置``): the statements share too few words for ``match_problem``, but the
retrieval scoped to the unit (keywords and the dense embedding, which reads paraphrase) ranks the
problem's passages first. A problem is taken for a unit when

* its passages lead the unit's retrieval clearly: the best passage elsewhere in the notice (another
  problem, or text outside every problem) scores at most ``1 / LEAD`` of its best; and
* the question shares a distinctive word with the problem's text: a character pair of the question
  found in that problem and in few other problems of the notice (a problem the notice does not
  report, 粮食储备, is not answered by the nearest one, which shares only 管理不到位).

Where the problem numbers sub-problems, the one holding the leading passage is taken. The located
problem's measures are said only where the passages give no answer (the part asked may be a few
sentences deep in a broad problem, which the passages quote better), and only to a question that
asks nothing the record cannot hold (``那个干部叫什么？怎么处理的？`` needs a name it does not give).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.problem_text import asked_text, content_pairs, rare_pairs
from assistant.reading.questions import QuestionInfo
from core.normalize import to_simplified
from core.types import Hit, Notice, Problem

LEAD = 1.2
"""How many times the best passage of the problem must outscore the best passage elsewhere."""


def _distinctive(pairs: set[str], texts: Sequence[str], idx: int) -> bool:
    """Whether one of ``pairs`` is in problem ``idx``'s text and in few of the notice's problems (``texts``)."""
    return any(pair in texts[idx] for pair in rare_pairs(pairs, texts))


def _innermost(problem: Problem, at: int) -> Problem:
    """The sub-problem of ``problem`` holding offset ``at`` (the problem itself when none does)."""
    for item in problem.items:
        if item.start <= at < item.end:
            return _innermost(item, at)
    return problem


def _fused(hit: Hit) -> float:
    """The hit's retrieval score before any re-ranking (the lead is judged on what the searches found)."""
    return hit.parts.get("fused", hit.score)


def locate_problems(
    info: QuestionInfo, notices: Sequence[Notice], hits: Sequence[Hit]
) -> dict[str, tuple[Notice, Problem]]:
    """The problem each named unit's retrieval clearly leads to, by unit (units with none are left out)."""
    by_id = {n.id: n for n in notices}
    pairs = content_pairs(asked_text(info))
    texts: dict[str, list[str]] = {}  # a notice's problems in simplified script, read once

    def about(hit: Hit) -> bool:
        """Whether ``hit`` lies in a problem whose text shares a distinctive word with the question."""
        notice, idx = by_id.get(hit.chunk.notice_id), hit.chunk.problem
        if notice is None or idx is None or not 0 <= idx < len(notice.problems):
            return False
        if notice.id not in texts:
            texts[notice.id] = [to_simplified(notice.text[p.start : p.end]) for p in notice.problems]
        return _distinctive(pairs, texts[notice.id], idx)

    found: dict[str, tuple[Notice, Problem]] = {}
    for unit in info.units.units:
        mine = [h for h in hits if h.chunk.unit == unit and "facts" not in h.parts]
        # the best passage lying in a problem in the question's words
        lead = next((h for h in mine if about(h)), None)
        if lead is None:
            continue
        key = (lead.chunk.notice_id, lead.chunk.problem)
        other = max((_fused(h) for h in mine if (h.chunk.notice_id, h.chunk.problem) != key), default=0.0)
        if _fused(lead) < LEAD * other:
            continue
        notice = by_id[lead.chunk.notice_id]
        found[unit] = (notice, _innermost(notice.problems[lead.chunk.problem or 0], lead.chunk.start))
    return found


_RECORD_ASKS = {"measures", "exists", "count", "outcome"}
"""What a problem's record answers: how it was rectified, that the notice reports it, and what its
measures and status state (how many were cleared, whether it is done); not a name, a date, a place."""


def record_answers_all(info: QuestionInfo) -> bool:
    """Whether the located problem's record answers every ask of the question (not a name, a date…)."""
    return info.terms is None or all(a.kind in _RECORD_ASKS for a in info.terms.asks)


def names_the_matter(info: QuestionInfo, text: str) -> bool:
    """Whether ``text`` holds a word of the matter the question describes (any, when it names none)."""
    pairs = content_pairs(asked_text(info))
    said = to_simplified(text)
    return not pairs or any(pair in said for pair in pairs)
