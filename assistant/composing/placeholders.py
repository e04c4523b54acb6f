"""Placeholders: find the specifics of a text and replace them with visible 【类别】 slots.

A draft may borrow how other units wrote their rectification, never what they stated. ``scrub``
replaces every specific of an exemplar sentence (dates, amounts, counts, ratios, document titles
and numbers, inspection groups and rounds, contacts, unit, place and person names) with a
placeholder such as 【日期】; ``check`` is the post-check of a model's draft: numbers, dates,
contacts and known unit names the user did not give become placeholders. Text the user gave
(``keep``) is never replaced. Detection runs on ``text.to_search`` (same length), so offsets
are those of the original text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.composing.specifics import (
    CHECKED_KINDS,
    DOCUMENT,
    PLACE_KINDS,
    UNIT,
    Span,
    find_specifics,
    keep_document,
    place_spans,
    protected_spans,
)
from core.normalize import compact, to_search
from core.phrases import CITATION_RE, PLACEHOLDER_RE

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory

__all__ = [
    "DOCUMENT",
    "UNIT",
    "Replacement",
    "Scrubbed",
    "check",
    "given_contains",
    "placeholders_in",
    "scrub",
]


@dataclass(frozen=True)
class Replacement:
    """One specific replaced by a placeholder."""

    original: str
    """The words replaced, as written."""
    placeholder: str
    """The placeholder put in their place, e.g. ``【日期】``."""
    start: int
    """Offset of ``original`` in the input text."""
    kind: str
    """What was found: date, amount, count, unit, person, …"""


@dataclass(frozen=True)
class Scrubbed:
    """A text with its specifics replaced."""

    text: str
    """The text with placeholders."""
    replacements: tuple[Replacement, ...] = ()
    """What was replaced, in text order."""

    @property
    def placeholders(self) -> tuple[str, ...]:
        """Every placeholder of ``text`` in order of first use (those already there included)."""
        return placeholders_in(self.text)


def placeholders_in(text: str) -> tuple[str, ...]:
    """The distinct placeholders of ``text``, in order of first use.

    >>> placeholders_in("于【日期】召开会议，制定措施【数量】条，【日期】前完成")
    ('【日期】', '【数量】')
    """
    return tuple(dict.fromkeys(m.group() for m in PLACEHOLDER_RE.finditer(text)))


def given_contains(given: str, words: str) -> bool:
    """Whether ``words`` occur in ``given`` (normalized), not as part of a longer number.

    >>> given_contains("制定措施12条", "12条"), given_contains("制定措施12条", "2条")
    (True, False)
    """
    needle, hay = compact(words), compact(given)
    if not needle:
        return False
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = hay[start - 1] if start > 0 else ""
        after = hay[end] if end < len(hay) else ""
        if not (needle[0].isdigit() and before.isdigit()) and not (needle[-1].isdigit() and after.isdigit()):
            return True
        start = hay.find(needle, start + 1)
    return False


def _apply(text: str, candidates: Sequence[Span], keep: Sequence[str], unit: str = UNIT) -> Scrubbed:
    """Replace the candidates that overlap nothing taken before them and that the user did not give.

    Unit names become ``unit`` (another unit's name in an exemplar is 【相关单位】, not the user's).
    """
    s = to_search(text)
    taken: list[tuple[int, int]] = protected_spans(text, s)
    hard = [m.span() for m in PLACEHOLDER_RE.finditer(text)] + [m.span() for m in CITATION_RE.finditer(text)]
    chosen: list[Span] = []
    for start, end, kind, placeholder in candidates:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        # a document title holding a set phrase (《“三重一大”…办法》) is still another unit's document
        blocking = hard + [(a, b) for a, b, _, _ in chosen] if kind == "document" else taken
        if start >= end or any(start < b and a < end for a, b in blocking):
            continue
        original = text[start:end]
        if kind == "document" and keep_document(to_search(original)):
            continue
        counted = (
            original + text[end]
            if kind == "count" and end < len(text) and "\u4e00" <= text[end] <= "\u9fff"
            else original
        )
        if any(given_contains(k, counted) for k in keep):  # 5个 is not given by 5月
            continue
        taken.append((start, end))
        chosen.append((start, end, kind, placeholder))
    chosen.sort()
    out = ""
    replaced: list[Replacement] = []
    pos = 0
    for start, end, kind, placeholder in chosen:
        if kind in ("body", "round") and "巡视" in s[start : end + 2]:
            placeholder = placeholder.replace("巡察", "巡视")
        if placeholder == UNIT:
            placeholder = unit
        gap = text[pos:start]
        out += gap
        if gap.strip() or not out.endswith(placeholder):
            out += placeholder
        replaced.append(Replacement(text[start:end], placeholder, start, kind))
        pos = end
    out += text[pos:]
    return Scrubbed(out, tuple(replaced))


def scrub(
    text: str,
    keep: Sequence[str] = (),
    directory: UnitDirectory | None = None,
    *,
    names: bool = True,
    unit: str = UNIT,
    places: Sequence[str] = (),
) -> Scrubbed:
    """Replace every specific of ``text`` with a placeholder.

    Args:
        text: An exemplar sentence or passage.
        keep: Texts the user gave (facts, own unit): what they contain stays as written.
        directory: The units of the index; their names in any usual form become ``unit``.
        names: Also find person and place names with jieba's part-of-speech tags.
        unit: The placeholder of a unit's name.
        places: Place names to replace as well (the exemplar unit's own).

    Returns:
        The scrubbed text and what was replaced.

    >>> scrub("2023年6月16日召开专题会议，制定整改措施36条，追回资金1.2万元。").text
    '【日期】召开专题会议，制定整改措施【数量】条，追回资金【金额】。'
    >>> scrub("修订《县教育局公务用车管理办法》，落实“三重一大”制度[1]", names=False).text
    '修订【文件名称】，落实“三重一大”制度[1]'
    >>> scrub("市委第三巡察组反馈3个方面9个问题", names=False).text
    '【巡察组】反馈【数量】个方面【数量】个问题'
    """
    candidates = find_specifics(text, None, directory, names) + place_spans(text, places)
    return _apply(text, candidates, keep, unit)


def check(
    text: str,
    given: Sequence[str],
    directory: UnitDirectory | None = None,
    *,
    copied_from: Sequence[str] = (),
    unit: str = UNIT,
    places: Sequence[str] = (),
) -> Scrubbed:
    """The post-check of a model's draft: what the user did not give becomes a placeholder.

    Numbers, dates, amounts, ratios, contacts, document numbers, inspection groups and rounds,
    document titles (《…》, central documents kept) and the names of the index's units are
    replaced unless ``given`` contains them; so are place names copied from ``copied_from``
    (the exemplar passages).

    Args:
        text: The model's draft.
        given: What the user gave (the instruction, their unit, their rough text).
        directory: The units of the index.
        copied_from: The exemplar passages the model saw.
        unit: The placeholder of another unit's name.
        places: Place names of the exemplars' units (``specifics.unit_places``).

    Returns:
        The checked draft and what was replaced (to report in warnings).

    >>> check("2023年6月召开会议，制定措施12条，整改率达100%。", ["制定措施12条"]).text
    '【日期】召开会议，制定措施12条，整改率达【比例】。'
    """
    candidates = find_specifics(text, CHECKED_KINDS, directory, names=False) + place_spans(text, places)
    if copied_from:
        sources = compact("".join(copied_from))
        candidates += [
            c
            for c in find_specifics(text, PLACE_KINDS, None, names=True)
            if compact(text[c[0] : c[1]]) in sources
        ]
    return _apply(text, candidates, given, unit)
