"""Answers read straight from the facts table: counts, lists, comparisons, dates and contacts.

``answer_from_facts`` answers only from facts a notice states, each cited as ``[n]``. When the
table cannot answer (the unit's notice states no such count, the question asks for something
else) it returns None and retrieval answers instead. It never guesses a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.reading.questions import QuestionInfo, normalize_body, status_keys
from core.normalize import compact
from core.phrases import CANNOT_ANSWER, CITATION_FORMAT
from core.types import Citation, Fact, Notice

_SENTENCE_END = "。！？!?\n"
_MAX_SENTENCE = 240
_CONTACT_LABELS = {"phone": "电话", "email": "电子邮箱", "address": "通信地址", "mailbox": "信箱"}
_COUNT_UNIT_RE = re.compile(r"\d+\s*(条|项|个|件)")


@dataclass(frozen=True)
class FactCitation:
    """A fact an answer cites, with the notice it was read from."""

    n: int
    """The number used as ``[n]`` in the answer."""
    notice: Notice
    """The notice stating the fact."""
    fact: Fact
    """The fact (``fact.start``/``fact.end`` locate ``fact.quote`` in ``notice.text``)."""

    @property
    def sentence(self) -> str:
        """The sentence of ``notice.text`` around the fact (the quote itself if it cannot be located)."""
        return sentence_around(self.notice.text, self.fact)

    def to_citation(self) -> Citation:
        """The ``Citation`` record: the sentence as ``text``, the fact's words as ``quote``."""
        n = self.notice
        return Citation(self.n, n.id, n.unit, n.title, n.source, self.sentence, quote=self.fact.quote)


@dataclass(frozen=True)
class FactsAnswer:
    """An answer from the facts table."""

    text: str
    """Chinese answer with ``[n]`` markers (or the refusal sentence)."""
    cited: tuple[FactCitation, ...] = ()
    """The facts cited, in the order of their numbers."""
    refused: bool = False
    """True when the notices cannot answer (e.g. no notice of the unit asked about exists)."""
    warnings: tuple[str, ...] = ()
    """Visible notices for the user (unknown unit and close names)."""

    @property
    def citations(self) -> tuple[Citation, ...]:
        """The cited facts as ``Citation`` records."""
        return tuple(c.to_citation() for c in self.cited)


def sentence_around(text: str, fact: Fact) -> str:
    """The sentence of ``text`` holding ``fact`` (bounded by 。！？ or a line break).

    >>> sentence_around("一是开会。共反馈问题5个。二是整改。", Fact("5个", "反馈问题5个", 6, 12))
    '共反馈问题5个。'
    """
    start, end = fact.start, fact.end
    if text[start:end] != fact.quote:
        start = text.find(fact.quote)
        if start < 0 or not fact.quote:
            return fact.quote
        end = start + len(fact.quote)
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    left, right = max(left, start - _MAX_SENTENCE // 2), min(right, end + _MAX_SENTENCE // 2)
    return text[left:right].strip()


class _Cites:
    """Numbers cited facts; facts in the same sentence of the same notice share a number."""

    def __init__(self) -> None:
        self.items: list[FactCitation] = []

    def mark(self, notice: Notice, fact: Fact) -> str:
        key = (notice.id, sentence_around(notice.text, fact))
        for c in self.items:
            if (c.notice.id, c.sentence) == key:
                return CITATION_FORMAT.format(n=c.n)
        self.items.append(FactCitation(len(self.items) + 1, notice, fact))
        return CITATION_FORMAT.format(n=len(self.items))


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


def _count_text(fact: Fact, noun: str) -> str:
    if fact.number is None:
        return ""
    aspects = fact.detail.get("aspects")
    unit = m.group(1) if (m := _COUNT_UNIT_RE.search(fact.quote)) else "个"
    return f"{aspects}个方面{fact.number}{unit}{noun}" if aspects else f"{fact.number}{unit}{noun}"


@dataclass(frozen=True)
class _Spec:
    """How one asked-for fact is read and said."""

    template: str
    """The phrase, ``{v}`` standing for the cited value(s)."""
    noun: str
    """What is counted, for "not stated" sentences."""
    get: Callable[[Notice], Fact | None]
    """Reads the fact from a notice."""
    fmt: Callable[[Fact], str]
    """Says the fact ('' when it states nothing usable)."""


def _value(fact: Fact) -> str:
    return fact.value


def _counted(noun: str) -> Callable[[Fact], str]:
    return lambda f: _count_text(f, noun)


def _contact(key: str) -> Callable[[Notice], Fact | None]:
    return lambda notice: notice.facts.contact.get(key)


def _status(key: str) -> Callable[[Notice], Fact | None]:
    """The status count filed under ``key``, or one whose own words say ``key`` (已整改完成并长期坚持)."""

    def get(notice: Notice) -> Fact | None:
        found = notice.facts.status
        return found.get(key) or next((f for f in found.values() if key in status_keys(f.quote)), None)

    return get


def _specs(info: QuestionInfo) -> list[_Spec]:
    out: list[_Spec] = []
    for target in info.targets:
        if target == "problems":
            out.append(_Spec("反馈{v}", "问题", lambda n: n.facts.problems, _counted("问题")))
        elif target == "measures":
            out.append(_Spec("制定整改措施{v}", "整改措施", lambda n: n.facts.measures, _counted("")))
        elif target == "status":
            for key in info.statuses:
                out.append(_Spec(key + "{v}", key + "的问题", _status(key), _counted("")))
        elif target == "contact":
            for key in info.contacts:
                label = _CONTACT_LABELS[key]
                out.append(_Spec(label + "：{v}", label, _contact(key), _value))
        elif target in _DATED:
            label, get = _DATED[target]
            out.append(_Spec(label + "：{v}", label, get, _value))
    return out


_DATED: dict[str, tuple[str, Callable[[Notice], Fact | None]]] = {
    "inspection_period": ("巡察时间", lambda n: n.facts.inspection_period),
    "inspection_body": ("巡察组", lambda n: n.facts.inspection_body),
    "feedback_date": ("反馈时间", lambda n: n.facts.feedback_date),
    "signed": ("通报日期", lambda n: n.facts.signed),
}


def _render(spec: _Spec, notices: Sequence[Notice], cites: _Cites) -> str | None:
    """The spec said over a unit's notices, each distinct value cited; None if none states it."""
    stated = [(n, f) for n in notices if (f := spec.get(n)) is not None and spec.fmt(f)]
    if not stated:
        return None
    parts = []
    for value in dict.fromkeys(spec.fmt(f) for _, f in stated):
        notice, fact = next((n, f) for n, f in stated if spec.fmt(f) == value)
        shown = f"{value}{cites.mark(notice, fact)}"
        if len({spec.fmt(f) for _, f in stated}) > 1 and notice.title:
            shown += f"（{notice.title}）"
        others = [f"{spec.fmt(a)}{cites.mark(notice, a)}" for a in fact.also if spec.fmt(a)]
        parts.append(shown + (f"（通报另一处写作{'、'.join(others)}）" if others else ""))
    return spec.template.format(v="、".join(parts))


def _in_year(notice: Notice, year: int) -> bool:
    f = notice.facts
    dated = [x for x in (f.signed, f.feedback_date, f.inspection_period) if x is not None]
    isos = [str(v) for x in dated for v in x.detail.values()]
    return (
        any(f"{year}年" in x.value for x in dated)
        or any(v.startswith(f"{year}-") for v in isos)
        or f"{year}年" in compact(notice.title)
    )


def _unit_notices(info: QuestionInfo, notices: Sequence[Notice], unit: str) -> list[Notice]:
    mine = [n for n in notices if n.unit == unit]
    if info.year is not None and info.notice_year:
        mine = [n for n in mine if _in_year(n, info.year)]
    return mine


def _unknown_note(info: QuestionInfo) -> str:
    names = "、".join(f"“{u}”" for u in info.units.unknown)
    close = f"，相近的单位：{'、'.join(info.units.suggestions)}" if info.units.suggestions else ""
    return f"现有通报中没有{names}的通报{close}。"


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
    if info.year is not None:
        dated = f.inspection_period or f.feedback_date
        if dated is None or f"{info.year}年" not in dated.value:
            return None
        chosen.append(dated)
    if info.level is not None:
        if f.level is None or f.level.value != info.level:
            return None
        chosen.append(f.level)
    return chosen[0] if chosen else None


def _list(info: QuestionInfo, notices: Sequence[Notice]) -> FactsAnswer | None:
    cites = _Cites()
    picked: dict[str, str] = {}
    for n in notices:
        fact = _list_fact(info, n)
        if fact is not None and n.unit and n.unit not in picked:
            picked[n.unit] = f"{n.unit}{cites.mark(n, fact)}"
    if not picked:
        return None
    kind = info.level or ("巡视" if info.inspection_body and "巡视" in info.inspection_body else "巡察")
    year = f"{info.year}年" if info.year is not None else ""
    by = f"由{info.inspection_body}{kind}" if info.inspection_body else f"被{kind}"
    return FactsAnswer(
        f"{year}{by}的单位有{len(picked)}个：{'、'.join(picked.values())}。", tuple(cites.items)
    )


def _compare(info: QuestionInfo, notices: Sequence[Notice]) -> FactsAnswer | None:
    spec = _specs(info)[0]
    cites = _Cites()
    parts: list[str] = []
    known: list[tuple[int, str]] = []
    for unit in info.units.units:
        mine = _unit_notices(info, notices, unit)
        shown = _render(spec, mine, cites)
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
    warnings = (_unknown_note(info),) if info.units.unknown else ()
    return FactsAnswer("；".join(parts) + "。" + verdict, tuple(cites.items), warnings=warnings)


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
    specs = _specs(info)
    if not specs:
        return None
    if info.kind in ("count", "compare") and info.units.unknown and not info.units.matched:
        return FactsAnswer(CANNOT_ANSWER, refused=True, warnings=(_unknown_note(info),))
    if not info.units.matched:
        return None
    if info.kind == "compare":
        return _compare(info, notices)
    cites = _Cites()
    lines = []
    for unit in info.units.units:
        mine = _unit_notices(info, notices, unit)
        parts = [_render(spec, mine, cites) for spec in specs]
        if any(p is None for p in parts):
            return None
        lines.append(f"{unit}：{'；'.join(p for p in parts if p)}。")
    warnings = (f"“{info.units.surface}”对应多个单位，已分别作答。",) if info.units.ambiguous else ()
    return FactsAnswer("\n".join(lines), tuple(cites.items), warnings=warnings)
