"""What one problem block says: the problem as stated, its status, measures, results, time limit and owner.

Each reader takes the notice's display ``text``, its simplified ``norm`` (same length) and the
block's offsets, and returns spans of the display text, so every part keeps its provenance.
"""

from __future__ import annotations

import re

from core.notice_model import Span
from core.numerals import number_value
from core.sentences import CLAUSE_ENDS, SENTENCE_ENDS, sentence_end, trimmed_spans
from index.headings import Heading, Outline
from index.status import classify, clause_statuses, group_status

_WRAPPER_RES = (
    re.compile(r"^(?:关于|针对)"),
    re.compile(r"(?:的?问题)?(?:的?整改(?:落实|完成|进展)?情况|的?整改)?[。.；;：:]?$"),
)
_STATUS_PAREN_RE = re.compile(r"[（(]([^（）()]{2,10})[）)]")
_MEASURE_RE = re.compile(
    r"(?:^|(?<=[。；;：:\n]))[ \t\u3000]*(?:(?P<enum>[一二三四五六七八九十]{1,3})是|[（(](?P<paren>\d{1,2})[）)]"
    r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])|(?P<num>\d{1,2})[.．、](?!\d))",
    re.MULTILINE,
)
_RESULT_LABEL_RE = re.compile(r"(?:整改成效|取得成效|整改结果|工作成效|成效)[:：]")
_NEXT_LABEL_RE = re.compile(r"(?:^|(?<=[。\n]))[^，。：:\n]{2,8}[:：]")
_FIELD_LABEL_RE = re.compile(r"(?:整改|完成|办理)(?:进度|进展|状态|情况|结果)[:：]|完成情况[:：]")
_DEADLINE_RES = (
    re.compile(r"(?:整改|完成)?时限[:：]\s*(?P<v>[^。；;\n]{1,30})"),
    re.compile(
        r"(?P<v>(?:\d{4}年)?\d{1,2}月(?:底|末|\d{1,2}日)?前(?:全面|全部)?(?:完成整改|整改到位|整改完毕|完成))"
    ),
    re.compile(r"(?P<v>(?:长期坚持|立行立改|限期整改))(?=[。；;\n]|$)"),
)
_OWNER_RE = re.compile(
    r"(?:责任(?:单位|部门|科室|领导|人)|牵头(?:单位|部门|科室|领导)|配合(?:单位|部门))[:：]\s*(?P<v>[^。；;\n]{1,40})"
)


def statement(heading: str) -> str:
    """The problem as stated: the heading without ``关于…问题的整改情况`` wrappers.

    >>> statement("关于“意识形态工作责任制落实不到位”问题的整改情况")
    '意识形态工作责任制落实不到位'
    >>> statement("针对学习不深入的问题。"), statement("“三重一大”事项集体决策制度执行不严格的问题。")
    ('学习不深入', '“三重一大”事项集体决策制度执行不严格')
    """
    s = heading.strip()
    for pattern in _WRAPPER_RES:
        s = pattern.sub("", s).strip()
    if len(s) > 2 and s[0] in '“"' and s[-1] in '”"' and not any(q in s[1:-1] for q in '“”"'):
        s = s[1:-1]
    return s or heading.strip()


def _span(text: str, a: int, b: int) -> Span:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(text[a:b], a, b)


def status(norm: str, text: str, outline: Outline, h: Heading, end: int) -> tuple[str | None, str | None]:
    """The status of the problem under ``h`` and the words it was read from.

    In order: a marker on the heading line (``（已整改到位）``); a status group heading above
    (``（一）已整改完成的问题``); a status field in the block (``整改进度：…``); the last status
    statement of the block.
    """
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
    found = clause_statuses(norm, h.head_end, end)
    if not found:
        return None, None
    fielded = [f for f in found if _FIELD_LABEL_RE.search(norm, max(f[1] - 8, 0), f[2])]
    key, a, b = (fielded or found)[-1]
    return key, text[a:b].strip()


def measures(norm: str, text: str, start: int, end: int) -> tuple[Span, ...]:
    """The first numbered run (一是/二是, （1）（2）, ①②, 1. 2.) of the block, each up to its clause end."""
    runs: dict[str, list[re.Match[str]]] = {}
    first_kind: str | None = None
    for m in _MEASURE_RE.finditer(norm, start, end):
        kind = next(k for k in ("enum", "paren", "circ", "num") if m.group(k))
        value = number_value(m.group(kind))
        run = runs.setdefault(kind, [])
        expected = number_value(run[-1].group(kind)) + 1 if run else 1
        if value == expected:
            run.append(m)
            first_kind = first_kind or kind
    if first_kind is None:
        return ()
    out = []
    for m in runs[first_kind]:
        a = m.start() + (len(m.group()) - len(m.group().lstrip(" \t\u3000")))
        out.append(_span(text, a, sentence_end(norm, m.end(), end, CLAUSE_ENDS)))
    return tuple(s for s in out if s.text)


def results(norm: str, text: str, start: int, end: int) -> tuple[Span, ...]:
    """What the block reports as achieved: the sentences of a ``整改成效：`` field, if it has one."""
    label = _RESULT_LABEL_RE.search(norm, start, end)
    if label is None:
        return ()
    nxt = _NEXT_LABEL_RE.search(norm, label.end(), end)
    stop = nxt.start() if nxt else end
    return tuple(_span(text, a, b) for a, b in trimmed_spans(norm[:stop], SENTENCE_ENDS) if a >= label.end())


def deadline(norm: str, text: str, start: int, end: int) -> Span | None:
    """The time limit as stated, or None."""
    for pattern in _DEADLINE_RES:
        m = pattern.search(norm, start, end)
        if m:
            return _span(text, m.start("v"), m.end("v"))
    return None


def responsible(norm: str, text: str, start: int, end: int) -> Span | None:
    """The responsible office or person as stated, or None."""
    m = _OWNER_RE.search(norm, start, end)
    return _span(text, m.start("v"), m.end("v")) if m else None
