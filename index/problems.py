"""The numbered problems of a notice, with their status and measures.

Problems are read from the heading outline (:mod:`index.headings`):

1. **Where**: the top-level sections that report rectification (``整改落实情况``,
   ``巡察反馈意见整改落实情况``, ``反馈问题…整改``…), leaving out organisation, plans, clue handling
   and "still to do" sections. A notice whose top sections are all aspects (``一、在“…”方面``)
   uses every section that is not organisation or plans.
2. **Which**: a line-start heading whose words read as a problem (``问题``, ``不到位``, ``不够``,
   ``差距``, ``关于…``/``针对…``…) and that holds no such heading below it, so aspect
   headings (``1、关于…方面``) are the path and ``（1）关于…问题的整改`` the problem. Headings that
   only group problems by status (``（一）已整改完成的问题``) are never problems.
3. **Status**: a status marker on the heading line (``（已整改到位）``), else the group heading
   above it (``（一）已整改完成的问题``), else the last status sentence of the block
   (``目前，该问题已完成整改``).
4. **Measures**: the run of ``一是/二是…``, ``（1）（2）…`` or ``①②…`` in the block, each up to
   the end of its first sentence.
"""

from __future__ import annotations

import re

from core.numerals import number_value
from core.sentences import sentence_end
from core.types import Problem
from index.headings import Heading, Outline
from index.notice_text import read
from index.status import classify, group_status, is_group_heading, marked_status

_PLAN_RE = re.compile(
    r"下一步|下步|今后|打算|计划|下阶段|需要进一步|进一步整改|线索|信访|组织(?:情况|领导|实施|开展)|主体责任|"
    r"基本情况|基础工作|总体情况|重要意义|巩固|深化|后续|长效|开展情况|工作情况"
)
_RECT_RE = re.compile(
    r"整改落实|整改情况|整改进展|落实情况|整改完成|具体情况|反馈.{0,12}(?:问题|意见)|问题.{0,16}整改"
)
_PROBLEM_RE = re.compile(
    r"^(?:关于|针对)|问题|不够|不足|不到位|不力|不严|不实|不深|不强|不高|不规范|不明显|不彻底|不充分|不精准|"
    r"不完善|不健全|不扎实|不及时|不全面|不紧|不准|不细|不畅|不佳|不优|不当|不平衡|不清|不一|不聚|不鲜明|缓慢|滞后|"
    r"薄弱|弱化|淡化|淡薄|差距|短板|漏洞|缺失|缺位|缺乏|偏差|偏低|欠|松懈|松软|乏力|随意|混乱|未|虚化|走过场|"
    r"流于形式|形式主义|官僚主义|突出|存在|有待|亟待|仍需|较大|较多|超标|违规|违反|落差|失职|不合规|不严谨"
)
_LABEL_RE = re.compile(r"^[^，,。；;“”\"]{1,6}[：:]")
_STRONG_START_RE = re.compile(r"^[“\"‘']?(?:关于|针对)")
_STRONG_END_RE = re.compile(r"问题[”\"]?(?:的整改)?[。.；;]?$")
_REPORTED_RE = re.compile(
    r"已|了|通过|制定|至今|^(?:\d{4}年|指定|开展|建立|召开|印发|修订|出台|组织|加强|完善|进一步|严格|认真|持续|坚持)"
)
"""Words of a report of what was done (a measure), not of a shortcoming found."""
_ASPECT_END_RE = re.compile(r"方面[”\"]?(?:的?问题)?(?:的?整改)?(?:情况)?[。.；;]?$")
_STATUS_PAREN_RE = re.compile(r"[（(]([^（）()]{2,8})[）)]")
_MEASURE_RE = re.compile(
    r"(?:^|(?<=[。；;：:\n]))[ \t\u3000]*(?:(?P<enum>[一二三四五六七八九十]{1,3})是|[（(](?P<paren>\d{1,2})[）)]"
    r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])|(?P<num>\d{1,2})[.．、](?!\d))",
    re.MULTILINE,
)
_CLAUSE_RE = re.compile(r"[^。；;！？!?\n]+")
_CLOSING_RE = re.compile(r"^[ \t\u3000]*欢迎[^。\n]{0,40}?监督", re.MULTILINE)


def _head(norm: str, h: Heading) -> str:
    return norm[h.start : h.head_end]


def _sections(outline: Outline, norm: str, strength: dict[int, int]) -> list[Heading]:
    """Top-level sections that report problems: not plans or organisation, holding a problem."""
    tops = [h for h in outline.children(None) if not h.inline]
    useful = [h for h in tops if not _PLAN_RE.search(h.title)]
    holding = [
        h
        for h in useful
        if strength[h.index] >= 2 or any(strength.get(d.index, 0) >= 2 for d in outline.descendants(h))
    ]
    return holding or [h for h in useful if _RECT_RE.search(_head(norm, h))]


def _strength(norm: str, h: Heading) -> int:
    """How much a heading reads as one problem.

    3: introduces one (``关于…``/``针对…``); 2: states one (``…的问题。``); 1: names a shortcoming,
    or is an aspect (``…方面``); 0: neither, or a status group heading.
    """
    if is_group_heading(h.title):
        return 0
    words = _LABEL_RE.sub("", norm[h.start + len(h.marker) : h.head_end].strip()).strip()
    if _ASPECT_END_RE.search(words):
        return 1
    if _STRONG_START_RE.match(words):
        return 3
    if _STRONG_END_RE.search(words):
        return 2
    if not _PROBLEM_RE.search(words) or len(words) > 60 or _REPORTED_RE.search(words):
        return 0
    return 1


def _is_aspect(own: int, kids: list[int], below: list[int]) -> bool:
    """Whether a problem-like heading only groups the problems below it.

    It does when something below reads more strongly as a problem; when what is below introduces
    problems just as it does (``关于…`` under ``关于…``); or when both merely name shortcomings and
    most of its children do. A heading that states a problem (``…的问题。``) keeps sub-items that
    also say ``问题`` as its measures.
    """
    if not below:
        return False
    top = max(below)
    if top != own:
        return top > own
    if own == 3:
        return True
    return own == 1 and sum(1 for k in kids if k) * 2 >= len(kids)


def _problem_headings(outline: Outline, norm: str) -> list[Heading]:
    out: list[Heading] = []
    strength = {h.index: _strength(norm, h) for h in outline.headings if not h.inline}

    def visit(h: Heading) -> None:
        kids = [c for c in outline.children(h) if not c.inline]
        own = strength[h.index]
        if own and not _is_aspect(
            own,
            [strength[c.index] for c in kids],
            [strength[d.index] for d in outline.descendants(h) if not d.inline],
        ):
            out.append(h)
            return
        for c in kids:
            visit(c)

    for top in _sections(outline, norm, strength):
        if strength[top.index] >= 2 and not any(not c.inline for c in outline.children(top)):
            visit(top)
            continue
        for c in outline.children(top):
            if not c.inline:
                visit(c)
    return sorted(_with_siblings(outline, out, strength), key=lambda h: h.start)


def _with_siblings(outline: Outline, found: list[Heading], strength: dict[int, int]) -> list[Heading]:
    """Add the unmarked siblings of a run of problems: same parent, same numbering, no sub-headings.

    A list of problems numbered (1)…(27) is one list even where an item's words do not read as a
    shortcoming (``专业合作社帮扶成效不稳定``).
    """
    taken = {h.index for h in found}
    out = list(found)
    for parent_index in {h.parent for h in found}:
        kinds = {h.kind for h in found if h.parent == parent_index}
        parent = None if parent_index is None else outline.headings[parent_index]
        for sib in outline.children(parent):
            if sib.index in taken or sib.inline or sib.kind not in kinds or is_group_heading(sib.title):
                continue
            if strength[sib.index] == 0 and not any(not c.inline for c in outline.children(sib)):
                out.append(sib)
                taken.add(sib.index)
    return out


def _block_end(norm: str, h: Heading) -> int:
    m = _CLOSING_RE.search(norm, h.head_end, h.end)
    return m.start() if m else h.end


def _status(norm: str, text: str, outline: Outline, h: Heading, end: int) -> tuple[str | None, str | None]:
    line_end = norm.find("\n", h.start)
    line_end = end if line_end < 0 or line_end > end else line_end
    for m in _STATUS_PAREN_RE.finditer(norm, h.head_end - 1 if h.head_end > h.start else h.start, line_end):
        key = classify(m.group(1))
        if key:
            return key, text[m.start() : m.end()]
    for anc in reversed(outline.ancestors(h)):
        key = group_status(anc.title)
        if key:
            return key, anc.title
    last: tuple[str, int, int] | None = None
    for m in _CLAUSE_RE.finditer(norm, h.head_end, end):
        key = marked_status(m.group())
        if key:
            last = (key, m.start(), m.end())
    if last is not None:
        key, a, b = last
        return key, text[a:b].strip()
    return None, None


def _measures(norm: str, text: str, start: int, end: int) -> tuple[str, ...]:
    runs: dict[str, list[re.Match[str]]] = {}
    first_kind: str | None = None
    for m in _MEASURE_RE.finditer(norm, start, end):
        kind = next(k for k in ("enum", "paren", "circ", "num") if m.group(k))
        value = number_value(m.group(kind))
        run = runs.setdefault(kind, [])
        expected = number_value(runs[kind][-1].group(kind)) + 1 if run else 1
        if value == expected:
            run.append(m)
            first_kind = first_kind or kind
    if first_kind is None:
        return ()
    out = []
    for m in runs[first_kind]:
        a = m.start() + (len(m.group()) - len(m.group().lstrip(" \t\u3000")))
        b = sentence_end(norm, m.end(), end)
        out.append(text[a:b].strip())
    return tuple(out)


def problems_from_outline(text: str, outline: Outline) -> tuple[Problem, ...]:
    """The problems of a notice whose outline is already parsed."""
    norm = read(text).norm
    out: list[Problem] = []
    for h in _problem_headings(outline, norm):
        end = _block_end(norm, h)
        status, quote = _status(norm, text, outline, h, end)
        heading = text[h.start + len(h.marker) : h.head_end].strip()
        path = tuple(a.title for a in outline.ancestors(h) if not a.inline and a.title)
        out.append(
            Problem(
                heading=heading,
                path=path,
                start=h.start,
                end=end,
                status=status,
                status_quote=quote,
                measures=_measures(norm, text, h.head_end, end),
            )
        )
    return tuple(out)


def extract_problems(notice_text: str) -> tuple[Problem, ...]:
    r"""The numbered problems of one notice, in order.

    >>> text = "二、整改落实情况\n1.学习不深入的问题。\n一是加强学习。二是建立台账。目前已完成整改。\n三、下一步打算"
    >>> [(p.heading, p.status, len(p.measures)) for p in extract_problems(text)]
    [('学习不深入的问题。', '已完成', 2)]
    """
    return problems_from_outline(notice_text, read(notice_text).outline)
