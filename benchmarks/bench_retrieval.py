"""Retrieval on the development questions: ablation (keyword, dense, hybrid) and a plain baseline.

In one process, over an index built beforehand with the e5 embedder
(``assistant --store DIR index ../shared/corpus``):

* **ours**: the hybrid retriever and its ablations (keyword only, dense only, both fusions,
  no unit scoping);
* **baseline**: the usual first attempt: LangChain's ``RecursiveCharacterTextSplitter``
  (``chunk_size=1000, chunk_overlap=200``, default separators) over the raw files, embedded
  with the same e5 embedder into a Chroma collection, dense top-k. Built once and kept in
  ``--baseline-store``.

A hit is a passage holding an evidence string after ``compact`` normalization
(``assistant.evaluation``). Key coverage is measured on the top-1 passage text for every
system (same yardstick for all; the baseline's passages are about twice as long as ours, which
favours it), and for ours also on the answer ``Assistant.ask`` gives. Latencies are warm
(every question is asked once before timing).

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_retrieval --store /tmp/corpus-store``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.evaluation import EvalCase, key_coverage, load_cases, mrr, percentile, rank_of_first_hit
from assistant.retrieval.retriever import RetrievalConfig, Retriever
from core.config import PROJECT_ROOT, Settings

SHARED = PROJECT_ROOT.parent / "shared"
K = 10

Search = Callable[[str], list[str]]
"""Question → passage texts, best first."""


@dataclass(frozen=True)
class Scores:
    name: str
    hit1: float
    hit5: float
    mrr: float
    coverage: float
    p50: float
    p95: float
    misses: tuple[str, ...]


def score(name: str, search: Search, cases: Sequence[EvalCase]) -> Scores:
    """Run ``search`` over the cases twice (warm-up, then timed) and compute the metrics."""
    for case in cases:
        search(case.question)
    ranks: list[int | None] = []
    coverage: list[float] = []
    times: list[float] = []
    misses: list[str] = []
    for case in cases:
        started = time.perf_counter()
        passages = search(case.question)
        times.append((time.perf_counter() - started) * 1000)
        if not case.answerable:
            continue
        coverage.append(key_coverage(passages[0] if passages else "", case.answer_keys))
        if case.evidence:
            rank = rank_of_first_hit(passages, case.evidence)
            ranks.append(rank)
            if rank is None or rank > 1:
                misses.append(f"{case.id}:{rank or '-'}")
    n = len(ranks)
    return Scores(
        name,
        sum(1 for r in ranks if r == 1) / n,
        sum(1 for r in ranks if r is not None and r <= 5) / n,
        mrr(ranks),
        sum(coverage) / len(coverage),
        percentile(times, 50),
        percentile(times, 95),
        tuple(misses),
    )


def ours(store_dir: Path, collection: str) -> tuple[dict[str, Search], Callable[[str], str] | None]:
    """Our retriever in each configuration, and the answerer (None when ``ask`` is not there)."""
    from assistant.factory import make_assistant

    settings = Settings(store_dir=store_dir, embedder="e5", collection=collection)
    assistant = make_assistant(settings)
    view, store, embedder = assistant.view, assistant.store, assistant.embedder
    base = RetrievalConfig.from_settings(settings)
    configs = {
        "keyword only": replace(base, use_dense=False),
        "dense only": replace(base, use_keyword=False),
        "hybrid, RRF": replace(base, fusion="rrf"),
        "hybrid, no unit scoping": replace(base, scope_units=False),
        "hybrid, weighted sum (default)": base,
    }
    searches: dict[str, Search] = {}
    for name, config in configs.items():
        retriever = Retriever(view, store, embedder, config)
        searches[name] = lambda q, r=retriever: [h.chunk.text for h in r.retrieve(q, k=K).hits]  # type: ignore[misc]
    ask = getattr(assistant, "ask", None)
    answer = (lambda q: str(ask(q).text)) if ask is not None else None
    return searches, answer


def baseline(corpus: Path, store_dir: Path) -> Search:
    """Recursive splitter (1000/200) over the raw files, e5 vectors in Chroma, dense top-k."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from core.embeddings import E5Embedder

    embedder = E5Embedder()
    client = chromadb.PersistentClient(
        path=str(store_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    col = client.get_or_create_collection(
        "baseline", metadata={"hnsw:space": "cosine"}, embedding_function=None
    )
    if col.count() == 0:
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts: list[str] = []
        for path in sorted(corpus.glob("*.txt")):
            texts.extend(splitter.split_text(path.read_text(encoding="utf-8")))
        sys.stderr.write(f"baseline: embedding {len(texts)} passages ({sum(map(len, texts))} chars)…\n")
        started = time.perf_counter()
        vectors = embedder.embed_documents(texts)
        sys.stderr.write(f"baseline: embedded in {time.perf_counter() - started:.0f} s\n")
        for i in range(0, len(texts), 1000):
            col.add(
                ids=[f"b{j}" for j in range(i, min(i + 1000, len(texts)))],
                documents=texts[i : i + 1000],
                embeddings=vectors[i : i + 1000],  # type: ignore[arg-type]
            )

    def search(question: str) -> list[str]:
        got = col.query(query_embeddings=[embedder.embed_query(question)], n_results=K, include=["documents"])  # type: ignore[arg-type]
        return list((got["documents"] or [[]])[0])

    return search


def table(rows: Sequence[Scores]) -> str:
    lines = [
        "| system | hit@1 | hit@5 | MRR | top-1 key coverage | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.hit1:.3f} | {r.hit5:.3f} | {r.mrr:.3f} | {r.coverage:.3f} | {r.p50:.0f} | {r.p95:.0f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--store", type=Path, required=True, help="index built with the e5 embedder")
    parser.add_argument("--collection", default="notices")
    parser.add_argument("--questions", type=Path, default=SHARED / "eval" / "dev.jsonl")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--baseline-store", type=Path, default=Path("/tmp/baseline-store"))
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)

    cases = load_cases(args.questions)
    searches, answer = ours(args.store, args.collection)
    rows = [score(name, search, cases) for name, search in searches.items()]
    best = rows[list(searches).index("hybrid, weighted sum (default)")]
    base = None
    if not args.no_baseline:
        base = score(
            "baseline (recursive 1000/200, dense)", baseline(args.corpus, args.baseline_store), cases
        )
        rows.append(base)
    print(table(rows))
    print()
    for r in rows:
        print(f"{r.name}: not at rank 1: {', '.join(r.misses) or 'none'}")
    if answer is not None:
        answerable = [c for c in cases if c.answerable]
        cov = sum(key_coverage(answer(c.question), c.answer_keys) for c in answerable) / len(answerable)
        print(f"\nours, key coverage of Assistant.ask answers: {cov:.3f}")
    if base is not None:
        print("\n| ours / baseline | hit@1 | hit@5 | top-1 key coverage |\n|---|---|---|---|")
        ratios = (
            [best.hit1 / base.hit1, best.hit5 / base.hit5, best.coverage / base.coverage]
            if all((base.hit1, base.hit5, base.coverage))
            else [float("nan")] * 3
        )
        print(f"| hybrid, weighted sum | {ratios[0]:.2f}× | {ratios[1]:.2f}× | {ratios[2]:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
