"""Lines and paragraphs rebuilt from the boxes text recognition finds on a page.

Recognition returns one box per run of text (a line, or a piece of one where the gap is wide),
each with its four corners, its text and a score, in no reliable order. A page is read back the
way its text layer would read:

* Boxes whose vertical extents overlap by at least half the smaller height are one line (a
  slightly skewed photo keeps its lines apart; a signature and its date side by side stay one
  line); a line's boxes are ordered left to right. A wide gap inside a line (a signature and
  its date) becomes a tab, which cleaning keeps as a separator.
* The page's text column is where most lines start and end. A paragraph starts at an indented
  line (the two-character first-line indent of official documents, a centred title, a signature
  set to the right), after a line that stops well short of the right edge, after a blank gap of
  more than a line's height, and before a line that opens with a heading number (``一、``
  ``（一）`` ``1.`` ``（1）`` ``①`` ``第一条``). Other lines are continuations and are joined
  without a break (with a space between two Latin words).

The result has one paragraph per line of text, like a notice typed into a .txt file.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

_HEADING_RE = re.compile(
    r"[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,3}[、．.]"
    r"|\d{1,2}[.．、](?!\d)"
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十百]{1,4}[条章节，,、]"
)
"""A line opening with one of these starts a paragraph, whatever its indentation."""
OVERLAP = 0.5
"""Share of the smaller height two boxes must overlap vertically to be one line."""
INDENT = 1.0
"""A line starting this many character heights right of the column's left edge is indented."""
SHORT = 1.5
"""A line ending this many character heights left of the column's right edge is a paragraph's last."""
TAB_GAP = 2.5
"""A gap of this many character heights between two boxes of one line becomes a tab."""
BLANK = 1.2
"""A vertical gap of this many line heights between two lines is a blank line."""


@dataclass(frozen=True)
class Box:
    """One recognized run of text."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float

    @property
    def height(self) -> float:
        """Its height in pixels (at least 1)."""
        return max(self.y1 - self.y0, 1.0)

    @classmethod
    def from_points(cls, points: Sequence[Sequence[float]], text: str, score: float) -> Box:
        """A box from its corner points (any order, any rotation)."""
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        return cls(min(xs), min(ys), max(xs), max(ys), text, float(score))


@dataclass
class _Line:
    boxes: list[Box]

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes)

    @property
    def y0(self) -> float:
        return statistics.median(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return statistics.median(b.y1 for b in self.boxes)

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)

    def overlap(self, box: Box) -> float:
        """Vertical overlap with ``box`` as a share of the smaller height."""
        shared = min(self.y1, box.y1) - max(self.y0, box.y0)
        return shared / min(self.height, box.height)

    def text(self, char: float) -> str:
        out = ""
        prev: Box | None = None
        for box in sorted(self.boxes, key=lambda b: b.x0):
            if prev is not None:
                out += "\t" if box.x0 - prev.x1 > TAB_GAP * char else _joint(out, box.text)
            out += box.text.strip()
            prev = box
        return out


def _joint(before: str, after: str) -> str:
    """What goes between two pieces of text joined on one line: a space between Latin words only.

    >>> _joint("Email", "abc"), _joint("整改", "完成"), _joint("2023", "年")
    (' ', '', '')
    """
    if before and after and before[-1].isascii() and before[-1].isalnum():
        head = after.lstrip()[:1]
        if head.isascii() and head.isalpha():
            return " "
    return ""


def lines_of(boxes: Sequence[Box]) -> list[_Line]:
    r"""Group boxes into lines (vertical overlap), top to bottom.

    >>> ls = lines_of([Box(200, 10, 300, 40, "乙", 1), Box(10, 12, 100, 41, "甲", 1), Box(10, 60, 90, 90, "丙", 1)])
    >>> [line.text(30) for line in ls]
    ['甲\t乙', '丙']
    """
    lines: list[_Line] = []
    for box in sorted(boxes, key=lambda b: (b.y0 + b.y1) / 2):
        if not box.text.strip():
            continue
        best = max(lines[-3:], key=lambda line: line.overlap(box), default=None)
        if best is not None and best.overlap(box) >= OVERLAP:
            best.boxes.append(box)
        else:
            lines.append(_Line([box]))
    return sorted(lines, key=lambda line: line.y0)


def page_text(boxes: Sequence[Box]) -> str:
    """The text of one page: paragraphs separated by line breaks.

    >>> b = lambda x0, y, x1, t: Box(x0, y, x1, y + 30, t, 0.99)
    >>> print(page_text([
    ...     b(300, 0, 700, "关于整改情况的通报"),
    ...     b(160, 60, 1000, "根据统一部署，巡察组对本局进行了"), b(100, 100, 1000, "巡察。现将整改情况通报如下。"),
    ...     b(100, 140, 400, "一、整改工作"), b(160, 180, 1000, "本局坚持边查边改，"),
    ...     b(100, 220, 600, "完成整改。"),
    ... ]))
    关于整改情况的通报
    根据统一部署，巡察组对本局进行了巡察。现将整改情况通报如下。
    一、整改工作
    本局坚持边查边改，完成整改。
    """
    lines = lines_of(boxes)
    if not lines:
        return ""
    char = statistics.median(line.height for line in lines)
    left = _edge([line.x0 for line in lines], right=False)
    right = _edge([line.x1 for line in lines], right=True)
    paragraphs: list[str] = []
    prev: _Line | None = None
    for line in lines:
        text = line.text(char)
        if prev is not None and not _breaks(prev, line, text, left, right, char):
            paragraphs[-1] += _joint(paragraphs[-1], text) + text
        else:
            paragraphs.append(text)
        prev = line
    return "\n".join(paragraphs)


def _breaks(prev: _Line, line: _Line, text: str, left: float, right: float, char: float) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev``."""
    return (
        line.x0 - left > INDENT * char
        or right - prev.x1 > SHORT * char
        or line.y0 - prev.y1 > BLANK * char
        or prev.x0 - left > INDENT * char
        and right - prev.x1 > INDENT * char  # a centred line
        or bool(_HEADING_RE.match(text))
    )


def _edge(values: Sequence[float], *, right: bool) -> float:
    """Where the column's lines start (or end, ``right``): the most common position, ties to the outside.

    With fewer than three lines there is no majority: the outermost position is the edge.

    >>> _edge([100, 160, 100, 100, 400], right=False), _edge([1000, 600], right=True)
    (100.0, 1000.0)
    """
    xs = sorted(float(v) for v in values)
    if len(xs) < 3:
        return xs[-1] if right else xs[0]
    step = 8.0
    buckets: dict[int, list[float]] = {}
    for x in xs:
        buckets.setdefault(round(x / step), []).append(x)

    def weight(key: int) -> tuple[int, float]:
        near = len(buckets[key]) + len(buckets.get(key - 1, ())) + len(buckets.get(key + 1, ()))
        return near, key if right else -key

    return statistics.median(buckets[max(buckets, key=weight)])


def boxes_from(result: Sequence[Sequence[object]]) -> list[Box]:
    """Boxes from recognition results ``[corners, text, score]``, turned upright by the page's skew.

    The skew is the median slope of the top edges of the wide boxes (a photographed page is rarely
    square to the camera); every box is rotated back by it, so lines and margins are level again.

    >>> import math
    >>> a = math.radians(2)
    >>> tilt = lambda x, y: [x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)]
    >>> raw = [[[tilt(0, y), tilt(900, y), tilt(900, y + 30), tilt(0, y + 30)], "字", 0.9] for y in (0, 1000)]
    >>> [round(b.x0) for b in boxes_from(raw)]
    [0, 0]
    """
    slopes = []
    for corners, _, _ in result:
        (ax, ay), (bx, by) = corners[0], corners[1]  # type: ignore[index]
        if bx - ax > 100:
            slopes.append(math.atan2(by - ay, bx - ax))
    angle = -statistics.median(slopes) if slopes else 0.0
    cos, sin = math.cos(angle), math.sin(angle)
    out = []
    for corners, text, score in result:
        points = [(x * cos - y * sin, x * sin + y * cos) for x, y in corners]  # type: ignore[attr-defined]
        out.append(Box.from_points(points, str(text), float(score)))  # type: ignore[arg-type]
    return out


def mean_score(boxes: Sequence[Box]) -> float | None:
    """The page's recognition confidence: the mean of its boxes' scores (None without boxes).

    >>> mean_score([Box(0, 0, 1, 1, "甲", 0.9), Box(0, 0, 1, 1, "乙", 0.8)])
    0.85
    """
    if not boxes:
        return None
    return round(sum(b.score for b in boxes) / len(boxes), 4)
