"""Indexing speed and memory: a cold run over a corpus into a fresh store, then a warm re-run.

Usage::

    .venv/bin/python benchmarks/bench_index.py [--corpus DIR] [--embedder e5|hash] [--json OUT]

Prints characters per second, notices, chunks, seconds per stage, total seconds and peak memory
of the cold run, and the warm (unchanged corpus) run as a ratio of the cold one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.factory import make_embedder, make_store
from core.config import PROJECT_ROOT, Settings
from core.embeddings import Embedder
from index.loaders import iter_files
from index.pipeline import STAGES, build_index

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


class CpuTimedEmbedder:
    """Wraps an embedder and adds up the process CPU seconds spent embedding (all threads)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.cpu = 0.0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        started = time.process_time()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.cpu += time.process_time() - started

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--embedder", choices=("e5", "hash"), default="e5")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1

    files = iter_files([args.corpus])
    raw_chars = sum(len(f.read_text(encoding="utf-8", errors="replace")) for f in files)
    rss_before = _peak_rss_mb()
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        settings = Settings(store_dir=Path(tmp), embedder=args.embedder, collection="bench")
        embedder = CpuTimedEmbedder(make_embedder(settings))
        store = make_store(settings, embedder)

        started, cpu_started = time.perf_counter(), time.process_time()
        cold = build_index([args.corpus], settings, embedder, store, progress=False, prune=True)
        cold_wall = time.perf_counter() - started
        cold_cpu = time.process_time() - cpu_started
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        peak = _peak_rss_mb()
        embedded_chars = sum(len(c.search_text) for c in store.chunks())

        started = time.perf_counter()
        warm = build_index([args.corpus], settings, embedder, store, progress=False, prune=True)
        warm_wall = time.perf_counter() - started

    figures = {
        "corpus": str(args.corpus),
        "embedder": embedder.name,
        "files": len(files),
        "raw_chars": raw_chars,
        "clean_chars": cold.chars,
        "embedded_chars": embedded_chars,
        "notices": cold.notices,
        "chunks": cold.chunks,
        "skipped": [list(s) for s in cold.skipped],
        "errors": [list(e) for e in cold.errors],
        "cold_seconds": round(cold_wall, 2),
        "cold_cpu_seconds": round(cold_cpu, 2),
        "embed_cpu_seconds": round(embedder.cpu, 2),
        "clean_chars_per_cpu_second": round(cold.chars / cold_cpu, 1),
        "embed_chars_per_cpu_second": round(embedded_chars / max(embedder.cpu, 1e-9), 1),
        "cpus": os.cpu_count(),
        "load_average_1min_at_end": round(load, 2),
        "chars_per_second": round(cold.chars / cold_wall, 1),
        "embed_chars_per_second": round(embedded_chars / max(cold.stage_seconds["embed"], 1e-9), 1),
        "stage_seconds": {k: round(cold.stage_seconds[k], 2) for k in STAGES},
        "peak_rss_mb": round(peak, 1),
        "rss_before_mb": round(rss_before, 1),
        "warm_seconds": round(warm_wall, 3),
        "warm_unchanged": warm.unchanged,
        "warm_to_cold_ratio": round(warm_wall / cold_wall, 4),
    }
    print(f"corpus           {figures['corpus']} ({figures['files']} files, {raw_chars} chars)")
    print(f"embedder         {figures['embedder']}")
    print(f"notices/chunks   {cold.notices} / {cold.chunks}")
    print(f"cold total       {cold_wall:.1f} s  ({figures['chars_per_second']} clean chars/s)")
    for stage in STAGES:
        share = cold.stage_seconds[stage] / cold_wall * 100
        print(f"  {stage:<8}       {cold.stage_seconds[stage]:8.2f} s  {share:5.1f} %")
    print(f"embed throughput {figures['embed_chars_per_second']} embedded chars/s")
    print(
        f"cpu time         {cold_cpu:.1f} s total, {embedder.cpu:.1f} s embedding "
        f"({figures['embed_chars_per_cpu_second']} embedded chars per CPU-second; "
        f"{figures['cpus']} CPUs, load {figures['load_average_1min_at_end']})"
    )
    print(f"peak memory      {figures['peak_rss_mb']} MiB (before indexing {figures['rss_before_mb']} MiB)")
    print(
        f"warm re-run      {warm_wall:.3f} s = {figures['warm_to_cold_ratio']:.4f} x cold ({warm.unchanged} unchanged)"
    )
    if cold.skipped or cold.errors:
        print(f"skipped {cold.skipped}  errors {cold.errors}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
