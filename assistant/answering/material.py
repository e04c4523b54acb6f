"""What a chat model reads ahead of the retrieved passages: facts rows, problem records, verdicts, asks.

When the facts table (``facts_table.answer_from_facts``) or the problem records
(``problem_answers.answer_from_problems``) can answer a question, the model is given that same
material as numbered passages before the retrieved ones, so that it answers from what the
extractive mode would have said:

* a **facts row** per unit and asked field, ``单位 · 字段：值``, with the notice sentence it was
  read from; the passage is the notice's (citing it resolves to the notice, the sentence as the
  quoted text, as a facts-table citation does);
* a **problem record** per matched problem: number, statement, status as stated, and a row per
  measure as written;
* the **verdict** a comparison computed (``（系统计算）甲更早（…），乙较晚（…），相差N天``), given as a fact.

``asks_of`` lists what the question asks, every unit × ask, for the prompt. ``Material`` keeps
the facts answer and what it covers, so that the reply can be held against it
(``assistant.answering.material_checks``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from assistant.answering.cited_facts import FactsAnswer, sentence_around, unit_notices
from assistant.answering.facts_table import _specs
from assistant.reading.questions import QuestionInfo
from core.normalize import compact
from core.notice_model import Fact, Problem
from core.types import Answer, Chunk, Hit, Notice

MATERIAL_PREFIX = "material:"
"""Chunk ids of material passages start with this (they are not chunks of the index)."""
FACTS_HEADING = "事实表（从通报中读出的字段）"
RECORDS_HEADING = "问题记录（从通报中读出的问题、措施和整改进度）"
VERDICT_TITLE = "系统计算（依据以上各单位通报的数值）"
LIST_ASK = "符合所问条件的全部单位（逐个列出）"
"""The ask of a question for a list of units."""
NOT_STATED = "通报未载明"
"""What the model writes for an ask no passage states."""

Relation = Literal["more", "earlier", "longer"]
"""What a comparison's verdict is about: which unit has more, is earlier, lasts longer."""

_ASK_LABELS = {
    "count": "数量",
    "date": "时间",
    "day": "日期",
    "name": "姓名",
    "who": "是谁",
    "group": "巡察组",
    "career": "任职经历",
    "phone": "电话",
    "address": "地址",
    "email": "电子邮箱",
    "measures": "整改措施",
    "which_unit": "哪些单位",
    "breakdown": "分项情况",
    "rank": "排名",
    "reason": "原因",
    "result": "处理结果",
    "judgement": "评价",
    "ordinal": "第几",
    "outcome": "结果",
    "average": "平均数",
    "exists": "是否存在",
    "duration": "时长",
    "sanction": "处分种类",
    "org": "企业名称",
    "title": "名称",
    "head": "由谁牵头（任组长）",
}
"""How each kind of ask is listed in the prompt (every ``AskKind`` has one)."""


@dataclass(frozen=True)
class Covered:
    """An ask the facts answer covers, and what a reply must say to cover it too."""

    unit: str
    """The unit asked about."""
    label: str
    """The ask, as listed in the prompt."""
    values: tuple[str, ...]
    """What answers it (any one): numbers, dates or values (``fuzzy`` False), or record texts."""
    fuzzy: bool = False
    """True for record texts (a statement, measures): the reply need only share enough words."""


@dataclass(frozen=True)
class Verdict:
    """A comparison computed from the cited values."""

    text: str
    """The verdict as given to the model, ``（系统计算）…``."""
    claims: tuple[tuple[Relation, str], ...]
    """What it says: per relation, the unit with more, earlier, longer ('' when all are alike);
    empty when it could not compare."""
    units: tuple[str, ...]
    """The units compared."""


@dataclass(frozen=True)
class Material:
    """The numbered material of one question, and the facts answer it comes from."""

    hits: tuple[Hit, ...]
    """The material passages, to go ahead of the retrieved ones."""
    facts: FactsAnswer
    """The facts (or problem-records) answer: the fallback."""
    covered: tuple[Covered, ...]
    """What the facts answer covers."""
    verdict: Verdict | None = None
    """The comparison's verdict, when one was computed."""
    quotes: tuple[tuple[str, str, str], ...] = ()
    """Per material chunk id: the notice sentence and the fact's words (for its citation)."""

    def cite_notices(self, answer: Answer, retrieved: Sequence[Hit]) -> Answer:
        """``answer`` with each cited material passage shown as its notice sentence, hits as retrieved."""
        by_id = {cid: (sentence, quote) for cid, sentence, quote in self.quotes}
        citations = tuple(
            replace(c, text=by_id[c.chunk_id][0], quote=by_id[c.chunk_id][1]) if c.chunk_id in by_id else c
            for c in answer.citations
        )
        return replace(answer, citations=citations, hits=tuple(retrieved))


def _label(noun: str) -> str:
    """How a facts-table field is named in the prompt (counted fields say 数量)."""
    if noun == "问题":
        return "反馈问题数量"
    return f"{noun}数量" if noun == "整改措施" or noun.endswith("的问题") else noun


def asks_of(info: QuestionInfo) -> tuple[str, ...]:
    """What the question asks, every unit × ask, as listed in the prompt.

    The facts-table fields asked (in the order asked) when there are any, otherwise the parts of
    a question that asks several things, otherwise its asks' kinds, otherwise the question itself.
    """
    if info.kind == "list":
        return (LIST_ASK,)
    if info.targets and (specs := _specs(info)):
        labels = [_label(s.noun) for s in specs if not s.optional]  # a companion date is said, not asked
        labels += (
            ["整改进展（通报写明的各状态数量）"]
            if any(s.optional and s.target == "status" for s in specs)
            else []
        )
    elif info.terms is not None and info.terms.parts:
        labels = [p.text for p in info.terms.parts]
    elif info.terms is not None and info.terms.asks:
        labels = [_ASK_LABELS[a.kind] + (f"（{a.noun}）" if a.noun else "") for a in info.terms.asks]
    else:
        labels = [info.question]
    labels = list(dict.fromkeys([*labels, *info.open_parts]))  # the parts no field answers, as asked
    if not info.units.units:
        asks = labels
    else:
        asks = [f"{unit}：{label}" for unit in info.units.units for label in labels]
    if info.kind == "compare":
        asks.append("比较结论")
    return tuple(asks)


def format_asks(asks: Sequence[str]) -> str:
    """The asks as the prompt lists them, one numbered line each."""
    return "\n".join(f"{i}. {a}" for i, a in enumerate(asks, 1))


class _Builder:
    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.quotes: list[tuple[str, str, str]] = []
        self.covered: list[Covered] = []

    def row(self, notice: Notice, fact: Fact, text: str, heading: str) -> None:
        cid = f"{MATERIAL_PREFIX}{notice.id}:{len(self.hits) + 1}"
        sentence = sentence_around(notice.text, fact)
        body = text if compact(sentence) in compact(text) else f"{text}\n通报原文：{sentence}"
        chunk = Chunk(
            cid, notice.id, notice.unit, notice.title, notice.source, (heading,), body, fact.start, fact.end
        )
        self.hits.append(Hit(chunk, 1.0, rank=len(self.hits) + 1))
        self.quotes.append((cid, sentence, fact.quote))

    def verdict(self, verdict: Verdict) -> None:
        units = "、".join(verdict.units)
        chunk = Chunk(
            f"{MATERIAL_PREFIX}verdict",
            "",
            units,
            VERDICT_TITLE,
            "系统计算",
            (VERDICT_TITLE,),
            verdict.text,
            0,
            0,
        )
        self.hits.append(Hit(chunk, 1.0, rank=len(self.hits) + 1))


def _values(fact: Fact, shown: str) -> tuple[str, ...]:
    """What a reply must contain to state ``fact``: its number, or its value and dates."""
    if fact.number is not None:
        return (str(fact.number),)
    out = [compact(fact.value), compact(shown)]
    start = str(fact.detail.get("start") or fact.detail.get("iso") or "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
        y, m, d = (int(x) for x in start.split("-"))
        out.append(f"{y}年{m}月{d}日")
    return tuple(v for v in dict.fromkeys(out) if v)


def _facts_rows(info: QuestionInfo, notices: Sequence[Notice], b: _Builder) -> None:
    specs = _specs(info)
    for unit in info.units.units:
        mine = unit_notices(info, notices, unit)
        for spec in specs:
            label = _label(spec.noun)
            values: list[str] = []
            for notice in mine:
                fact = spec.get(notice)
                for f in (fact, *(fact.also if fact else ())):
                    if f is None or not (shown := spec.fmt(f)):
                        continue
                    b.row(notice, f, f"{notice.unit} · {label}：{shown}", FACTS_HEADING)
                    values.extend(_values(f, shown))
            if values:
                b.covered.append(Covered(unit, f"{unit}：{label}", tuple(dict.fromkeys(values))))


def _list_rows(facts: FactsAnswer, b: _Builder) -> None:
    for c in facts.cited:
        b.row(c.notice, c.fact, f"{c.notice.unit} · 符合所问条件：{c.fact.value}", FACTS_HEADING)
        b.covered.append(Covered(c.notice.unit, f"名单中的{c.notice.unit}", (c.notice.unit,), fuzzy=True))


def _all(problems: Sequence[Problem]) -> list[Problem]:
    return [x for p in problems for x in (p, *_all(p.items))]


def _record_rows(facts: FactsAnswer, measures: bool, b: _Builder) -> None:
    """A row per cited problem (number, statement, status as stated) and per cited measure."""
    current: Problem | None = None
    taken: list[str] = []
    for c in facts.cited:
        notice = c.notice
        problem = next(
            (p for p in _all(notice.problems) if p.start == c.fact.start and p.heading == c.fact.quote), None
        )
        if problem is not None:
            if current is not None and taken:
                b.covered.append(Covered(notice.unit, f"{notice.unit}：整改措施", tuple(taken), fuzzy=True))
            current, taken = problem, []
            status = f"；整改进度：{problem.status}" if problem.status else ""
            said = f"（通报原文：{problem.status_quote}）" if problem.status_quote else ""
            number = f"问题{problem.number}" if problem.number else "问题"
            b.row(
                notice,
                c.fact,
                f"{notice.unit} · {number}：{problem.statement or problem.heading}{status}{said}",
                RECORDS_HEADING,
            )
            if not measures:
                b.covered.append(
                    Covered(
                        notice.unit,
                        f"{notice.unit}：{problem.statement or problem.heading}",
                        (problem.statement or problem.heading,),
                        fuzzy=True,
                    )
                )
        else:
            number = f"问题{current.number}" if current is not None and current.number else "该问题"
            b.row(notice, c.fact, f"{notice.unit} · {number}的整改措施：{c.fact.quote}", RECORDS_HEADING)
            taken.append(c.fact.quote)
    if current is not None and taken and facts.cited:
        unit = facts.cited[-1].notice.unit
        b.covered.append(Covered(unit, f"{unit}：整改措施", tuple(taken), fuzzy=True))


_VERDICTS: tuple[tuple[Relation, re.Pattern[str], re.Pattern[str]], ...] = (
    ("more", re.compile(r"^(.+?)(?:更|最)多"), re.compile(r"数量相同")),
    ("earlier", re.compile(r"^(.+?)(?:更|最)早"), re.compile(r"日期相同|是同一天")),
    ("longer", re.compile(r"^(.+?)时间更长"), re.compile(r"时长相同")),
)


def _verdict(info: QuestionInfo, computed: str) -> Verdict:
    """The verdicts ``compare`` computed, read back into what each says and of which unit."""
    units = info.units.units
    claims: list[tuple[Relation, str]] = []
    for said in computed.split("。"):
        if "无法比较" in said:
            continue
        for relation, winner, same in _VERDICTS:
            m = winner.search(said)
            if m and m.group(1) in units:
                claims.append((relation, m.group(1)))
            elif same.search(said):
                claims.append((relation, ""))
    return Verdict(f"（系统计算）{computed}", tuple(dict.fromkeys(claims)), units)


def build_material(info: QuestionInfo, notices: Sequence[Notice], facts: FactsAnswer) -> Material | None:
    """The material of ``facts`` for a chat model (None when it holds nothing to give)."""
    if facts.refused or not facts.cited:
        return None
    b = _Builder()
    verdict = None
    if facts.from_records:
        _record_rows(facts, measures=any("整改措施" in line for line in facts.text.splitlines()), b=b)
    elif info.kind == "list":
        _list_rows(facts, b)
    else:
        _facts_rows(info, notices, b)
        if info.kind == "compare" and facts.computed:
            verdict = _verdict(info, facts.computed)
            b.verdict(verdict)
    if not b.hits:
        return None
    return Material(tuple(b.hits), facts, tuple(b.covered), verdict, tuple(b.quotes))
