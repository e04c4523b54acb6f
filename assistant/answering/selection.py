"""Choosing sentences: score every sentence of the passages against a question, then pick.

``score_all`` ranks sentences by the weighted share of the question's content words they hold
(``coverage``), a bonus for holding what the question asks for and for stating a detail cue of it
(``cues``), a share of their passage heading's coverage and a small bonus for the retriever's rank.
``pick_plain`` takes the best sentence, the best one per sub-question (or the sentence next to a
chosen one that meets it), close seconds (one as relevant as the best and holding a hard ask even
past the length budget) and one per unmet ask or cue; ``pick_measures`` takes the run of sentences
that follows the best match, and a close sentence stating a cue's detail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.cues import cues_of
from assistant.answering.sentences import Sentence, sentences_of, split
from assistant.grounding.claims import passage_form
from assistant.reading.asks import Ask, QueryTerms
from assistant.reading.questions import QuestionInfo
from core.types import Hit

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
CUE_BONUS = 0.25
"""Added to a sentence that states the detail a cue of the question asks for (``cues``)."""
NEAR_BONUS = 0.2
"""Added, for a sub-question without content words of its own (``后来补了什么制度``), to a sentence
in the passage of a sentence already chosen: it asks about the same matter."""
NEIGHBOUR_SPAN = 2
"""How far (in sentences of one passage) a sentence answering a second ask may sit from a chosen one."""


@dataclass(frozen=True)
class Scored:
    """A sentence with its scores."""

    sentence: Sentence
    """The sentence."""
    coverage: float
    """Weighted share of the question's content words it holds (0–1)."""
    score: float
    """Coverage plus the bonuses (ranking key)."""


def coverage(terms: dict[str, float], form: str) -> float:
    """Weighted share of ``terms`` found in ``form``; a missing long term earns half its bigram share.

    >>> coverage({"调查站点": 1.0, "发布": 1.0}, "发布调查站点9家")
    1.0
    >>> round(coverage({"严书翰来": 1.0}, "邀请严书翰作报告"), 2)
    0.33
    >>> coverage({"扩大会": 1.0}, "召开了党组(扩大)会10次")
    1.0
    """
    total = sum(terms.values())
    if not total:
        return 0.0
    got = 0.0
    bare = (
        form.replace('"', "").replace("(", "").replace(")", "")
    )  # “六稳”“六保”: 六稳六保; 党组（扩大）会: 扩大会
    for term, weight in terms.items():
        if term in form or term in bare:
            got += weight
        elif len(term) >= 3:
            grams = [term[i : i + 2] for i in range(len(term) - 1)]
            got += 0.5 * weight * sum(g in form for g in grams) / len(grams)
    return got / total


def score_all(hits: Sequence[Hit], q: QueryTerms) -> list[Scored]:
    """Every distinct sentence of ``hits`` scored against ``q``, best first."""
    out: list[Scored] = []
    seen: set[str] = set()
    headings = [coverage(q.terms, passage_form(" ".join(h.chunk.heading_path))) for h in hits]
    cues = cues_of(q.text)
    for s in sentences_of(list(hits)):
        if s.form in seen or len(s.form) < 4:
            continue
        seen.add(s.form)
        cov = coverage(q.terms, s.form)
        bonus = sum(ASK_BONUS for a in q.asks if a.kind != "measures" and s.satisfies(a))
        bonus += sum(CUE_BONUS for c in cues if c.met(s.form))
        if q.wants("measures") and s.is_measure:
            bonus += 0.1
        prior = RANK_WEIGHT * (1 - s.hit / max(len(hits), 1))
        out.append(Scored(s, cov, cov + bonus + HEADING_WEIGHT * headings[s.hit] + prior))
    return sorted(out, key=lambda x: -x.score)


def support(texts: Sequence[str], q: QueryTerms) -> list[float]:
    """How well each passage answers ``q``: the best score of its sentences (coverage plus the ask bonus).

    The retriever re-ranks its candidates by it (``Retriever``'s ``rerank``), so the passage
    holding a sentence the answer can quote leads one that only shares the question's topic.

    >>> from assistant.reading.asks import read_question
    >>> q = read_question("党组会开了几次", [])
    >>> [round(x, 2) for x in support(["局党组高度重视党组会工作。", "共召开党组会9次。"], q)]
    [1.0, 1.3]
    """
    out: list[float] = []
    for text in texts:
        best = 0.0
        for s in split(text):
            form = passage_form(s)
            if len(form) < 4:
                continue
            sentence = Sentence(s, form, 0, 0)
            bonus = sum(ASK_BONUS for a in q.asks if a.kind != "measures" and sentence.satisfies(a))
            best = max(best, coverage(q.terms, form) + bonus)
        out.append(best)
    return out


def answer_support(texts: Sequence[str], info: QuestionInfo) -> list[float]:
    """``support`` of a question read by ``questions.analyze`` (the retriever's re-ranker).

    A question asking how something was rectified is left in the fused order (all zero): its
    answer is the run of measures under the problem, which retrieval finds by the problem's topic,
    and sentences sharing its everyday words belong to other problems as often as to this one.
    """
    if info.terms is None or info.terms.wants("measures"):
        return [0.0] * len(texts)
    return support(texts, info.terms)


BESIDE = frozenset(("reason", "result"))
"""Asks a notice answers in a sentence of its own next to the matter (未完成整改原因：一是…)."""
REASON_SPAN = 3
"""How many sentences from a relevant one, in its passage, such a sentence may stand."""


def beside(
    relevant: Sequence[Scored], scored: Sequence[Scored], back: int = REASON_SPAN, ahead: int = REASON_SPAN
) -> list[Scored]:
    """``relevant`` and the sentences of their passages at most ``back`` before or ``ahead`` after one."""
    near = {(x.sentence.hit, x.sentence.position) for x in relevant}
    return [
        x
        for x in scored
        if any(h == x.sentence.hit and -back <= x.sentence.position - p <= ahead for h, p in near)
    ]


def _meets(x: Scored, part: QueryTerms) -> int:
    """How many of the part's asks and detail cues the sentence meets."""
    met = sum(1 for a in part.asks if x.sentence.satisfies(a))
    return met + sum(1 for c in cues_of(part.text) if c.met(x.sentence.form))


def _best_for_part(ranked: Sequence[Scored], part: QueryTerms, taken: Sequence[Scored]) -> Scored | None:
    """The sentence that best answers one sub-question, if any answers it well enough.

    A sentence not yet chosen is preferred when it answers nearly as well (each part of a
    question usually has its own sentence); failing that, a sentence next to a chosen one that
    meets the part's asks (``有几户拆迁户？拆了几户？``: the second count is the next sentence).
    """
    scored: list[tuple[float, Scored]] = []
    weak = not any(w >= 1.0 for w in part.terms.values())  # 补了什么制度: 制度 says not where
    for x in ranked:
        own = coverage(part.terms, x.sentence.form) if part.terms else 0.0
        met = _meets(x, part)
        cued = any(c.met(x.sentence.form) for c in cues_of(part.text))
        if own >= 0.5 or ((cued or (met and weak)) and x.coverage >= MIN_COVERAGE / 2):
            near = weak and any(t.sentence.hit == x.sentence.hit for t in taken)  # the same matter's passage
            said = 0.0 if weak else own
            scored.append((said + ASK_BONUS * met + 0.3 * x.coverage + NEAR_BONUS * near, x))
    cues = cues_of(part.text)
    naming = [p for p in scored if all(c.met(p[1].sentence.form) for c in cues)]
    scored = naming if cues and naming else scored  # 补了什么制度: only a sentence naming a document answers
    if not scored:
        return _neighbour(ranked, part, taken)
    scored.sort(key=lambda p: -p[0])
    top = scored[0]
    fresh = next((p for p in scored if p[1] not in taken), None)
    if fresh is not None and fresh[0] >= PART_SHARE * top[0]:
        return fresh[1]
    return _neighbour(ranked, part, taken) or top[1]


def _neighbour(ranked: Sequence[Scored], part: QueryTerms, taken: Sequence[Scored]) -> Scored | None:
    """A sentence not chosen yet, close after (or before) a chosen one, that meets the part's asks."""
    if not taken or not (part.asks or cues_of(part.text)):
        return None
    near = [
        x
        for x in ranked
        if x not in taken
        and _meets(x, part)
        and any(
            t.sentence.hit == x.sentence.hit
            and 0 < abs(t.sentence.position - x.sentence.position) <= NEIGHBOUR_SPAN
            for t in taken
        )
    ]
    return min(
        near, key=lambda x: min(abs(t.sentence.position - x.sentence.position) for t in taken), default=None
    )


def _tied(x: Scored, best: Scored, q: QueryTerms) -> bool:
    """Whether ``x`` answers as well as ``best``: as relevant, and holding a hard ask.

    Two sentences state the asked count with the same words (报送专报397期, 报送专报29期): both are quoted.
    """
    return x.coverage >= best.coverage - 1e-9 and any(a.hard and x.sentence.satisfies(a) for a in q.asks)


def pick_plain(ranked: Sequence[Scored], q: QueryTerms, limit: int, chars: int) -> list[Scored]:
    """The best sentence, the best one per sub-question, close seconds, and one per unmet ask or cue."""
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
        fits = used + len(x.sentence.text) <= chars or _tied(x, best, q)
        if close and x not in chosen and fits:
            chosen.append(x)
            used += len(x.sentence.text)
    for ask in q.asks:
        if ask.kind == "measures" or any(c.sentence.satisfies(ask) for c in chosen):
            continue
        extra = _one_for(ask, chosen, ranked)
        if extra is not None and extra not in chosen:
            chosen.append(extra)
    return add_cued(chosen, ranked, q)


def _one_for(ask: Ask, chosen: Sequence[Scored], ranked: Sequence[Scored]) -> Scored | None:
    """The best sentence meeting ``ask`` in a chosen one's passage, relevant enough, or (a reason)
    beside a relevant sentence."""
    near = {c.sentence.hit for c in chosen}
    around = (
        beside([x for x in ranked if x.coverage >= MIN_COVERAGE * 0.8], ranked) if ask.kind in BESIDE else []
    )
    return next(
        (
            x
            for x in ranked
            if x.sentence.satisfies(ask)
            and (x.sentence.hit in near or x.coverage >= MIN_COVERAGE * 0.8 or x in around)
        ),
        None,
    )


def with_reason(chosen: list[Scored], ranked: Sequence[Scored], q: QueryTerms) -> list[Scored]:
    """``chosen`` with a sentence stating the reason asked (为啥还没启动), where none of them does."""
    asks = [a for a in q.asks if a.kind in BESIDE and not any(c.sentence.satisfies(a) for c in chosen)]
    for ask in asks:
        extra = _one_for(ask, chosen, ranked)
        if extra is not None and extra not in chosen:
            chosen = [extra, *chosen]
    return chosen


def add_cued(
    chosen: list[Scored], ranked: Sequence[Scored], q: QueryTerms, anchor: Scored | None = None
) -> list[Scored]:
    """``chosen`` and, for each detail cue of ``q`` no chosen sentence meets, the best sentence meeting it.

    That sentence is in a chosen sentence's passage, or as relevant as an answer must be. With ``anchor`` (a measures answer: the run after it), a cue met in the run still adds the best
    other sentence that meets it and scores close to the anchor: the case may be dealt with in
    another passage (``对副总经理某某给予党内警告处分``).
    """
    for cue in cues_of(q.text):
        met = any(cue.met(c.sentence.form) for c in chosen)
        if met and anchor is None:
            continue
        near = {c.sentence.hit for c in chosen}
        extra = next(
            (
                x
                for x in ranked
                if x not in chosen
                and cue.met(x.sentence.form)
                and not x.sentence.is_problem_heading
                and (
                    (not met and (x.sentence.hit in near or x.coverage >= MIN_COVERAGE))
                    or (anchor is not None and x.coverage >= MIN_COVERAGE and x.score >= 0.7 * anchor.score)
                )
            ),
            None,
        )
        if extra is not None:
            chosen.append(extra)
    return chosen


def pick_measures(ranked: Sequence[Scored], hits: Sequence[Hit], q: QueryTerms | None = None) -> list[Scored]:
    """The best sentence and the run after it (into the next passage of the notice when retrieved).

    The run stops at the next problem's heading or at ``MEASURE_SENTENCES``/``MEASURE_CHARS``; a
    detail cue of ``q`` the run leaves unmet (the sanctions of ``怎么处理的``) adds its sentence.
    """
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
    return chosen if q is None else add_cued(chosen, ranked, q, anchor)


def _next_passage(hits: Sequence[Hit], i: int) -> int | None:
    c = hits[i].chunk
    for j, h in enumerate(hits):
        if h.chunk.notice_id == c.notice_id and h.chunk.ordinal == c.ordinal + 1:
            return j
    return None
