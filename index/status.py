"""The rectification-status vocabulary: counts a notice states, and the status of one problem.

Five statuses, always named by these keys: 已完成 / 正在推进 / 长期坚持 / 基本完成 / 未完成.
A notice states them as counts (``7个问题已完成整改``, ``已完成整改39个``, ``4个问题正在整改过程中``,
``1个问题需长期坚持``); a problem block states one in a status sentence (``目前，该问题已完成整改``,
``整改情况：已完成整改并长期坚持``, ``（已整改到位）``) or inherits it from a group heading
(``（一）已整改完成的问题``).
"""

from __future__ import annotations

import re

from core.numerals import number_value
from core.sentences import CLAUSE_ENDS, trimmed_spans
from core.types import Fact

STATUS_KEYS: tuple[str, ...] = ("已完成", "正在推进", "长期坚持", "基本完成", "未完成")
"""The status keys, in display order."""

_N = r"(?P<n>[\d一二三四五六七八九十两]+)"
_UNIT = r"(?:个|项|条)(?:具体)?(?:问题)?(?:表现)?"
_DONE = r"(?:完成整改|整改完成|整改到位|整改完毕)"
_NOT_A_COUNT = r"(?![\d一二三四五六七八九十两]+(?:个|项|条))"
_COUNT_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("基本完成", re.compile(rf"{_N}{_UNIT}(?:整改)?(?:已)?基本(?:完成|整改到位)(?:整改)?{_NOT_A_COUNT}")),
    ("基本完成", re.compile(rf"(?:已)?基本(?:完成|整改到位)(?:整改)?{_N}(?:个|项|条)")),
    (
        "已完成",
        re.compile(rf"{_N}{_UNIT}[，,]?(?:已经|已)?(?:全部)?{_DONE}{_NOT_A_COUNT}(?P<note>并长期坚持)?"),
    ),
    ("已完成", re.compile(rf"(?:已经|已|(?<=[，,]))(?:全部)?(?:{_DONE}|整改){_N}(?:个|项|条)")),
    ("长期坚持", re.compile(rf"{_N}{_UNIT}(?:需要?|须|要)?(?:长期坚持|常态化推进|持续整改)")),
    ("长期坚持", re.compile(rf"(?:常态化持续(?:整改|推进)|(?<!并)长期坚持){_N}(?:个|项|条)")),
    (
        "正在推进",
        re.compile(
            rf"{_N}{_UNIT}(?:正在推进|正在整改|正在落实|正在持续推进|仍在整改|尚在整改|持续推进|整改中)"
        ),
    ),
    ("正在推进", re.compile(rf"正在(?:推进)?整改(?:的)?(?:问题)?{_N}(?:个|项|条)")),
    ("未完成", re.compile(rf"{_N}{_UNIT}(?:尚未完成|未完成|未整改到位|尚未整改|未整改)")),
    ("未完成", re.compile(rf"(?:尚未完成|未完成)(?:整改)?{_N}(?:个|项|条)")),
)
_CONTEXT_RE = re.compile(r"截至|截止|目前|共计|反馈|巡察|巡视|其中|整改进度|问题")
_OTHER_SOURCE_RE = re.compile(r"主题教育|排查|检查出|自查|督查|审计|信访|上轮|上一轮|此前|以前")

_SENTENCE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("长期坚持", re.compile(r"长期坚持|常态化推进|持续巩固")),
    ("未完成", re.compile(r"尚未完成|未完成|未整改到位|尚未整改")),
    ("正在推进", re.compile(r"正在推进|正在整改|持续推进|推进中|整改中|正在落实|阶段性成效|初步成效")),
    ("基本完成", re.compile(r"基本完成|基本整改到位")),
    (
        "已完成",
        re.compile(r"已完成整改|已整改完成|完成整改|整改完成|已整改到位|整改到位|已全部整改|已办结|已整改"),
    ),
)
_MARKED_RE = re.compile(
    r"(?:该问题|此问题|目前|截至目前|截止目前|现已|其中|(?:整改|完成)(?:进度|进展|状态|情况|结果)[:：]|^[（(])"
)
_DONE_AND_KEEP_RE = re.compile(r"(?:已完成整改|已整改完成|完成整改|整改完成|已整改到位|已完成)并长期坚持")
_GROUP_RE = re.compile(
    r"^(?:已|正在|尚未|未|基本|需要?长期|长期|立行立改|持续|取得)[^，。,]{0,14}(?:问题|事项|任务)$"
)


def classify(sentence: str) -> str | None:
    """The status a sentence states (simplified text), by priority; ``并长期坚持`` after 完成 is 已完成.

    >>> classify("目前，该问题已完成整改。"), classify("该问题已取得阶段性成效，需长期坚持。")
    ('已完成', '长期坚持')
    >>> classify("整改情况：已完成整改并长期坚持"), classify("加强学习。") is None
    ('已完成', True)
    """
    if _DONE_AND_KEEP_RE.search(sentence):
        return "已完成"
    for key, pattern in _SENTENCE_WORDS:
        if pattern.search(sentence):
            return key
    return None


def marked_status(sentence: str) -> str | None:
    """The status of a status sentence: one that speaks of the problem as a whole.

    >>> marked_status("目前正在推进，计划于2024年3月底前完成。"), marked_status("已完成集中学习6次。")
    ('正在推进', None)
    """
    if not _MARKED_RE.search(sentence.strip()):
        return None
    return classify(sentence)


def group_status(title: str) -> str | None:
    """The status a group heading gives its problems (``已整改完成的问题`` → 已完成), else None.

    >>> group_status("已整改完成的问题"), group_status("正在推进整改的问题"), group_status("党的建设方面")
    ('已完成', '正在推进', None)
    """
    t = title.strip().rstrip("。")
    if not _GROUP_RE.match(t):
        return None
    return classify(t) or ("已完成" if t.startswith("已") else None)


def is_group_heading(title: str) -> bool:
    """Whether a heading only groups problems by status."""
    return bool(_GROUP_RE.match(title.strip().rstrip("。")))


def in_book_title(norm: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a 《document title》.

    >>> in_book_title("印发《十条措施》和十条", 4), in_book_title("印发《十条措施》和十条", 9)
    (True, False)
    """
    return norm.rfind("《", 0, pos) > norm.rfind("》", 0, pos)


def status_counts(text: str, norm: str) -> dict[str, Fact]:
    """The status counts a notice states, keyed by :data:`STATUS_KEYS` (first statement wins)."""
    matches: list[tuple[int, int, str, re.Match[str]]] = []
    for c_start, c_end in trimmed_spans(norm, CLAUSE_ENDS):
        c = norm[c_start:c_end]
        if not _CONTEXT_RE.search(c) or _OTHER_SOURCE_RE.search(c):
            continue
        for key, pattern in _COUNT_RES:
            for m in pattern.finditer(norm, c_start, c_end):
                matches.append((m.start(), -m.end(), key, m))
    found: dict[str, list[Fact]] = {}
    taken_to = -1
    for start, neg_end, key, m in sorted(matches, key=lambda t: (t[0], t[1])):
        if start < taken_to or in_book_title(norm, start):
            continue
        taken_to = -neg_end
        n = number_value(m.group("n"))
        detail: dict[str, int | str] = {"note": m.group("note")} if m.groupdict().get("note") else {}
        found.setdefault(key, []).append(Fact(key, text[m.start() : m.end()], m.start(), m.end(), n, detail))
    out: dict[str, Fact] = {}
    for key in STATUS_KEYS:
        facts = sorted(found.get(key, []), key=lambda f: f.start)
        if not facts:
            continue
        head, others = facts[0], list[Fact]()
        for f in facts[1:]:
            if f.number != head.number and all(f.number != o.number for o in others):
                others.append(f)
        out[key] = Fact(head.value, head.quote, head.start, head.end, head.number, head.detail, tuple(others))
    return out
