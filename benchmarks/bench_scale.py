"""Speed and memory at corpus ×1, ×10, ×100: indexing throughput by stage, warm query latency, peak memory.

Every figure comes from one run of this script on one machine, and the README reports them as
ratios between sizes and stages. For each size a deterministic corpus is written to a temporary
folder (``benchmarks/scale_corpus.py``; copy 0 is the real corpus, the others rewrite units,
dates and counts), then, each in a fresh process (so peak memory is that step's own):

* **index**: a cold ``build_index`` into an empty embedded store, then a warm re-run over the
  unchanged corpus in the same process (the ratio shows what "nothing changed" costs), then a
  re-run after one more (small, distinct) file was added (what growing by a file costs);
* **query**: ``make_assistant`` over that store; the first ``retrieve`` (which loads the notices,
  chunks and keyword index), then every development question retrieved once to warm up, then
  timed: ``retrieve`` and ``ask`` (extractive mode: no model endpoint) per question.

Embedders: ``e5`` (the real one, ~1,000 embedded chars/s on two cores) is run at the sizes in
``--e5-sizes``; ``hash384`` (deterministic, 384-dim like e5, so Chroma stores and searches the
same vector size) at every size, for everything but the embedding itself. Embedding time at the
sizes e5 was not run is extrapolated from e5's measured chars/s (labelled as such).

Usage (from the repository root)::

    .venv/bin/python -m benchmarks.bench_scale --sizes 1,10,100 --e5-sizes 1
    .venv/bin/python -m benchmarks.plot_scale      # docs/scale.png and the README table
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from core.config import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
OUT = PROJECT_ROOT / "benchmarks" / "out" / "scale.json"


def _run_child(*argv: str) -> dict[str, Any]:
    """Run one step in a fresh interpreter; it prints one JSON object as its last stdout line."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale_steps", *argv],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"step {argv} failed:\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(time.perf_counter() - started, 2)
    return result


def main(argv: list[str] | None = None) -> int:
    from benchmarks.scale_corpus import write_scaled

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SHARED / "corpus")
    parser.add_argument("--questions", type=Path, default=SHARED / "eval" / "dev.jsonl")
    parser.add_argument("--sizes", default="1,10,100", help="corpus factors, comma-separated")
    parser.add_argument("--e5-sizes", default="1", help="factors also run with the e5 embedder")
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for corpora and stores (default: temp)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--query-only",
        action="store_true",
        help="re-measure only the queries, over the stores an earlier run left in --work; "
        "the index figures of --out are kept",
    )
    args = parser.parse_args(argv)
    if args.query_only:
        return requery(args.work, args.questions, args.out)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    e5_sizes = [int(s) for s in args.e5_sizes.split(",") if s]

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = args.work or Path(tmp)
        runs: list[dict[str, Any]] = []
        for size in sizes:
            started = time.perf_counter()
            corpus = write_scaled(args.source, work / f"corpus-x{size}", size)
            print(
                f"x{size}: {len(corpus.files)} files, {corpus.chars:,} chars "
                f"(written in {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            for embedder in ["hash384", *(["e5"] if size in e5_sizes else [])]:
                store = work / f"store-x{size}-{embedder}"
                indexed = _run_child("index", str(corpus.folder), str(store), embedder)
                print(
                    f"  {embedder:<8} index  {indexed['cold_seconds']:8.1f} s  "
                    f"{indexed['chars_per_second']:>10,.0f} chars/s  peak {indexed['peak_rss_mb']:.0f} MiB  "
                    f"warm {indexed['warm_to_cold']:.4f}x  add one file {indexed['add_one_file']['to_cold']:.4f}x",
                    flush=True,
                )
                queried = _run_child("query", str(store), embedder, str(args.questions))
                print(f"  {embedder:<8} query  {_query_line(queried)}", flush=True)
                runs.append(
                    {
                        "factor": size,
                        "raw_chars": corpus.chars,
                        "files": len(corpus.files),
                        "embedder": embedder,
                        "index": indexed,
                        "query": queried,
                    }
                )
    figures = {"machine": _machine(), "runs": runs}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def requery(work: Path | None, questions: Path, out: Path) -> int:
    """Replace the query figures in ``out`` by new ones over the stores kept in ``work``."""
    if work is None:
        raise SystemExit("--query-only needs --work, the folder of an earlier run")
    figures = json.loads(out.read_text(encoding="utf-8"))
    for run in figures["runs"]:
        store = work / f"store-x{run['factor']}-{run['embedder']}"
        if not store.is_dir():
            raise SystemExit(f"no store {store}: run the whole benchmark with --work {work} first")
        run["query"] = _run_child("query", str(store), run["embedder"], str(questions))
        print(f"x{run['factor']} {run['embedder']:<8} {_query_line(run['query'])}", flush=True)
    figures["query_machine"] = _machine()
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out}")
    return 0


def _query_line(q: dict[str, Any]) -> str:
    """One line of a query step's figures."""
    return (
        f"retrieve p50 {q['retrieve_ms']['p50']:.0f} ms p95 {q['retrieve_ms']['p95']:.0f} ms  "
        f"ask p50 {q['ask_ms']['p50']:.0f} ms p95 {q['ask_ms']['p95']:.0f} ms  "
        f"first {q['first_retrieve_ms']:.0f} ms  peak {q['peak_rss_mb']:.0f} MiB  hit@5 {q['hit5']:.2f}"
    )


def _machine() -> dict[str, Any]:
    import os
    import platform

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": [round(x, 1) for x in load],
    }


if __name__ == "__main__":
    raise SystemExit(main())
