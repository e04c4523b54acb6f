"""The steps ``bench_scale`` runs, each in its own process: ``index`` and ``query``.

Each prints one JSON object as its last line of output. Peak memory is the process's own
``ru_maxrss`` (so it includes the interpreter, the libraries and, for e5, the model).

    python -m benchmarks.scale_steps index CORPUS STORE EMBEDDER
    python -m benchmarks.scale_steps query STORE EMBEDDER QUESTIONS
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from core.config import Settings
from core.embeddings import Embedder

EMBEDDERS = ("e5", "hash384")


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def make(embedder: str, store_dir: Path) -> tuple[Settings, Embedder]:
    """Settings of a benchmark store and its embedder."""
    from core.embeddings import E5Embedder, HashEmbedder

    if embedder not in EMBEDDERS:
        raise SystemExit(f"embedder must be one of {EMBEDDERS}")
    settings = Settings(
        store_dir=store_dir, embedder="e5" if embedder == "e5" else "hash", collection="bench"
    )
    return settings, (E5Embedder() if embedder == "e5" else HashEmbedder(dim=384))


def index(corpus: Path, store_dir: Path, embedder_name: str) -> dict[str, Any]:
    """Cold index into an empty store, a warm re-run over the unchanged corpus, then one file added."""
    from assistant.factory import make_store
    from index.pipeline import STAGES, build_index

    settings, embedder = make(embedder_name, store_dir)
    store = make_store(settings, embedder)
    started = time.perf_counter()
    cold = build_index([corpus], settings, embedder, store, progress=False, prune=True)
    cold_seconds = time.perf_counter() - started
    cold_peak = peak_rss_mb()
    embedded_chars = sum(len(c.search_text) for c in store.chunks())
    started = time.perf_counter()
    warm = build_index([corpus], settings, embedder, store, progress=False, prune=True)
    warm_seconds = time.perf_counter() - started
    added = _add_one_file(corpus)
    started = time.perf_counter()
    grown = build_index([corpus], settings, embedder, store, progress=False, prune=True)
    add_seconds = time.perf_counter() - started
    added.unlink()
    stages = cold.stage_seconds
    return {
        "files": cold.files_read,
        "notices": cold.notices,
        "chunks": cold.chunks,
        "clean_chars": cold.chars,
        "embedded_chars": embedded_chars,
        "skipped": len(cold.skipped),
        "errors": [list(e) for e in cold.errors],
        "cold_seconds": round(cold_seconds, 3),
        "chars_per_second": round(cold.chars / cold_seconds, 1),
        "stage_seconds": {k: round(stages[k], 3) for k in STAGES},
        "stage_chars_per_second": {
            k: round(cold.chars / stages[k], 1) if stages[k] else None for k in STAGES
        },
        "embed_chars_per_second": round(embedded_chars / stages["embed"], 1) if stages["embed"] else None,
        "peak_rss_mb": round(cold_peak, 1),
        "warm_seconds": round(warm_seconds, 3),
        "warm_unchanged": warm.unchanged,
        "warm_to_cold": round(warm_seconds / cold_seconds, 5),
        "add_one_file": {
            "chars": grown.chars,
            "seconds": round(add_seconds, 3),
            "stage_seconds": {k: round(grown.stage_seconds[k], 3) for k in STAGES},
            "to_cold": round(add_seconds / cold_seconds, 5),
        },
    }


def _add_one_file(corpus: Path) -> Path:
    """Write one more file into ``corpus``: a copy of its smallest file made distinct (copy 9999)."""
    from benchmarks.scale_corpus import rewrite, unit_stems
    from index.loaders import load_file

    smallest = min((p for p in corpus.iterdir() if p.is_file()), key=lambda p: p.stat().st_size)
    raw = load_file(smallest, source=smallest.name).text
    path = corpus / f"zz_added_{smallest.name}"
    path.write_text(rewrite(raw, 9999, unit_stems([(smallest.name, raw)])), encoding="utf-8")
    return path


def query(store_dir: Path, embedder_name: str, questions: Path) -> dict[str, Any]:
    """Warm latency of ``retrieve`` and ``ask`` over the development questions, and hit@5."""
    from assistant.evaluation import load_cases, percentile, rank_of_first_hit
    from assistant.factory import make_assistant

    settings, embedder = make(embedder_name, store_dir)
    cases = load_cases(questions)
    rss_before = peak_rss_mb()
    assistant = make_assistant(settings, embedder=embedder)
    started = time.perf_counter()
    assistant.retrieve(cases[0].question)
    first_ms = (time.perf_counter() - started) * 1000
    loaded_rss = peak_rss_mb()
    for case in cases:  # warm-up: model, jieba, caches
        assistant.retrieve(case.question)
    retrieve_ms: list[float] = []
    ask_ms: list[float] = []
    ranks: list[int | None] = []
    stage_ms: dict[str, list[float]] = {}
    for case in cases:
        started = time.perf_counter()
        got = assistant.retrieve(case.question, k=5)
        retrieve_ms.append((time.perf_counter() - started) * 1000)
        for stage, seconds in got.timings.items():
            stage_ms.setdefault(stage, []).append(seconds * 1000)
        if case.answerable and case.evidence:
            ranks.append(rank_of_first_hit([h.chunk.text for h in got.hits], case.evidence))
        started = time.perf_counter()
        assistant.ask(case.question)
        ask_ms.append((time.perf_counter() - started) * 1000)

    def dist(values: list[float]) -> dict[str, float]:
        return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1)}

    return {
        "questions": len(cases),
        "first_retrieve_ms": round(first_ms, 1),
        "retrieve_ms": dist(retrieve_ms),
        "ask_ms": dist(ask_ms),
        "retrieve_stage_ms_p50": {k: round(percentile(v, 50), 2) for k, v in stage_ms.items()},
        "hit5": round(sum(1 for r in ranks if r is not None and r <= 5) / len(ranks), 3) if ranks else None,
        "rss_before_mb": round(rss_before, 1),
        "rss_loaded_mb": round(loaded_rss, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main(argv: list[str]) -> int:
    step, *rest = argv
    if step == "index":
        result = index(Path(rest[0]), Path(rest[1]), rest[2])
    elif step == "query":
        result = query(Path(rest[0]), rest[1], Path(rest[2]))
    else:
        raise SystemExit(f"unknown step {step!r}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
