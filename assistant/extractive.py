"""Extractive answering: the answer is a few whole sentences quoted from the retrieved passages.

No model is involved. Every sentence of the passages (of the unit the question names, when it
names one) is scored by how much of the question's content it covers (``asks.read_question``),
plus a bonus when it holds what the question asks for (a count with a fitting counter, a date,
a name, contact details, a measure). The best few sentences are quoted whole, each followed by
the ``[n]`` of its passage. Measures questions (怎么整改, 采取了哪些措施) quote the run of
sentences that follows the best match instead.

The answerer refuses (``sentinels.CANNOT_ANSWER``) when the passages cannot answer:

* no passage belongs to the unit the question names;
* the question asks for something specific (a count of a named thing, a person's name, a phone
  number, an address, an e-mail) and no sentence of the scoped passages holds it;
* the best sentence covers less than ``MIN_COVERAGE`` of the question's content words.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answering import Answerer
from assistant.asks import Ask, QueryTerms, read_question
from assistant.citations import Passage, resolve
from assistant.claims import check_answer, passage_form
from assistant.questions import QuestionInfo
from assistant.sentences import Sentence, sentences_of
from assistant.sentinels import CANNOT_ANSWER, CITATION_FORMAT, EXTRACTIVE_NOTE
from assistant.types import Answer, Hit, Mode

log = logging.getLogger(__name__)

_STOPS = "。！？；：!?;:…"

MIN_COVERAGE = 0.34
"""Below this share of the question's weighted content words in the best sentence, refuse."""
MAX_SENTENCES = 4
"""Sentences in a plain answer."""
MAX_CHARS = 220
"""Characters in a plain answer (a longer first sentence is still quoted whole)."""
MEASURE_SENTENCES = 10
"""Sentences in an answer to a measures question."""
MEASURE_CHARS = 650
"""Characters in an answer to a measures question."""
ASK_BONUS = 0.3
"""Added to a sentence that holds what the question asks for."""
HEADING_WEIGHT = 0.25
"""Share of the passage's heading coverage added to each of its sentences."""
RANK_WEIGHT = 0.05
"""Bonus for sentences of higher-ranked passages (the retriever's judgement)."""
PART_SHARE = 0.75
"""A sub-question takes a sentence not chosen yet if it scores at least this share of the best."""


@dataclass(frozen=True)
class Scored:
    """A sentence with its scores."""

    sentence: Sentence
    """The sentence."""
    coverage: float
    """Weighted share of the question's content words it holds (0–1)."""
    score: float
    """Coverage plus the bonuses (ranking key)."""


@dataclass(frozen=True)
class Extract:
    """The sentences chosen to answer, or why nothing was."""

    chosen: tuple[Scored, ...] = ()
    """The sentences to quote, in answer order."""
    refusal: str = ""
    """Why the passages cannot answer ('' when ``chosen`` is set)."""
    scope: tuple[Hit, ...] = field(default_factory=tuple)
    """The passages the sentences were taken from."""


def coverage(terms: dict[str, float], form: str) -> float:
    """Weighted share of ``terms`` found in ``form``; a missing long term earns half its bigram share.

    >>> coverage({"调查站点": 1.0, "发布": 1.0}, "发布调查站点9家")
    1.0
    >>> round(coverage({"严书翰来": 1.0}, "邀请严书翰作报告"), 2)
    0.33
    """
    total = sum(terms.values())
    if not total:
        return 0.0
    got = 0.0
    for term, weight in terms.items():
        if term in form:
            got += weight
        elif len(term) >= 3:
            grams = [term[i : i + 2] for i in range(len(term) - 1)]
            got += 0.5 * weight * sum(g in form for g in grams) / len(grams)
    return got / total


def _scope(hits: Sequence[Hit], info: QuestionInfo | None) -> list[Hit]:
    units = set(info.units.units) if info is not None else set()
    if not units:
        return list(hits)
    return [h for h in hits if h.chunk.unit in units]


def _score_all(hits: Sequence[Hit], q: QueryTerms) -> list[Scored]:
    out: list[Scored] = []
    seen: set[str] = set()
    headings = [coverage(q.terms, passage_form(" ".join(h.chunk.heading_path))) for h in hits]
    for s in sentences_of(list(hits)):
        if s.form in seen or len(s.form) < 4:
            continue
        seen.add(s.form)
        cov = coverage(q.terms, s.form)
        bonus = sum(ASK_BONUS for a in q.asks if a.kind != "measures" and s.satisfies(a))
        if q.wants("measures") and s.is_measure:
            bonus += 0.1
        prior = RANK_WEIGHT * (1 - s.hit / max(len(hits), 1))
        out.append(Scored(s, cov, cov + bonus + HEADING_WEIGHT * headings[s.hit] + prior))
    return sorted(out, key=lambda x: -x.score)


def _missing_hard_asks(asks: Sequence[Ask], scored: Sequence[Scored]) -> list[Ask]:
    hard = [a for a in asks if a.hard]
    return [a for a in hard if not any(x.sentence.satisfies(a) for x in scored)]


def _best_for_part(ranked: Sequence[Scored], part: QueryTerms, taken: Sequence[Scored]) -> Scored | None:
    """The sentence that best answers one sub-question, if any answers it well enough.

    A sentence not yet chosen is preferred when it answers nearly as well (each part of a
    question usually has its own sentence).
    """
    scored: list[tuple[float, Scored]] = []
    for x in ranked:
        own = coverage(part.terms, x.sentence.form) if part.terms else 0.0
        met = sum(1 for a in part.asks if x.sentence.satisfies(a))
        if own >= 0.5 or (met and not part.terms and x.coverage >= MIN_COVERAGE / 2):
            scored.append((own + ASK_BONUS * met + 0.3 * x.coverage, x))
    if not scored:
        return None
    scored.sort(key=lambda p: -p[0])
    top = scored[0]
    fresh = next((p for p in scored if p[1] not in taken), None)
    return fresh[1] if fresh is not None and fresh[0] >= PART_SHARE * top[0] else top[1]


def _pick_plain(ranked: Sequence[Scored], q: QueryTerms, limit: int, chars: int) -> list[Scored]:
    """The best sentence, the best one per sub-question, close seconds, and one per unmet ask."""
    best = ranked[0]
    chosen = [best]
    for part in q.parts:
        pick = _best_for_part(ranked, part, chosen)
        if pick is not None and pick not in chosen:
            chosen.append(pick)
    used = sum(len(x.sentence.text) for x in chosen)
    for x in ranked[1:]:
        if len(chosen) >= limit:
            break
        close = x.score >= 0.7 * best.score and x.coverage >= MIN_COVERAGE
        if close and x not in chosen and used + len(x.sentence.text) <= chars:
            chosen.append(x)
            used += len(x.sentence.text)
    for ask in q.asks:
        if ask.kind == "measures" or any(c.sentence.satisfies(ask) for c in chosen):
            continue
        near = {c.sentence.hit for c in chosen}
        extra = next(
            (
                x
                for x in ranked
                if x.sentence.satisfies(ask) and (x.sentence.hit in near or x.coverage >= MIN_COVERAGE * 0.8)
            ),
            None,
        )
        if extra is not None and extra not in chosen:
            chosen.append(extra)
    return chosen


def _pick_measures(ranked: Sequence[Scored], hits: Sequence[Hit]) -> list[Scored]:
    anchor = ranked[0]
    by_key = {(x.sentence.hit, x.sentence.position): x for x in ranked}
    chosen = [anchor]
    used = len(anchor.sentence.text)
    hit, pos = anchor.sentence.hit, anchor.sentence.position + 1
    while len(chosen) < MEASURE_SENTENCES:
        nxt = by_key.get((hit, pos))
        if nxt is None:
            follow = _next_passage(hits, hit)
            if follow is None or (follow, 0) not in by_key:
                break
            hit, pos = follow, 0
            continue
        if nxt.sentence.is_problem_heading or used + len(nxt.sentence.text) > MEASURE_CHARS:
            break
        chosen.append(nxt)
        used += len(nxt.sentence.text)
        pos += 1
    return chosen


def _next_passage(hits: Sequence[Hit], i: int) -> int | None:
    c = hits[i].chunk
    for j, h in enumerate(hits):
        if h.chunk.notice_id == c.notice_id and h.chunk.ordinal == c.ordinal + 1:
            return j
    return None


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
    surfaces = [m.surface for m in info.units.mentions] if info is not None else []
    q = read_question(question, surfaces)
    ranked = _score_all(scope, q)
    if not ranked:
        return Extract(refusal="检索到的段落为空", scope=tuple(scope))
    hard = [a for a in q.asks if a.hard]
    if hard and len(_missing_hard_asks(hard, ranked)) == len(hard):
        wanted = "、".join(dict.fromkeys(a.noun or a.kind for a in hard))
        return Extract(refusal=f"所问单位的段落中没有所问的信息（{wanted}）", scope=tuple(scope))
    best_coverage = max(x.coverage for x in ranked)
    if best_coverage < MIN_COVERAGE:
        return Extract(refusal=f"段落与问题的相关度过低（{best_coverage:.2f}）", scope=tuple(scope))
    units = info.units.units if info is not None else ()
    if len(units) >= 2:
        chosen: list[Scored] = []
        for unit in units:
            mine = [x for x in ranked if scope[x.sentence.hit].chunk.unit == unit]
            if mine:
                chosen += _pick_plain(mine, q, 2, MAX_CHARS // 2)
    elif q.wants("measures"):
        chosen = _pick_measures(ranked, scope)
    else:
        chosen = _pick_plain(ranked, q, MAX_SENTENCES, MAX_CHARS)
    if not q.wants("measures") or len(units) >= 2:
        chosen.sort(key=lambda x: (x.sentence.hit, x.sentence.position))
    return Extract(tuple(chosen), scope=tuple(scope))


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
        name_units: Start each unit's first line with its name (when the question names no one unit).

    Returns:
        The body text, the cited passages numbered in order of first use, and the quoted
        sentences of each passage (by its number).
    """
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    lines: list[str] = []
    named: set[str] = set()
    for run in _runs(extract.chosen):
        hit = run[0].hit
        n = numbers.setdefault(hit, len(numbers) + 1)
        text = _join(run)
        quotes.setdefault(n, []).append(text)
        unit = extract.scope[hit].chunk.unit
        line = f"{text}{CITATION_FORMAT.format(n=n)}"
        if name_units and unit not in named:
            named.add(unit)
            line = f"{unit or '（未识别单位）'}：{line}"
        lines.append(line)
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
        return Answer(
            text=f"{EXTRACTIVE_NOTE}\n{final.text}",
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
