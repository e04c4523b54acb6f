"""Chinese numerals and counted quantities: one reading of "the same number" in either script.

Notices write numbers both ways (``十七个问题``, ``17个问题``, ``二〇二一年三月``). ``to_digits``
rewrites the Chinese numerals that count or date something into Arabic digits, so that two
texts can be compared number by number (claim checks, extractive answers).
"""

from __future__ import annotations

import re
from functools import lru_cache

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
"""Chinese digit characters and their values."""
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
"""Chinese place-value characters."""

COUNTERS = (
    "个", "项", "条", "件", "名", "人", "次", "家", "篇", "起", "户", "轮", "批", "期", "所", "处", "座", "位",
    "类", "方面", "年", "月", "日", "号", "天", "周", "岁", "届", "份", "场", "本", "台", "辆", "套", "间",
    "亩", "公里", "米", "元", "万", "亿", "%", "％", "余", "多", "支", "场次", "张", "笔", "宗", "栋", "所",
)  # fmt: skip
"""Words that follow a number when it counts or dates something (``5个``, ``三月``, ``12次``)."""

_CN = "".join(CN_DIGITS) + "十百千万亿"
_COUNTER_ALT = "|".join(sorted({re.escape(c) for c in COUNTERS}, key=len, reverse=True))
_CN_LEAD = "".join(CN_DIGITS) + "十"
_CN_RUN_RE = re.compile(rf"(?<=第)[{_CN_LEAD}][{_CN}]*|(?<![\d.])[{_CN_LEAD}][{_CN}]*(?=(?:{_COUNTER_ALT}))")
_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_COUNTED_RE = re.compile(rf"(?<![\d.])\d+(?:\.\d+)?\s*(?:{_COUNTER_ALT})|[{_CN}]+(?:{_COUNTER_ALT})")


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese numeral, or None if ``text`` is not one.

    Digit strings (``二〇二一``) read digit by digit; others by place value.

    >>> [cn_to_int(s) for s in ("十七", "一百二十五", "二〇二一", "两万三千", "十", "零", "是")]
    [17, 125, 2021, 23000, 10, 0, None]
    """
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS for c in text):
        return None
    if len(text) > 1 and all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total = section = digit = 0
    for c in text:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        elif c in ("万", "亿"):
            section = (section + digit) * CN_UNITS[c]
            total += section
            section = digit = 0
        else:
            section += (digit or 1) * CN_UNITS[c]
            digit = 0
    return total + section + digit


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
"""Circled numbers ① to ⑳, as list markers use them."""


def number_value(text: str) -> int:
    """The value of a number as a notice writes it: Arabic, Chinese (``两`` too) or circled; 0 if none.

    >>> [number_value(s) for s in ("二十三", "十", "7", "两", "③", "一百二十五", "甲")]
    [23, 10, 7, 2, 3, 125, 0]
    """
    if text in CIRCLED:
        return CIRCLED.index(text) + 1
    if text.isascii() and text.isdigit():
        return int(text)
    value = cn_to_int(text.replace("两", "二"))
    return value if value is not None else 0


def to_chinese(number: str) -> str:
    """Arabic digits below 100 as a Chinese numeral (``3`` → ``三``, ``12`` → ``十二``); others as given.

    >>> [to_chinese(s) for s in ("3", "12", "40", "105", "七")]
    ['三', '十二', '四十', '105', '七']
    """
    if not number.isdigit():
        return number
    n = int(number)
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return number


def to_digits(text: str) -> str:
    """Rewrite counting and dating Chinese numerals as digits; everything else is kept.

    A run is rewritten when a counter (个, 项, 年, 月, …) follows it or 第 precedes it.

    >>> to_digits("反馈六个方面十七个问题，二〇二一年三月三日，第二巡察组，一是加强。")
    '反馈6个方面17个问题，2021年3月3日，第2巡察组，一是加强。'
    >>> to_digits("两万三千元，三万元，960亿元，5万元，十分重要")
    '23000元，3万元，960亿元，5万元，十分重要'
    """

    def convert(m: re.Match[str]) -> str:
        run = m.group(0)
        # a trailing 万/亿 stays a word, as in digits (三万 → 3万, the way 3万 is written)
        tail = run[-1] if len(run) > 1 and run[-1] in "万亿" else ""
        value = cn_to_int(run[:-1] if tail else run)
        return run if value is None else f"{value}{tail}"

    return _CN_RUN_RE.sub(convert, text)


_ANY_RUN_RE = re.compile(f"[{_CN}]+")


def all_to_digits(text: str) -> str:
    """Rewrite every Chinese numeral run as digits, counted or not; a trailing 万/亿 stays a word.

    Cruder than ``to_digits`` (``统一`` becomes ``统1``), for comparing two texts that both go
    through it, such as an answer key and an answer.

    >>> all_to_digits("五个问题，十二条措施，二〇二一年，三万元，统一，百万")
    '5个问题，12条措施，2021年，3万元，统1，百万'
    """

    def convert(m: re.Match[str]) -> str:
        whole = m.group(0)
        run = whole.rstrip("万亿")
        if not any(c in CN_DIGITS or c == "十" for c in run):
            return whole
        value = cn_to_int(run)
        return whole if value is None else f"{value}{whole[len(run) :]}"

    return _ANY_RUN_RE.sub(convert, text)


def numbers(text: str) -> list[str]:
    """The Arabic numbers in ``text`` (after ``to_digits``), in order.

    >>> numbers("共3个，增长66.5%，二〇二一年")
    ['3', '66.5', '2021']
    """
    return _NUMBER_RE.findall(to_digits(text))


def has_number(text: str, number: str) -> bool:
    """Whether ``number`` occurs in ``text`` as a whole number (not inside a longer one).

    >>> has_number("整改措施125条", "125"), has_number("整改措施125条", "12"), has_number("3.5万", "3")
    (True, False, False)
    """
    return _whole_number(number).search(text) is not None


@lru_cache(maxsize=1024)
def _whole_number(number: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.]){re.escape(number)}(?!\d)(?!\.\d)")


def counted(text: str) -> list[str]:
    """Quantities written as a number and a counter (either script), in order.

    >>> counted("发现隐患24个，整改二十四个，涉及3人，一是加强")
    ['24个', '二十四个', '3人']
    """
    return [m.group(0) for m in _COUNTED_RE.finditer(text)]
