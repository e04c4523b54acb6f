"""The words of the problem records: a problem's statement as bigrams, its fact, its measures as written.

Shared by the answers from the problem records (``problem_answers``, ``findings``).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence

from assistant.reading.questions import QuestionInfo
from core.normalize import compact, to_simplified
from core.types import Fact, Problem

_STOP_RE = re.compile(r"[的了是在和与及对把被将等]|问题|整改|措施|怎么|如何|哪些|什么|情况|方面|关于|针对")


_MEASURE_CHARS = 240

_GENERIC = set("的了是在和与及对把被将等也还都就有没不又这那个些吗呢吧啊")
"""Characters that make no distinctive pair (a pair holding one is skipped)."""

_ASKING_RE = re.compile(
    r"怎么|怎样|如何|咋|后来|之后|后面|以后|这个|那个|这事|那事|事情|问题|整改|处理|解决|采取|措施|举措|办法"
    r"|巡察|巡视|反馈|方面|情况|落实|进展|哪些|什么|多少|有没有|指出|现在|目前|不到位|到位|不够|存在|工作"
    r"|不规范|规范"
)
"""Words of the asking, not of the problem (``后来怎么处理的``, ``…不到位的问题``), and the verdicts said
of many problems (不规范)."""


def content_pairs(text: str) -> set[str]:
    """The character pairs of ``text`` that can name a matter: Han characters, no particle, no asking word."""
    t = _ASKING_RE.sub(" ", compact(to_simplified(text)))
    return {
        t[i : i + 2]
        for i in range(len(t) - 1)
        if all("\u4e00" <= c <= "\u9fff" and c not in _GENERIC for c in t[i : i + 2])
    }


FEW = 1 / 3
"""A word in more than this share of a notice's problems names none of them (不到位, 管理)."""


def rare_pairs(pairs: Iterable[str], problems: Sequence[Container[str]]) -> set[str]:
    """The ``pairs`` that at most a third of a notice's ``problems`` (their texts or their pairs) hold."""
    most = max(1, int(len(problems) * FEW))
    return {pair for pair in pairs if sum(pair in p for p in problems) <= most}


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
