"""The ask flow: condense → facts table → retrieval → answerer → checks, with the fallback.

1. A follow-up is made standalone (``Answerer.condense``) before anything is searched; a model's
   rewrite that names no unit where ``follow_ups.carry_units`` finds the conversation's units
   is replaced by the rule's (the model is asked about the units the user means).
2. A question about a unit the index does not hold is refused, with close names as a warning.
3. Questions about a unit's ledger rows (not done, overdue, an office's) are answered from its
   ledger (``ledger_answers``); counts, lists, comparisons and dated or contact facts from the facts table
   (``factsqa.answer_from_facts``) when it can, problem questions from the problem records
   (``problem_answers``); their facts become the citations. In LLM mode the facts and records go
   to the model instead, as numbered passages ahead of the retrieved ones (``material``), and the
   reply is held against them (``material_checks``): a reply that contradicts the computed
   verdict, drops an ask the facts answer, or refuses gives way to the facts answer with the notice.
4. Otherwise the retriever's passages go to the answerer. If the chat model fails or its reply
   cannot be used (``LLMUnavailable``), the extractive answerer answers instead, ``mode`` says
   so, and the warnings carry the notice (``phrases.FALLBACK_NOTICE`` or
   ``UNUSABLE_REPLY_NOTICE``).

Every answer records its stages' seconds (``timings``: condense, facts, retrieve, answer, the
model's generate and first_piece, fallback, total), the model asked (``model``, None in
extractive mode) and the tokens of the model requests made for it (``usage``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.answering.answerer import Answerer, History
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.fact_sentences import misses_anchors, record_gaps, with_sentences
from assistant.answering.facts_table import FactsAnswer, answer_from_facts
from assistant.answering.ledger_answers import answer_from_ledger
from assistant.answering.located import locate_problems, names_the_matter, record_answers_all
from assistant.answering.material import Material, build_material
from assistant.answering.material_checks import reply_gap
from assistant.answering.parts import answer_open_parts, merge_parts
from assistant.answering.premises import contradicted_premise
from assistant.answering.problem_answers import answer_from_problems, asks_of_one_problem
from assistant.answering.unit_types import answer_unit_kinds
from assistant.grounding.claims import Action, check_answer
from assistant.llm.chat import LLMUnavailable
from assistant.reading.follow_ups import carry_units
from assistant.reading.questions import QuestionInfo, analyze
from core.errors import UnknownUnit
from core.phrases import CANNOT_ANSWER, EXTRACTIVE_NOTE, UNUSABLE_REPLY_NOTICE
from core.types import Answer, Hit, Mode, TokenUsage

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory
    from assistant.retrieval.retriever import Retriever


@dataclass
class _Turn:
    """The state of one question on its way through the flow."""

    question: str
    answerer: Answerer
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    standalone: str = ""
    info: QuestionInfo | None = None
    done: Answer | None = None
    usage: TokenUsage | None = None
    material: Material | None = None
    """What the facts table or the problem records give the model (LLM mode)."""
    hits: tuple[Hit, ...] | None = None
    """The passages retrieved while the facts were gathered (retrieved once per question)."""
    reserve: FactsAnswer | None = None
    """The record of a problem retrieval located, said where the passages give no answer."""
    asks_problem: bool = False
    """The question asks how one problem it describes was rectified, and no record matched its words."""

    def spent(self, before: TokenUsage | None) -> None:
        """Add the usage of the request the answerer just made (a new record since ``before``)."""
        after = self.answerer.last_usage()
        if after is not None and after is not before:
            self.usage = after if self.usage is None else self.usage + after


def _finish(answer: Answer, turn: _Turn, started: float, model: str | None) -> Answer:
    warnings = tuple(dict.fromkeys([*turn.warnings, *answer.warnings]))
    timings = {**turn.timings, **answer.timings, "total": time.perf_counter() - started}
    return replace(answer, warnings=warnings, timings=timings, model=model, usage=turn.usage)


def _unknown_unit(info: QuestionInfo) -> str:
    names = "、".join(f"“{u}”" for u in info.units.unknown)
    close = f"，相近的单位：{'、'.join(info.units.suggestions)}" if info.units.suggestions else ""
    return f"索引中没有{names}的通报{close}。"


def _with_units(standalone: str, question: str, history: History, directory: UnitDirectory) -> str:
    """The standalone question, prefixed with the conversation's units when it lost them.

    A model's rewrite that names no unit where ``carry_units`` finds some gets the rule's units.
    """
    if not history or directory.resolve(standalone).matched:
        return standalone
    carried = carry_units(question, history, directory)
    names = "、".join(dict.fromkeys(m.surface for m in directory.resolve(carried).mentions))
    return f"{names}：{standalone}" if carried != question and names else standalone


class Asker:
    """Runs the ask flow over a retriever with one answerer and the extractive fallback."""

    def __init__(
        self, retriever: Retriever, answerer: Answerer, k: int, fallback: Answerer | None = None
    ) -> None:
        """Ask over ``retriever``'s snapshot with ``answerer``; ``k`` passages per question."""
        self.retriever = retriever
        self.answerer = answerer
        self.k = k
        self.fallback = fallback or ExtractiveAnswerer()
        self.model = answerer.name if answerer.mode == "llm" else None
        """The chat model asked, recorded on every answer (None: extractive by configuration)."""

    def _prepare(self, question: str, history: History, unit: str | None) -> _Turn:
        turn = _Turn(question, self.answerer)
        view = self.retriever.view
        if unit is not None and not (match := view.directory.resolve(unit)).matched:
            raise UnknownUnit(unit, match.suggestions)
        t = time.perf_counter()
        before = self.answerer.last_usage()
        try:
            turn.standalone = self.answerer.condense(question, history, view.directory)
            turn.spent(before)
        except LLMUnavailable as exc:
            turn.warnings.append(exc.notice)
            turn.answerer = self.fallback
            turn.standalone = self.fallback.condense(question, history, view.directory)
        turn.standalone = _with_units(turn.standalone, question, history, view.directory)
        turn.timings["condense"] = time.perf_counter() - t
        t = time.perf_counter()
        info = analyze(turn.standalone if unit is None else f"{unit}：{turn.standalone}", view.directory)
        turn.info = info
        asks_unit = info.terms is not None and info.terms.wants("which_unit")  # a named body is content
        lacking = info.units.unknown and (
            not info.units.matched or info.kind == "compare"
        )  # nothing to compare with
        if unit is None and lacking and not asks_unit and info.kind != "list":
            turn.done = Answer(CANNOT_ANSWER, True, turn.answerer.mode, warnings=(_unknown_unit(info),))
            return turn
        premise = contradicted_premise(info, view.notices)
        if premise is not None:
            turn.done = Answer(CANNOT_ANSWER, True, turn.answerer.mode, warnings=(premise,))
            return turn
        facts = answer_from_ledger(info, view.notices)  # a ledger's rows: by status, overdue, by office
        ledger = facts is not None
        facts = facts or answer_unit_kinds(info, view.notices)  # 有没有医院、学校的通报
        if facts is None and (info.kind != "lookup" or info.targets):
            facts = self._grounded(info, answer_from_facts(info, view.notices))
        if facts is None:
            facts = self._grounded(info, answer_from_problems(info, view.notices))
        if facts is None and asks_of_one_problem(info) and record_answers_all(info):
            turn.asks_problem = True
            turn.hits = self._retrieve(turn, unit)  # a problem in the user's words: where retrieval leads
            if located := locate_problems(info, view.notices, turn.hits):
                turn.reserve = self._grounded(info, answer_from_problems(info, view.notices, located))
        if facts is not None and not ledger and turn.answerer.mode == "llm":
            turn.material = build_material(info, view.notices, facts)  # the model reads the whole question
        if (
            facts is not None
            and facts.open_parts
            and not facts.refused
            and turn.answerer.mode != "extractive"
        ):
            facts = facts if turn.material is not None else None  # the model reads the whole question
        if facts is not None and turn.material is None:
            if turn.answerer.mode == "extractive":
                info, facts = with_sentences(info, facts)  # a detail: the sentence stating it, word for word
                if gaps := record_gaps(info, facts):  # a record answers one part; passages the others
                    info, facts = replace(info, open_parts=gaps), replace(facts, open_parts=gaps)
            turn.done = self._facts_answer(facts, turn)
            if facts.open_parts and not turn.done.refused:
                turn.done = merge_parts(
                    turn.done, answer_open_parts(info, view.directory, self._search_part, facts.open_parts)
                )
        turn.timings["facts"] = time.perf_counter() - t
        return turn

    def _or_reserve(self, turn: _Turn, answer: Answer, hits: tuple[Hit, ...]) -> Answer:
        """``answer``, or the located problem's record held in reserve where it refuses or, quoting
        passages, names nothing of the problem asked about (a sentence about 规范 for 食堂管理不规范)."""
        if turn.asks_problem and answer.mode == "extractive" and not answer.refused and turn.info is not None:
            if not names_the_matter(turn.info, answer.text):
                answer = Answer(CANNOT_ANSWER, True, answer.mode, hits=tuple(hits), warnings=answer.warnings)
        if not answer.refused or turn.reserve is None:
            return answer
        return replace(self._facts_answer(turn.reserve, turn, "extractive"), hits=tuple(hits))

    def _grounded(self, info: QuestionInfo, facts: FactsAnswer | None) -> FactsAnswer | None:
        """``facts`` unless it misses a total the question quotes (``那964万元设备``)."""
        view = self.retriever.view
        return None if facts is None or misses_anchors(info, facts, view.notices) else facts

    def _facts_answer(self, facts: FactsAnswer, turn: _Turn, mode: Mode | None = None) -> Answer:
        """The facts table's answer, claim-checked; extractive mode says so at its head."""
        mode = mode or turn.answerer.mode
        if facts.refused:
            return Answer(CANNOT_ANSWER, True, mode, warnings=facts.warnings)
        citations = facts.citations
        action: Action = "remove" if mode == "extractive" else "flag"
        if facts.from_records:
            text, warnings = facts.text, facts.warnings
        else:
            checked = check_answer(
                facts.text, citations, action=action, directory=self.retriever.view.directory
            )
            text, warnings = checked.text, (*facts.warnings, *checked.warnings)
        if not text:
            return Answer(CANNOT_ANSWER, True, mode, warnings=warnings)
        if facts.computed:
            text = f"{text}\n{facts.computed}" if "\n" in text else f"{text}{facts.computed}"
        shown = f"{EXTRACTIVE_NOTE}\n{text}" if mode == "extractive" else text
        return Answer(shown, False, mode, citations, warnings=warnings)

    def _search_part(self, question: str, info: QuestionInfo) -> tuple[Hit, ...]:
        return self.retriever.retrieve(question, k=self.k, info=info).hits

    def _retrieve(self, turn: _Turn, unit: str | None) -> tuple[Hit, ...]:
        t = time.perf_counter()
        retrieval = self.retriever.retrieve(turn.standalone, k=self.k, unit=unit, info=turn.info)
        turn.timings["retrieve"] = time.perf_counter() - t
        turn.warnings.extend(retrieval.warnings)
        return retrieval.hits

    def ask(self, question: str, history: History = (), unit: str | None = None) -> Answer:
        """Answer one question (see the module docstring for the flow).

        Raises:
            UnknownUnit: ``unit`` names no unit of the index.
        """
        started = time.perf_counter()
        turn = self._prepare(question, history, unit)
        if turn.done is not None:
            return _finish(turn.done, turn, started, self.model)
        hits = turn.hits if turn.hits is not None else self._retrieve(turn, unit)
        t = time.perf_counter()
        before = turn.answerer.last_usage()
        try:
            answer = turn.answerer.answer(turn.standalone, self._given(turn, hits), history, info=turn.info)
            answer = self._or_reserve(turn, self._held(turn, answer, hits), hits)
        except LLMUnavailable as exc:
            answer = self._fall_back(turn, hits, history, exc, t)
        turn.spent(before)
        turn.timings["answer"] = time.perf_counter() - t
        return _finish(answer, turn, started, self.model)

    def _fall_back(
        self, turn: _Turn, hits: tuple[Hit, ...], history: History, exc: LLMUnavailable, t: float
    ) -> Answer:
        """The extractive answer after the model failed at ``t`` (timed as ``generate`` and ``fallback``)."""
        turn.warnings.append(exc.notice)
        turn.timings.setdefault("generate", time.perf_counter() - t)
        t = time.perf_counter()
        if turn.material is not None:  # the facts answer the model was given
            answer = self._facts_fallback(turn, turn.material, hits)
        else:
            answer = self.fallback.answer(turn.standalone, hits, history, info=turn.info)
        turn.timings["fallback"] = time.perf_counter() - t
        return answer

    @staticmethod
    def _given(turn: _Turn, hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
        """The passages the answerer reads: the material (LLM mode), then the retrieved ones."""
        return hits if turn.material is None else (*turn.material.hits, *hits)

    def _held(self, turn: _Turn, answer: Answer, hits: tuple[Hit, ...]) -> Answer:
        """The model's answer held against the material, or the facts answer with the notice why not.

        An answer that stands shows each cited material passage as its notice sentence.
        """
        if turn.material is None or answer.mode != "llm":
            return answer
        gap = reply_gap(answer, turn.material, self.retriever.view.directory)
        if gap is None:
            return turn.material.cite_notices(answer, hits)
        turn.warnings.append(UNUSABLE_REPLY_NOTICE.format(reason=gap))
        return self._facts_fallback(turn, turn.material, hits)

    def _facts_fallback(self, turn: _Turn, material: Material, hits: tuple[Hit, ...]) -> Answer:
        """The facts answer the model was given, extractive, its open parts answered from retrieval."""
        answer = self._facts_answer(material.facts, turn, "extractive")
        if material.facts.open_parts and not answer.refused and turn.info is not None:
            directory = self.retriever.view.directory
            answer = merge_parts(answer, answer_open_parts(turn.info, directory, self._search_part))
        return replace(answer, hits=tuple(hits))

    def ask_stream(
        self, question: str, history: History = (), unit: str | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces as they come, then the final ``Answer``.

        The final ``Answer`` is what counts: its text may differ from the pieces (citations
        renumbered, claims flagged, or the extractive answer after a model failure).

        Raises:
            UnknownUnit: ``unit`` names no unit of the index.
        """
        started = time.perf_counter()
        turn = self._prepare(question, history, unit)
        if turn.done is not None:
            yield turn.done.text
            yield _finish(turn.done, turn, started, self.model)
            return
        hits = turn.hits if turn.hits is not None else self._retrieve(turn, unit)
        final: Answer | None = None
        streamed = False
        t = time.perf_counter()
        before = turn.answerer.last_usage()
        try:
            for item in turn.answerer.stream(
                turn.standalone, self._given(turn, hits), history, info=turn.info
            ):
                if isinstance(item, Answer):
                    final = self._held(turn, item, hits)
                else:
                    if not streamed:
                        turn.timings["first_piece"] = time.perf_counter() - t
                    streamed = True
                    yield item
        except LLMUnavailable as exc:
            final = self._fall_back(turn, hits, history, exc, t)
            yield ("\n\n" if streamed else "") + final.text
        turn.spent(before)
        turn.timings["answer"] = time.perf_counter() - t
        if final is None:
            final = Answer(CANNOT_ANSWER, True, turn.answerer.mode, hits=tuple(hits))
        yield _finish(self._or_reserve(turn, final, hits), turn, started, self.model)
