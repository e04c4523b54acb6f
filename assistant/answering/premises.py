"""Premises a question takes for granted, checked against the notices of the units it names.

A question can rest on a premise the notices contradict: a year (``2022年被巡察时…`` for a unit
inspected in 2019), the kind of inspection (``巡视`` of a unit whose notice reports a 巡察), or the
inspecting group (``市委第三巡察组`` for a unit the second group inspected). Answering it from a
loosely related passage would mislead; the flow refuses instead and names the contradiction.
Only what the notices state is checked: a unit whose notice does not state the fact passes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.cited_facts import unit_notices
from assistant.answering.unmet import stated_years
from assistant.reading.questions import QuestionInfo, normalize_body
from core.normalize import compact
from core.types import Notice

_BODY_MATCH_RE = re.compile(r"第([一二三四五六七八九十\d]+)")
_BODY_LEVEL_RE = re.compile(
    r"(中央|省委|市委|区委|县委|州委|区党委)(?:哪个|哪一个|第几|第?[一二三四五六七八九十\d]*)(巡察|巡视)(?:[一二三四五六七八九十\d]*)组"
)
"""The committee whose group inspected (``区委第几巡察组`` → 区委)."""


def _years(notice: Notice) -> set[int]:
    f = notice.facts
    found: set[int] = set()
    for fact in (f.inspection_period, f.feedback_date):
        if fact is None:
            continue
        found.update(
            int(y)
            for y in re.findall(r"((?:19|20)\d{2})", fact.value + " ".join(map(str, fact.detail.values())))
        )
    return found


_ABOUT_THE_INSPECTION_RE = re.compile(
    r"被巡视|接受(?:了|的)?(?:是)?(?:中央|省委|市委|区委|县委)?巡视|巡视组|开展(?:了)?巡视|巡视(?:的)?(?:时间|期间)|什么时候巡视"
    r"|巡视(?:整改|反馈|意见)"
)


_REPORTS_A_XUNSHI_RE = re.compile(r"(?<!对)巡视(?!巡察|工作)[^。，,；;]{0,8}(?:反馈|整改|意见)")
"""A 巡察 notice that also reports on a 巡视's feedback (省委巡视涵江反馈的44个意见)."""


def _level_word(question: str) -> str | None:
    """巡视 when the question says the unit was 巡视-ed (巡察 is said casually of both kinds)."""
    q = compact(question).replace("巡视巡察", "").replace("巡察巡视", "")
    return "巡视" if "巡察" not in q and _ABOUT_THE_INSPECTION_RE.search(q) else None


def contradicted_premise(info: QuestionInfo, notices: Sequence[Notice]) -> str | None:
    """The sentence naming a premise of the question that the named units' notices contradict, or None.

    Checked per named unit: a year later than any the notice mentions, the inspection year (when the
    question dates the inspection), the level
    (a question that says 巡视 of a unit whose notice is a 巡察), and the inspecting group.
    """
    if not info.units.matched:
        return None
    for unit in info.units.units:
        mine = [n for n in notices if n.unit == unit]
        if not mine:
            continue
        if info.year is not None and info.notice_year:
            years = set().union(*(_years(n) for n in mine))
            if years and info.year not in years:
                shown = "、".join(f"{y}年" for y in sorted(years))
                return f"{unit}的通报记载的巡察时间在{shown}，不是{info.year}年。"
        latest = max((int(y) for n in mine for y in stated_years(n.text)), default=None)
        if info.year is not None and latest is not None and info.year > latest:
            return f"{unit}的通报所记事项最晚到{latest}年，没有{info.year}年的情况。"
        level = _level_word(info.question)
        stated = {n.facts.level.value for n in mine if n.facts.level is not None}
        reported = any(
            _REPORTS_A_XUNSHI_RE.search(n.text) for n in mine
        )  # a 巡察 notice may report on a 巡视 too
        if level and stated and level not in stated and not reported:
            return f"{unit}的通报记载的是{'、'.join(sorted(stated))}，不是{level}。"
        asked_level = _BODY_LEVEL_RE.search(compact(info.question))
        bodies = [n.facts.inspection_body.value for n in mine if n.facts.inspection_body is not None]
        stated_levels = {m.group(1) for b in bodies if (m := _BODY_LEVEL_RE.search(b))}
        said = asked_level.group(0) if asked_level else compact(info.inspection_body or "")
        reported = bool(said) and any(
            said in compact(n.text) for n in mine
        )  # 省委第六巡视组反馈的…: reported too
        if asked_level and stated_levels and asked_level.group(1) not in stated_levels and not reported:
            names = "、".join(dict.fromkeys(bodies))
            return (
                f"{unit}的通报记载的巡察组是{names}，不是{asked_level.group(1)}的{asked_level.group(2)}组。"
            )
        if info.inspection_body and not reported:
            bodies = [
                n.facts.inspection_body for n in unit_notices(info, mine, unit) if n.facts.inspection_body
            ]
            asked = _BODY_MATCH_RE.search(normalize_body(info.inspection_body) or "")
            if bodies and asked:
                ordinals = {
                    m.group(1) for b in bodies for x in (b, *b.also) if (m := _BODY_MATCH_RE.search(x.value))
                }
                if ordinals and asked.group(1) not in ordinals:
                    names = "、".join(dict.fromkeys(b.value for b in bodies))
                    return f"{unit}的通报记载的巡察组是{names}，不是{info.inspection_body}。"
    return None
