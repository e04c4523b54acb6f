"""Cited facts: the answer record of the facts table and of the problem records, and how facts are cited.

``Cites`` numbers the facts an answer cites (facts in one sentence share a number); ``Spec`` says
how one asked-for fact is read and phrased; ``render`` says it over a unit's notices.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.reading.questions import QuestionInfo
from core.normalize import compact
from core.phrases import CITATION_FORMAT
from core.types import Citation, Fact, Notice

_SENTENCE_END = "。！？!?\n"
_MAX_SENTENCE = 240


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
        page, confidence = n.page_at(self.fact.start)
        return Citation(
            self.n, n.id, n.unit, n.title, n.source, self.sentence, quote=self.fact.quote,
            page=page, ocr_confidence=confidence,
        )  # fmt: skip


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
    computed: str = ""
    """What code derived from the cited values (a comparison's verdict, what a notice does not state):
    shown after ``text``, not claim-checked against the passages (no passage can contain it)."""
    from_records: bool = False
    """True when ``text`` is built only from quoted spans of the notice model and fixed wording."""
    open_parts: tuple[str, ...] = ()
    """Parts of the question the table does not answer (retrieval answers them, or the whole
    question goes to the model)."""

    @property
    def citations(self) -> tuple[Citation, ...]:
        """The cited facts as ``Citation`` records."""
        return tuple(c.to_citation() for c in self.cited)


def said_date(iso: str) -> str:
    """An ISO date or month as the notices write it (``2020-04`` → 2020年4月).

    >>> said_date("2021-01-19"), said_date("2020-04")
    ('2021年1月19日', '2020年4月')
    """
    parts = iso.split("-")
    return f"{parts[0]}年{int(parts[1])}月" + (f"{int(parts[2])}日" if len(parts) > 2 else "")


def as_written(value: str, text: str) -> str:
    """``value`` as ``text`` writes it, when it writes its numbers with leading zeros (``2021年09月09日``).

    >>> as_written("2021年9月9日", "二〇二一年落款：2021年09月09日"), as_written("2021年9月9日", "9月9日")
    ('2021年09月09日', '2021年9月9日')
    """
    if not re.search(r"\d", value):
        return value
    pattern = r"\s*".join(
        rf"0*{re.escape(p)}" if p.isdigit() else re.escape(p) for p in re.findall(r"\d+|\D", value)
    )
    m = re.search(rf"(?<!\d){pattern}(?!\d)", text)
    return m.group(0) if m else value


def stated_value(fact: Fact) -> str:
    """A fact's value as the notice states it: a year the sentence leaves out (inferred) is not said,
    numbers keep the zeros the notice writes.

    >>> stated_value(Fact("2021年2月24日", "2月24日，省委第四巡视组反馈", 0, 0))
    '2月24日'
    >>> stated_value(Fact("2021年9月9日", "2021年09月09日", 0, 0))
    '2021年09月09日'
    """
    year = re.match(r"((?:19|20)\d{2})年", fact.value)
    if (
        year
        and year.group(1) not in fact.quote
        and compact(fact.value[len(year.group(0)) :])[:3] in compact(fact.quote)
    ):
        return as_written(fact.value[len(year.group(0)) :], fact.quote)
    return as_written(fact.value, fact.quote)


def _with_stated_year(value: str, fact: Fact, notice: Notice) -> str:
    """``value`` with the year ``stated_value`` left out put back when the cited sentence states it."""
    if value == fact.value or not fact.value.endswith(value):
        return value
    year = fact.value[: len(fact.value) - len(value)]
    return fact.value if year in sentence_around(notice.text, fact) else value


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


class Cites:
    """Numbers cited facts; facts in the same sentence of the same notice share a number."""

    def __init__(self) -> None:
        self.items: list[FactCitation] = []

    def mark(self, notice: Notice, fact: Fact) -> str:
        """The ``[n]`` marker of ``fact`` (a new number unless its sentence is already cited)."""
        key = (notice.id, sentence_around(notice.text, fact))
        for c in self.items:
            if (c.notice.id, c.sentence) == key:
                return CITATION_FORMAT.format(n=c.n)
        self.items.append(FactCitation(len(self.items) + 1, notice, fact))
        return CITATION_FORMAT.format(n=len(self.items))


@dataclass(frozen=True)
class Spec:
    """How one asked-for fact is read and said."""

    template: str
    """The phrase, ``{v}`` standing for the cited value(s)."""
    noun: str
    """What is counted, for "not stated" sentences."""
    get: Callable[[Notice], Fact | None]
    """Reads the fact from a notice."""
    fmt: Callable[[Fact], str]
    """Says the fact ('' when it states nothing usable)."""
    target: str = ""
    """The facts-table field it reads (``problems``, ``feedback_date`` …)."""
    again: str = ""
    """The question asked of the passages when the table holds no such fact ('' for the field's usual one)."""
    optional: bool = False
    """Said when stated, never missed (one of the status counts an overview asks for, a companion date)."""


def render(spec: Spec, notices: Sequence[Notice], cites: Cites) -> str | None:
    """The spec said over a unit's notices, each distinct value cited; None if none states it."""
    stated = [(n, f) for n in notices if (f := spec.get(n)) is not None and spec.fmt(f)]
    if not stated:
        return None
    parts = []
    for value in dict.fromkeys(spec.fmt(f) for _, f in stated):
        notice, fact = next((n, f) for n, f in stated if spec.fmt(f) == value)
        shown = f"{_with_stated_year(value, fact, notice)}{cites.mark(notice, fact)}"
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


def unit_notices(info: QuestionInfo, notices: Sequence[Notice], unit: str) -> list[Notice]:
    """The notices of ``unit`` (of the year asked, when the question dates the notice)."""
    mine = [n for n in notices if n.unit == unit]
    if info.year is not None and info.notice_year:
        mine = [n for n in mine if _in_year(n, info.year)]
    return mine


def unknown_note(info: QuestionInfo) -> str:
    """The sentence naming the units the question asks about that no notice comes from."""
    names = "、".join(f"“{u}”" for u in info.units.unknown)
    close = f"，相近的单位：{'、'.join(info.units.suggestions)}" if info.units.suggestions else ""
    return f"现有通报中没有{names}的通报{close}。"
