"""Exemplar sentences from retrieved passages: split, adapted, deduplicated, cited.

Problem paragraphs take their measures from problem records (``exemplar_problems``); the parts of
a draft that no problem record holds (a notice's organisation paragraph, its next-step plans, a
rewrite's reference wording) come from retrieved passages. ``ExemplarSource`` retrieves passages
of other units (never the user's own), splits them into measure clauses (一是/二是…) or
sentences, adapts each to the user's unit (``adapt.Adapter``: specifics become placeholders) and
never hands out the same sentence twice. ``Cites`` numbers the exemplars a draft borrows from,
in order of first use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.composing.adapt import Adapter
from assistant.composing.exemplar_problems import cut
from assistant.composing.fields import field_of
from assistant.composing.plan import DraftPlan, Search
from assistant.grounding.citations import Passage
from core.normalize import compact, to_simplified
from core.phrases import CITATION_FORMAT, PLACEHOLDER_RE
from core.sentences import CLAUSE_ENDS
from core.sentences import sentences as split_sentences
from core.types import Citation, Hit

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory
    from core.config import Settings

ORDINALS = "一二三四五六七八九十"

MARKER_RE = re.compile(rf"(?:^|(?<=[。；;，,：:\s]))[{ORDINALS}]是")
_LABEL_RE = re.compile(
    r"^(?:整改(?:结果|情况|措施|成效|进展)[及和与]?(?:成效|措施|阶段性成效)?|成效|目前|下一步)\s*[:：,，]\s*"
)
"""A label in front of a sentence (整改结果及成效：…), not part of it."""
HEADING_RE = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]|问题$|方面$")


@dataclass
class Cites:
    """Exemplars cited so far, numbered in order of first use, and the lines that rest on none."""

    items: list[tuple[Hit, str]] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)
    """Where the draft has a generic line instead of an exemplar's (e.g. 整改情况第3条)."""

    def mark(self, hit: Hit, quote: str) -> str:
        """The ``[n]`` of ``hit`` (numbered now if it is new; ``quote`` is the span borrowed)."""
        for i, (h, _) in enumerate(self.items, 1):
            if h.chunk.id == hit.chunk.id:
                return CITATION_FORMAT.format(n=i)
        self.items.append((hit, quote))
        return CITATION_FORMAT.format(n=len(self.items))

    def citations(self) -> tuple[Citation, ...]:
        """The exemplars cited, as ``Citation`` records numbered as in the draft."""
        return tuple(
            Passage(n, hit, hit.chunk.text).to_citation(quote=q) for n, (hit, q) in enumerate(self.items, 1)
        )


@dataclass(frozen=True)
class Piece:
    """A scrubbed sentence or clause of an exemplar."""

    text: str
    """The scrubbed text, without its end punctuation or ordinal."""
    original: str
    """The words it came from."""
    hit: Hit
    """Its exemplar."""


def measure_clauses(text: str) -> list[str]:
    """The 一是/二是… clauses of a passage, ordinal and end punctuation removed (first sentence each).

    >>> measure_clauses("整改情况：一是修订制度，明确标准。二是开展检查；三是约谈提醒。")
    ['修订制度，明确标准', '开展检查', '约谈提醒']
    """
    starts = [m.start() for m in MARKER_RE.finditer(text)]
    out = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=False):
        clause = text[a + 2 : b]
        first = next(iter(split_sentences(clause, CLAUSE_ENDS)), clause)
        out.append(first.strip().rstrip("。；;，,"))
    return [c for c in out if c]


def sentences(text: str) -> list[str]:
    """The sentences of a passage, end punctuation removed.

    >>> sentences("整改成效：成效明显。下一步，持续巩固！整改結果及成效:一是落實")
    ['成效明显', '持续巩固', '一是落實']
    """
    out = []
    for s in split_sentences(text, CLAUSE_ENDS):
        label = _LABEL_RE.match(to_simplified(s))
        s = (s[label.end() :] if label else s).rstrip("。！？；!?;")
        if s:
            out.append(s)
    return out


def exemplars(plan: DraftPlan, search: Search, k: int) -> list[Hit]:
    """Passages for ``plan``: retrieved across all units, the user's own unit left out.

    Passages naming one of the plan's topics come first; the rest keep their retrieval order.
    """
    hits = [h for h in search(plan.query, max(k * 3, 12)) if not _own(plan, h)]
    words = [w for t in plan.topics for w in t.words]

    def on_topic(hit: Hit) -> bool:
        s = compact(hit.chunk.heading + hit.chunk.text)
        return any(w in s for w in words) or (bool(plan.phrase) and plan.phrase[:4] in s)

    ranked = sorted(hits, key=lambda h: not on_topic(h)) if words or plan.phrase else hits
    return ranked[:k]


def _own(plan: DraftPlan, hit: Hit) -> bool:
    return bool(plan.indexed_unit) and hit.chunk.unit == plan.indexed_unit


def _similar(a: str, b: str) -> bool:
    """Whether two scrubbed texts say nearly the same (bigram overlap, placeholders set aside)."""
    a, b = compact(PLACEHOLDER_RE.sub("", a)), compact(PLACEHOLDER_RE.sub("", b))
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    return bool(grams_a and grams_b) and len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) > 0.6


class ExemplarSource:
    """Exemplar sentences for one draft: scrubbed, simplified, never used twice."""

    def __init__(
        self, plan: DraftPlan, search: Search, settings: Settings, directory: UnitDirectory | None
    ) -> None:
        self.plan = plan
        self.search = search
        self.settings = settings
        self.adapter = Adapter(plan, directory)
        self.used: set[str] = set()

    def hits(self, query: str | None = None, *, on_topic: bool = False) -> list[Hit]:
        """Exemplars of the plan's topic (``query`` None) or of ``query``, the user's own unit left out.

        With ``on_topic``, only passages naming one of the plan's topics (none when it has none).
        """
        if query is None:
            return exemplars(self.plan, self.search, self.settings.k)
        found = self.search(query, max(self.settings.k, 6))
        words = [w for t in self.plan.topics for w in t.words]
        return [
            h
            for h in found
            if not _own(self.plan, h)
            and (not on_topic or any(w in compact(h.chunk.heading + h.chunk.text) for w in words))
        ]

    def pieces(
        self,
        hits: Sequence[Hit],
        split: str,
        pattern: re.Pattern[str] | None = None,
        avoid: str = "",
        share: float = 0.45,
    ) -> list[Piece]:
        """Scrubbed clauses (``split='measures'``) or sentences of ``hits`` that are usable and new.

        Args:
            hits: The exemplars.
            split: ``measures`` (一是/二是… clauses) or ``sentences``.
            pattern: Keep only parts it finds something in.
            avoid: Drop parts containing this word (e.g. 巡视 in a 巡察 notice).
            share: How much of a scrubbed part must be left besides placeholders.
        """
        out: list[Piece] = []
        for hit in hits:
            parts = measure_clauses(hit.chunk.text) if split == "measures" else sentences(hit.chunk.text)
            for part in parts:
                simple = to_simplified(part)
                if (pattern is not None and not pattern.search(simple)) or (avoid and avoid in simple):
                    continue
                if split != "measures" and (HEADING_RE.search(simple) or MARKER_RE.match(simple)):
                    continue
                if len(part) > 160:
                    continue
                text = self.adapter.adapt(cut(simple), hit.chunk.unit, field_of(hit.chunk.unit), share)
                if text is None or compact(text) in self.used or any(_similar(text, p.text) for p in out):
                    continue
                out.append(Piece(text, part, hit))
        return out

    def take(self, pieces: Sequence[Piece]) -> list[Piece]:
        """Mark ``pieces`` as used (so no other section repeats them)."""
        self.used.update(compact(p.text) for p in pieces)
        return list(pieces)


def spread(pieces: Sequence[Piece], limit: int, per_hit: int = 2) -> list[Piece]:
    """Up to ``limit`` pieces in order, at most ``per_hit`` from one exemplar while others remain."""
    chosen: list[Piece] = []
    for piece in pieces:
        if len(chosen) < limit and sum(p.hit.chunk.id == piece.hit.chunk.id for p in chosen) < per_hit:
            chosen.append(piece)
    for piece in pieces:
        if len(chosen) < limit and piece not in chosen:
            chosen.append(piece)
    return chosen


def enumerate_items(items: Sequence[tuple[str, str]]) -> str:
    """``一是…[1]；二是…[2]。`` from (text, marker) pairs."""
    parts = [f"{ORDINALS[i]}是{text}{marker}" for i, (text, marker) in enumerate(items[: len(ORDINALS)])]
    return "；".join(parts) + "。" if parts else ""
