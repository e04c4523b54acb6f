"""Ranking arithmetic of hybrid retrieval: fusing ranked lists, removing near-duplicates, diversity.

Pure functions over ``(id, score)`` lists, so they are tested without a store. Two fusions are
offered and were measured against each other on the development questions
(``benchmarks/bench_retrieval.py``):

* ``rrf``: reciprocal rank fusion, ``sum(w / (c + rank))``; scale-free, robust to one list
  with wild scores.
* ``weighted``: each list min-max normalized to [0, 1], then a weighted sum; keeps the size of
  the score gaps (a BM25 score far above the rest stays far above).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

Fusion = Literal["rrf", "weighted"]
"""How keyword and dense rankings are combined."""
FUSIONS: tuple[Fusion, ...] = ("rrf", "weighted")
"""Valid values of ``Fusion``."""

Ranked = Sequence[tuple[str, float]]
"""A ranking: (id, score) pairs, best first."""

RRF_C = 60
"""The constant of reciprocal rank fusion (the usual 60)."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Fused:
    """One id after fusion."""

    id: str
    """The chunk id."""
    score: float
    """The fused score (higher is better)."""
    parts: dict[str, float] = field(default_factory=dict)
    """The raw score of each ranking the id appeared in."""


def rrf(rankings: Mapping[str, Ranked], weights: Mapping[str, float], c: int = RRF_C) -> list[Fused]:
    """Weighted reciprocal rank fusion.

    Args:
        rankings: Each named ranking, best first.
        weights: Weight of each ranking (missing names weigh 1).
        c: The rank offset.

    Returns:
        Every id of any ranking, best first (ties keep first-seen order).

    >>> [(f.id, round(f.score * 61, 3)) for f in rrf({"a": [("x", 9), ("y", 1)], "b": [("y", .9)]}, {})]
    [('y', 1.984), ('x', 1.0)]
    """
    scores: dict[str, float] = {}
    parts: dict[str, dict[str, float]] = {}
    for name, ranking in rankings.items():
        w = weights.get(name, 1.0)
        for rank, (i, raw) in enumerate(ranking, 1):
            scores[i] = scores.get(i, 0.0) + w / (c + rank)
            parts.setdefault(i, {})[name] = raw
    return _sorted(scores, parts)


def weighted(rankings: Mapping[str, Ranked], weights: Mapping[str, float]) -> list[Fused]:
    """Weighted sum of min-max normalized scores (an id absent from a ranking gets 0 there).

    Args:
        rankings: Each named ranking, best first.
        weights: Weight of each ranking (missing names weigh 1).

    Returns:
        Every id of any ranking, best first.

    >>> [(f.id, f.score) for f in weighted({"a": [("x", 10), ("y", 5), ("z", 0)]}, {"a": 2})]
    [('x', 2.0), ('y', 1.0), ('z', 0.0)]
    """
    scores: dict[str, float] = {}
    parts: dict[str, dict[str, float]] = {}
    for name, ranking in rankings.items():
        if not ranking:
            continue
        w = weights.get(name, 1.0)
        values = [s for _, s in ranking]
        low, high = min(values), max(values)
        span = high - low
        for i, raw in ranking:
            norm = (raw - low) / span if span > 0 else 1.0
            scores[i] = scores.get(i, 0.0) + w * norm
            parts.setdefault(i, {})[name] = raw
    return _sorted(scores, parts)


def fuse(
    kind: Fusion, rankings: Mapping[str, Ranked], weights: Mapping[str, float], c: int = RRF_C
) -> list[Fused]:
    """Dispatch to ``rrf`` or ``weighted``."""
    if kind == "rrf":
        return rrf(rankings, weights, c)
    if kind == "weighted":
        return weighted(rankings, weights)
    raise ValueError(f"unknown fusion {kind!r}; valid: {', '.join(FUSIONS)}")


def _sorted(scores: dict[str, float], parts: dict[str, dict[str, float]]) -> list[Fused]:
    order = sorted(scores, key=lambda i: -scores[i])  # stable: ties keep insertion order
    return [Fused(i, scores[i], parts[i]) for i in order]


def bigrams(text: str) -> frozenset[str]:
    """The set of character bigrams of ``text`` (its single character when shorter).

    >>> sorted(bigrams("整改到位"))
    ['到位', '改到', '整改']
    """
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of two bigram sets relative to the smaller one (1.0 when one contains the other).

    >>> similarity(bigrams("整改到位了"), bigrams("整改到位"))
    1.0
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def dedupe(
    items: Sequence[_T],
    grams_of: Callable[[_T], frozenset[str]],
    threshold: float = 0.9,
    group_of: Callable[[_T], Hashable] | None = None,
    limit: int | None = None,
) -> list[_T]:
    """Drop items whose text nearly repeats an earlier (better-ranked) item's text.

    Args:
        items: Best first.
        grams_of: The ``bigrams`` of an item's normalized text (callers cache them).
        threshold: ``similarity`` at or above which an item is a duplicate.
        group_of: When given, only items of the same group can repeat each other (the same
            wording in two units' notices is two pieces of evidence, not one).
        limit: Stop once this many items are kept (the rest is never compared).

    >>> dedupe(["市委巡察组反馈问题", "市委巡察组反馈问题。", "整改措施"], lambda s: bigrams(s.rstrip("。")))
    ['市委巡察组反馈问题', '整改措施']
    >>> dedupe(["甲:整改到位", "乙:整改到位"], lambda s: bigrams(s[2:]), group_of=lambda s: s[0])
    ['甲:整改到位', '乙:整改到位']
    """
    kept: list[_T] = []
    grams: dict[Hashable, list[frozenset[str]]] = {}
    for item in items:
        if limit is not None and len(kept) >= limit:
            break
        g = grams_of(item)
        seen = grams.setdefault(group_of(item) if group_of else None, [])
        if any(similarity(g, h) >= threshold for h in seen):
            continue
        kept.append(item)
        seen.append(g)
    return kept


def cap_per_group(items: Iterable[_T], group_of: Callable[[_T], Hashable], cap: int) -> list[_T]:
    """Reorder so that no group has more than ``cap`` items ahead of other groups' items.

    Items beyond a group's cap are not dropped: they follow, in their order, after every item
    within its cap (so a short list is still filled).

    >>> cap_per_group(["a1", "a2", "a3", "b1"], lambda s: s[0], 2)
    ['a1', 'a2', 'b1', 'a3']
    """
    if cap <= 0:
        return list(items)
    seen: dict[Hashable, int] = {}
    first: list[_T] = []
    rest: list[_T] = []
    for item in items:
        g = group_of(item)
        seen[g] = seen.get(g, 0) + 1
        (first if seen[g] <= cap else rest).append(item)
    return first + rest


def mix(fused: Sequence[Fused], support: Sequence[float], weight: float) -> list[Fused]:
    """``fused`` ordered by ``(1 - weight) * score / best score + weight * support``.

    ``support`` scores the first passages (as many as it has; the rest count 0) for how much of an
    answer they hold, on a scale of about 0–1.5; the score becomes the mix, the fused score is kept
    in the parts as ``fused`` and the support as ``rerank``.

    >>> [(f.id, round(f.score, 2)) for f in mix([Fused("a", 2.0), Fused("b", 1.6), Fused("c", 1.0)], [0.5, 1.3], 0.5)]
    [('b', 1.05), ('a', 0.75), ('c', 0.25)]
    """
    best = max((f.score for f in fused), default=0.0) or 1.0
    scored = [
        Fused(
            f.id,
            (1 - weight) * f.score / best + weight * (support[i] if i < len(support) else 0.0),
            {**f.parts, "fused": f.score, **({"rerank": round(support[i], 4)} if i < len(support) else {})},
        )
        for i, f in enumerate(fused)
    ]
    return sorted(scored, key=lambda f: -f.score)  # stable: ties keep the fused order


def round_robin(rankings: Sequence[Sequence[_T]]) -> list[_T]:
    """Merge rankings by rank: every ranking's first item, then every second item, and so on.

    Used when a question names several units, each searched apart: each named unit's best
    passages come before any unit's second-best, whatever the units' score scales.

    >>> round_robin([["a1", "a2", "a3"], ["b1"], ["c1", "c2"]])
    ['a1', 'b1', 'c1', 'a2', 'c2', 'a3']
    """
    out: list[_T] = []
    for rank in range(max((len(r) for r in rankings), default=0)):
        out.extend(r[rank] for r in rankings if rank < len(r))
    return out
