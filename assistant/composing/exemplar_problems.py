"""Exemplars from the notice model: other units' problem records of the same problem type.

A draft learns from how other units rectified the same kind of problem. ``find_exemplars`` ranks
the numbered problems of every indexed notice (never the user's own unit's) by closeness to the
plan: the problem type named in the problem heading (or in the aspect heading above it), the
overlap of the heading with the user's problem phrase, the problem's rank in retrieval, and a
unit of the same field. At most two problems are taken from one unit, so the exemplars come
from at least three units when the index has them.

An ``Exemplar`` gives its block's **measures** (one 一是/二是… item each: its first sentence, or a
short lead such as 一是深化政治理论学习 joined to the sentence after it), its **result**
sentences (成效, 明显增强…) and its **plan** sentences (下一步, 持续, 长效…), simplified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from assistant.composing.fields import field_of
from assistant.composing.plan import DraftPlan, Search
from core.normalize import compact, to_search, to_simplified
from core.phrases import PLACEHOLDER_RE
from core.sentences import CLAUSE_ENDS, sentences
from core.types import Chunk, Hit, Notice, Problem
from index.status import classify

MAX_PER_UNIT = 2
"""Problems taken from one unit."""
MAX_ITEM = 90
"""Characters of one measure, at most (cut at a clause boundary)."""
_MARKER_RE = re.compile(r"(?:^|(?<=[。；;：:\n，,]))[ \t\u3000]*([一二三四五六七八九十]{1,2})是")
_LEAD_MAX = 14
"""A first sentence this short is a lead (一是深化政治理论学习。) and takes the next sentence along."""
RESULT_RE = re.compile(
    r"(?:明显|显著|大幅|切实|不断)(?:增强|提升|提高|改善|规范|加强|夯实|转变)|"
    r"得到(?:有效|明显|进一步|切实)?(?:加强|提升|提高|改善|规范|落实|解决|遏制|增强)|成效(?:明显|显著|初显)|"
    r"取得.{0,6}成效|^(?:通过|经过)(?:整改|.{0,10}整改)|^整改后"
)
PLAN_RE = re.compile(
    r"^(?:下一步|下步|今后|我们将|将|继续|持续|进一步|坚持|巩固)|将(?:继续|持续|进一步|坚持)"
)
_NOT_PLAN_RE = re.compile(r"已|了|目前|正在|：|:|一是")
"""A plan sentence reports nothing done and holds no list."""
_NOT_RESULT_RE = re.compile(r"^(?:如|例如|比如|其中|一是)|将|：|:|召开|制定|印发")
_ENUM_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]|[①-⑳])\s*")
"""An enumerator in front of a sentence."""
PENDING_RE = re.compile(r"正在|尚未|未全部|还处于|仍需|仍未|未完成|未整改|计划于")
_LABEL_RE = re.compile(r"^(?:整改(?:措施|情况|结果|成效|进展)(?:及成效)?|成效|目前|下一步)\s*[:：，,]\s*")


def cut(text: str, limit: int = MAX_ITEM) -> str:
    """``text`` cut at a clause boundary (，；) so that it keeps within ``limit`` if it can.

    Never inside a clause: with no boundary before ``limit``, the first clause is kept whole.

    >>> cut("甲乙丙丁，戊己庚辛壬癸，子丑寅卯", 8)
    '甲乙丙丁'
    """
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in re.finditer(r"[，；,;]", text)]
    before = [c for c in cuts if c <= limit]
    if before:
        return text[: before[-1]]
    return text[: cuts[0]] if cuts else text


def measure_items(block: str) -> list[str]:
    """The 一是/二是… measures of a problem block, each one sentence (a short lead keeps the next).

    >>> measure_items("整改情况：一是深化政治理论学习。制定学习计划，开展专题研讨。二是修订制度，明确标准。目前已完成整改。")
    ['深化政治理论学习，制定学习计划，开展专题研讨', '修订制度，明确标准']
    """
    marks = list(_MARKER_RE.finditer(block))
    run: list[re.Match[str]] = []
    ordinals = "一二三四五六七八九十"
    for m in marks:
        if m.group(1) == ordinals[len(run) : len(run) + 1]:
            run.append(m)
    out = []
    for i, m in enumerate(run):
        end = run[i + 1].start() if i + 1 < len(run) else len(block)
        parts = [s.strip().rstrip("。；;，,") for s in sentences(block[m.end() : end], CLAUSE_ENDS)]
        parts = [p for p in parts if p and classify(p) is None]
        if not parts:
            continue
        item = parts[0]
        if len(item) <= _LEAD_MAX and len(parts) > 1:
            item = f"{item}，{parts[1]}"
        out.append(cut(item))
    return out


@dataclass(frozen=True, eq=False)
class Exemplar:
    """One problem of another unit's notice, used as an exemplar."""

    notice: Notice
    """The notice it is in."""
    index: int
    """Its index in ``notice.problems``."""
    score: float
    """How close it is to the plan (higher is closer)."""

    @property
    def problem(self) -> Problem:
        """The problem record."""
        return self.notice.problems[self.index]

    @property
    def unit(self) -> str:
        """The unit whose problem it is."""
        return self.notice.unit

    @cached_property
    def field(self) -> str:
        """The field of that unit."""
        return field_of(self.notice.unit)

    @cached_property
    def block(self) -> str:
        """The problem's text in simplified characters (punctuation as written)."""
        return to_simplified(self.notice.text[self.problem.start : self.problem.end])

    @cached_property
    def hit(self) -> Hit:
        """The problem as a retrieved passage (for numbering and citations)."""
        p, n = self.problem, self.notice
        chunk = Chunk(
            id=f"{n.id}#p{self.index}",
            notice_id=n.id,
            unit=n.unit,
            title=n.title,
            source=n.source,
            heading_path=(*p.path, p.heading.strip()),
            text=n.text[p.start : p.end].strip(),
            start=p.start,
            end=p.end,
            problem=self.index,
        )
        return Hit(chunk, self.score)

    def measures(self) -> list[str]:
        """The measures of the block."""
        return measure_items(self.block)

    def _sentences(self, pattern: re.Pattern[str]) -> list[str]:
        out = []
        for s in sentences(self.block, CLAUSE_ENDS):
            s = _ENUM_RE.sub("", _LABEL_RE.sub("", s.strip())).rstrip("。；;！!")
            if (
                pattern.search(s)
                and not PENDING_RE.search(s)
                and not _MARKER_RE.match(s)
                and classify(s) is None
            ):
                out.append(cut(s, 140))
        return out

    def results(self) -> list[str]:
        """Sentences that state what the rectification achieved."""
        return [s for s in self._sentences(RESULT_RE) if not _NOT_RESULT_RE.search(s)]

    def plans(self) -> list[str]:
        """Sentences that state what is to be done next (forward-looking, nothing reported done)."""
        return [s for s in self._sentences(PLAN_RE) if not _NOT_PLAN_RE.search(s)]


def _grams(text: str) -> set[str]:
    s = compact(to_search(text))
    return {s[i : i + 2] for i in range(len(s) - 1)}


def closeness(plan: DraftPlan, notice: Notice, problem: Problem) -> float:
    """How close one problem is to the plan: type in the heading, phrase overlap, same field."""
    head = to_search(problem.heading)
    above = to_search(" ".join(problem.path[-2:]))
    words = [w for t in plan.topics[:1] for w in t.words] or [w for t in plan.topics for w in t.words]
    score = 0.0
    if any(w in head for w in words):
        score += 2.0
    elif any(w in above for w in words):
        score += 0.8
    if plan.phrase:
        grams = _grams(plan.phrase.removesuffix("问题"))
        if grams:
            score += 3.0 * len(grams & _grams(head)) / len(grams)
    if plan.field and field_of(notice.unit) == plan.field:
        score += 0.3
    return score


@dataclass(frozen=True)
class Register:
    """How typical wording is among the problems of the plan's type: bigram → units using it."""

    units: dict[str, int]
    """For each bigram of the measures of the closest problems, how many units write it."""

    def typicality(self, text: str) -> float:
        """The mean share (capped at 4 units) of ``text``'s bigrams that other units also write, 0..1.

        A measure in the genre's usual wording scores high; one telling a unit's own story (its
        canteen, its building, its one-off case) scores low.
        """
        grams = _grams(PLACEHOLDER_RE.sub("", text))
        if not grams or not self.units:
            return 0.0
        return sum(min(self.units.get(g, 0), 4) / 4 for g in grams) / len(grams)


@dataclass(frozen=True)
class Exemplars:
    """The exemplars of a plan and the register of its problem type."""

    items: list[Exemplar]
    """The exemplars, best first."""
    register: Register
    """Typical wording among the closest problems."""


def find_exemplars(
    plan: DraftPlan, notices: Sequence[Notice], search: Search | None = None, k: int = 8, pool: int = 40
) -> Exemplars:
    """The problems of other units closest to ``plan``, best first, at most ``MAX_PER_UNIT`` a unit.

    Args:
        plan: What is drafted.
        notices: The notices of the index.
        search: Retrieval across all units; its top problems get a bonus (semantic closeness).
        k: How many exemplars.
        pool: How many of the closest problems the register is learnt from.
    """
    bonus: dict[tuple[str, int], float] = {}
    if search is not None:
        for rank, hit in enumerate(search(plan.query, 30)):
            if hit.chunk.problem is not None:
                key = (hit.chunk.notice_id, hit.chunk.problem)
                bonus[key] = max(bonus.get(key, 0.0), 1.2 / (1 + rank * 0.3))
    scored: list[Exemplar] = []
    for notice in notices:
        if not notice.problems or (plan.indexed_unit and notice.unit == plan.indexed_unit):
            continue
        for i, problem in enumerate(notice.problems):
            score = closeness(plan, notice, problem) + bonus.get((notice.id, i), 0.0)
            if score >= 1.0:
                scored.append(Exemplar(notice, i, round(score, 3)))
    scored.sort(key=lambda e: (-e.score, e.notice.id, e.index))
    out: list[Exemplar] = []
    per_unit: dict[str, int] = {}
    for e in scored:
        if len(out) >= k:
            break
        if per_unit.get(e.unit, 0) >= MAX_PER_UNIT or not e.measures():
            continue
        per_unit[e.unit] = per_unit.get(e.unit, 0) + 1
        out.append(e)
    by_gram: dict[str, set[str]] = {}
    for e in scored[:pool]:
        for gram in _grams("".join(e.measures())):
            by_gram.setdefault(gram, set()).add(e.unit)
    return Exemplars(out, Register({g: len(u) for g, u in by_gram.items()}))
