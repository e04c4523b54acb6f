"""What a ledger's cells say: the status a 完成情况 cell names, the date a 整改时限 allows, the unit of a title.

A status cell says 已完成, 是, √, 正在整改, 推进中, 持续整改 or a sentence (``已完成整改并长期坚持``);
``status_of`` maps it to a key of ``STATUS_KEYS`` (``STATUS_VALUES`` is the one table of those
words; a sentence no entry covers is read as a notice's status label is, ``index.status.classify``).
A time limit says ``2024年6月30日``, ``2024.6.30``, ``2024年6月底前``, ``2024年底``, ``立行立改`` or
``长期坚持``; ``due_date`` gives the last day it allows, or None when it names no date. A ledger's
unit is read from its title row (``中共某局党组巡察整改台账``) or its file name (``unit_of``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from core.normalize import compact, to_search
from core.unitnames import ORG_SUFFIXES, alternation
from index.status import classify

STATUS_VALUES: dict[str, tuple[str, ...]] = {
    "已完成": (
        "已完成", "完成", "已整改", "已整改完成", "整改完成", "已完成整改", "完成整改", "已整改到位", "整改到位", "已办结",
        "办结", "已销号", "销号", "已落实", "落实", "是", "√", "✓", "✔", "已完毕", "已结束",
    ),
    "基本完成": ("基本完成", "基本整改到位", "基本整改完成", "基本完成整改"),
    "初步成效": ("初步成效", "取得初步成效", "阶段性成效", "取得阶段性成效"),
    "正在推进": (
        "正在整改", "正在推进", "推进中", "整改中", "正在落实", "进行中", "正在进行", "持续推进", "推进", "在整改",
        "部分完成", "未完成（推进中）", "落实中",
    ),
    "长期坚持": ("长期坚持", "持续整改", "长期整改", "常态化推进", "长期推进", "持续坚持", "长期"),
    "未完成": ("未完成", "否", "×", "✗", "未整改", "尚未完成", "未开始", "未启动", "未落实", "没有完成", "尚未整改"),
}  # fmt: skip
"""Words a status cell says, by status key (simplified, compact; matched whole first, then inside)."""

_WHOLE = {word: key for key, words in STATUS_VALUES.items() for word in words}
_INSIDE = sorted(((w, k) for w, k in _WHOLE.items() if len(w) >= 3), key=lambda wk: -len(wk[0]))

_YMD_RE = re.compile(r"(20\d{2}|19\d{2})\s*[年.\-/．]\s*(\d{1,2})\s*[月.\-/．]\s*(\d{1,2})\s*日?")
_YM_RE = re.compile(r"(20\d{2}|19\d{2})\s*[年.\-/．]\s*(\d{1,2})\s*月?(?:份)?(?:底|末)?")
_QUARTER_RE = re.compile(r"(20\d{2}|19\d{2})\s*年\s*(?:第\s*)?([一二三四1-4])\s*季度")
_HALF_RE = re.compile(r"(20\d{2}|19\d{2})\s*年\s*(上|下)半年")
_Y_RE = re.compile(r"(20\d{2}|19\d{2})\s*年\s*(?:年)?(?:底|末|内|前|度)?")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_TITLE_KEY_RE = re.compile(
    r"关于|(?:省委|市委|区委|县委|州委)?第?[一二三四五六七八九十\d]*(?:巡察|巡视)|落实|整改|反馈|台账|清单"
)
"""Where a ledger title's own words start: the unit is written before them."""
_YEAR_HEAD_RE = re.compile(r"^(?:(?:19|20)\d{2}年度?|附件\d*[:：]?)")
_MORE_ENDS = ("馆", "站", "队", "台", "园", "场", "库", "学院", "大学", "政府", "办事处")
"""Unit names end with these too (档案馆, 水文站, 监察大队, 电视台 …)."""
_UNIT_END_RE = re.compile(rf"(?:{alternation(ORG_SUFFIXES + _MORE_ENDS)})$")


def status_of(text: str) -> str | None:
    """The status key a status cell names, or None (empty, or no status words).

    >>> [status_of(t) for t in ("已完成", "是", "否", "推进中", "持续整改", "已完成整改并长期坚持", "", "见附件")]
    ['已完成', '已完成', '未完成', '正在推进', '长期坚持', '已完成', None, None]
    """
    t = compact(text).strip("。；;，,")
    if not t:
        return None
    if t in _WHOLE:
        return _WHOLE[t]
    found = [(t.find(w), -len(w), k) for w, k in _INSIDE if w in t]
    if found:
        return min(found)[2]
    return classify(t)


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def due_date(value: object) -> date | None:
    """The last day a time limit allows, or None when it names no date (立行立改, 长期坚持, empty).

    ``value`` is a cell's value: a date or datetime (a spreadsheet date), or text.

    >>> [due_date(t) for t in ("2024年6月30日前", "2024.6.30", "2024年6月底", "2024-09", "2024年底", "立行立改")]
    [datetime.date(2024, 6, 30), datetime.date(2024, 6, 30), datetime.date(2024, 6, 30), datetime.date(2024, 9, 30), datetime.date(2024, 12, 31), None]
    >>> due_date("2025年第二季度"), due_date("2024年上半年"), due_date(datetime(2024, 3, 1, 0, 0))
    (datetime.date(2025, 6, 30), datetime.date(2024, 6, 30), datetime.date(2024, 3, 1))
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = to_search(str(value or ""))
    if m := _YMD_RE.search(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if m := _QUARTER_RE.search(text):
        return _month_end(int(m.group(1)), 3 * _QUARTERS[m.group(2)])
    if m := _HALF_RE.search(text):
        return _month_end(int(m.group(1)), 6 if m.group(2) == "上" else 12)
    if m := _YM_RE.search(text):
        return _month_end(int(m.group(1)), int(m.group(2)))
    if m := _Y_RE.search(text):
        return date(int(m.group(1)), 12, 31)
    return None


def unit_of(title: str) -> str:
    """The unit a ledger's title or file name names (simplified), or '' when it names none.

    >>> unit_of("中共甲市乙局党组巡察整改台账"), unit_of("甲市丙中心关于市委第三巡察组反馈问题整改落实台账")
    ('中共甲市乙局党组', '甲市丙中心')
    >>> unit_of("2024年甲县丁镇巡察反馈问题整改清单"), unit_of("整改台账"), unit_of("问题清单（第二批）")
    ('甲县丁镇', '', '')
    """
    text = compact(title)
    text = _YEAR_HEAD_RE.sub("", text)
    m = _TITLE_KEY_RE.search(text)
    head = text[: m.start()] if m else ""
    head = re.sub(r"[（(][^）)]*[）)]$|^[：:\-_—]+|[：:\-_—]+$", "", head)
    if len(head) < 2 or not _UNIT_END_RE.search(head):
        return ""
    return head
