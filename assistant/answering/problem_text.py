"""The words of the problem records: a problem's statement as bigrams, its fact, its measures as written.

Shared by the answers from the problem records (``problem_answers``, ``findings``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.reading.questions import QuestionInfo
from core.normalize import compact
from core.types import Fact, Problem

_STOP_RE = re.compile(r"[的了是在和与及对把被将等]|问题|整改|措施|怎么|如何|哪些|什么|情况|方面|关于|针对")


_MEASURE_CHARS = 240


def bigrams(text: str) -> set[str]:
    t = _STOP_RE.sub(" ", compact(text))
    return {t[i : i + 2] for i in range(len(t) - 1) if " " not in t[i : i + 2]}


def problem_fact(p: Problem) -> Fact:
    return Fact(p.statement or p.heading, p.heading, p.start, p.start + len(p.heading))


def all_problems(problems: Sequence[Problem]) -> list[Problem]:
    return [x for p in problems for x in (p, *all_problems(p.items))]


def asked_text(info: QuestionInfo) -> str:
    """The question without the unit's name (漳平总医院 must not match a problem about 总医院)."""
    return info.terms.text if info.terms is not None and info.terms.text.strip() else info.question


def whole_measure(text: str, start: int, end: int, times: int = 1) -> str:
    """A measure as written, up to the next measure (at most ``times`` × ``_MEASURE_CHARS``, cut at a
    sentence end).
    """
    piece, most = text[start:end].strip(), times * _MEASURE_CHARS
    if len(piece) <= most:
        return piece
    cut = max(piece.rfind(c, 0, most) for c in "。；;")
    return piece[: cut + 1] if cut > 0 else piece[:most]
