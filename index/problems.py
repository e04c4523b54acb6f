"""The numbered problems of a notice, in the notice's own hierarchy, with status and measures.

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
5. **Hierarchy**: under an aspect heading (``（一）聚焦…方面``) its numbered children are the problems
   and the problems quoted under each (``（1）针对“…”的问题``, an inline ``一是针对…问题``) are
   its ``items``. Where the notice states its problem count and the finest level matches it
   while the numbered level does not (``14个问题`` quoted as 一是/二是 under 6 numbers), the finest
   level is the list.
6. **Stated vs found**: ``structure_note`` says so in one sentence when the stated count and the
   list differ (``通报称9个问题，原文可见6个``).
"""

from __future__ import annotations

import re

from core.types import Problem
from index import problem_parts as parts
from index.headings import Heading, Outline
from index.notice_text import read
from index.status import is_group_heading

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
_ASPECT_END_RE = re.compile(r"方面[”\"]?(?:的?问题)?(?:的?整改(?:落实)?)?(?:情况)?[。.；;]?$")
_NOT_A_PROBLEM_RE = re.compile(
    r"下一步|下步|今后|打算|计划|下阶段|线索|信访|组织(?:情况|领导|实施)|基本情况|总体情况|"
    r"^[一二三四五六七八九十]是|^其[它他](?:方面|问题)?$"
)
"""Headings that never stand for a problem of their own: plans, organisation, a measure, a catch-all."""
_MEASURES_LABEL_RE = re.compile(r"(?:整改(?:情况|措施|进展|落实情况|举措)|主要措施|采取措施)[:：]")
_MANIFEST_RE = re.compile(r"指出|表现|反馈|存在|主要是|具体是")
"""Words that introduce the manifestations of a problem quoted as 一是/二是 (sub-problems, not measures)."""
_FOCUS_RE = re.compile(r"^(?:聚焦|围绕|在)[^，。]{2,60}")
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
    kinds_under: dict[int | None, set[str]] = {}
    for h in found:
        kinds_under.setdefault(h.parent, set()).add(h.kind)
    for parent_index, kinds in kinds_under.items():
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


def _is_aspect_heading(norm: str, h: Heading, nested: bool = False) -> bool:
    """Whether ``h`` only names an aspect that groups problems (``（一）聚焦…方面``).

    Inside an aspect (``nested``), ``关于…方面问题`` is a problem that names its aspect.
    """
    words = _LABEL_RE.sub("", norm[h.start + len(h.marker) : h.head_end].strip()).strip()
    if nested and _STRONG_START_RE.match(words) and _STRONG_END_RE.search(words):
        return False
    return bool(_ASPECT_END_RE.search(words) or (h.parent is not None and _FOCUS_RE.match(words)))


def _items(
    outline: Outline, norm: str, h: Heading, strength: dict[int, int], nested: bool = False
) -> list[Heading]:
    """The sub-problems quoted under problem ``h``: problem-like children, else inline ``一是针对…问题``."""
    kids = [c for c in outline.children(h) if not c.inline and not is_group_heading(c.title)]
    liked = [c for c in kids if strength[c.index] >= 1]
    if kids and (any(strength[c.index] >= 2 for c in kids) or len(liked) * 2 > len(kids)):
        kinds = {c.kind for c in liked}
        return [c for c in kids if c.kind in kinds]
    inline = [c for c in outline.children(h) if c.inline]
    if nested:
        return []  # an item's own 一是/二是 are its measures
    quoted = [c for c in inline if _STRONG_START_RE.match(c.title) and "问题" in c.title]
    if quoted:
        return quoted
    label = _MEASURES_LABEL_RE.search(norm, h.head_end, h.end)
    stop = label.start() if label else h.end
    before = [c for c in inline if c.start < stop]
    if len(before) >= 2 and _MANIFEST_RE.search(norm, h.start, before[0].start):
        return before
    return []


def _top_problems(outline: Outline, norm: str, strength: dict[int, int]) -> list[Heading]:
    """The problems at the notice's numbered level: under aspects their children, elsewhere as before."""
    aspects_seen = False
    out: list[Heading] = []

    def under_aspect(h: Heading) -> None:
        kids = [c for c in outline.children(h) if not c.inline]
        for c in kids:
            if is_group_heading(c.title) or _is_aspect_heading(norm, c, nested=True):
                under_aspect(c)
            else:
                out.append(c)
        if not kids and not is_group_heading(h.title) and not _NOT_A_PROBLEM_RE.search(h.title):
            out.append(h)

    for top in _sections(outline, norm, strength):
        kids = [c for c in outline.children(top) if not c.inline]
        aspects = [c for c in kids if _is_aspect_heading(norm, c) or is_group_heading(c.title)]
        if _is_aspect_heading(norm, top) and kids:
            aspects_seen = True
            under_aspect(top)
        elif len(aspects) >= 2 or (aspects and len(aspects) == len(kids)):
            aspects_seen = True
            for c in kids:
                under_aspect(c)  # among aspects, a sibling is one too (an unnumbered one is a problem)
    if not aspects_seen:
        return _problem_headings(outline, norm)
    return sorted(set(out), key=lambda h: h.start)


def _build(
    text: str, norm: str, outline: Outline, h: Heading, strength: dict[int, int], nested: bool = False
) -> Problem:
    end = _block_end(norm, h)
    status, quote = parts.status(norm, text, outline, h, end)
    heading = text[h.start + len(h.marker) : h.head_end].strip()
    path = tuple(a.title for a in outline.ancestors(h) if not a.inline and a.title)
    number = "".join(a.marker.strip() for a in outline.ancestors(h) if not a.inline) + h.marker.strip()
    below = _items(outline, norm, h, strength, nested)
    items = tuple(_build(text, norm, outline, c, strength, nested=True) for c in below)
    spans = parts.measures(norm, text, h.head_end, end)
    return Problem(
        heading=heading,
        path=path,
        start=h.start,
        end=end,
        status=status,
        status_quote=quote,
        measures=tuple(m.text for m in spans),
        number=number,
        statement=parts.statement(heading),
        items=items,
        measure_spans=spans,
        results=parts.results(norm, text, h.head_end, end),
        deadline=parts.deadline(norm, text, h.head_end, end),
        responsible=parts.responsible(norm, text, h.head_end, end),
    )


def problems_from_outline(text: str, outline: Outline, stated: tuple[int, ...] = ()) -> tuple[Problem, ...]:
    """The problems of a notice whose outline is already parsed.

    Args:
        text: The notice's display text.
        outline: Its heading outline.
        stated: The problem counts the notice states (problems, 项, …): the list level is chosen by them.
    """
    norm = read(text).norm
    strength = {h.index: _strength(norm, h) for h in outline.headings}
    heads = _top_problems(outline, norm, strength)
    below = {h.index: _items(outline, norm, h, strength) for h in heads}
    numbered = [c.ordinal for h in heads for c in below[h.index]]
    if sum(1 for h in heads if below[h.index]) >= 2 and numbered == list(range(1, len(numbered) + 1)):
        heads = [c for h in heads for c in (below[h.index] or [h])]  # one list numbered across the notice
    tops = tuple(_build(text, norm, outline, h, strength) for h in heads)
    finest = tuple(leaf for p in tops for leaf in p.leaves())
    if stated and len(tops) not in stated and len(finest) in stated:
        return finest
    return tops


def structure_note(stated: int | None, problems: tuple[Problem, ...], complete: bool = True) -> str | None:
    """One sentence where the stated count and the list differ, else None.

    >>> structure_note(9, (), True) is None, structure_note(None, ())
    (True, None)
    """
    if stated is None or not problems or stated == len(problems):
        return None
    leaves = sum(len(p.leaves()) for p in problems)
    if leaves == stated:
        return f"通报称{stated}个问题，原文逐条列出{len(problems)}项，下分{leaves}个具体问题"
    return f"通报称{stated}个问题，原文可见{len(problems)}个"


def extract_problems(notice_text: str, stated: tuple[int, ...] = ()) -> tuple[Problem, ...]:
    r"""The numbered problems of one notice, in order.

    >>> text = "二、整改落实情况\n1.学习不深入的问题。\n一是加强学习。二是建立台账。目前已完成整改。\n三、下一步打算"
    >>> [(p.number, p.statement, p.status, len(p.measures)) for p in extract_problems(text)]
    [('二、1.', '学习不深入', '已完成', 2)]
    """
    return problems_from_outline(notice_text, read(notice_text).outline, stated)
