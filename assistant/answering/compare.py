"""Comparisons over several units: counts (more / fewer / the same) and dates (earlier, longer).

The values are cited from the facts table; the verdict is computed from them and returned as
``FactsAnswer.computed`` (no passage states it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.answering.cited_facts import Cites, FactsAnswer, Spec, render, unit_notices, unknown_note
from assistant.reading.questions import QuestionInfo
from core.types import Fact, Notice

_LONGER_RE = re.compile(r"长|短|久|天数|时长")


def _date_key(fact: Fact, question: str) -> tuple[int, str] | None:
    """A sortable value of a dated fact: its date, or its duration in days when the question asks."""
    start = str(fact.detail.get("start") or fact.detail.get("iso") or "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
        return None
    if _LONGER_RE.search(question) and "end" in fact.detail:
        a, b = (date.fromisoformat(str(x)) for x in (start, fact.detail["end"]))
        days = (b - a).days + 1
        return days, f"{days}天"
    return date.fromisoformat(start).toordinal(), start


def _compare_dates(info: QuestionInfo, notices: Sequence[Notice], spec: Spec) -> FactsAnswer | None:
    cites = Cites()
    parts: list[str] = []
    missing: list[str] = []
    known: list[tuple[int, str, str]] = []
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        stated = next(((n, f) for n in mine if (f := spec.get(n)) is not None), None)
        key = _date_key(stated[1], info.question) if stated else None
        if stated is None or key is None:
            missing.append(f"{unit}的通报未写明{spec.noun}。")
            continue
        notice, fact = stated
        parts.append(f"{unit}：{spec.noun}{fact.value}{cites.mark(notice, fact)}")
        known.append((key[0], key[1], unit))
    if not known:
        return None
    if len(known) < 2:
        verdict = "缺少其余单位的日期，无法比较。"
    else:
        known.sort()
        if _LONGER_RE.search(info.question):
            longest, shortest = known[-1], known[0]
            verdict = (
                "时长相同。"
                if longest[0] == shortest[0]
                else f"{longest[2]}时间更长（{longest[1]}，{shortest[2]}{shortest[1]}）。"
            )
        elif known[0][0] == known[-1][0]:
            verdict = "日期相同。"
        else:
            verdict = f"{known[0][2]}更早（{known[0][1]}），{known[-1][2]}较晚（{known[-1][1]}）。"
    return FactsAnswer("；".join(parts) + "。", tuple(cites.items), computed="".join(missing) + verdict)


def compare(info: QuestionInfo, notices: Sequence[Notice], spec: Spec) -> FactsAnswer | None:
    """A facts-table value over several units, with the verdict computed from the values."""
    if info.targets and info.targets[0] in ("inspection_period", "feedback_date", "signed"):
        return _compare_dates(info, notices, spec)
    cites = Cites()
    parts: list[str] = []
    known: list[tuple[int, str]] = []
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        shown = render(spec, mine, cites)
        number = next(
            (f.number for n in mine if (f := spec.get(n)) is not None and f.number is not None), None
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
        verdict = f"{max(known)[1]}更多。"
        if any(f.also for n in notices if n.unit in info.units.units and (f := spec.get(n)) is not None):
            verdict += "（按各通报首处表述比较。）"
    warnings = (unknown_note(info),) if info.units.unknown else ()
    return FactsAnswer("；".join(parts) + "。", tuple(cites.items), warnings=warnings, computed=verdict)
