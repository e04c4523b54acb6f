"""Comparisons over several units: counts (more / fewer / the same), dates (earlier, longer), groups (the same?).

The values are cited from the facts table; the verdicts are computed from them and returned as
``FactsAnswer.computed`` (no passage states them). A question may compare several fields at once
(``谁先被巡察？谁先收到反馈？是同一个组吗？``): each field asked gets its values and its verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.answering.cited_facts import (
    Cites,
    FactsAnswer,
    Spec,
    as_written,
    render,
    said_date,
    sentence_around,
    stated_value,
    unit_notices,
    unknown_note,
)
from assistant.reading.questions import DATED_FIELDS, QuestionInfo, normalize_body
from assistant.reading.units import UnitMatch  # noqa: F401 (doctest)
from core.types import Fact, Notice
from core.unitnames import core_name, split_places

_COUNTED = ("problems", "measures", "status", "people", "clues", "rules", "immediate_fixes")
"""Fields compared as counts, with a verdict (more, fewer, the same)."""
_MONTH = 30.44


def period_days(fact: Fact) -> int | None:
    """The days an inspection period runs, both ends counted (None without both dates).

    >>> period_days(Fact("2020年8月3日至9月3日", "", 0, 0, detail={"start": "2020-08-03", "end": "2020-09-03"}))
    32
    """
    start, end = (_day(fact.detail.get(k)) for k in ("start", "end"))
    return (end - start).days + 1 if start is not None and end is not None else None


def say_days(days: int) -> str:
    """A duration as people say it: whole months when it is close to them, and the days.

    >>> say_days(32), say_days(61), say_days(45)
    ('约1个月（32天）', '约2个月（61天）', '45天')
    """
    months = round(days / _MONTH)
    if months >= 1 and abs(days - months * _MONTH) <= 3:
        return f"约{months}个月（{days}天）"
    return f"{days}天"


def _day(value: object) -> date | None:
    """An ISO date of the facts table, or None where it is missing or not a whole date."""
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def lag_days(notice: Notice) -> tuple[int, date, date] | None:
    """Days from the inspection's last day to its feedback, with both dates (None unless both are stated).

    >>> from core.types import NoticeFacts
    >>> facts = NoticeFacts(inspection_period=Fact("", "", 0, 0, detail={"start": "2021-03-01", "end": "2021-04-30"}),
    ...                     feedback_date=Fact("", "", 0, 0, detail={"iso": "2021-06-09"}))
    >>> lag_days(Notice("n", "甲局", "", "a.txt", "", "", facts=facts))[0]
    40
    """
    period, feedback = notice.facts.inspection_period, notice.facts.feedback_date
    end = _day(period.detail.get("end")) if period is not None else None
    fed = _day(feedback.detail.get("iso") or feedback.detail.get("start")) if feedback is not None else None
    return ((fed - end).days, end, fed) if end is not None and fed is not None and fed >= end else None


def lag_verdict(units: Sequence[str], notices: Sequence[Notice]) -> str:
    """Each unit's days from the inspection's end to its feedback, and whose was longest (computed)."""
    known: list[tuple[int, str]] = []
    said: list[str] = []
    for unit in units:
        lag = next((x for n in notices if n.unit == unit and (x := lag_days(n)) is not None), None)
        if lag is None:
            said.append(f"{unit}的通报未写明巡察结束日期或反馈日期，无法计算间隔。")
            continue
        days, end, fed = lag
        said.append(
            f"{unit}从巡察结束（{said_date(end.isoformat())}）到反馈（{said_date(fed.isoformat())}）相隔{days}天。"
        )
        known.append((days, unit))
    if len(known) >= 2:
        known.sort()
        (short, s_unit), (long_, l_unit) = known[0], known[-1]
        if short == long_:
            said.append("间隔相同。")
        elif len(known) == 2:
            said.append(f"{l_unit}间隔更长（多{long_ - short}天）。")
        else:
            said.append(f"{l_unit}间隔最长（{long_}天），{s_unit}最短（{short}天）。")
    return "".join(said)


def count_verdict(values: Sequence[tuple[str, float, str]]) -> str:
    """Which unit states more, from each unit's value (unit, value, its words): computed, not quoted.

    >>> count_verdict([("甲局", 26, "26项"), ("乙局", 23, "23项")])
    '甲局更多（26项，乙局23项）。'
    >>> count_verdict([("甲局", 2, "2次"), ("乙局", 5, "5次"), ("丙局", 2, "2次")])
    '乙局最多（5次），甲局最少（2次）。'
    """
    if len(values) < 2:
        return ""
    if len({v for _, v, _ in values}) == 1:
        return f"{'、'.join(u for u, _, _ in values)}数量相同（{values[0][2]}）。"
    high, _, high_said = max(values, key=lambda x: x[1])
    low, _, low_said = min(values, key=lambda x: x[1])
    if len(values) == 2:
        return f"{high}更多（{high_said}，{low}{low_said}）。"
    return f"{high}最多（{high_said}），{low}最少（{low_said}）。"


def _start(fact: Fact) -> date | None:
    return _day(fact.detail.get("start") or fact.detail.get("iso"))


def _stated(
    info: QuestionInfo, notices: Sequence[Notice], spec: Spec
) -> list[tuple[str, Notice | None, Fact | None]]:
    out: list[tuple[str, Notice | None, Fact | None]] = []
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        found = next(((n, f) for n in mine if (f := spec.get(n)) is not None), None)
        out.append((unit, *found) if found else (unit, None, None))
    return out


def _order_verdict(noun: str, starts: list[tuple[date, str]]) -> str:
    """Which unit's date came first: the same day said as such, three or more units in order.

    >>> d = date(2021, 1, 19)
    >>> _order_verdict("反馈时间", [(d, "甲局"), (d, "乙局")])
    '甲局和乙局的反馈时间是同一天（2021年1月19日）。'
    >>> _order_verdict("反馈时间", [(date(2021, 2, 1), "甲局"), (d, "乙局"), (date(2020, 5, 6), "丙局")])
    '丙局最早（2020年5月6日），甲局最晚（2021年2月1日），相差271天；由早到晚：丙局、乙局、甲局。'
    """
    starts = sorted(starts, key=lambda s: s[0])
    (first, first_unit), (last, last_unit) = starts[0], starts[-1]
    if first == last:
        return f"{'和'.join(u for _, u in starts)}的{noun}是同一天（{said_date(first.isoformat())}）。"
    if len(starts) == 2:
        return (
            f"{first_unit}更早（{said_date(first.isoformat())}），{last_unit}较晚（{said_date(last.isoformat())}），"
            f"相差{(last - first).days}天。"
        )
    return (
        f"{first_unit}最早（{said_date(first.isoformat())}），{last_unit}最晚（{said_date(last.isoformat())}），"
        f"相差{(last - first).days}天；由早到晚：{'、'.join(u for _, u in starts)}。"
    )


def _compare_dates(
    info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites
) -> tuple[str, str] | None:
    parts: list[str] = []
    missing: list[str] = []
    starts: list[tuple[date, str]] = []
    lengths: list[tuple[int, str]] = []
    for unit, notice, fact in _stated(info, notices, spec):
        begun = _start(fact) if fact is not None else None
        if notice is None or fact is None or begun is None:
            missing.append(f"{unit}的通报未写明{spec.noun}。")
            continue
        sentence = sentence_around(notice.text, fact)
        shown = as_written(fact.value, sentence) if fact.value[:5] in sentence else stated_value(fact)
        parts.append(f"{unit}的{spec.noun}：{shown}{cites.mark(notice, fact)}")
        starts.append((begun, unit))
        if (days := period_days(fact)) is not None:
            lengths.append((days, unit))
    if not parts:
        return None
    verdicts: list[str] = []
    if len(starts) < 2:
        verdicts.append("缺少其余单位的日期，无法比较。")
    else:
        if spec.target in info.ordered or not (info.orders or info.durations):
            verdicts.append(_order_verdict(spec.noun, starts))
        if info.durations and spec.target == "inspection_period":
            if len(lengths) < 2:
                verdicts.append("缺少其余单位的起止日期，无法比较时长。")
            else:
                lengths.sort()
                (short, s_unit), (long_, l_unit) = lengths[0], lengths[-1]
                verdicts.append(
                    f"时长相同（{say_days(long_)}）。"
                    if short == long_
                    else f"{l_unit}时间更长（{say_days(long_)}，{s_unit}{say_days(short)}）。"
                )
    return "；".join(parts) + "。", "".join(missing) + "".join(verdicts)


_COMMITTEES = {"省委": ("省", "自治区"), "市委": ("市",), "州委": ("州",), "县委": ("县",), "区委": ("区",)}


def committee_of(group: str, unit: str) -> str:
    """The committee a group named without its place belongs to: the unit's own place of that level.

    ``市委第二巡察组`` of a 南安市 unit is 南安市委's; '' when the group names its place or the
    unit's name shows no place of that level.

    >>> committee_of("市委第二巡察组", "中共南安市住房和城乡建设局党组"), committee_of("市委第二巡察组", "中共岚江县教育局党组")
    ('南安市委', '')
    """
    head = group.partition("第")[0]
    levels = _COMMITTEES.get(head)
    if levels is None:
        return ""
    place = next((p for p in reversed(split_places(core_name(unit))) if p.endswith(levels)), "")
    return f"{place}{head[-1]}" if place else ""


def _compare_bodies(
    info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites
) -> tuple[str, str] | None:
    parts: list[str] = []
    missing: list[str] = []
    groups: list[str] = []
    owners: list[str] = []
    for unit, notice, fact in _stated(info, notices, spec):
        if notice is None or fact is None:
            missing.append(f"{unit}的通报未写明{spec.noun}。")
            continue
        parts.append(f"{unit}的{spec.noun}：{fact.value}{cites.mark(notice, fact)}")
        groups.append(normalize_body(fact.value) or fact.value)
        owners.append(committee_of(groups[-1], unit))
    if not parts:
        return None
    if len(groups) < 2:
        verdict = "缺少其余单位的巡察组，无法判断是否同一个组。"
    elif len(set(groups)) == 1 and len(set(owners)) > 1 and all(owners):
        verdict = f"不是同一个巡察组（组名相同，但分属{'、'.join(dict.fromkeys(owners))}）。"
    elif len(set(groups)) == 1:
        verdict = "是同一个巡察组（组名相同；通报未写明是否同一批人员）。"
    else:
        verdict = "不是同一个巡察组。"
    return "；".join(parts) + "。", "".join(missing) + verdict


def _asked_number(info: QuestionInfo, fact: Fact) -> int | None:
    """The count compared: the one the notice states as 具体问题 when the question asks for those.

    >>> q = QuestionInfo("甲和乙反馈的具体问题谁多", UnitMatch(), "compare")
    >>> _asked_number(q, Fact("14", "四大类14个问题", 0, 0, number=14, also=(Fact("28", "28个具体问题", 0, 0, number=28),)))
    28
    """
    if "具体" in info.question and "具体" not in fact.quote:
        return next((a.number for a in fact.also if "具体" in a.quote and a.number is not None), fact.number)
    return fact.number


def _compare_counts(
    info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites
) -> tuple[str, str] | None:
    parts: list[str] = []
    known: list[tuple[int, str]] = []
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        shown = render(spec, mine, cites)
        number = next(
            (_asked_number(info, f) for n in mine if (f := spec.get(n)) is not None and f.number is not None),
            None,
        )
        if shown is None or number is None:
            parts.append(f"{unit}的通报未写明{spec.noun}数量")
        else:
            parts.append(f"{unit}：{shown}")
            known.append((number, unit))
    parts.extend(f"现有通报中没有“{u}”的通报" for u in info.units.unknown)
    if not known:
        return None
    if len(known) < len(parts):
        verdict = "缺少其余单位的数字，无法比较。"
    elif len({k for k, _ in known}) == 1:
        verdict = "数量相同。"
    else:
        (low, low_unit), (high, high_unit) = min(known), max(known)
        verdict = (
            f"{high_unit}更多（多{high - low}）。"
            if len(known) == 2
            else f"{high_unit}最多（{high}），{low_unit}最少（{low}），相差{high - low}。"
        )
        stated = [f for n in notices if n.unit in info.units.units and (f := spec.get(n)) is not None]
        if any(_asked_number(info, f) != f.number for f in stated):
            verdict += "（按各通报所写的具体问题数比较。）"
        elif any(f.also for f in stated):
            verdict += "（按各通报首处表述比较。）"
    return "；".join(parts) + "。", verdict


def _values(
    info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites
) -> tuple[str, str] | None:
    parts: list[str] = []
    missing: list[str] = []
    for unit in info.units.units:
        shown = render(spec, unit_notices(info, notices, unit), cites)
        if shown is None:
            missing.append(f"{unit}的通报未写明{spec.noun}。")
        else:
            parts.append(f"{unit}：{shown}")
    return ("；".join(parts) + "。", "".join(missing)) if parts else None


def compare(info: QuestionInfo, notices: Sequence[Notice], specs: Sequence[Spec]) -> FactsAnswer | None:
    """Facts-table values over several units, each field with the verdict computed from its values.

    Returns None when no field asked is stated for any unit (retrieval answers instead).
    """
    cites = Cites()
    texts: list[str] = []
    computed: list[str] = []
    for spec in specs:
        if spec.target in DATED_FIELDS:
            said = _compare_dates(info, notices, spec, cites)
        elif spec.target == "inspection_body":
            said = _compare_bodies(info, notices, spec, cites)
        elif spec.target in _COUNTED:
            said = _compare_counts(info, notices, spec, cites)
        else:
            said = _values(info, notices, spec, cites)
        if said is None:
            computed.append(f"各单位的通报均未写明{spec.noun}。")
            continue
        texts.append(said[0])
        if said[1]:
            computed.append(said[1])
    if not texts:
        return None
    if info.lags:
        computed.append(lag_verdict(info.units.units, notices))
    warnings = (unknown_note(info),) if info.units.unknown else ()
    return FactsAnswer("\n".join(texts), tuple(cites.items), warnings=warnings, computed="".join(computed))
