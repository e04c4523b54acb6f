"""A detail read from the facts table, said with the notice's sentence that states it.

The facts table reads one value per field (``追回或退还资金：900元``), but a question about a
detail of one matter (``误餐费追回了多少钱，钱去哪了？``, ``分别追回了多少？``, ``完成了多少个？``)
is answered by the whole sentence that states the value: it also says where the money went, the
other amounts and the other counts (``已完成整改40个，基本完成整改4个``). ``quote_sentences``
adds the cited sentences after the table's answer, word for word; ``settled_parts`` drops the open
parts of the question those sentences already answer (their asks and detail cues met).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.answering.cited_facts import FactsAnswer, sentence_around
from assistant.answering.cues import cues_of
from assistant.answering.selection import coverage
from assistant.answering.sentences import Sentence, states_total
from assistant.grounding.claims import passage_form
from assistant.reading.ask_words import TOTAL_RE
from assistant.reading.asks import read_question
from assistant.reading.questions import QuestionInfo
from core.notice_model import Fact
from core.numerals import to_digits
from core.phrases import CITATION_FORMAT
from core.types import Notice

DETAIL_TARGETS = frozenset({"status", "immediate_fixes", "clues", "people", "rules", "money"})
"""Facts-table fields read from the body of a notice: a count or sum within one matter's sentence."""
MAX_QUOTED = 3
"""Sentences quoted at most."""
QUOTE_HEAD = "原文："
MAX_CLAUSE = 300
LEAD_UP = 120
"""Characters before a fact where the total its question quotes may be stated."""
PART_COVERAGE = 0.5
"""Share of an open part's own words a quoted sentence must hold to answer it."""
_LATER_RE = re.compile(r"最后|最终|到底|究竟")
_PART_SPLIT_RE = re.compile(r"[?？;；]")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[。；;！？!?\n])|\[\d+\]")
_ENDS = "。！？；;!?\n"


def wants_sentences(info: QuestionInfo | None, facts: FactsAnswer) -> bool:
    """Whether ``facts`` answers a detail question of one unit with body fields only."""
    if info is None or facts.refused or facts.from_records or not facts.cited:
        return False
    return (
        info.kind in ("lookup", "count")
        and len(info.units.units) == 1
        and bool(info.targets)
        and all(t in DETAIL_TARGETS for t in info.targets)
    )


def with_sentences(info: QuestionInfo, facts: FactsAnswer) -> tuple[QuestionInfo, FactsAnswer]:
    """For a detail question (``wants_sentences``): its sentences quoted, the parts they answer closed."""
    if not wants_sentences(info, facts):
        return info, facts
    quoted = quote_sentences(facts)
    parts = settled_parts(info.open_parts, quoted)
    return replace(info, open_parts=parts), replace(
        quoted, open_parts=settled_parts(quoted.open_parts, quoted)
    )


def quote_sentences(facts: FactsAnswer) -> FactsAnswer:
    """``facts`` with each cited sentence (at most ``MAX_QUOTED``) quoted after its text, cited."""
    lines = []
    for c in facts.cited[:MAX_QUOTED]:
        sentence = clause_around(c.notice.text, c.fact)
        if sentence and sentence not in facts.text:
            lines.append(f"{QUOTE_HEAD}{sentence}{CITATION_FORMAT.format(n=c.n)}")
    if not lines:
        return facts
    return replace(facts, text="\n".join([facts.text, *lines]))


def settled_parts(parts: Sequence[str], facts: FactsAnswer) -> tuple[str, ...]:
    """The open ``parts`` of a question that the cited sentences of ``facts`` do not answer.

    A part is answered when it asks for something (an ask or a detail cue) and a cited sentence
    meets all of it (``钱最后交到哪了`` by ``…追回…900元，并已全部上交国库``).
    """
    said = [clause_around(c.notice.text, c.fact) for c in facts.cited]
    sentences = [Sentence(t, passage_form(t), 0, i) for i, t in enumerate(said)]
    return tuple(p for p in parts if not _answered(p, sentences))


def record_gaps(info: QuestionInfo, facts: FactsAnswer) -> tuple[str, ...]:
    """The parts of a question of several parts that a problem record's answer leaves unanswered.

    A part that asks for something (a count, a date, a detail cue) and that no sentence of the
    record's answer meets with its own words (``…学历门槛降到了什么程度？2020年资助了多少人？``:
    the record says how the rule was changed, not how many were funded) is answered from passages.
    """
    if not facts.from_records or facts.refused:
        return ()
    pieces = [p for p in _PART_SPLIT_RE.split(info.question) if p.strip()]
    if len(pieces) < 2:
        return ()
    said = [t for t in _SENTENCE_SPLIT_RE.split(facts.text) if t.strip()]
    sentences = [Sentence(t, passage_form(t), 0, i) for i, t in enumerate(said)]
    return tuple(p for p in pieces if _asks_something(p) and not _answered(p, sentences))


def _asks_something(part: str) -> bool:
    q = read_question(part)
    return bool(cues_of(q.text)) or any(a.hard for a in q.asks)


def _asks_which_problems(q: str, start: int, end: int) -> bool:
    return q[:start].endswith("哪") and q[end:].startswith(("问题", "具体问题", "方面"))


def misses_anchors(info: QuestionInfo, facts: FactsAnswer, notices: Sequence[Notice] = ()) -> bool:
    """Whether a problem record's answer, or a table's detail, leaves out every total the question quotes.

    ``378个问题整改得怎么样`` asks about the sentence stating 378: a record, or the status of the
    feedback's 44 problems, that never states it answers another matter (the retrieved sentence that
    states it answers instead).

    >>> from assistant.reading.units import UnitDirectory
    >>> from assistant.reading.questions import analyze
    >>> info = analyze("甲局查找的378个问题整改得怎么样？", UnitDirectory(["中共甲局党组"]))
    >>> misses_anchors(info, FactsAnswer("关于学习不深入：一是开会。", from_records=True))
    True
    >>> misses_anchors(info, FactsAnswer("查找的378个问题已完成整改242个。", from_records=True))
    False
    >>> misses_anchors(analyze("甲局第3个问题是怎么整改的？", UnitDirectory(["中共甲局党组"])), FactsAnswer("一是开会。", from_records=True))
    False
    """
    if info.terms is None or facts.refused or not (facts.from_records or wants_sentences(info, facts)):
        return False
    q = info.terms.text
    own = _own_totals(
        info, notices
    )  # 反馈的16个问题里还有哪些没完成: the notice's own total, not another matter
    anchors = [
        m.group(0)
        for m in TOTAL_RE.finditer(q)
        if not q[: m.start()].endswith(("第", "最后", "末"))
        and m.group(1) not in own
        and not _asks_which_problems(q, m.start(), m.end())
    ]  # 第3个问题 and 最后1条 are ordinals; 哪2个问题 asks which problems (the records list them)
    if not anchors:
        return False
    said = [facts.text, *(_lead_up(c.notice.text, c.fact) for c in facts.cited)]
    form = passage_form("\n".join(said))
    return not any(states_total(form, a.replace("余", "")) for a in anchors)


def _own_totals(info: QuestionInfo, notices: Sequence[Notice]) -> set[str]:
    """The numbers of the named units' key facts (problems, measures, statuses, outcomes) as stated."""
    found: set[str] = set()
    for n in notices:
        if n.unit not in info.units.units:
            continue
        f = n.facts
        for fact in (
            f.problems,
            f.measures,
            f.immediate_fixes,
            f.clues,
            f.people,
            f.rules,
            *f.status.values(),
        ):
            if fact is not None:
                found.update(re.findall(r"\d+", to_digits(fact.quote)))
    return found


def _lead_up(text: str, fact: Fact) -> str:
    """The fact's sentence and the text before it.

    ``对反馈的3个问题逐条研究…截至目前，2个问题已完成整改``: the total is stated just before its statuses.
    """
    start = fact.start if text[fact.start : fact.end] == fact.quote else text.find(fact.quote)
    if start < 0:
        return fact.quote
    return text[max(0, start - LEAD_UP) : start] + clause_around(text, fact)


def clause_around(text: str, fact: Fact) -> str:
    """The whole sentence of ``text`` holding ``fact``, bounded by 。！？； or a line break.

    A long sentence of several matters is cut at its semicolons; at most ``MAX_CLAUSE`` characters.

    >>> t = "一是建立制度；对重复报销问题：追回900元，已上交国库；二是开会。"
    >>> clause_around(t, Fact("900元", "900元", 17, 21))
    '对重复报销问题：追回900元，已上交国库；'
    """
    start = fact.start if text[fact.start : fact.end] == fact.quote else text.find(fact.quote)
    if start < 0 or not fact.quote:
        return fact.quote
    end = start + len(fact.quote)
    left = max(text.rfind(c, 0, start) for c in _ENDS) + 1
    rights = [i for i in (text.find(c, end) for c in _ENDS) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    if right - left > MAX_CLAUSE:
        return sentence_around(text, fact)
    return text[left:right].strip()


def _answered(part: str, sentences: Sequence[Sentence]) -> bool:
    """Whether a sentence meets all the part asks for and holds its own words.

    The words of the detail cue and ``最后``/``最终`` aside: ``主题教育征集的问题有多少个`` is not
    answered by a count of another matter.
    """
    q = read_question(part)
    cues = cues_of(q.text)
    asks = [a for a in q.asks if a.kind != "measures"]
    if not cues and not asks:
        return False
    bare = _LATER_RE.sub(" ", q.text)
    for c in cues:
        bare = c.asked.sub(" ", bare)
    terms = read_question(bare).terms
    return any(
        all(c.met(s.form) for c in cues)
        and all(s.satisfies(a) for a in asks)
        and (not terms or coverage(terms, s.form) >= PART_COVERAGE)
        for s in sentences
    )
