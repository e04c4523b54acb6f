"""Parsing time per megabyte of a hostile file and of a normal one, at 0.1, 1 and 10 MB.

Parsing is everything indexing does with what a file says (load → clean → split with facts →
chunk; ``index.parsing.parse_file``), timed in this process, without the worker (so the figures
are the stages' own). Two kinds of text:

* **single line**: Chinese characters drawn from a notice, no punctuation, no line break: what
  text pasted from a web page or a PDF export can look like. Before the chunker read token counts
  a window at a time, 100 KB took 12 s and 400 KB over 200 s.
* **normal notices**: the sample notices, copied with their units, dates and counts rewritten
  per copy (``benchmarks/scale_corpus.rewrite``), so every notice is distinct: a compilation file.

For each kind it prints CPU seconds and CPU seconds per MB at each size (parsing runs on one
thread, so CPU time is the work done, steady on a busy machine where wall time is not; wall
seconds are printed too), the wall time per stage, and the ratio of the 10 MB CPU time to the
1 MB CPU time: linear time gives 10, and the run fails (exit 1) above ``MAX_RATIO``. ``--patterns`` adds inputs that were super-linear in a regex or a lookup before
(runs of spaces, a line of '打印 ' links, emphasis marks without an end, long digit runs, many
headings), each at 0.1 and 1 MB.

Usage (from the repository root, about a minute on two cores)::

    .venv/bin/python -m benchmarks.bench_hostile [--sizes 0.1,1,10] [--patterns]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scale_corpus import rewrite, unit_stems
from core.config import SAMPLE_CORPUS
from index.guards import FileLimits
from index.loaders import LoadError
from index.parsing import ParseJob, parse_file

MAX_RATIO = 12.0
"""Largest 10 MB / 1 MB time ratio accepted (10 is linear)."""
STAGES = ("load", "clean", "split", "chunk")
HEADER = "MB | CPU s | CPU s/MB | wall s | stages (wall s) | result |"


def _notices() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS.glob("*.txt")))


def single_line(size: int) -> bytes:
    """``size`` bytes of Chinese characters (from the sample notices) on one line, no punctuation."""
    han = sorted({c for c in _notices() if "\u4e00" <= c <= "\u9fff"})
    rng = random.Random(16)
    return "".join(rng.choices(han, k=size // 3)).encode("utf-8")


def normal_notices(size: int) -> bytes:
    """About ``size`` bytes of distinct copies of the sample notices."""
    raw = _notices() + "\n\n"
    stems = unit_stems([("sample", raw)])
    copies = max(1, round(size / len(raw.encode("utf-8"))))
    return "".join(rewrite(raw, c, stems) for c in range(copies)).encode("utf-8")


def _repeat(unit: str) -> Callable[[int], bytes]:
    def make(size: int) -> bytes:
        data = unit.encode("utf-8")
        return data * max(1, size // len(data))

    return make


TITLE = "岚江市财政局党组关于巡察整改情况的通报\n"
PATTERNS: dict[str, Callable[[int], bytes]] = {
    "a run of spaces": lambda n: ("甲" + " " * (n - 6) + "乙").encode("utf-8"),
    "a line of '打印 ' links": _repeat("打印 "),
    "emphasis without an end": _repeat("**整改 "),
    "a heading of spaces": lambda n: ("# 整改" + " " * (n - 12) + "乙").encode("utf-8"),
    "one long digit run": lambda n: ("截至目前问题" + "1" * (n - 18)).encode("utf-8"),
    "counts on one line": _repeat("反馈3个问题，"),
    "many headings": lambda n: (
        (TITLE + "二、整改落实情况\n").encode("utf-8")
        + _repeat("一、甲\n（一）乙问题\n1.丙\n（1）丁\n①戊\n")(n)
    ),
    "'一是' measures on one line": lambda n: TITLE.encode("utf-8") + _repeat("；一是加强学习")(n),
}


def measure(data: bytes) -> tuple[float, float, dict[str, float], str]:
    """CPU and wall seconds to parse ``data`` as a .txt file, wall seconds per stage, and what came out."""
    job = ParseJob(Path("bench.txt"), "bench.txt", data, 320, FileLimits())
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        parsed = parse_file(job)
    except LoadError as exc:
        return time.process_time() - cpu, time.perf_counter() - wall, {}, f"skipped: {exc.reason}"
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu, wall, parsed.seconds, f"{len(parsed.notices)} notices, {len(parsed.chunks)} chunks"


def _row(kind: str, data: bytes) -> float:
    mb = len(data) / 2**20
    cpu, wall, stages, result = measure(data)
    split = " ".join(f"{s} {stages.get(s, 0):.2f}" for s in STAGES)
    print(f"| {kind} | {mb:.1f} | {cpu:.2f} | {cpu / mb:.2f} | {wall:.2f} | {split} | {result} |", flush=True)
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,1,10", help="sizes in MB (the ratio needs 1 and 10)")
    parser.add_argument("--patterns", action="store_true", help="also time the pathological patterns")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]

    measure(normal_notices(10_000))  # warm up: tokenizer and converter loaded before timing
    print(f"| text | {HEADER}\n|---|---|---|---|---|---|---|")
    failed = False
    ratios: list[str] = []
    for kind, make in (("single line", single_line), ("normal notices", normal_notices)):
        times = {size: _row(kind, make(int(size * 2**20))) for size in sizes}
        if 1 in times and 10 in times:
            ratio = times[10] / times[1]
            failed |= ratio > MAX_RATIO
            ratios.append(f"{kind} {ratio:.1f}")
    if ratios:
        print(f"\n10 MB / 1 MB CPU time: {', '.join(ratios)} (linear: 10; accepted up to {MAX_RATIO:g})")
    if args.patterns:
        print(f"\n| pattern | {HEADER}\n|---|---|---|---|---|---|---|")
        for name, make in PATTERNS.items():
            small, large = (_row(name, make(int(mb * 2**20))) for mb in (0.1, 1))
            print(f"|   1 MB / 0.1 MB CPU time | | {large / small:.1f} | | | | |")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
