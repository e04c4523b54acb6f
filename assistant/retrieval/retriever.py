"""Hybrid retrieval: BM25 keywords and dense vectors, fused, scoped to the units a question names.

``Retriever.retrieve`` reads the question once (``questions.analyze``), decides the scope (the
named units' notices, narrowed by year and level), runs both searches inside that scope over
committed chunks only, fuses them (``assistant.retrieval.fusion``), removes near-duplicate passages, re-orders each scope's
best passages by what their sentences can answer (the ``rerank`` the service passes in) and,
when no unit is named, keeps one notice from filling the top. A question naming several units is
searched within each unit apart (one query vector, one keyword query, each unit's own candidates
and score scale) and the per-unit rankings are merged round-robin, ``k`` passages for each unit, so every named
unit's best passages are kept and no unit crowds another out of the candidate lists. ``CorpusView`` is the read-only
snapshot of the index the retriever works on; the service reloads it when the store's
fingerprint changes (``assistant.retrieval.corpus_view``). ``assistant.retrieval.lc_retriever`` adapts it to LangChain.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.reading.questions import QuestionInfo, analyze
from assistant.retrieval.corpus_view import CorpusView, notice_level, notice_years
from assistant.retrieval.fusion import Fused, Fusion, bigrams, cap_per_group, dedupe, fuse, mix, round_robin
from core.errors import UnknownUnit
from core.normalize import compact, to_search
from core.types import Hit, Level

if TYPE_CHECKING:
    from core.config import Settings
    from core.embeddings import Embedder
    from core.store.replica import NoticeReader

__all__ = [
    "CorpusView",
    "Retrieval",
    "RetrievalConfig",
    "Retriever",
    "keyword_query",
    "notice_level",
    "notice_years",
]

log = logging.getLogger(__name__)

_QUESTION_WORDS_RE = re.compile(
    r"请问|是什么|什么|多少|哪些|哪个|哪家|哪里|哪儿|哪一|哪|怎么样|怎么|怎样|如何|是否|有没有|吗|呢|谁|几个|几|"
    r"是|一共|分别|各自|各|都|的|了|[?？,，.。!！\"“”]"
)
"""Question words dropped from the keyword query (they are rare in notices, so BM25 would reward them)."""


@dataclass(frozen=True)
class RetrievalConfig:
    """Knobs of the retriever (defaults are the tuned values; see ``benchmarks/bench_retrieval.py``)."""

    fusion: Fusion = "weighted"
    """How the keyword and dense rankings are combined."""
    keyword_weight: float = 0.75
    """Weight of the keyword ranking; dense gets ``1 - keyword_weight``."""
    candidates: int = 40
    """How many results each search contributes to the fusion."""
    per_notice_cap: int = 3
    """At most this many passages of one notice before others, when no unit is named (0: no cap)."""
    dedupe_threshold: float = 0.9
    """Bigram overlap at which a passage counts as a repeat of a better one."""
    strip_keyword_query: bool = True
    """Drop question words (and, when scoped, the unit's name) from the keyword query."""
    use_keyword: bool = True
    """Run the BM25 search (off: dense only)."""
    use_dense: bool = True
    """Run the dense search (off: keyword only)."""
    scope_units: bool = True
    """Restrict both searches to the notices of the units a question names (off: for ablation)."""
    rerank_weight: float = 0.5
    """Weight of the re-ranker's passage score against the fused score (0: no re-ranking)."""
    rerank_depth: int = 20
    """How many of a scope's best fused passages the re-ranker orders again."""

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> RetrievalConfig:
        """The defaults with ``settings.keyword_weight`` applied."""
        values: dict[str, object] = {"keyword_weight": settings.keyword_weight, **overrides}
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Retrieval:
    """What one retrieval returned."""

    hits: tuple[Hit, ...]
    """The passages, best first (``rank`` from 1)."""
    units: tuple[str, ...] = ()
    """The units the search was restricted to (empty: all units)."""
    warnings: tuple[str, ...] = ()
    """Visible notices: ambiguous unit, unknown unit, filters matching nothing."""
    info: QuestionInfo | None = None
    """The analysis of the question (reused by the answerer)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: ``embed``, ``dense``, ``keyword``, ``fuse``."""


_FACT_FIELDS = (
    "inspection_period", "inspection_body", "feedback_date", "signed", "round", "kind", "problems", "measures",
    "immediate_fixes", "clues", "people", "rules", "money",
)  # fmt: skip
"""Facts-table fields stated in one sentence of the notice, located by offset."""


def facts_first(
    ranked: list[Fused], view: CorpusView, info: QuestionInfo, notice_ids: set[str] | None
) -> list[Fused]:
    """``ranked`` with the passages stating the facts the question asks for moved to the front.

    A question for a facts-table field (``什么时候反馈``, ``反馈了几个问题``) is answered from the
    sentence the field was read from; its passage leads, in the order the fields are asked.
    """
    notices = [n for n in view.notices if notice_ids is None or n.id in notice_ids]
    wanted: list[str] = []
    for notice in notices:
        facts = notice.facts
        stated = [getattr(facts, t) for t in info.targets if t in _FACT_FIELDS]
        if "status" in info.targets:
            stated += [facts.status[k] for k in info.statuses if k in facts.status]
        if "contact" in info.targets:
            stated += [facts.contact[k] for k in info.contacts if k in facts.contact]
        for fact in stated:
            if fact is None:
                continue
            for cid in view.chunk_ids_by_notice.get(notice.id, ()):
                chunk = view.chunks[cid]
                if chunk.start <= fact.start < chunk.end and cid not in wanted:
                    wanted.append(cid)
                    break
    if not wanted:
        return ranked
    top = ranked[0].score if ranked else 1.0
    lead = [Fused(cid, top + 1.0 - i * 1e-3, {"facts": 1.0}) for i, cid in enumerate(wanted)]
    return lead + [f for f in ranked if f.id not in wanted]


def keyword_query(question: str, strip: Sequence[str] = ()) -> str:
    """The keyword form of a question: question words and the given phrases removed.

    >>> keyword_query("南京市大数据局的监督电话是多少？", ["南京市大数据局"])
    '监督电话'
    """
    q = compact(question)
    for s in sorted((compact(x) for x in strip), key=len, reverse=True):
        if s:
            q = q.replace(s, " ")
    q = _QUESTION_WORDS_RE.sub(" ", q)
    return " ".join(q.split()) or compact(question)


Reranker = Callable[[Sequence[str], QuestionInfo], Sequence[float]]
"""Scores passages' texts for a question read (higher: more of an answer), one score per text."""


class Retriever:
    """Hybrid search over one ``CorpusView``."""

    def __init__(
        self,
        view: CorpusView,
        store: NoticeReader,
        embedder: Embedder,
        config: RetrievalConfig | None = None,
        rerank: Reranker | None = None,
    ) -> None:
        """Search ``view`` (dense vectors come from ``store``, the query vector from ``embedder``).

        ``rerank`` orders each scope's best fused passages again (``_reranked``); None keeps the
        fused order.
        """
        self.view = view
        self.store = store
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self.rerank = rerank
        self._bigrams: dict[str, frozenset[str]] = {}

    def _grams(self, chunk_id: str) -> frozenset[str]:
        """The bigrams of a chunk's normalized text (computed once per chunk)."""
        grams = self._bigrams.get(chunk_id)
        if grams is None:
            grams = self._bigrams[chunk_id] = bigrams(compact(self.view.chunks[chunk_id].text))
        return grams

    def retrieve(
        self,
        question: str,
        k: int = 6,
        unit: str | None = None,
        year: int | None = None,
        level: Level | None = None,
        info: QuestionInfo | None = None,
    ) -> Retrieval:
        """The ``k`` best passages for ``question``.

        Args:
            question: The question as typed (any script or width).
            k: How many passages.
            unit: Restrict to this unit (any usual form of its name); overrides the question's units.
            year: Only notices dated in this year (signature, feedback or inspection dates).
            level: Only 巡视 or only 巡察 notices.
            info: The question already read (``questions.analyze``); read here when None.

        Raises:
            UnknownUnit: ``unit`` names no unit of the index.
        """
        view = self.view
        info = info or analyze(question, view.directory)
        warnings: list[str] = []
        units, strip = self._scope_units(info, unit, warnings)
        year = year if year is not None else (info.year if info.notice_year else None)
        level = level or info.level
        notice_ids = self._allowed_notices(units, year, level)
        if notice_ids is not None and not notice_ids:
            warnings.append(_empty_scope_warning(units, year, level))
            return Retrieval((), units, tuple(warnings), info)
        timings: dict[str, float] = {}
        scopes = self._unit_scopes(units, notice_ids) if len(units) > 1 else [notice_ids]
        vector: list[list[float]] = []  # the query vector, embedded once for every scope
        ranked: list[list[Fused]] = []
        for scope in scopes:
            found = self._reranked(
                self._ranked(question, strip, scope, k, vector, warnings, timings), info, timings
            )
            ranked.append(facts_first(found, self.view, info, scope) if units else found)
        t = time.perf_counter()
        if len(scopes) > 1:
            fused = round_robin(ranked)
        else:
            fused = ranked[0]
            if not units:
                fused = cap_per_group(
                    fused, lambda f: view.chunks[f.id].notice_id, self.config.per_notice_cap
                )
        limit = k * len(scopes)  # several units named: k passages for each, merged round-robin
        hits = tuple(
            Hit(view.chunks[f.id], f.score, rank, dict(f.parts)) for rank, f in enumerate(fused[:limit], 1)
        )
        timings["fuse"] = timings.get("fuse", 0.0) + time.perf_counter() - t
        return Retrieval(hits, units, tuple(warnings), info, timings)

    def _unit_scopes(self, units: Sequence[str], notice_ids: set[str] | None) -> list[set[str] | None]:
        """The notices in scope of each named unit (those of ``notice_ids``), in the order named."""
        scopes: list[set[str] | None] = []
        for unit in units:
            mine = {n.id for n in self.view.notices if n.unit == unit}
            scopes.append(mine if notice_ids is None else mine & notice_ids)
        return [s for s in scopes if s]

    def _ranked(
        self,
        question: str,
        strip: Sequence[str],
        notice_ids: set[str] | None,
        k: int,
        vector: list[list[float]],
        warnings: list[str],
        timings: dict[str, float],
    ) -> list[Fused]:
        """Both searches within ``notice_ids`` (None: everywhere), fused and without near-repeats."""
        view = self.view
        chunk_ids = None
        if notice_ids is not None:
            chunk_ids = {c for n in notice_ids for c in view.chunk_ids_by_notice.get(n, ())}
        rankings = self._search(question, strip, notice_ids, chunk_ids, warnings, vector, timings)
        t = time.perf_counter()
        cfg = self.config
        weights = {"keyword": cfg.keyword_weight, "dense": 1.0 - cfg.keyword_weight}
        fused = [f for f in fuse(cfg.fusion, rankings, weights) if f.id in view.chunks]
        fused = dedupe(
            fused,
            lambda f: self._grams(f.id),
            cfg.dedupe_threshold,
            lambda f: view.chunks[f.id].unit,
            4 * k + 20,
        )
        timings["fuse"] = timings.get("fuse", 0.0) + time.perf_counter() - t
        return fused

    def _reranked(self, fused: list[Fused], info: QuestionInfo, timings: dict[str, float]) -> list[Fused]:
        """``fused`` with its first ``rerank_depth`` passages ordered again by ``fusion.mix``."""
        weight = self.config.rerank_weight
        if self.rerank is None or weight <= 0 or len(fused) < 2:
            return fused
        t = time.perf_counter()
        head = fused[: self.config.rerank_depth]
        support = self.rerank([self.view.chunks[f.id].text for f in head], info)
        out = mix(fused, support, weight)
        timings["rerank"] = timings.get("rerank", 0.0) + time.perf_counter() - t
        return out

    def _scope_units(
        self, info: QuestionInfo, unit: str | None, warnings: list[str]
    ) -> tuple[tuple[str, ...], list[str]]:
        """The units to restrict to, and the phrases naming them (dropped from the keyword query)."""
        if unit is not None:
            match = self.view.directory.resolve(unit)
            if not match.matched:
                raise UnknownUnit(unit, match.suggestions)
            if match.ambiguous:
                warnings.append(f"“{unit}”匹配到多个单位：{'、'.join(match.units)}，已同时检索")
            return match.units, [m.surface for m in info.units.mentions]
        match = info.units
        if not self.config.scope_units:
            return (), []
        for m in match.mentions:
            if len({self.view.directory.core(u) for u in m.units}) > 1:
                warnings.append(f"问题中的“{m.surface}”匹配到多个单位：{'、'.join(m.units)}，已同时检索")
        if match.unknown and not match.matched:
            close = f"，相近的单位：{'、'.join(match.suggestions)}" if match.suggestions else ""
            names = "、".join(f"“{u}”" for u in match.unknown)
            warnings.append(f"索引中没有{names}的通报{close}；已在全部通报中检索")
        return match.units, [m.surface for m in match.mentions]

    def _allowed_notices(
        self, units: Sequence[str], year: int | None, level: Level | None
    ) -> set[str] | None:
        """Ids of the notices in scope, or None when nothing restricts the search."""
        if not units and year is None and level is None:
            return None
        wanted = set(units)
        return {
            n.id
            for n in self.view.notices
            if (not wanted or n.unit in wanted)
            and (year is None or year in notice_years(n))
            and (level is None or notice_level(n) == level)
        }

    def _search(
        self,
        question: str,
        strip: Sequence[str],
        notice_ids: set[str] | None,
        chunk_ids: set[str] | None,
        warnings: list[str],
        vector: list[list[float]],
        timings: dict[str, float],
    ) -> dict[str, list[tuple[str, float]]]:
        """Keyword and dense rankings within the scope; ``vector`` holds the query vector once embedded."""
        cfg = self.config
        n = cfg.candidates
        rankings: dict[str, list[tuple[str, float]]] = {}
        t = time.perf_counter()
        if cfg.use_keyword:
            query = keyword_query(question, strip) if cfg.strip_keyword_query else question
            rankings["keyword"] = self.view.keyword.search(query, n, allowed_ids=chunk_ids)
            t = _lap(timings, "keyword", t)
        if cfg.use_dense and not (vector and not vector[0]):  # an empty vector: dense search failed
            if not vector:  # a query vector from another model means nothing here
                self.store.check_embedder(self.embedder)
            try:
                if not vector:
                    vector.append(list(self.embedder.embed_query(to_search(question))))
                    t = _lap(timings, "embed", t)
                rankings["dense"] = self.store.query(
                    vector[0],
                    n,
                    notice_ids=notice_ids,
                    chunk_ids=chunk_ids,
                    committed=self.view.chunks.keys(),
                )
                _lap(timings, "dense", t)
            except Exception as exc:
                log.warning("dense search failed: %s: %s", type(exc).__name__, exc)
                if not cfg.use_keyword:
                    raise
                vector[:] = [[]]
                warnings.append(f"向量检索出错（{type(exc).__name__}），本次仅用关键词检索")
        return rankings


def _lap(timings: dict[str, float], stage: str, started: float) -> float:
    now = time.perf_counter()
    timings[stage] = timings.get(stage, 0.0) + now - started
    return now


def _empty_scope_warning(units: Sequence[str], year: int | None, level: Level | None) -> str:
    parts = [f"单位 {'、'.join(units)}"] if units else []
    parts += [f"{year}年"] if year is not None else []
    parts += [level] if level else []
    return f"没有符合条件的通报（{'，'.join(parts)}）"
