"""Evaluation metrics: evidence hits, ranks, key coverage, refusals and latency.

Pure functions over typed rows; running the assistant over the questions is the harness's
job. Every comparison goes through ``core.normalize.compact`` (simplified, width-folded, no
white space), and key coverage also reads Chinese numerals as digits (五个 ↔ 5个).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.normalize import compact
from core.numerals import all_to_digits

UNANSWERABLE = "unanswerable"
"""The ``kind`` of questions the notices cannot answer (the right reply is a refusal)."""


@dataclass(frozen=True)
class EvalCase:
    """One evaluation question (a line of ``dev.jsonl``)."""

    id: str
    """Question id."""
    kind: str
    """Question kind (fact, detail, locate, compare, unanswerable, …)."""
    question: str
    """The question."""
    answer: str = ""
    """Reference answer."""
    answer_keys: tuple[tuple[str, ...], ...] = ()
    """Groups of alternatives; an answer covers a group when it contains any alternative."""
    evidence: tuple[str, ...] = ()
    """Strings of the notices that answer the question; a passage holding one is a hit."""
    units: tuple[str, ...] = ()
    """The unit(s) the question is about."""
    source_file: str = ""
    """The corpus file holding the answer."""

    klass: str = ""
    """Question class, where the file gives one (multi_ask, problem_measures, …); '' otherwise."""

    @property
    def answerable(self) -> bool:
        """Whether the notices hold the answer."""
        return self.kind != UNANSWERABLE

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EvalCase:
        """Read one ``dev.jsonl`` object."""
        unit = data.get("unit")
        units = tuple(unit) if isinstance(unit, list) else (unit,) if unit else ()
        return cls(
            id=str(data["id"]),
            kind=str(data.get("kind", "")),
            klass=str(data.get("class", "")),
            question=str(data["question"]),
            answer=str(data.get("answer", "")),
            answer_keys=tuple(tuple(group) for group in data.get("answer_keys") or ()),
            evidence=tuple(data.get("evidence") or ()),
            units=units,
            source_file=str(data.get("source_file") or ""),
        )


def load_cases(path: Path) -> list[EvalCase]:
    """Read a JSON-lines question file (blank lines skipped)."""
    with path.open(encoding="utf-8") as f:
        return [EvalCase.from_json(json.loads(line)) for line in f if line.strip()]


@dataclass(frozen=True)
class EvalRow:
    """One question as the assistant handled it."""

    case: EvalCase
    """The question."""
    answer: str
    """The answer text given."""
    refused: bool
    """Whether the assistant said it cannot answer."""
    passages: tuple[str, ...] = ()
    """Retrieved passage texts, best first."""
    latency: float = 0.0
    """Seconds from question to full answer."""

    @property
    def rank(self) -> int | None:
        """1-based rank of the first passage holding evidence (None: no hit, or no evidence)."""
        return rank_of_first_hit(self.passages, self.case.evidence)


def _norm(text: str) -> str:
    return all_to_digits(compact(text)).lower()


def evidence_hit(passages: Sequence[str], evidence: Sequence[str]) -> bool:
    """Whether any passage contains any evidence string (after ``compact`` normalization).

    >>> evidence_hit(["截至目前，共计5个问题已整改完成"], ["共计5个问题已整改完成"])
    True
    >>> evidence_hit(["共計5個問題"], ["共计5个问题"]), evidence_hit(["共计4个问题"], ["共计5个问题"])
    (True, False)
    """
    return rank_of_first_hit(passages, evidence) is not None


def rank_of_first_hit(passages: Sequence[str], evidence: Sequence[str]) -> int | None:
    """1-based rank of the first passage holding any evidence string, or None.

    >>> rank_of_first_hit(["甲", "乙丙", "丙"], ["丙"])
    2
    """
    needles = [n for n in (compact(e) for e in evidence) if n]
    for rank, passage in enumerate(passages, start=1):
        text = compact(passage)
        if any(n in text for n in needles):
            return rank
    return None


def hit_at_k(passages: Sequence[str], evidence: Sequence[str], k: int) -> bool:
    """Whether a hit is among the first ``k`` passages.

    >>> hit_at_k(["甲", "乙"], ["乙"], 1), hit_at_k(["甲", "乙"], ["乙"], 5)
    (False, True)
    """
    rank = rank_of_first_hit(passages, evidence)
    return rank is not None and rank <= k


def mrr(ranks: Iterable[int | None]) -> float:
    """Mean reciprocal rank; a miss (None) counts 0. An empty input gives 0.

    >>> mrr([1, 2, None, 4])
    0.4375
    """
    values = [1.0 / r if r else 0.0 for r in ranks]
    return sum(values) / len(values) if values else 0.0


def key_coverage(answer: str, answer_keys: Sequence[Sequence[str]]) -> float:
    """Fraction of key groups with at least one alternative in the answer (1.0 when there are none).

    >>> key_coverage("已完成五个，正在推进4个。", [["5个"], ["4个", "四个"], ["7个"]])
    0.6666666666666666
    >>> key_coverage("作为全国唯一一个地级市台联", [["唯一"]])  # a numeral inside a word is not a number
    1.0
    """
    if not answer_keys:
        return 1.0
    text, plain = _norm(answer), compact(answer).lower()
    covered = sum(
        1
        for group in answer_keys
        if any(_has_key(text, _norm(k)) or _has_key(plain, compact(k).lower()) for k in group)
    )
    return covered / len(answer_keys)


def _has_key(text: str, key: str) -> bool:
    """``key`` occurs in ``text``, and a number in it is not part of a longer number (9家 ≠ 19家)."""
    if not key:
        return False
    start = text.find(key)
    while start >= 0:
        before = text[start - 1] if start else ""
        after = text[start + len(key) : start + len(key) + 1]
        if not (key[0].isdigit() and before.isdigit()) and not (key[-1].isdigit() and after.isdigit()):
            return True
        start = text.find(key, start + 1)
    return False


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0–100) with linear interpolation between order statistics.

    >>> percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 95)
    (2.5, 3.85)

    Raises:
        ValueError: if ``values`` is empty or ``p`` is outside 0–100.
    """
    if not values or not 0 <= p <= 100:
        raise ValueError("percentile needs values and 0 <= p <= 100")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 10)


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _stats(rows: Sequence[EvalRow]) -> dict[str, Any]:
    answerable = [r for r in rows if r.case.answerable]
    with_evidence = [r for r in answerable if r.case.evidence]
    unanswerable = [r for r in rows if not r.case.answerable]
    ranks = [r.rank for r in with_evidence]
    latencies = [r.latency for r in rows]
    return {
        "n": len(rows),
        "answerable": len(answerable),
        "hit@1": _mean([1.0 if r is not None and r <= 1 else 0.0 for r in ranks]),
        "hit@5": _mean([1.0 if r is not None and r <= 5 else 0.0 for r in ranks]),
        "mrr": round(mrr(ranks), 4) if ranks else None,
        "key_coverage": _mean([key_coverage(r.answer, r.case.answer_keys) for r in answerable]),
        "refusal_rate": _mean([1.0 if r.refused else 0.0 for r in unanswerable]),
        "false_refusal_rate": _mean([1.0 if r.refused else 0.0 for r in answerable]),
        "latency_p50": round(percentile(latencies, 50), 4) if latencies else None,
        "latency_p95": round(percentile(latencies, 95), 4) if latencies else None,
    }


def summarize(rows: Sequence[EvalRow]) -> dict[str, Any]:
    """Metrics overall and per kind.

    Retrieval metrics (hit@1, hit@5, MRR) count answerable rows with evidence; key coverage
    and the false-refusal rate count answerable rows; the refusal rate counts unanswerable
    rows; latency percentiles count every row. A metric with no rows to count is None.

    Returns:
        ``{"overall": {...}, "by_kind": {kind: {...}}}`` with the keys n, answerable, hit@1,
        hit@5, mrr, key_coverage, refusal_rate, false_refusal_rate, latency_p50, latency_p95.
    """
    kinds = sorted({r.case.kind for r in rows})
    classes = sorted({r.case.klass for r in rows if r.case.klass})
    return {
        "overall": _stats(rows),
        "by_kind": {kind: _stats([r for r in rows if r.case.kind == kind]) for kind in kinds},
        "by_class": {c: _stats([r for r in rows if r.case.klass == c]) for c in classes},
    }
