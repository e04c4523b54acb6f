"""Text normalization shared by indexing and querying: one definition of "the same text".

``to_search`` keeps length (offsets into display text stay valid); ``compact`` drops white
space and is what comparisons (evidence hits, claim checks, unit matching) use.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_EXTRA = {
    ord("—"): ord("-"),
    ord("–"): ord("-"),
    ord("－"): ord("-"),
    ord("“"): ord('"'),
    ord("”"): ord('"'),
    ord("‘"): ord("'"),
    ord("’"): ord("'"),
    ord("〔"): ord("["),
    ord("〕"): ord("]"),
    ord("【"): ord("["),
    ord("】"): ord("]"),
    ord("、"): ord(","),
    ord("。"): ord("."),
}
_FOLD = {**_FULLWIDTH, **_EXTRA}
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified, keeping the length (so offsets stay shared).

    >>> to_simplified("黨組關於巡察整改情況")
    '党组关于巡察整改情况'
    """
    if not text:
        return text
    out: str = _t2s().convert(text)
    if len(out) == len(text):
        return out
    conv = _t2s().convert
    return "".join(c if len(s := conv(c)) != 1 else s for c in text)


def fold_width(text: str) -> str:
    """Full-width ASCII and CJK punctuation folded to one half-width form; same length.

    >>> fold_width("２０２１年，（一）")
    '2021年,(一)'
    """
    return text.translate(_FOLD)


def to_search(text: str) -> str:
    """The searchable form of display text: simplified and width-folded, same length.

    >>> to_search("區委第二巡察組，")
    '区委第二巡察组,'
    """
    return fold_width(to_simplified(text))


def compact(text: str) -> str:
    """``to_search`` without any white space: the form every comparison uses.

    >>> compact("2022 年 7 月， 市委")
    '2022年7月,市委'
    """
    return _SPACE_RE.sub("", to_search(text))


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` after normalization.

    >>> contains("截至目前，共计5个问题", "截至目前,共计5个问题")
    True
    """
    n = compact(needle)
    return bool(n) and n in compact(haystack)
