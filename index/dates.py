"""Dates of a notice: when the inspection ran, when it fed back, when the notice was signed.

Patterns run on simplified text (same length as the display text). A date written without its
year (``3月3日``) takes the year from the date before it in the notice (the inspection period),
moving to the next year when the month goes back; such facts carry ``detail['inferred_year']``.
The signature date is the date line at the end; a notice without one gets the dateline under
its title, marked ``detail['source'] = 'dateline'``.
"""

from __future__ import annotations

import re

from core.sentences import trimmed_spans
from core.types import Fact

_S = r"[ \t\u3000]*"
"""Stray spaces a scan or a web page may leave inside a date (``2022 年 7 月``)."""
_DATE = rf"(?:\d{{4}}{_S}年{_S})?\d{{1,2}}{_S}月{_S}\d{{1,2}}{_S}日"
_FULL_DATE_RE = re.compile(rf"(\d{{4}}){_S}年{_S}(\d{{1,2}}){_S}月{_S}(\d{{1,2}}){_S}日")
_PERIOD_RE = re.compile(
    rf"(?P<a>\d{{4}}{_S}年{_S}\d{{1,2}}{_S}月{_S}\d{{1,2}}(?:{_S}日)?){_S}(?:至|到|—|-|－|～|~){_S}"
    rf"(?P<b>(?:\d{{4}}{_S}年{_S})?\d{{1,2}}{_S}月(?:{_S}\d{{1,2}}{_S}日)?)"
)
_DATE_RE = re.compile(rf"(?P<d>{_DATE})")
_SIGNED_LINE_RE = re.compile(
    rf"^{_S}(?:.{{2,40}}?[ \t\u3000]{{2,}})?(\d{{4}}{_S}年{_S}\d{{1,2}}{_S}月{_S}\d{{1,2}}{_S}日){_S}$",
    re.MULTILINE,
)
_DATELINE_RE = re.compile(
    r"^[ \t\u3000]*(?:(?:发布)?(?:时间|日期)[:：]\s*)?(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?",
    re.MULTILINE,
)


def _fact(
    text: str,
    start: int,
    end: int,
    value: str,
    num: int | None = None,
    detail: dict[str, int | str] | None = None,
) -> Fact:
    return Fact(value=value, quote=text[start:end], start=start, end=end, number=num, detail=detail or {})


def _iso(y: int, m: int, d: int | None = None) -> str:
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def _parse_date(
    s: str, context_year: int | None, context_month: int | None
) -> tuple[int, int, int | None, bool] | None:
    m = re.match(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日?)?", re.sub(r"\s+", "", s))
    if not m:
        return None
    month, day = int(m.group(2)), int(m.group(3)) if m.group(3) else None
    if m.group(1):
        return int(m.group(1)), month, day, False
    if context_year is None:
        return None
    year = context_year + (1 if context_month is not None and month < context_month else 0)
    return year, month, day, True


def compact_value(s: str) -> str:
    """A value as written, without white space."""
    return re.sub(r"\s+", "", s)


def inspection_period(text: str, norm: str) -> Fact | None:
    """When the inspection ran (``2020年11月12日至2021年1月12日``), with ISO start and end."""
    found = []
    for s_start, s_end in trimmed_spans(norm):
        if "巡察" not in norm[s_start:s_end] and "巡视" not in norm[s_start:s_end]:
            continue
        for m in _PERIOD_RE.finditer(norm, s_start, s_end):
            a = _parse_date(m.group("a"), None, None)
            if a is None:
                continue
            b = _parse_date(m.group("b"), a[0], a[1])
            detail: dict[str, int | str] = {"start": _iso(a[0], a[1], a[2])}
            if b is not None:
                detail["end"] = _iso(b[0], b[1], b[2])
            found.append(_fact(text, m.start(), m.end(), compact_value(m.group()), detail=detail))
    return found[0] if found else None


def feedback_date(text: str, norm: str, period: Fact | None) -> Fact | None:
    """When the inspection group fed back its findings; a missing year is read from the period."""
    ctx_year = ctx_month = None
    if period is not None and "end" in period.detail:
        ctx_year, ctx_month = (int(x) for x in str(period.detail["end"]).split("-")[:2])
    found = []
    for sent in re.finditer(r"[^。！？!?\n]+", norm):
        s = sent.group()
        if "反馈" not in s or not ("巡察" in s or "巡视" in s or "意见" in s):
            continue
        cut = sent.start() + s.index("反馈")
        dates = [
            m
            for m in _DATE_RE.finditer(norm, sent.start(), cut)
            if not (period is not None and period.start <= m.start() < period.end)
        ]
        if not dates:
            continue
        m = dates[-1]
        parsed = _parse_date(m.group(), ctx_year, ctx_month)
        if parsed is None:
            continue
        y, mo, d, inferred = parsed
        detail: dict[str, int | str] = {"iso": _iso(y, mo, d)}
        if inferred:
            detail["inferred_year"] = 1
        found.append(
            _fact(text, m.start(), m.end(), f"{y}年{mo}月{d}日" if d else f"{y}年{mo}月", detail=detail)
        )
        break
    return found[0] if found else None


def signed(text: str, norm: str) -> Fact | None:
    """The signature date at the end; failing that, the dateline under the title (``source``)."""
    last: re.Match[str] | None = None
    first_line_end = norm.find("\n")
    for m in _SIGNED_LINE_RE.finditer(norm, max(0, len(norm) - 200)):
        last = m
    if last is not None and (last.start() <= first_line_end or norm[last.end() :].strip()):
        last = None
    if last is not None:
        full = _FULL_DATE_RE.match(last.group(1))
        assert full is not None
        y, mo, d = (int(x) for x in full.groups())
        value = f"{y}年{mo}月{d}日"
        return _fact(text, last.start(1), last.end(1), value, detail={"iso": _iso(y, mo, d)})
    head = norm[:300]
    line = _DATELINE_RE.search(head)
    if line and line.start() < 200:
        y, mo, d = int(line.group(1)), int(line.group(2)), int(line.group(3))
        return _fact(
            text,
            line.start(1),
            line.end(),
            f"{y}年{mo}月{d}日",
            detail={"iso": _iso(y, mo, d), "source": "dateline"},
        )
    return None
