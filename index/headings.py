"""The heading outline of a notice: one tree over every numbering style it mixes.

Notices number their parts with ``一、`` / ``（一）`` / ``1.`` ``1、`` ``1．`` / ``（1）`` / ``①`` /
``第一，`` at the start of a line, and enumerate measures inline with ``一是…二是…``. No fixed table
says which style is outer: a notice may put its problems under ``1.`` or under ``（一）``. So levels
are assigned the way a reader does it, by the order in which each style first appears in the
notice (the first style seen is level 0, the next new one level 1, and so on). Inline enumerators
(``一是``) always rank below every line-start style.

The outline is a flat tuple of :class:`Heading` in document order; each heading knows its level,
its parent and the extent of its section, so paths and children are cheap to derive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from core.normalize import to_simplified
from core.numerals import CIRCLED, number_value

HeadingKind = Literal["cn", "cn_paren", "num", "num_paren", "circled", "di", "enum"]
"""The numbering style: ``一、`` cn, ``（一）`` cn_paren, ``1.`` num, ``（1）`` num_paren, ``①`` circled,
``第一，`` di, inline ``一是`` enum."""

TITLE_CHARS = 40
"""Longest short title kept for a heading."""

_CN = "一二三四五六七八九十"
_CIRCLED = CIRCLED

_LINE_MARKERS: tuple[tuple[HeadingKind, re.Pattern[str]], ...] = (
    ("cn_paren", re.compile(rf"[（(]([{_CN}]{{1,3}})[）)]")),
    ("num_paren", re.compile(r"[（(](\d{1,2})[）)]")),
    ("cn", re.compile(rf"([{_CN}]{{1,3}})[、．.]")),
    ("num", re.compile(r"(\d{1,2}) ?[.．、](?![\d.．])")),
    ("circled", re.compile(f"([{_CIRCLED}])")),
    ("di", re.compile(rf"第([{_CN}]{{1,3}})[，,、：:]")),
)
_ENUM_RE = re.compile(rf"(?:^|(?<=[。；;：:！？!?\n]))[ \t\u3000]*(([{_CN}]{{1,3}})是)(?![否不])")
_LINE_RE = re.compile(r"[^\n]*")
_ENDERS = "。；;！？!?：:"
_LABEL_RE = re.compile(r"[^，,。；;“”\"]{1,6}[：:]")
"""A short label before a colon (``整改任务：``) that is not part of the heading's own words."""


@dataclass(frozen=True)
class Heading:
    """One numbered part of a notice."""

    index: int
    """Position in the outline."""
    level: int
    """Depth rank: 0 for the first numbering style of the notice, inline enumerators deepest."""
    kind: HeadingKind
    """The numbering style."""
    marker: str
    """The marker as written (``一、``, ``（1）``, ``一是``)."""
    ordinal: int
    """The number the marker stands for."""
    title: str
    """Short title: the first clause after the marker, at most ``TITLE_CHARS`` characters."""
    start: int
    """Offset of the marker."""
    head_end: int
    """End of the heading's own words (its first sentence, or its line)."""
    end: int
    """End of its section: the next heading at the same or an outer level, or the end of the text."""
    parent: int | None
    """Index of the enclosing heading, or None at the top."""

    @property
    def inline(self) -> bool:
        """Whether it is an inline enumerator (``一是``) rather than a line-start heading."""
        return self.kind == "enum"


@dataclass(frozen=True)
class Outline:
    """The headings of one text in document order, with tree navigation."""

    headings: tuple[Heading, ...]
    """Every heading, in document order."""

    @cached_property
    def _starts(self) -> list[int]:
        return [h.start for h in self.headings]

    @cached_property
    def _children(self) -> dict[int | None, tuple[Heading, ...]]:
        kids: dict[int | None, list[Heading]] = {}
        for h in self.headings:
            kids.setdefault(h.parent, []).append(h)
        return {k: tuple(v) for k, v in kids.items()}

    def parent(self, heading: Heading) -> Heading | None:
        """The enclosing heading."""
        return None if heading.parent is None else self.headings[heading.parent]

    def ancestors(self, heading: Heading) -> tuple[Heading, ...]:
        """The headings enclosing ``heading``, outermost first."""
        out: list[Heading] = []
        cur = self.parent(heading)
        while cur is not None:
            out.append(cur)
            cur = self.parent(cur)
        return tuple(reversed(out))

    def children(self, heading: Heading | None) -> tuple[Heading, ...]:
        """The headings directly under ``heading`` (under the top when None)."""
        return self._children.get(None if heading is None else heading.index, ())

    def descendants(self, heading: Heading) -> tuple[Heading, ...]:
        """Every heading inside ``heading``'s section (they follow it in document order)."""
        end = heading.index + 1
        while end < len(self.headings) and self.headings[end].start < heading.end:
            end += 1
        return self.headings[heading.index + 1 : end]

    def path(self, offset: int, *, inline: bool = False) -> tuple[Heading, ...]:
        """The headings whose sections contain ``offset``, outermost first.

        Inline enumerators are left out unless ``inline`` is true. Sections nest, so these are the
        last heading starting at or before ``offset`` and its ancestors.
        """
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return ()
        chain = (*self.ancestors(self.headings[i]), self.headings[i])
        return tuple(h for h in chain if h.start <= offset < h.end and (inline or not h.inline))


def _short_title(norm: str, display: str, start: int, line_end: int) -> tuple[str, int]:
    """The first clause from ``start`` (skipping a short ``label：``) and where the sentence ends."""
    label = _LABEL_RE.match(norm, start, line_end)
    body = label.end() if label else start
    depth = 0
    stop = line_end
    for i in range(body, line_end):
        c = norm[i]
        if c in "“‘《":
            depth += 1
        elif c in "”’》":
            depth = max(0, depth - 1)
        elif depth == 0 and c in _ENDERS:
            stop = i
            break
    head_end = min(line_end, stop + 1) if stop < line_end else line_end
    title = display[body:stop].strip().strip("，,、 ")
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS]
    return title, head_end


def _line_marker(norm: str, pos: int) -> tuple[HeadingKind, re.Match[str]] | None:
    for kind, pattern in _LINE_MARKERS:
        m = pattern.match(norm, pos)
        if m:
            return kind, m
    return None


def parse_outline(text: str, norm: str | None = None) -> Outline:
    r"""The outline of a notice's display text (traditional or simplified, any width).

    >>> o = parse_outline("一、组织情况\n（一）加强领导。一是建立机制。二是压实责任。\n二、下一步")
    >>> [(h.level, h.marker, h.title) for h in o.headings]
    [(0, '一、', '组织情况'), (1, '（一）', '加强领导'), (2, '一是', '建立机制'), (2, '二是', '压实责任'), (0, '二、', '下一步')]
    >>> [h.marker for h in o.path(o.headings[3].start, inline=True)]
    ['一、', '（一）', '二是']
    """
    norm = to_simplified(text) if norm is None else norm
    found: list[tuple[int, HeadingKind, str, int, int]] = []  # start, kind, marker, ordinal, body
    for line in _LINE_RE.finditer(norm):
        if not line.group():
            continue
        pos = line.start()
        while pos < line.end() and norm[pos] in " \t\u3000":
            pos += 1
        hit = _line_marker(norm, pos)
        if hit is not None:
            kind, m = hit
            found.append((pos, kind, text[pos : m.end()], number_value(m.group(1)), m.end()))
    for m in _ENUM_RE.finditer(norm):
        found.append((m.start(1), "enum", text[m.start(1) : m.end(1)], number_value(m.group(2)), m.end(1)))
    found.sort()
    found = _keep_enum_runs(found)

    rank = {k: i for i, k in enumerate(_rank_order(found))}

    levels = [rank[kind] for _, kind, _, _, _ in found]
    parents: list[int | None] = []
    ends = [len(text)] * len(found)
    stack: list[int] = []
    for i, level in enumerate(levels):
        while stack and levels[stack[-1]] >= level:
            ends[stack.pop()] = found[i][0]
        parents.append(stack[-1] if stack else None)
        stack.append(i)
    heads: list[Heading] = []
    searched, line_end = -1, -1  # the newline found last, and where its search started
    for i, (start, kind, marker, ordinal, body) in enumerate(found):
        if not searched <= body <= line_end:  # one search per line, however many headings it holds
            searched, line_end = body, norm.find("\n", body)
            line_end = len(norm) if line_end < 0 else line_end
        title, head_end = _short_title(norm, text, body, line_end)
        heads.append(
            Heading(i, levels[i], kind, marker, ordinal, title, start, head_end, ends[i], parents[i])
        )
    return Outline(tuple(heads))


_CANONICAL: tuple[HeadingKind, ...] = ("cn", "di", "cn_paren", "num", "num_paren", "circled")
"""The usual nesting, used only for styles a text enters mid-sequence (a fragment)."""


def _rank_order(found: list[tuple[int, HeadingKind, str, int, int]]) -> list[HeadingKind]:
    """Line-start styles by first appearance, then inline enumerators.

    A style whose first heading is not numbered 1 was entered mid-sequence (a fragment that
    starts inside someone else's list); such styles are slotted in by the usual nesting instead.
    """
    first: dict[HeadingKind, int] = {}
    for _, kind, _, ordinal, _ in found:
        if kind != "enum" and kind not in first:
            first[kind] = ordinal
    order = [k for k in first if first[k] == 1]
    for kind in (k for k in _CANONICAL if k in first and first[k] != 1):
        at = next(
            (i for i, k in enumerate(order) if _CANONICAL.index(k) > _CANONICAL.index(kind)), len(order)
        )
        order.insert(at, kind)
    return [*order, "enum"]


def _keep_enum_runs(
    found: list[tuple[int, HeadingKind, str, int, int]],
) -> list[tuple[int, HeadingKind, str, int, int]]:
    """Drop inline ``X是`` that do not continue a run started by ``一是`` since the last heading."""
    out: list[tuple[int, HeadingKind, str, int, int]] = []
    last = 0
    for item in found:
        if item[1] != "enum":
            last = 0
            out.append(item)
        elif item[3] == 1 or item[3] == last + 1:
            last = item[3]
            out.append(item)
    return out
