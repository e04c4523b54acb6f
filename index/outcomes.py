"""Facts about the inspection and its outcome that users ask for, each with its quote and offsets.

The kind of inspection (常规 / 专项 / 机动 / 巡察"回头看" / 巡视"回头看" / 延伸巡察) is read from the
title and the opening paragraph only (a problem may quote another inspection's kind). Counts
(立行立改, 问题线索, people dealt with, rules made or revised) and money recovered are read from
sentences about this inspection, never from one about another source (审计, 主题教育, 上轮巡察…).
A sentence that lists several counts of one kind (``新建制度14项，修订完善制度9项``) states their
sum, quoted from the first to the last (``detail['parts']``); a count followed by its breakdown
(``追责问责共计25人：…``, ``对32人进行处理，涉及…``) is the total itself. A planned count (``拟…``) is
not counted. Where several sentences give a count, the one about this inspection's rectification
(巡察/巡视, 整改期间) wins over a year's work figures, then a stated total, then the first.
Unknown is ``None``, never guessed.
"""

from __future__ import annotations

import re

from core.numerals import number_value
from core.sentences import CLAUSE_ENDS, SENTENCE_ENDS, trimmed_spans
from core.types import Fact
from index.sources import UNKNOWN, Own, in_quote, other_inspection
from index.status import in_book_title

_NUM = r"(?P<n>(?<![\d一二三四五六七八九十两百千第])(?:\d{1,8}|[一二三四五六七八九十两百千]{1,8}))"
"""A count, read from where its digits start (see ``index.facts.NUM``: a long digit run is tried once);
an ordinal (``第二十条``, an article) is not a count."""
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
_OTHER_SOURCE_RE = re.compile(r"主题教育|审计|上轮|上一轮|此前|以前|自查|督查|排查|日常监督|扫黑除恶")
_VISITS_RE = re.compile(r"信访")
"""Letters and visits are another source, unless the clause names the inspection that handed them over."""
_RULE_VERB = r"(?:建立|新建|制定|制订|修订|完善|出台|健全|印发)"
_GAP = r"(?:《[^》]{1,60}》|[^。；;《])"
"""Between a verb and its count: a character, or a whole document title."""
_RULE_TITLES = r"(?:《[^》]{1,60}》[^。；;《》\d一二三四五六七八九十两]{0,12}?){0,11}《[^》]{0,60}(?:制度|办法|规定|细则|规则|准则)》[、，,]?等?"
"""A list of titles ending with a rule's (``建立了《甲制度》、《乙办法》2项``, ``修订《甲办法》等23项``)."""
_COUNT_RES: dict[str, tuple[re.Pattern[str], ...]] = {
    "immediate_fixes": (
        re.compile(rf"(?:立行立改|立知立改|即知即改)(?:的)?(?:问题|事项|任务)?(?:共|有)?{_NUM}(?:个|项|条)"),
        re.compile(
            rf"{_NUM}(?:个|项|条)(?:问题|事项)?(?:已)?(?:实行|做到|进行)?(?:立行立改|立知立改|即知即改)"
        ),
    ),
    "clues": (
        re.compile(rf"(?:问题线索|(?<=巡察|巡视|移交)线索)(?:共|计)?{_NUM}(?:件|条|个|起)"),
        re.compile(rf"{_NUM}(?:件|条|个|起)问题线索"),
        re.compile(rf"(?:巡察|巡视)[^。；;]{{0,12}}?{_NUM}(?:件|条|个|起)线索"),
    ),
    "people": (
        re.compile(
            rf"(?<!廉政)(?:处理|问责|处分|追责|诫勉谈话|谈话提醒|提醒谈话|批评教育|组织处理|通报批评|书面检讨|书面检查)"
            rf"[^。；;，,]{{0,10}}?(?:共|计)?{_NUM}人(?:次)?"
        ),
        re.compile(
            rf"{_NUM}(?:名|人)(?:次)?[^。；;，,]{{0,6}}?(?:受到|给予)?[^。；;，,]{{0,6}}?(?:处理|问责|处分|追责)"
        ),
    ),
    "rules": (
        re.compile(rf"{_RULE_VERB}{_GAP}{{0,12}}?(?:制度|规定|办法)(?:共|计)?{_NUM}(?:项|个|条|份|件)"),
        re.compile(rf"{_RULE_VERB}{_GAP}{{0,6}}?{_NUM}(?:项|个|条|份|件)[^。；;]{{0,8}}?制度"),
        re.compile(rf"{_RULE_VERB}了?{_RULE_TITLES}{_NUM}(?:项|个|份|件)"),
    ),
}
_MONEY_RE = re.compile(
    r"(?:追回|收回|退还|退回|退出|挽回|清退|返还|退缴|追缴|收缴)[^。；;]{0,20}?"
    r"(?P<n>(?<![\d.])\d{1,12}(?:\.\d{1,6})?)\s*(?P<u>万元|亿元|元)"
)


def _opening(norm: str) -> int:
    m = _FIRST_HEADING_RE.search(norm)
    return min(m.start() if m else len(norm), _OPENING_CHARS)


_THIS_RE = re.compile(r"(?:本次|此次|这次|本轮)[^，。；;\n]{0,10}?$")
_THIS_REACH = 1500
"""How far into a notice a kind named as this inspection's (``本次省委巡视“回头看”``) is looked for."""


def inspection_kind(text: str, norm: str, title: str = "") -> Fact | None:
    """The kind of inspection as the title or the opening names it.

    Failing those, a sentence near the top that names it as this one's (``本次省委巡视“回头看”``).
    """
    head = _opening(norm)
    for value, pattern in _KINDS:
        m = pattern.search(norm, 0, head)
        if m:
            return Fact(value, text[m.start() : m.end()], m.start(), m.end())
    for value, pattern in _KINDS:
        for m in pattern.finditer(norm, head, min(len(norm), _THIS_REACH)):
            if _THIS_RE.search(norm, max(0, m.start() - 14), m.start()):
                return Fact(value, text[m.start() : m.end()], m.start(), m.end())
    if title:
        for value, pattern in _KINDS:
            m = pattern.search(title)
            if m:
                at = text.find(title)
                return Fact(
                    value, m.group(), at + m.start() if at >= 0 else -1, at + m.end() if at >= 0 else -1
                )
    return None


def _about_this_inspection(norm: str, a: int, b: int, own: Own = UNKNOWN) -> bool:
    if _VISITS_RE.search(norm, a, b) and not re.search(r"巡察|巡视", norm[a:b]):
        return False
    return not _OTHER_SOURCE_RE.search(norm, a, b) and not other_inspection(norm[a:b], own)


_TOTAL_RE = re.compile(r"共|共计|累计|合计|总计|一共")
_BREAKDOWN_RE = re.compile(r"[：:]|[，,（(](?:其中|涉及|包括)")
"""After a count: what follows breaks it down, so the count is the total."""
_PLANNED_RE = re.compile(r"拟[^，。；;]{0,8}$")
_OWN_WORK_RE = re.compile(r"巡察|巡视|整改期间|整改以来")


def _sentence_count(text: str, norm: str, found: list[Fact]) -> Fact:
    """What one sentence states: a total followed by its breakdown, else the sum of its counts."""
    first = found[0]
    if len(found) == 1 or _BREAKDOWN_RE.match(norm, first.end):
        return first
    n = sum(f.number or 0 for f in found)
    parts = "+".join(str(f.number) for f in found)
    return Fact(str(n), text[first.start : found[-1].end], first.start, found[-1].end, n, {"parts": parts})


def _count(text: str, norm: str, patterns: tuple[re.Pattern[str], ...], own: Own = UNKNOWN) -> Fact | None:
    """The count of one kind the notice states: by sentence (see the module), the others in ``also``."""
    stated: list[tuple[tuple[int, int, int], Fact]] = []
    for a, b in trimmed_spans(norm, CLAUSE_ENDS):
        if not _about_this_inspection(norm, a, b, own):
            continue
        found: list[Fact] = []
        for pattern in patterns:
            for m in pattern.finditer(norm, a, b):
                n_at = m.start("n")
                if in_book_title(norm, n_at, a) or in_quote(norm, n_at, a):
                    continue
                if _PLANNED_RE.search(norm, max(a, m.start() - 10), m.start()):
                    continue
                n = number_value(m.group("n"))
                if n > 0 and all(f.start != m.start() and not f.start <= n_at < f.end for f in found):
                    found.append(Fact(str(n), text[m.start() : m.end()], m.start(), m.end(), n))
        if not found:
            continue
        found.sort(key=lambda f: f.start)
        fact = _sentence_count(text, norm, found)
        own_work = bool(_OWN_WORK_RE.search(norm, a, b))
        total = bool(fact.detail) or bool(_TOTAL_RE.search(norm, a, fact.end))
        stated.append(((int(own_work), int(total), -fact.start), fact))
    if not stated:
        return None
    head = max(stated, key=lambda p: p[0])[1]
    ordered = sorted((f for _, f in stated), key=lambda f: f.start)
    others = tuple(f for f in ordered if f is not head and f.number != head.number)[:4]
    return Fact(head.value, head.quote, head.start, head.end, head.number, head.detail, others)


def outcome_facts(text: str, norm: str, title: str = "", own: Own = UNKNOWN) -> dict[str, Fact | None]:
    r"""``kind``, ``immediate_fixes``, ``clues``, ``people``, ``rules`` and ``money`` of one notice.

    >>> t = "根据市委统一部署，市委第一巡察组对甲局开展了巡察“回头看”。\n一、整改情况\n共建立完善制度12项，追回资金3.5万元，问责处理4人。"
    >>> {k: (f.value if f else None) for k, f in outcome_facts(t, t).items()}
    {'kind': '巡察回头看', 'immediate_fixes': None, 'clues': None, 'people': '4', 'rules': '12', 'money': '3.5万元'}
    """
    out: dict[str, Fact | None] = {"kind": inspection_kind(text, norm, title)}
    for key, patterns in _COUNT_RES.items():
        out[key] = _count(text, norm, patterns, own)
    money = None
    for a, b in trimmed_spans(norm, SENTENCE_ENDS):
        m = _MONEY_RE.search(norm, a, b)
        if m and _about_this_inspection(norm, a, b, own) and not in_quote(norm, m.start("n"), a):
            value = f"{m.group('n')}{m.group('u')}"
            money = Fact(value, text[m.start() : m.end()], m.start(), m.end())
            break
    out["money"] = money
    return out
