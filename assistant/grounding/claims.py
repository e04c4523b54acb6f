"""Claim check: every number, date and unit name of an answer must occur in a passage it cites.

A text not written in Chinese is named in a warning (``is_chinese``): its unit names cannot be
checked against the notices, and users read the notices in Chinese.

An answer is read sentence by sentence. A sentence's claims are checked against the passages it
cites (against every passage the answer cites when the sentence cites none). Texts are compared
in ``core.normalize.compact`` form with Chinese numerals read as digits (``五个`` = ``5个``).
What fails is either removed (the sentence goes; extractive answers, which quote whole
sentences, can only fail here through a bug) or flagged in place with
``sentinels.UNVERIFIED_MARK`` and named in a warning (LLM answers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from core.normalize import compact, fold_width
from core.numerals import cn_to_int, has_number, to_digits
from core.phrases import CITATION_RE, UNVERIFIED_MARK
from core.sentences import CLAUSE_ENDS, pieces
from core.types import Citation

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory

ClaimKind = Literal["number", "date", "unit"]
"""What a claim states."""
Action = Literal["flag", "remove"]
"""What happens to a claim no cited passage supports."""

_CN_D = "〇零一二两三四五六七八九十"
_YEAR = rf"(?:\d{{4}}|[{_CN_D}]{{4}})"
_MD = rf"(?:\d{{1,2}}|[{_CN_D}]{{1,3}})"
_DATE_RE = re.compile(rf"(?:({_YEAR})\s*年\s*)?({_MD})\s*月(?:\s*({_MD})\s*[日号])?|({_YEAR})\s*年")
_NUMBER_RE = re.compile(
    r"(?<![\d.０-９])[0-9０-９]+(?:[.．][0-9０-９]+)?"
    rf"|[{_CN_D}][{_CN_D}百千万亿]*(?=个|项|条|件|名|人|次|家|篇|起|户|轮|批|亿|万|元|%|％)"
)
_ENUMERATOR_RE = re.compile(
    r"(?:^|\n)[\s*#>-]*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})(?:[.、．)）](?![0-9０-９])|是)"
    r"|[（(]([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[)）]"
)
"""List numbering (``1.``, ``二、``, ``（3）``, ``一是``): it orders an answer, it claims nothing."""


MIN_LATIN = 6
"""Fewer Latin letters than this never make a text "not Chinese" (too short to tell)."""
NOT_CHINESE = "回答不是中文，请对照引用的通报原文核实。"
"""The claim check's warning on a reply written in another language (unit names cannot be checked)."""


def is_chinese(text: str) -> bool:
    """Whether a text is written in Chinese: its Latin letters do not outnumber its Han characters 3 to 1.

    Citation markers, digits and punctuation do not count; a short text counts as Chinese.

    >>> is_chinese("共反馈3个方面9个问题[1]。"), is_chinese("OA系统的App已上线[2]。"), is_chinese("No.")
    (True, True, True)
    >>> is_chinese("The unit reported 9 problems in 3 areas [1]."), is_chinese("中共某局 reported nothing new here")
    (False, False)
    """
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return latin < MIN_LATIN or han * 3 >= latin


@dataclass(frozen=True)
class Claim:
    """One checkable statement inside a sentence."""

    kind: ClaimKind
    """number, date or unit."""
    surface: str
    """The words as written in the answer."""
    start: int
    """Offset of ``surface`` in the sentence."""
    end: int
    """End offset (exclusive)."""
    needles: tuple[str, ...]
    """Normalized forms that must all occur in one cited passage (numbers: whole numbers)."""
    units: tuple[str, ...] = ()
    """For unit claims: the directory units the words name (a passage of theirs supports it)."""


@dataclass(frozen=True)
class CheckResult:
    """An answer after the claim check."""

    text: str
    """The answer with failing sentences removed or failing claims flagged."""
    failed: tuple[Claim, ...]
    """The claims no cited passage supports."""
    warnings: tuple[str, ...]
    """Visible notices about what was flagged or removed."""
    removed: tuple[str, ...] = ()
    """The sentences removed (``remove`` action)."""


def _value(token: str) -> str:
    """A number as passages state it: digits, with 万/亿 kept as written (五万 is 5万 there).

    >>> _value("十七"), _value("五万"), _value("十二亿"), _value("3.5")
    ('17', '5万', '12亿', '3.5')
    """
    token = fold_width(token).replace("．", ".")
    if token[0].isdigit():
        return token
    if token[-1] in "万亿":
        return to_digits(token)
    value = cn_to_int(token)
    return str(value) if value is not None else token


def find_claims(sentence: str, directory: UnitDirectory | None = None) -> list[Claim]:
    """The numbers, dates and unit names stated in one sentence (citation markers ignored).

    Args:
        sentence: One sentence of an answer.
        directory: The units of the index, to recognize unit names (None: no unit claims).

    Returns:
        The claims in text order.

    >>> [(c.kind, c.surface, c.needles) for c in find_claims("2021年3月5日召开会议，整改问题十七个[2]。")]
    [('date', '2021年3月5日', ('2021', '3月5日')), ('number', '十七', ('17',))]
    """
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []
    for m in CITATION_RE.finditer(sentence):
        taken.append(m.span())
    for m in _ENUMERATOR_RE.finditer(sentence):
        taken.append(m.span(1) if m.group(1) else m.span(2))
    for m in _DATE_RE.finditer(sentence):
        year, month, day, bare_year = m.group(1), m.group(2), m.group(3), m.group(4)
        needles: list[str] = []
        if year or bare_year:
            needles.append(_value(year or bare_year))
        if month:
            needles.append(f"{_value(month)}月" + (f"{_value(day)}日" if day else ""))
        claims.append(Claim("date", m.group(0).strip(), m.start(), m.end(), tuple(needles)))
        taken.append(m.span())
    for m in _NUMBER_RE.finditer(sentence):
        if any(s <= m.start() < e for s, e in taken):
            continue
        claims.append(Claim("number", m.group(0), m.start(), m.end(), (_value(m.group(0)),)))
    if directory is not None:
        match = directory.resolve(sentence)
        for mention in match.mentions:
            needle = compact(mention.surface)
            claims.append(
                Claim("unit", mention.surface, mention.start, mention.end, (needle,), mention.units)
            )
        for surface in match.unknown:
            start = sentence.find(surface)
            claims.append(Claim("unit", surface, start, start + len(surface), (compact(surface),)))
    return sorted(claims, key=lambda c: c.start)


@lru_cache(maxsize=4096)
def passage_form(text: str) -> str:
    """The form passages are searched in: compact, with counting numerals as digits.

    A full stop becomes ``;`` (not ``.``), so that a number ending a sentence never reads as
    the whole part of a decimal.

    >>> passage_form("反馈 六个方面 十七个问题。2022年")
    '反馈6个方面17个问题;2022年'
    """
    return to_digits(compact(text.replace("。", "；")))


def _found(needle: str, kind: ClaimKind, haystack: str) -> bool:
    if kind == "date" and "月" in needle:
        return _date_pattern(needle).search(haystack) is not None
    if kind in ("number", "date") and needle.replace(".", "").isdigit():
        return has_number(haystack, needle)
    return needle in haystack or passage_form(needle) in haystack  # 十四届市委 is 14届市委 there


@lru_cache(maxsize=1024)
def _date_pattern(needle: str) -> re.Pattern[str]:
    """A month-day needle as passages may write it (``7月5日`` is also ``07月05日``).

    >>> bool(_date_pattern("7月5日").search("2021年07月05日")), bool(_date_pattern("7月5日").search("17月5日"))
    (True, False)
    """
    pattern = re.sub(r"(\d+)", lambda m: f"0?{m.group(1)}", re.escape(needle))
    return re.compile(rf"(?<!\d){pattern}")


def supported(claim: Claim, passages: Sequence[Citation]) -> bool:
    """Whether one passage of ``passages`` holds every needle of ``claim``.

    A unit claim is also supported by a passage of a notice of one of the units it names.
    """
    for citation in passages:
        if claim.kind == "unit" and citation.unit and citation.unit in claim.units:
            return True
        haystack = passage_form(f"{citation.unit}\n{citation.title}\n{citation.text}")
        if all(_found(n, claim.kind, haystack) for n in claim.needles):
            return True
    return False


def sentences(text: str) -> list[str]:
    r"""Split an answer into sentences, each keeping its end mark and the markers after it.

    >>> sentences("共5个[1]。已完成。[2]\n二是整改")
    ['共5个[1]。', '已完成。[2]\n', '二是整改']
    """
    out = pieces(text, CLAUSE_ENDS)
    merged: list[str] = []
    for part in out:
        if part.strip() or not merged or merged[-1].endswith("\n"):
            merged.append(part)
        else:
            merged[-1] += part
    return merged


def check_answer(
    text: str,
    citations: Sequence[Citation],
    *,
    action: Action,
    directory: UnitDirectory | None = None,
) -> CheckResult:
    """Check every claim of an answer against the passages it cites.

    Args:
        text: The answer, markers already numbered as in ``citations``.
        citations: The cited passages.
        action: ``flag`` marks each failing claim with ``UNVERIFIED_MARK``; ``remove`` drops
            each sentence holding one.
        directory: The units of the index (unit names are checked only when given).

    Returns:
        The checked answer.
    """
    by_n = {c.n: c for c in citations}
    out: list[str] = []
    failed: list[Claim] = []
    removed: list[str] = []
    for sentence in sentences(text):
        cited = [by_n[n] for n in (int(m.group(1)) for m in CITATION_RE.finditer(sentence)) if n in by_n]
        bad = [c for c in find_claims(sentence, directory) if not supported(c, cited or citations)]
        if not bad:
            out.append(sentence)
            continue
        failed.extend(bad)
        if action == "remove":
            removed.append(sentence)
            continue
        for claim in sorted(bad, key=lambda c: -c.end):
            sentence = sentence[: claim.end] + UNVERIFIED_MARK + sentence[claim.end :]
        out.append(sentence)
    warnings: list[str] = [] if is_chinese(text) else [NOT_CHINESE]
    if failed:
        named = "、".join(dict.fromkeys(c.surface for c in failed))
        if action == "remove":
            warnings.append(f"有 {len(removed)} 句含引用段落中找不到的内容（{named}），已删去。")
        else:
            warnings.append(f"回答中的{named}未能在引用的通报段落中核实，已标注{UNVERIFIED_MARK}。")
    return CheckResult("".join(out).strip(), tuple(failed), tuple(warnings), tuple(removed))
