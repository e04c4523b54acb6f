"""Which hard asks of a question the scored sentences leave unmet (the extractive answerer refuses
when a gate or every hard ask is unmet).

A hard ask is met only by a sentence about the matter asked: one holding enough of the question's
words (``HARD_ASK_COVERAGE``, ``MATTER_SHARE`` of the best), not dated in another year than the one
asked, stating the total the question quotes when some sentence does; a gate, a name or an ordinal
only by the sentences closest to the best (``ANCHOR_SHARE``). A question of several parts has each
part judged among the sentences about it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answering.selection import BESIDE, NEIGHBOUR_SPAN, Scored, beside, coverage
from assistant.answering.sentences import Sentence, states_total
from assistant.reading.asks import Ask, QueryTerms

LONG_TERMS = 12
"""A question of this many content words or more tells its background (我们在核对台账，发现…)."""
LONG_SHARE = 0.75
"""The share of the coverage floors asked of sentences for such a question."""


def length_share(q: QueryTerms) -> float:
    """How much of the coverage floors a question's sentences must reach (less for a long one)."""
    return LONG_SHARE if len(q.terms) >= LONG_TERMS else 1.0


HARD_ASK_COVERAGE = 0.25
"""A hard ask is met only by a sentence holding at least this share of the question's words: an
amount or a name in an unrelated sentence of the same notice does not answer it."""


MATTER_SHARE = 0.5
"""A hard ask is met only by a sentence matching the question at least this share of the best one:
far weaker sentences are about another matter (3名干部 of another case)."""
ANCHOR_SHARE = 0.8
"""Sentences stating a quoted total that match the question at least this share of the best one
are about the same matter; a far weaker one states the same number of something else."""


def missing_hard_asks(
    asks: Sequence[Ask],
    scored: Sequence[Scored],
    anchors: Sequence[str] = (),
    years: Sequence[str] = (),
    several: bool = False,
    share: float = 1.0,
    terms: Mapping[str, float] | None = None,
) -> list[Ask]:
    """The hard asks of ``asks`` that no relevant sentence of ``scored`` satisfies.

    A sentence dated in other years than the ``years`` the question asks about (``2022年开了几次``
    against ``2021年以来共召开2次``) is about another time and answers nothing. A question of
    ``several`` parts has sentences about each part: no share of the best one is asked of them.

    When the question quotes a total of the notice (``那3名人员``) and some sentence states it, only
    such sentences can answer: a name or a date elsewhere in the notice is about something else.
    With the question's ``terms``, a sentence under a problem heading is judged about the matter
    with the heading's words (``_about``).
    """
    hard = [a for a in asks if a.hard]
    top = max((x.coverage for x in scored if not x.sentence.is_problem_heading), default=0.0)
    floor = max(
        HARD_ASK_COVERAGE * share, MATTER_SHARE * top * (not several)
    )  # a heading names the matter; parts differ
    elsewhere = dated_elsewhere(scored, years)
    relevant = [
        x for x in scored if (x.coverage >= floor or _led(x, scored, floor)) and x.sentence not in elsewhere
    ]
    anchored = [x for x in relevant if any(states_total(x.sentence.form, a) for a in anchors)]
    if anchored:  # the sentence stating the quoted total that matches the question best, and close ones
        relevant = _near_best(anchored, ANCHOR_SHARE)
    about = _about(relevant, scored, floor, terms)  # a gate is met by the sentences about the matter asked
    values = [a for a in hard if not a.gate and a.kind in ("count", "date", "day")]
    return [
        a
        for a in hard
        if not any(
            x.sentence.satisfies(a) and (not a.gate or all(x.sentence.satisfies(v) for v in values))
            for x in _candidates(a, about, relevant, scored)
        )
    ]  # a gate is passed by a sentence that also states the value asked (最后追回了多少钱: 追回 and an amount)


_OF_THE_MATTER = frozenset(("name", "ordinal", "head"))
"""Asks met only by the sentences about the matter asked, like gates: a name or an ordinal in a
sentence about another matter (党组书记韩立群率队… for the 书记 who gave a talk) is someone else's."""


def _candidates(
    a: Ask, about: list[Scored], relevant: list[Scored], scored: Sequence[Scored]
) -> list[Scored]:
    """The sentences that may meet ``a``: those about the matter for a gate, a name or an ordinal
    (and beside them for whether it happened: 剩余1户 follows the sentence naming the matter);
    relevant ones and those beside them for a reason; relevant ones for the rest."""
    if a.kind == "outcome" and "yesno" in a.counter:
        return beside(about, scored)
    if a.gate or a.kind in _OF_THE_MATTER:
        return about
    if a.kind in BESIDE:
        return beside(relevant, scored)
    if a.kind == "count":  # 推进热线整合…。目前已完成11条热线的归并: the figure follows the matter
        return list(dict.fromkeys([*relevant, *beside(about, scored, back=0, ahead=NEIGHBOUR_SPAN)]))
    return relevant


def unmet_asks(scored: Sequence[Scored], q: QueryTerms) -> tuple[list[Ask], list[Ask]]:
    """The hard asks of ``q`` and those of them no relevant sentence of ``scored`` meets.

    A question of several parts (``拿的是哪个区来比？形成的报告叫啥``) has each part's asks judged
    among the sentences about that part: scored with the part's words, the best of them sets the
    share a sentence must reach. A part of fewer than ``PART_TERMS`` words of its own (``学了几次``)
    and the asks no part holds are judged on the whole question, with no share asked. An ask
    several parts hold (西安清退多少？福州收回多少？) is met when it is met in one of them.
    """
    hard = list(dict.fromkeys(a for a in q.asks if a.hard))
    years = asked_years(q.text)
    if not hard or not q.parts:
        return hard, missing_hard_asks(hard, scored, q.anchors, years, share=length_share(q), terms=q.terms)
    judged: dict[Ask, bool] = {}  # ask → met in some part
    whole: list[Ask] = []
    for part in q.parts:
        mine = [a for a in part.asks if a.hard]
        if len(part.terms) < PART_TERMS:
            whole += mine
            continue
        rescored = [Scored(x.sentence, coverage(part.terms, x.sentence.form), x.score) for x in scored]
        unmet = missing_hard_asks(mine, rescored, part.anchors or q.anchors, years)
        for a in mine:
            judged[a] = judged.get(a, False) or a not in unmet
    rest = list(dict.fromkeys([*whole, *(a for a in hard if a not in judged)]))
    if rest:
        unmet = missing_hard_asks(rest, scored, q.anchors, years, several=True)
        for a in rest:
            judged[a] = judged.get(a, False) or a not in unmet
    return list(judged), [a for a, met in judged.items() if not met]


PART_TERMS = 2
"""A part of a question with fewer content words than this is judged on the whole question."""


def _near_best(scored: Sequence[Scored], share: float) -> list[Scored]:
    """Those of ``scored`` matching the question at least ``share`` of the best of them."""
    best = max((x.coverage for x in scored), default=0.0)
    return [x for x in scored if x.coverage >= share * best]


_YEAR_RE = re.compile(r"(?<![\d比较])((?:19|20)\d{2})年(?!同期)")
"""A year that dates a sentence: not the base of a comparison (比2019年增长, 较2019年同期, 2019年同期)."""
_BASE_YEAR_RE = re.compile(r"与(?:19|20)\d{2}年(?:同期)?相比|(?:19|20)\d{2}年(?:同期)?相比")
_ASKED_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?!\d{1,2}月)")


def asked_years(text: str) -> tuple[str, ...]:
    """The years a question asks about (``2022年开了几次``), not those of a full date (2021年2月7日).

    >>> asked_years("2022年开了几次会"), asked_years("2021年2月7日反馈了几个问题")
    (('2022',), ())
    """
    return tuple(dict.fromkeys(_ASKED_YEAR_RE.findall(text)))


def stated_years(text: str) -> set[str]:
    """The years ``text`` states (``2021年``; 2021 alone, or in 120210, is not one).

    A year a figure is compared with does not date the sentence:

    >>> sorted(stated_years("2020年查办121起案件，比2019年增长66%，与2018年相比翻番，较2017年同期多")), sorted(stated_years("2019年同期为5起"))
    (['2020'], [])
    """
    return set(_YEAR_RE.findall(_BASE_YEAR_RE.sub("", text)))


def dated_elsewhere(scored: Sequence[Scored], years: Sequence[str]) -> set[Sentence]:
    """The sentences of ``scored`` dated, but in none of ``years``: by their own years, or, stating
    none and going on from the sentence before (其中, 同时…, or that one ends in ；), by that one's.

    ``公布2021年…名单，确定369座…；其中，357座全年延长开放；全天开放217座`` are all of 2021.
    """
    if not years:
        return set()
    by_place = {(x.sentence.hit, x.sentence.position): x.sentence for x in scored}
    out: set[Sentence] = set()
    for x in scored:
        s, stated = x.sentence, stated_years(x.sentence.form)
        for _ in range(DATED_REACH):
            before = by_place.get((s.hit, s.position - 1))
            if (
                stated
                or before is None
                or not (_GOES_ON_RE.match(s.form) or before.text.endswith(("；", ";")))
            ):
                break
            s, stated = before, stated_years(before.form)
        if stated and not stated.intersection(years):
            out.add(x.sentence)
    return out


_GOES_ON_RE = re.compile(r"(?:其中|其余|另外|此外|同时|并且?|且|该)")
"""A sentence that goes on from the one before it, and so from its date."""
DATED_REACH = 2
"""How many sentences back, in its passage, a sentence stating no year takes its year from."""


def _about(
    relevant: list[Scored], scored: Sequence[Scored], floor: float, terms: Mapping[str, float] | None
) -> list[Scored]:
    """The relevant sentences about the matter asked: those matching the question near the best.

    A sentence under a problem heading matches with the heading's words too: ``该项目…力争2021年开工``
    under ``关于“怀洪旅游干线”项目…的问题`` is about 怀洪旅游干线, another project's ``目前项目已全部开工``
    sharing only 项目/开工 with the question is not, though both hold as many of its words.
    """
    if not terms:
        return _near_best(relevant, ANCHOR_SHARE)
    matched = [
        max(x.coverage, coverage(terms, head.sentence.form + x.sentence.form))
        if (head := _heading_of(x, scored, floor)) is not None
        else x.coverage
        for x in relevant
    ]
    best = max(matched, default=0.0)
    return [x for x, m in zip(relevant, matched, strict=True) if m >= ANCHOR_SHARE * best]


def _heading_of(x: Scored, scored: Sequence[Scored], floor: float) -> Scored | None:
    """The relevant problem heading ``x`` follows in its passage (``_led``), if any."""
    s = x.sentence
    return next(
        (
            p
            for p in scored
            if p.sentence.hit == s.hit
            and 0 < s.position - p.sentence.position <= 2
            and p.coverage >= floor
            and p.sentence.is_problem_heading
        ),
        None,
    )


def _led(x: Scored, scored: Sequence[Scored], floor: float = HARD_ASK_COVERAGE) -> bool:
    """Whether ``x`` follows, in its passage, a relevant problem heading.

    ``针对差旅费报支不规范的问题。整改情况：一是清退…1050元``: a measure under the problem asked
    about is about it.
    """
    return _heading_of(x, scored, floor) is not None
