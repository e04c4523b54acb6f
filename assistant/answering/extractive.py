"""Extractive answering: the answer is a few whole sentences quoted from the retrieved passages.

No model is involved. The sentences of the passages (of the units the question names, when it
names any) are scored and picked by ``assistant.answering.selection``; the picked sentences are quoted
whole, and each run of consecutive sentences of one passage is followed by the ``[n]`` of that
passage. Measures questions (怎么整改, 采取了哪些措施) quote the run of sentences that follows
the best match. The answer starts with ``sentinels.EXTRACTIVE_NOTE``.

The answerer refuses (exactly ``sentinels.CANNOT_ANSWER``) when the passages cannot answer:

* no passage belongs to the units the question names;
* the question asks for something specific (a count of a named thing, a person's name or
  earlier posts, a phone number, an address, an e-mail) and no sentence of the scoped passages
  holds that kind of information;
* the best sentence covers less than ``MIN_COVERAGE`` of the question's weighted content words.

A question naming several units is answered unit by unit, a line (or a few) per unit in the
order named: each unit's part is chosen from its own passages by the rules above, and a unit
whose passages do not answer gets ``<unit>：通报未载明…`` instead of another unit's sentences.
The answer refuses only when no named unit's passages answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answering.answerer import Answerer
from assistant.answering.compare import count_verdict
from assistant.answering.selection import (
    MAX_CHARS,
    MAX_SENTENCES,
    MIN_COVERAGE,
    Scored,
    pick_measures,
    pick_plain,
    score_all,
    with_reason,
)
from assistant.answering.sentences import Sentence
from assistant.answering.unmet import asked_years, dated_elsewhere, length_share, unmet_asks
from assistant.grounding.citations import Passage, resolve
from assistant.grounding.claims import check_answer
from assistant.reading.asks import Ask, QueryTerms, read_question
from assistant.reading.questions import QuestionInfo
from assistant.reading.targets import MORE_RE
from core.phrases import CANNOT_ANSWER, CITATION_FORMAT, EXTRACTIVE_NOTE, UNKNOWN_UNIT
from core.types import Answer, Hit, Mode

log = logging.getLogger(__name__)

_STOPS = "。！？；：!?;:…"


@dataclass(frozen=True)
class Extract:
    """The sentences chosen to answer, or why nothing was."""

    chosen: tuple[Scored, ...] = ()
    """The sentences to quote, in answer order."""
    refusal: str = ""
    """Why the passages cannot answer ('' when ``chosen`` is set)."""
    scope: tuple[Hit, ...] = field(default_factory=tuple)
    """The passages the sentences were taken from."""
    units: tuple[str, ...] = ()
    """The units answered one by one, in the order named (several units named; else empty)."""
    unstated: dict[str, str] = field(default_factory=dict)
    """Units of ``units`` whose passages do not answer, with what they do not state."""
    verdict: str = ""
    """Which unit states more, computed from the counts quoted (``谁多``); '' when not asked or not computable."""


_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])"
)


_LEAD_RE = re.compile(r"^[一二三四五六七八九十]+是[\u4e00-\u9fff“”\"]{2,18}[。；;]?$")
"""A lead sentence that only names what follows (二是加大监督执纪力度。)."""


def _is_heading(text: str) -> bool:
    """A numbered heading line (三、下一步整改计划) or a lead that names what follows (二是加大监督
    执纪力度。), not a sentence that answers.

    >>> _is_heading("三、下一步整改计划"), _is_heading("一是制定方案，明确责任。"), _is_heading("二是加大监督执纪力度。")
    (True, False, True)
    """
    t = text.strip()
    return (
        len(t) <= 40 and "，" not in t and (_HEADING_RE.match(t) is not None or _LEAD_RE.match(t) is not None)
    )


def _scope(hits: Sequence[Hit], info: QuestionInfo | None) -> list[Hit]:
    units = set(info.units.units) if info is not None else set()
    if not units:
        return list(hits)
    return [h for h in hits if h.chunk.unit in units]


def extract(question: str, hits: Sequence[Hit], info: QuestionInfo | None = None) -> Extract:
    """Choose the sentences that answer ``question`` from ``hits``, or say why none can.

    Args:
        question: The (standalone) question.
        hits: The retrieved passages, best first.
        info: The question's analysis (its units scope the passages); None: no scoping.

    Returns:
        The chosen sentences, or a refusal reason.
    """
    scope = _scope(hits, info)
    if not scope:
        return Extract(refusal="检索结果中没有所问单位的通报段落")
    q = info.terms if info is not None and info.terms is not None else read_question(question)
    units = info.units.units if info is not None else ()
    if len(units) >= 2:
        return _per_unit(scope, q, units)
    ranked = score_all(scope, q)
    if not ranked:
        return Extract(refusal="检索到的段落为空", scope=tuple(scope))
    if years := () if info is not None and info.notice_year else asked_years(q.text):
        elsewhere = dated_elsewhere(ranked, years)
        ranked = [x for x in ranked if x.sentence not in elsewhere]  # 2019年…: not 2020's figure
        if not ranked:
            return Extract(refusal=f"段落中没有{'、'.join(years)}年的情况", scope=tuple(scope))
    why = _unanswered(ranked, q)
    if why:
        return Extract(refusal=why, scope=tuple(scope))
    if q.wants(
        "measures"
    ):  # 为啥还没启动: the run under the matter, with the reason where the notice gives one
        return Extract(tuple(with_reason(pick_measures(ranked, scope, q), ranked, q)), scope=tuple(scope))
    chosen = pick_plain(ranked, q, MAX_SENTENCES, MAX_CHARS)
    if chosen and all(_is_heading(x.sentence.text) for x in chosen):
        head = chosen[0]  # a heading alone says what follows, not what is asked: quote the section under it
        return Extract(
            tuple(pick_measures([head, *(x for x in ranked if x is not head)], scope)), scope=tuple(scope)
        )
    chosen.sort(key=lambda x: (x.sentence.hit, x.sentence.position))
    return Extract(tuple(chosen), scope=tuple(scope))


_GATE_WORDING = {
    "outcome": "结果",
    "average": "平均数",
    "exists": "",
    "duration": "时长",
    "sanction": "处分种类",
    "org": "企业名称",
    "title": "名称",
}


def _wanted(ask: Ask) -> str:
    """How a refusal names an ask it found no sentence for (``追回的结果``, ``确诊病例``)."""
    if ask.gate and ask.kind != "breakdown":
        return (
            ask.noun.replace("|", "")
            + ("的" if ask.noun and _GATE_WORDING[ask.kind] else "")
            + _GATE_WORDING[ask.kind]
        )
    return ask.noun or ask.kind


def _unanswered(ranked: Sequence[Scored], q: QueryTerms) -> str:
    """Why these scored sentences cannot answer ``q`` ('' when they can)."""
    hard, missing = unmet_asks(ranked, q)
    gates = [a for a in missing if a.gate]  # an outcome, an average or a thing the question cannot do without
    if gates or (hard and set(hard) <= set(missing)):
        wanted = "、".join(dict.fromkeys(_wanted(a) for a in (gates or hard)))
        return f"所问单位的段落中没有所问的信息（{wanted}）"
    best_coverage = max(x.coverage for x in ranked)
    met = (
        hard and not missing and any(x.coverage >= MIN_COVERAGE / 2 for x in ranked)
    )  # the asks say it is about this
    least = MIN_COVERAGE * length_share(q)  # background dilutes a long question
    if best_coverage < least and not met:
        return f"段落与问题的相关度过低（{best_coverage:.2f}）"
    return ""


def _per_unit(scope: Sequence[Hit], q: QueryTerms, units: Sequence[str]) -> Extract:
    """Each named unit's part chosen from its own passages; a unit they do not answer is noted."""
    ranked = score_all(scope, q)
    chosen: list[Scored] = []
    unstated: dict[str, str] = {}
    reasons: list[str] = []
    for unit in units:
        mine = [x for x in ranked if scope[x.sentence.hit].chunk.unit == unit]
        why = _unanswered(mine, q) if mine else "检索结果中没有该单位的通报段落"
        if why:
            unstated[unit] = "所问情况"
            reasons.append(f"{unit}：{why}")
            continue
        picked = pick_plain(mine, q, 2, MAX_CHARS // 2)
        chosen += sorted(picked, key=lambda x: (x.sentence.hit, x.sentence.position))
    if not chosen:
        return Extract(refusal="；".join(reasons), scope=tuple(scope))
    verdict = _verdict(chosen, scope, q, units) if not unstated else ""
    return Extract(tuple(chosen), scope=tuple(scope), units=tuple(units), unstated=unstated, verdict=verdict)


def _verdict(chosen: Sequence[Scored], scope: Sequence[Hit], q: QueryTerms, units: Sequence[str]) -> str:
    """More or fewer, when asked (谁多, 哪家处理的人多): each unit's one count of the asked kind compared."""
    asked = [a for a in q.asks if a.kind == "count" and a.hard]
    if len(asked) != 1 or not MORE_RE.search(q.text):
        return ""
    values: list[tuple[str, float, str]] = []
    for unit in units:
        stated = [
            c for x in chosen if scope[x.sentence.hit].chunk.unit == unit for c in x.sentence.counts(asked[0])
        ]
        if not stated:
            return ""
        near = min(d for _, _, d in stated)
        closest = {v: said for v, said, d in stated if d == near}  # the count nearest the noun asked
        if len(closest) != 1:
            return ""  # two counts as near: which one is compared is not clear
        ((value, said),) = closest.items()
        values.append((unit, value, said))
    return count_verdict(values)


def _runs(chosen: Sequence[Scored]) -> list[list[Sentence]]:
    """Chosen sentences grouped into runs of consecutive sentences of one passage."""
    runs: list[list[Sentence]] = []
    for x in chosen:
        s = x.sentence
        last = runs[-1][-1] if runs else None
        if last is not None and last.hit == s.hit and last.position + 1 == s.position:
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs


def _join(sentences: Sequence[Sentence]) -> str:
    out = ""
    for s in sentences:
        if out and out[-1] not in _STOPS:
            out += " "
        out += s.text
    return out


def compose(extract: Extract, name_units: bool) -> tuple[str, tuple[Passage, ...], dict[int, str]]:
    """The answer body, the passages cited and their quotes.

    Each run of consecutive sentences of one passage is one line, followed by the ``[n]`` of
    that passage; a sentence quoted alone is its own run.

    Args:
        extract: The chosen sentences.
        name_units: Start a line with its unit's name where the unit changes (when the question
            does not name exactly one unit).

    Returns:
        The body text, the cited passages numbered in order of first use, and the quoted
        sentences of each passage (by its number).
    """
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    by_unit: dict[str, list[str]] = {u: [] for u in extract.units}
    for run in _runs(extract.chosen):
        hit = run[0].hit
        n = numbers.setdefault(hit, len(numbers) + 1)
        text = _join(run)
        quotes.setdefault(n, []).append(text)
        by_unit.setdefault(extract.scope[hit].chunk.unit, []).append(f"{text}{CITATION_FORMAT.format(n=n)}")
    lines: list[str] = []
    for unit, said in by_unit.items():
        if unit in extract.unstated:
            said = [f"通报未载明{extract.unstated[unit]}。"]
        if said and name_units:
            said = [f"{unit or UNKNOWN_UNIT}：{said[0]}", *said[1:]]
        lines += said
    passages = tuple(Passage(n, extract.scope[i], extract.scope[i].chunk.text) for i, n in numbers.items())
    return "\n".join(lines), passages, {n: "".join(q) for n, q in quotes.items()}


class ExtractiveAnswerer(Answerer):
    """Answers by quoting whole sentences of the passages; no model, no network.

    ``stream`` yields the whole text at once; ``condense`` carries the units of earlier turns.
    """

    mode: Mode = "extractive"
    name = "extractive"

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        history: Sequence[tuple[str, str]] = (),
        *,
        info: QuestionInfo | None = None,
    ) -> Answer:
        """Answer ``question`` from ``hits`` (``history`` is already folded into the question)."""
        result = extract(question, hits, info)
        if not result.chosen:
            return refusal(hits, self.mode, reason=result.refusal)
        units = info.units.units if info is not None else ()
        body, passages, quotes = compose(result, name_units=len(units) != 1)
        citations = tuple(p.to_citation(quote=quotes.get(p.n, "")) for p in passages)
        checked = check_answer(body, citations, action="remove")
        if not checked.text:
            return refusal(hits, self.mode, reason="引用核对未通过")
        final = resolve(checked.text, passages, quotes)
        verdict = f"\n{result.verdict}" if result.verdict else ""  # computed from the quoted counts
        return Answer(
            text=f"{EXTRACTIVE_NOTE}\n{final.text}{verdict}",
            refused=False,
            mode=self.mode,
            citations=final.citations,
            hits=tuple(hits),
            warnings=checked.warnings,
        )


def refusal(hits: Sequence[Hit], mode: Mode, *, reason: str = "", warnings: Sequence[str] = ()) -> Answer:
    """The refusal answer: exactly ``CANNOT_ANSWER``, no citations (``reason`` is logged)."""
    if reason:
        log.info("refused: %s", reason)
    return Answer(CANNOT_ANSWER, True, mode, (), tuple(hits), tuple(warnings), {})
