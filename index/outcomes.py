"""Facts about the inspection and its outcome that users ask for, each with its quote and offsets.

The kind of inspection (常规 / 专项 / 机动 / 巡察"回头看" / 巡视"回头看" / 延伸巡察) is read from the
title and the opening paragraph only (a problem may quote another inspection's kind). Counts
(立行立改, 问题线索, people dealt with, rules made or revised) and money recovered are read from
sentences about this inspection, never from one about another source (审计, 主题教育, 上轮巡察…).
Unknown is ``None``, never guessed.
"""

from __future__ import annotations

import re

from core.numerals import number_value
from core.sentences import SENTENCE_ENDS, trimmed_spans
from core.types import Fact
from index.status import in_book_title

_NUM = r"(?P<n>(?<![\d一二三四五六七八九十两百千])(?:\d{1,8}|[一二三四五六七八九十两百千]{1,8}))"
"""A count, read from where its digits start (see ``index.facts.NUM``: a long digit run is tried once)."""
_OPENING_CHARS = 700
_FIRST_HEADING_RE = re.compile(r"\n[ \t\u3000]*一[、．.]")
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("巡视回头看", re.compile(r"巡视[“\"‘']?回头看|回头看[”\"’']?巡视")),
    ("巡察回头看", re.compile(r"巡察[“\"‘']?回头看|回头看[”\"’']?(?:专项)?巡察|[“\"]回头看[”\"]")),
    ("延伸巡察", re.compile(r"延伸巡察")),
    ("机动", re.compile(r"机动(?:式)?(?:巡察|巡视)")),
    ("专项", re.compile(r"专项(?:巡察|巡视)")),
    ("常规", re.compile(r"常规(?:巡察|巡视)")),
)
_OTHER_SOURCE_RE = re.compile(r"主题教育|审计|信访|上轮|上一轮|此前|以前|自查|督查|排查")
_COUNT_RES: dict[str, tuple[re.Pattern[str], ...]] = {
    "immediate_fixes": (
        re.compile(rf"立行立改(?:的)?(?:问题|事项)?(?:共|有)?{_NUM}(?:个|项|条)"),
        re.compile(rf"{_NUM}(?:个|项|条)(?:问题|事项)?(?:已)?(?:实行|做到|进行)?立行立改"),
    ),
    "clues": (
        re.compile(rf"(?:问题)?线索(?:共|计)?{_NUM}(?:件|条|个)"),
        re.compile(rf"{_NUM}(?:件|条|个)(?:问题)?线索"),
    ),
    "people": (
        re.compile(
            rf"(?:处理|问责|处分|追责|诫勉谈话|谈话提醒|提醒谈话|批评教育|组织处理|通报批评)"
            rf"[^。；;，,]{{0,10}}?(?:共|计)?{_NUM}人(?:次)?"
        ),
        re.compile(
            rf"{_NUM}(?:名|人)(?:次)?[^。；;，,]{{0,6}}?(?:受到|给予)?[^。；;，,]{{0,6}}?(?:处理|问责|处分|追责)"
        ),
    ),
    "rules": (
        re.compile(
            rf"(?:建立|新建|制定|修订|完善|出台|健全|印发)[^。；;]{{0,12}}?(?:制度|规定|办法)(?:共|计)?{_NUM}(?:项|个|条|份|件)"
        ),
        re.compile(
            rf"(?:建立|新建|制定|修订|完善|出台|健全|印发)[^。；;]{{0,6}}?{_NUM}(?:项|个|条|份|件)[^。；;]{{0,8}}?制度"
        ),
    ),
}
_MONEY_RE = re.compile(
    r"(?:追回|收回|退还|退回|挽回|清退|返还|退缴|追缴|收缴)[^。；;]{0,20}?"
    r"(?P<n>(?<![\d.])\d{1,12}(?:\.\d{1,6})?)\s*(?P<u>万元|亿元|元)"
)


_THIS_KIND_RE = re.compile(r"(?:本次|本轮|这次)(?:省委|市委|区委|县委|州委)?(?:第[一二三四五六七八九十\d]{1,3}(?:巡视|巡察)组)?(巡视|巡察)[“\"‘']?回头看")
"""This inspection named a 回头看 in so many words (``本次省委巡视“回头看”``), even past the first heading."""


def _opening(norm: str) -> int:
    m = _FIRST_HEADING_RE.search(norm)
    return min(m.start() if m else len(norm), _OPENING_CHARS)


def inspection_kind(text: str, norm: str, title: str = "") -> Fact | None:
    """The kind of inspection as the title or the opening paragraph names it."""
    head = _opening(norm)
    for value, pattern in _KINDS:
        m = pattern.search(norm, 0, head)
        if m:
            return Fact(value, text[m.start() : m.end()], m.start(), m.end())
    this = _THIS_KIND_RE.search(norm, 0, _OPENING_CHARS)  # 本次省委巡视“回头看”，是对… (under the first heading)
    if this:
        value = "巡视回头看" if this.group(1) == "巡视" else "巡察回头看"
        return Fact(value, text[this.start() : this.end()], this.start(), this.end())
    if title:
        for value, pattern in _KINDS:
            m = pattern.search(title)
            if m:
                at = text.find(title)
                return Fact(
                    value, m.group(), at + m.start() if at >= 0 else -1, at + m.end() if at >= 0 else -1
                )
    return None


def _about_this_inspection(norm: str, a: int, b: int) -> bool:
    return not _OTHER_SOURCE_RE.search(norm, a, b)


_TOTAL_RE = re.compile(r"共|共计|累计|合计|总计|一共")


def _count(text: str, norm: str, patterns: tuple[re.Pattern[str], ...]) -> Fact | None:
    """The count stated as a total (共/累计…) if any, else the first; the other statements in ``also``."""
    found: list[Fact] = []
    starts: set[int] = set()
    for a, b in trimmed_spans(norm, SENTENCE_ENDS):
        if not _about_this_inspection(norm, a, b):
            continue
        for pattern in patterns:
            for m in pattern.finditer(norm, a, b):
                if in_book_title(norm, m.start(), a):
                    continue
                n = number_value(m.group("n"))
                if n > 0 and m.start() not in starts:
                    starts.add(m.start())
                    found.append(Fact(str(n), text[m.start() : m.end()], m.start(), m.end(), n))
    if not found:
        return None
    found.sort(key=lambda f: f.start)
    head = next((f for f in found if _TOTAL_RE.search(norm, f.start, f.end)), found[0])
    others = tuple(f for f in found if f is not head and f.number != head.number)[:4]
    return Fact(head.value, head.quote, head.start, head.end, head.number, {}, others)


def outcome_facts(text: str, norm: str, title: str = "") -> dict[str, Fact | None]:
    r"""``kind``, ``immediate_fixes``, ``clues``, ``people``, ``rules`` and ``money`` of one notice.

    >>> t = "根据市委统一部署，市委第一巡察组对甲局开展了巡察“回头看”。\n一、整改情况\n共建立完善制度12项，追回资金3.5万元，问责处理4人。"
    >>> {k: (f.value if f else None) for k, f in outcome_facts(t, t).items()}
    {'kind': '巡察回头看', 'immediate_fixes': None, 'clues': None, 'people': '4', 'rules': '12', 'money': '3.5万元'}
    """
    out: dict[str, Fact | None] = {"kind": inspection_kind(text, norm, title)}
    for key, patterns in _COUNT_RES.items():
        out[key] = _count(text, norm, patterns)
    money = None
    for a, b in trimmed_spans(norm, SENTENCE_ENDS):
        m = _MONEY_RE.search(norm, a, b)
        if m and _about_this_inspection(norm, a, b):
            value = f"{m.group('n')}{m.group('u')}"
            money = Fact(value, text[m.start() : m.end()], m.start(), m.end())
            break
    out["money"] = money
    return out
