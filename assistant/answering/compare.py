"""Comparisons over several units: counts (more / fewer / the same), dates (earlier, longer), groups (the same?).

The values are cited from the facts table; the verdicts are computed from them and returned as
``FactsAnswer.computed`` (no passage states them). A question may compare several fields at once
(``谁先被巡察？谁先收到反馈？是同一个组吗？``): each field asked gets its values and its verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.answering.cited_facts import Cites, FactsAnswer, Spec, render, said_date, sentence_around, stated_value, unit_notices, unknown_note
from assistant.reading.questions import DATED_FIELDS, QuestionInfo, normalize_body
from core.types import Fact, Notice

_COUNTED = ("problems", "measures", "status")
_MONTH = 30.44


def period_days(fact: Fact) -> int | None:
    """The days an inspection period runs, both ends counted (None without both dates).

    >>> period_days(Fact("2020年8月3日至9月3日", "", 0, 0, detail={"start": "2020-08-03", "end": "2020-09-03"}))
    32
    """
    start, end = (str(fact.detail.get(k) or "") for k in ("start", "end"))
    try:
        return (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    except ValueError:
        return None


def say_days(days: int) -> str:
    """A duration as people say it: whole months when it is close to them, and the days.

    >>> say_days(32), say_days(61), say_days(45)
    ('约1个月（32天）', '约2个月（61天）', '45天')
    """
    months = round(days / _MONTH)
    if months >= 1 and abs(days - months * _MONTH) <= 3:
        return f"约{months}个月（{days}天）"
    return f"{days}天"


def _start(fact: Fact) -> date | None:
    value = str(fact.detail.get("start") or fact.detail.get("iso") or "")
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _stated(info: QuestionInfo, notices: Sequence[Notice], spec: Spec) -> list[tuple[str, Notice | None, Fact | None]]:
    out: list[tuple[str, Notice | None, Fact | None]] = []
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        found = next(((n, f) for n in mine if (f := spec.get(n)) is not None), None)
        out.append((unit, *found) if found else (unit, None, None))
    return out


def _compare_dates(info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites) -> tuple[str, str] | None:
    parts: list[str] = []
    missing: list[str] = []
    starts: list[tuple[date, str]] = []
    lengths: list[tuple[int, str]] = []
    for unit, notice, fact in _stated(info, notices, spec):
        begun = _start(fact) if fact is not None else None
        if notice is None or fact is None or begun is None:
            missing.append(f"{unit}的通报未写明{spec.noun}。")
            continue
        shown = fact.value if fact.value[:5] in sentence_around(notice.text, fact) else stated_value(fact)
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
        if info.orders or not info.durations:
            starts.sort()
            first, last = starts[0], starts[-1]
            verdicts.append(
                f"{spec.noun}日期相同。"
                if first[0] == last[0]
                else f"{first[1]}更早（{said_date(first[0].isoformat())}），{last[1]}较晚（{said_date(last[0].isoformat())}），"
                f"相差{(last[0] - first[0]).days}天。"
            )
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


def _compare_bodies(info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites) -> tuple[str, str] | None:
    parts: list[str] = []
    missing: list[str] = []
    groups: list[str] = []
    for unit, notice, fact in _stated(info, notices, spec):
        if notice is None or fact is None:
            missing.append(f"{unit}的通报未写明{spec.noun}。")
            continue
        parts.append(f"{unit}的{spec.noun}：{fact.value}{cites.mark(notice, fact)}")
        groups.append(normalize_body(fact.value) or fact.value)
    if not parts:
        return None
    if len(groups) < 2:
        verdict = "缺少其余单位的巡察组，无法判断是否同一个组。"
    elif len(set(groups)) == 1:
        verdict = "是同一个巡察组（组名相同；通报未写明是否同一批人员）。"
    else:
        verdict = "不是同一个巡察组。"
    return "；".join(parts) + "。", "".join(missing) + verdict


def _compare_counts(info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites) -> tuple[str, str] | None:
    parts: list[str] = []
    known: list[tuple[int, str]] = []
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        shown = render(spec, mine, cites)
        number = next((f.number for n in mine if (f := spec.get(n)) is not None and f.number is not None), None)
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
        verdict = f"{high_unit}更多（多{high - low}）。"
        if any(f.also for n in notices if n.unit in info.units.units and (f := spec.get(n)) is not None):
            verdict += "（按各通报首处表述比较。）"
    return "；".join(parts) + "。", verdict


def _values(info: QuestionInfo, notices: Sequence[Notice], spec: Spec, cites: Cites) -> tuple[str, str] | None:
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
    warnings = (unknown_note(info),) if info.units.unknown else ()
    return FactsAnswer("\n".join(texts), tuple(cites.items), warnings=warnings, computed="".join(computed))
