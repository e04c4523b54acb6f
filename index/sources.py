"""Whose figure a count is: this inspection's, another inspection's, or a part's.

A notice quotes the figures of other inspections and of parts of its own list next to its own.
None of these is the notice's figure, and the facts readers (``index.facts``, ``index.status``,
``index.outcomes``) leave them out:

- **another inspection**: the sentence names a group with another number (``市委第十六巡察组`` in a
  notice of ``市委第一巡察组``), an inspection of the other level (``省委巡视`` in a notice of a
  巡察, ``区委巡察`` in one of a 巡视), a national one (``中央第一巡视组``, ``全国人大…巡视``), a
  supervision group (``督导组``) or an extension inspection (``延伸巡察``);
- **problems taken over**: ``对认领的3个方面7个问题`` counts another inspection's list the unit took on;
- **a part**: a count after ``其中`` or inside brackets (``（其中自查发现3个）``), or about named problems
  (``对…等问题进行检讨反思，制定整改措施5条``) — for problem and measure totals; outcome counts are
  summed or read as a total with its breakdown instead (``index.outcomes``);
- **a slogan or a quoted title**: a count inside quotation marks (``“处理一人，教育一片”``).

All functions take the simplified text (``norm``) and offsets into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["UNKNOWN", "Own", "in_quote", "is_part", "other_inspection", "taken_over"]

_NUMERAL = r"[一二三四五六七八九十\d]"
_GROUP_RE = re.compile(
    rf"(?:第{_NUMERAL}+|交叉|联动|机动|提级)(?:巡察|巡视){_NUMERAL}*组|(?:巡察|巡视){_NUMERAL}+组"
)
"""A numbered inspection group (``第十六巡察组``, ``巡察二组``); the issuing body's prefix is not needed."""
_NATIONAL_RE = re.compile(r"(?:中央|全国人大|国务院|国家)[^，。；;]{0,12}?(?:巡视|督察|督导)|督导组|延伸巡察")
_LEVEL_RE = re.compile(rf"(?:中央|省委|市委|区委|县委|州委|自治区党委|区党委)(?:第{_NUMERAL}+)?(巡视|巡察)")
"""An inspection named with its body (``省委巡视``, ``市委第三巡察组``): its level says whose it is."""
_TAKEN_OVER_RE = re.compile(r"认领(?:的|了)?[^，。；;]{0,8}$")
_PART_RE = re.compile(r"其中[^，。；;]{0,12}$|[（(][^）)]{0,30}$")
_NAMED_PROBLEMS_RE = re.compile(
    r"(?:对|针对|就)[^，。；;]{1,40}?(?:等|该|此|这一|这些|上述)(?:方面)?问题(?!清单|台账)"
)


@dataclass(frozen=True)
class Own:
    """The notice's own inspection, as read from its opening."""

    body: str | None = None
    """The group's value (``市委第一巡察组``), or None where the notice names none."""
    level: str | None = None
    """巡视 or 巡察, or None."""


UNKNOWN = Own()
"""A notice whose own inspection is not known: only national and supervision groups are told apart."""


def _groups(s: str) -> list[str]:
    """The numbered groups named in ``s``; ``巡察一组、二组`` names 巡察一组 and 巡察二组."""
    found = [m.group() for m in _GROUP_RE.finditer(s)]
    for m in re.finditer(rf"(巡察|巡视){_NUMERAL}+组((?:、{_NUMERAL}+组)+)", s):
        found += [m.group(1) + g for g in m.group(2).split("、") if g]
    return found


def other_inspection(sentence: str, own: Own) -> bool:
    """Whether ``sentence`` is about an inspection other than the notice's own.

    >>> own = Own("市委第一巡察组", "巡察")
    >>> other_inspection("市委第十六巡察组对司法局反馈25个问题", own), other_inspection("市委第一巡察组反馈12个问题", own)
    (True, False)
    >>> other_inspection("省委巡视反馈的44个意见已完成整改40个", own), other_inspection("巡视巡察反馈问题5个", own)
    (True, False)
    >>> other_inspection("市委巡察二组反馈9个问题", Own("市委巡察一组、二组、三组", "巡察"))
    False
    """
    if _NATIONAL_RE.search(sentence):
        return True
    own_groups = _groups(own.body or "")
    for group in _groups(sentence):
        if own_groups and not any(g.endswith(group) or group.endswith(g) for g in own_groups):
            return True
    levels = {m.group(1) for m in _LEVEL_RE.finditer(sentence)}
    return own.level is not None and bool(levels) and own.level not in levels


def taken_over(norm: str, start: int, pos: int) -> bool:
    """Whether the count at ``pos`` (sentence from ``start``) counts problems taken over (``认领的…``).

    >>> s = "二是对认领的3个方面7个问题重新对照检查"
    >>> taken_over(s, 0, s.index("7")), taken_over("针对反馈的19个问题，班子成员主动认领", 0, 5)
    (True, False)
    """
    return bool(_TAKEN_OVER_RE.search(norm, start, pos))


def is_part(norm: str, start: int, pos: int) -> bool:
    """Whether the count at ``pos`` is a part: after ``其中``, in brackets, or about named problems.

    >>> s = "反馈的37个问题（其中自查发现3个问题），已完成35个"
    >>> is_part(s, 0, s.index("37")), is_part(s, 0, s.index("3个问题"))
    (False, True)
    >>> s = "对会风不严等问题进行检讨反思，制定整改措施5条"
    >>> is_part(s, 0, s.index("5条")), is_part("对照反馈的9个问题，制定整改措施47条", 0, 16)
    (True, False)
    """
    lo = max(start, pos - 60)
    if _PART_RE.search(norm[lo:pos]):
        return True
    return bool(_NAMED_PROBLEMS_RE.search(norm, start, pos))


def in_quote(norm: str, pos: int, start: int = 0) -> bool:
    """Whether ``pos`` lies inside “quotation marks” opened after ``start`` (a slogan, a quoted title).

    >>> s = "坚持“处理一人，教育一片”，处理3人"
    >>> in_quote(s, s.index("一人")), in_quote(s, s.index("3人"))
    (True, False)
    """
    lo = max(start, pos - 80)
    return norm.rfind("“", lo, pos) > norm.rfind("”", lo, pos)
