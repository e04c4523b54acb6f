"""Answers read straight from the facts table: counts, lists, comparisons, dates and contacts.

``answer_from_facts`` answers only from facts a notice states, each cited as ``[n]``. When the
table cannot answer (the unit's notice states no such count, the question asks for something
else) it returns None and retrieval answers instead. It never guesses a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.answering.cited_facts import (  # noqa: F401 (FactsAnswer and FactCitation re-exported)
    Cites,
    FactCitation,
    FactsAnswer,
    Spec,
    render,
    said_date,
    sentence_around,
    stated_value,
    unit_notices,
    unknown_note,
)
from assistant.answering.compare import compare, lag_verdict, period_days, say_days
from assistant.answering.fact_words import (
    asks_a_total,
    count_text,
    names_a_matter,
    of_matter,
    overall_status,
    status_text,
    with_status,
)
from assistant.reading.questions import STATUS_OVERVIEW, QuestionInfo, normalize_body, status_keys
from core.normalize import compact
from core.phrases import CANNOT_ANSWER
from core.types import Fact, Notice

_CONTACT_LABELS = {"phone": "电话", "email": "电子邮箱", "address": "通信地址", "mailbox": "信箱"}


def body_matches(value: str, wanted: str) -> bool:
    """Whether an inspection-body fact names the group asked for (ordinal, kind and level agree).

    >>> body_matches("十三届区委第二巡察组", "区委第二巡察组"), body_matches("市委第二巡察组", "区委第二巡察组")
    (True, False)
    """
    a, b = normalize_body(value), normalize_body(wanted)
    if a is None or b is None:
        return bool(compact(wanted)) and compact(wanted) in compact(value)
    head_a, _, tail_a = a.rpartition("第")
    head_b, _, tail_b = b.rpartition("第")
    return tail_a == tail_b and (
        not head_a or not head_b or head_a.endswith(head_b) or head_b.endswith(head_a)
    )


_value = stated_value


def _counted(noun: str) -> Callable[[Fact], str]:
    return lambda f: count_text(f, noun)


def _contact(key: str) -> Callable[[Notice], Fact | None]:
    return lambda notice: notice.facts.contact.get(key)


def _status(key: str, thing: str = "问题") -> Callable[[Notice], Fact | None]:
    """The status count filed under ``key``, or one whose own words say ``key`` (已整改完成并长期坚持).

    The counts are of problems: asked of measures or tasks (47项措施完成了多少), only a count whose
    own sentence names them answers.
    """

    def get(notice: Notice) -> Fact | None:
        found = notice.facts.status
        fact = found.get(key) or next((f for f in found.values() if key in status_keys(f.quote)), None)
        noun = thing.removeprefix("整改")
        return fact if fact is None or thing == "问题" or noun in fact.quote else None

    return get


_THINGS = (("问题", "问题"), ("任务", "整改任务"), ("措施", "整改措施"))


def _status_thing(question: str) -> str:
    """What a status count is asked of: the noun of the clause asking it, or of the clause before.

    >>> _status_thing("反馈了多少个问题？整改措施定了多少条，完成了多少？"), _status_thing("16个问题改完了几个")
    ('整改措施', '问题')
    >>> _status_thing("整改措施定了多少条？到通报时整改到位的有几个？")
    '问题'

    """
    pieces = [p for p in re.split(r"[？?，,；;。]", question) if p]
    at = next((i for i, p in enumerate(pieces) if status_keys(p)), None)
    for n, piece in enumerate([] if at is None else [pieces[at], pieces[at - 1] if at else ""]):
        for word, thing in _THINGS:
            if word in piece:
                return thing
        if n == 0 and re.search(r"[几多少]个", piece):
            return "问题"  # 整改到位的有几个: problems are counted in 个
    return next((thing for word, thing in _THINGS if word in question), "问题")


def _specs(info: QuestionInfo) -> list[Spec]:
    out: list[Spec] = []
    for target in info.targets:
        if target == "problems":
            out.append(Spec("反馈{v}", "问题", lambda n: n.facts.problems, _counted("问题"), target))
        elif target == "measures":
            out.append(Spec("制定整改措施{v}", "整改措施", lambda n: n.facts.measures, _counted(""), target))
        elif target == "status":
            overview = info.statuses == STATUS_OVERVIEW
            thing = _status_thing(info.question)
            whole = len(info.statuses) >= 2 or info.statuses == (
                "已完成",
            )  # 完成了多少: 基本完成 beside it too
            rest = (
                tuple(k for k in STATUS_OVERVIEW if k not in info.statuses) if whole and not overview else ()
            )
            if overview and not names_a_matter(
                info.terms.text if info.terms else info.question
            ):  # no counts: the notice's words
                out.append(
                    Spec(
                        "整改进度：{v}", "整改进度", overall_status, lambda f: f.quote, target, optional=True
                    )
                )
            for key in (
                *info.statuses,
                *rest,
            ):  # a breakdown asked in part is said whole (其余 stated counts)
                again = (
                    f"{key}的{thing}有多少"
                    if key == "未完成" or key.startswith("已")
                    else f"{key}整改的{thing}有多少"
                )
                out.append(
                    Spec(
                        key + "{v}",
                        key + "的问题",
                        _status(key, thing),
                        status_text,
                        target,
                        again,
                        overview or key in rest,
                    )
                )
        elif target == "contact":
            for key in info.contacts:
                label = _CONTACT_LABELS[key]
                out.append(Spec(label + "：{v}", label, _contact(key), _value, target))
        elif target == "money":  # a body sum: of the matter the question names, if it names one
            label, get = _DATED[target]
            out.append(Spec(label + "：{v}", label, of_matter(get, info), _value, target))
        elif target in _DATED:
            label, get = _DATED[target]
            quoted = target in ("round", "kind")  # normalized values (届 without 第) are not in the passage
            out.append(Spec(label + "：{v}", label, get, (lambda f: f.quote) if quoted else _value, target))
            if (
                target == "inspection_period"
                and "feedback_date" not in info.targets
                and info.kind != "compare"
            ):
                label, get = _DATED["feedback_date"]  # an inspection's time is its period and its feedback
                out.append(Spec(label + "：{v}", label, get, _value, "feedback_date", optional=True))
        elif target in _OUTCOME_COUNTS:
            noun, get = _OUTCOME_COUNTS[target]
            out.append(Spec("{v}", noun, get, lambda f: f.quote, target))
    return out


_DATED: dict[str, tuple[str, Callable[[Notice], Fact | None]]] = {
    "inspection_period": ("巡察时间", lambda n: n.facts.inspection_period),
    "inspection_body": ("巡察组", lambda n: n.facts.inspection_body),
    "feedback_date": ("反馈时间", lambda n: n.facts.feedback_date),
    "signed": ("通报日期", lambda n: n.facts.signed),
    "round": ("巡察轮次", lambda n: n.facts.round),
    "kind": ("巡察类型", lambda n: n.facts.kind),
    "money": ("追回或退还资金", lambda n: n.facts.money),
}
_ASK_AGAIN: dict[str, str] = {
    "problems": "反馈了多少个问题",
    "measures": "制定了多少条整改措施",
    "status": "问题整改完成了多少",
    "inspection_period": "什么时候被巡察",
    "inspection_body": "是哪个巡察组巡察的",
    "feedback_date": "巡察组是哪天反馈的",
    "signed": "通报是哪天发布的",
    "round": "是第几轮巡察",
    "kind": "是什么类型的巡察",
    "contact": "监督电话和通信地址是什么",
}
"""A field the table did not read for one unit, asked again of the passages (in the notice's words)."""
_OUTCOME_COUNTS: dict[str, tuple[str, Callable[[Notice], Fact | None]]] = {
    "immediate_fixes": ("立行立改问题数", with_status(lambda n: n.facts.immediate_fixes)),
    "clues": ("问题线索数", lambda n: n.facts.clues),
    "people": ("处理人数", lambda n: n.facts.people),
    "rules": ("制度数", lambda n: n.facts.rules),
}
"""Outcome counts are said in the notice's own words (the quote holds the verb and the counter)."""


def _list_fact(info: QuestionInfo, notice: Notice) -> Fact | None:
    """The fact that puts ``notice`` on the list (None if any asked criterion fails)."""
    f = notice.facts
    chosen: list[Fact] = []
    if info.inspection_body:
        bodies = [f.inspection_body, *f.inspection_body.also] if f.inspection_body else []
        body = next((x for x in bodies if body_matches(x.value, info.inspection_body)), None)
        if body is None:
            return None
        chosen.append(body)
    if info.committee and not info.inspection_body:
        bodies = [f.inspection_body, *f.inspection_body.also] if f.inspection_body else []
        body = next((x for x in bodies if info.committee in x.value), None)
        if body is None:
            return None
        chosen.append(body)
    if info.list_kind is not None:
        if f.kind is None or info.list_kind not in f.kind.value:
            return None
        chosen.append(f.kind)
    if info.list_date is not None and info.list_field is not None:
        dated = getattr(f, info.list_field)
        iso = str((dated.detail.get("start") or dated.detail.get("iso") or "") if dated is not None else "")
        if dated is None or not iso.startswith(info.list_date):
            return None
        chosen.append(dated)
    elif info.year is not None:
        dated = f.inspection_period or f.feedback_date
        if dated is None or f"{info.year}年" not in dated.value:
            return None
        chosen.append(dated)
    if info.level is not None:
        if f.level is None or f.level.value != info.level:
            return None
        chosen.append(f.level)
    return chosen[0] if chosen else None


def _kind_words(kind: str) -> str:
    return "巡察“回头看”" if kind == "回头看" else f"{kind}巡察"


def _criteria(info: QuestionInfo) -> str:
    """What a list selects by, in words (``2018年被巡察``, ``接受回头看``)."""
    said = []
    if info.list_kind:
        said.append(f"接受{_kind_words(info.list_kind)}")
    if info.list_date:
        said.append(
            f"{said_date(info.list_date)}{'收到反馈' if info.list_field == 'feedback_date' else '被巡察'}"
        )
    elif info.year is not None:
        said.append(f"{info.year}年被巡察")
    if info.inspection_body or info.committee:
        said.append(f"由{info.inspection_body or info.committee + '巡察组'}巡察")
    if info.level and not said:
        said.append(f"接受{info.level}")
    return "、".join(said) or "所问条件"


def _list(info: QuestionInfo, notices: Sequence[Notice]) -> FactsAnswer | None:
    cites = Cites()
    picked: dict[str, str] = {}
    for n in notices:
        fact = _list_fact(info, n)
        if fact is not None and n.unit and n.unit not in picked:
            picked[n.unit] = f"{n.unit}{cites.mark(n, fact)}"
    if not picked:
        return FactsAnswer(
            CANNOT_ANSWER, refused=True, warnings=(f"现有通报中没有{_criteria(info)}的单位。",)
        )
    kind = info.level or ("巡视" if info.inspection_body and "巡视" in info.inspection_body else "巡察")
    year = f"{info.year}年" if info.year is not None else ""
    if info.list_date is not None:
        field = {"feedback_date": "收到反馈", "signed": "发布通报"}.get(info.list_field or "", "开始被巡察")
        return FactsAnswer(
            f"{said_date(info.list_date)}{field}的单位：{'、'.join(picked.values())}。",
            tuple(cites.items),
            computed=f"共{len(picked)}个。",
        )
    if info.list_kind is not None and not (
        info.inspection_body or info.committee or info.year or info.list_date
    ):
        return FactsAnswer(
            f"通报写明接受{_kind_words(info.list_kind)}的单位：{'、'.join(picked.values())}。",
            tuple(cites.items),
            computed=f"共{len(picked)}个。",
        )
    group = info.inspection_body or (f"{info.committee}{kind}组" if info.committee else "")
    by = f"由{group}{kind}" if group else f"被{kind}"
    return FactsAnswer(
        f"{year}{by}的单位：{'、'.join(picked.values())}。",
        tuple(cites.items),
        computed=f"共{len(picked)}个。",
    )


_TOTALS = frozenset(("problems", "measures"))
"""Fields the notice states as its own totals (反馈问题N个, 制定整改措施N条)."""


def _total_unstated(info: QuestionInfo, missing: Sequence[Spec], parts: Sequence[str]) -> bool:
    """Whether one unit's total of problems or measures is all the question asks and the notice
    states none: a count of one matter's measures elsewhere in it (人防科室…制定解决措施16项) is not it."""
    return (
        len(info.units.units) == 1
        and not any(parts)
        and bool(missing)
        and all(spec.target in _TOTALS for spec in missing)
        and asks_a_total(info.terms.text if info.terms is not None else info.question)
    )


def answer_from_facts(info: QuestionInfo, notices: Sequence[Notice]) -> FactsAnswer | None:
    """Answer from the facts table, or None when it cannot.

    Args:
        info: The analysed question (``assistant.reading.questions.analyze``).
        notices: Every indexed notice (or at least those of the units named).

    Returns:
        The answer with its cited facts; a refusal when the question asks for the counts of a
        unit no notice comes from; None when the facts do not answer (retrieval answers instead).
    """
    if info.kind == "list":
        return _list(info, notices)
    if info.terms is not None and any(a.kind == "breakdown" and a.counter != "part" for a in info.terms.asks):
        return (
            None  # the parts of a total the question quotes (那7个问题里有几个…): the passages, not the table
        )
    specs = _specs(info)
    if not specs:
        return None
    if info.kind in ("count", "compare") and info.units.unknown and not info.units.matched:
        return FactsAnswer(CANNOT_ANSWER, refused=True, warnings=(unknown_note(info),))
    if not info.units.matched:
        return None
    if info.kind == "compare":
        found = compare(info, notices, specs)
        return replace(found, open_parts=info.open_parts) if found is not None else None
    cites = Cites()
    lines = []
    computed = []
    unread: list[str] = []
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        parts = [render(spec, mine, cites) for spec in specs]
        missing = [spec for spec, p in zip(specs, parts, strict=True) if not p and not spec.optional]
        required = [spec for spec in specs if not spec.optional]
        if _total_unstated(info, missing, parts):
            nouns = "、".join(spec.noun for spec in missing)
            return FactsAnswer(CANNOT_ANSWER, refused=True, warnings=(f"通报未载明{unit}的{nouns}总数。",))
        if not any(parts) or (missing and (len(info.units.units) > 1 or len(missing) == len(required))):
            return None  # retrieval may find what the facts table did not read; it answers every part
        unread += [spec.again or _ASK_AGAIN.get(spec.target, f"{spec.noun}是什么") for spec in missing]
        lines.append(f"{unit}：{'；'.join(p for p in parts if p)}。")
        if info.durations and "inspection_period" in info.targets:
            days = next(
                (
                    d
                    for n in mine
                    if n.facts.inspection_period and (d := period_days(n.facts.inspection_period))
                ),
                None,
            )
            if days is not None:
                computed.append(f"{unit}巡察时长{say_days(days)}（按起止日期计算）。")
    if info.lags:
        computed.append(lag_verdict(info.units.units, notices))
    warnings = (f"“{info.units.surface}”对应多个单位，已分别作答。",) if info.units.ambiguous else ()
    return FactsAnswer(
        "\n".join(lines),
        tuple(cites.items),
        warnings=warnings,
        computed="".join(computed),
        open_parts=tuple(dict.fromkeys((*info.open_parts, *unread))),
    )
