"""The growth curves and the README table of ``bench_scale``'s figures.

Reads ``benchmarks/out/scale.json`` (written by ``bench_scale``), draws ``docs/scale.png`` and
prints the Markdown table the README shows. Indexing with e5 at the sizes e5 was not run is
extrapolated: the hash run's time for every stage but ``embed``, plus the embedded characters
divided by e5's embedding throughput measured at the sizes it was run (marked "extrapolated").

Usage (from the repository root)::

    .venv/bin/python -m benchmarks.plot_scale
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from core.config import PROJECT_ROOT

IN = PROJECT_ROOT / "benchmarks" / "out" / "scale.json"
PNG = PROJECT_ROOT / "docs" / "scale.png"
PROJECT_STAGES = ("load", "clean", "split", "chunk", "store", "keyword")
"""The stages that are the project's own work (``embed`` is the embedder's)."""


def rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per corpus size: the hash run's figures, e5's measured or extrapolated indexing time."""
    runs = figures["runs"]
    e5_runs = [r for r in runs if r["embedder"] == "e5"]
    e5_rate = sum(r["index"]["embedded_chars"] for r in e5_runs) / sum(
        r["index"]["stage_seconds"]["embed"] for r in e5_runs
    )
    out = []
    for run in sorted((r for r in runs if r["embedder"] == "hash384"), key=lambda r: r["factor"]):
        idx, qry = run["index"], run["query"]
        e5 = next((r for r in e5_runs if r["factor"] == run["factor"]), None)
        project = sum(idx["stage_seconds"][s] for s in PROJECT_STAGES)
        if e5 is not None:
            e5_seconds, e5_measured = e5["index"]["cold_seconds"], True
        else:
            e5_seconds, e5_measured = project + idx["embedded_chars"] / e5_rate, False
        out.append(
            {
                "factor": run["factor"],
                "notices": idx["notices"],
                "chunks": idx["chunks"],
                "chars": idx["clean_chars"],
                "project_seconds": project,
                "project_cps": idx["clean_chars"] / project,
                "stages": idx["stage_seconds"],
                "e5_seconds": e5_seconds,
                "e5_measured": e5_measured,
                "warm_to_cold": idx["warm_to_cold"],
                "warm_seconds": idx["warm_seconds"],
                "add_seconds": idx["add_one_file"]["seconds"],
                "add_stages": idx["add_one_file"]["stage_seconds"],
                "index_peak": idx["peak_rss_mb"],
                "e5_index_peak": e5["index"]["peak_rss_mb"] if e5 else None,
                "retrieve": qry["retrieve_ms"],
                "ask": qry["ask_ms"],
                "first": qry["first_retrieve_ms"],
                "query_peak": qry["peak_rss_mb"],
                "e5_query": e5["query"] if e5 else None,
                "hit5": qry["hit5"],
            }
        )
    return out


def table(data: list[dict[str, Any]]) -> str:
    """The README table: absolute figures of ×1, then each size as a ratio to ×1."""
    base = data[0]

    def ratio(value: float, of: float) -> str:
        return f"{value / of:,.1f}×" if of else "–"

    head = ["figure", *(f"×{r['factor']}" for r in data)]
    lines = [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join(["---"] * len(head)) + " |",
    ]

    def row(name: str, cells: list[str]) -> None:
        lines.append("| " + " | ".join([name, *cells]) + " |")

    row("notices / chunks", [f"{r['notices']:,} / {r['chunks']:,}" for r in data])
    row("cleaned characters", [f"{r['chars'] / 1e6:,.1f} M" for r in data])
    row(
        "indexing, project stages (s)",
        [f"{r['project_seconds']:,.0f}" + ("" if r is base else f" ({ratio(r['project_seconds'], base['project_seconds'])})") for r in data],
    )  # fmt: skip
    row("project stages, chars/s", [f"{r['project_cps']:,.0f}" for r in data])
    for stage in ("store", "keyword"):
        row(f"… of which {stage} (s)", [f"{r['stages'][stage]:,.1f}" for r in data])
    row(
        "indexing with e5 (s)",
        [f"{r['e5_seconds']:,.0f}" + ("" if r["e5_measured"] else " (extrapolated)") for r in data],
    )
    row(
        "re-run, nothing changed (s)",
        [f"{r['warm_seconds']:.3f} ({r['warm_to_cold']:.4f}× cold)" for r in data],
    )
    row(
        "re-run, one file added (s)",
        [f"{r['add_seconds']:.2f} (keyword {r['add_stages']['keyword']:.2f})" for r in data],
    )
    row("peak memory, indexing (MiB)", [f"{r['index_peak']:,.0f}" for r in data])
    row(
        "retrieve p50 / p95 (ms)",
        [f"{r['retrieve']['p50']:,.0f} / {r['retrieve']['p95']:,.0f}" for r in data],
    )
    row("ask p50 / p95 (ms)", [f"{r['ask']['p50']:,.0f} / {r['ask']['p95']:,.0f}" for r in data])
    row("first query after start (ms)", [f"{r['first']:,.0f}" for r in data])
    row("peak memory, serving (MiB)", [f"{r['query_peak']:,.0f}" for r in data])
    row(
        "with e5: retrieve / ask p50 (ms)",
        [f"{r['e5_query']['retrieve_ms']['p50']:,.0f} / {r['e5_query']['ask_ms']['p50']:,.0f}" if r["e5_query"] else "–" for r in data],
    )  # fmt: skip
    row("dev evidence hit@5", [f"{r['hit5']:.2f}" for r in data])
    return "\n".join(lines)


def plot(data: list[dict[str, Any]], path: Path) -> None:
    """Three panels, log-log: indexing time, query latency, peak memory against corpus size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chars = [r["chars"] / 1e6 for r in data]
    fig, (a, b, c) = plt.subplots(1, 3, figsize=(15, 4.6))
    a.plot(chars, [r["project_seconds"] for r in data], "o-", label="project stages (measured)")
    a.plot(chars, [r["stages"]["keyword"] for r in data], "s--", label="… keyword index")
    a.plot(chars, [r["stages"]["store"] for r in data], "^--", label="… Chroma store")
    e5_x = [x for x, r in zip(chars, data, strict=True) if r["e5_measured"]]
    e5_y = [r["e5_seconds"] for r in data if r["e5_measured"]]
    a.plot(chars, [r["e5_seconds"] for r in data], ":", color="grey", label="with e5 (extrapolated)")
    a.plot(e5_x, e5_y, "D", color="black", label="with e5 (measured)")
    a.plot(chars, [r["add_seconds"] for r in data], "v-.", label="re-run after adding one file")
    a.set(title="Indexing", xlabel="cleaned characters (millions)", ylabel="seconds")
    b.plot(chars, [r["retrieve"]["p50"] for r in data], "o-", label="retrieve p50")
    b.plot(chars, [r["retrieve"]["p95"] for r in data], "o--", label="retrieve p95")
    b.plot(chars, [r["ask"]["p50"] for r in data], "s-", label="ask p50 (extractive)")
    b.plot(chars, [r["ask"]["p95"] for r in data], "s--", label="ask p95 (extractive)")
    e5_q = [(x, r["e5_query"]) for x, r in zip(chars, data, strict=True) if r["e5_query"]]
    b.plot(
        [x for x, _ in e5_q],
        [q["ask_ms"]["p50"] for _, q in e5_q],
        "D",
        color="black",
        label="ask p50 with e5",
    )
    b.set(title="Warm query latency (hash embedder)", xlabel="cleaned characters (millions)", ylabel="ms")
    c.plot(chars, [r["index_peak"] for r in data], "o-", label="indexing")
    c.plot(chars, [r["query_peak"] for r in data], "s-", label="serving")
    c.set(title="Peak memory (RSS)", xlabel="cleaned characters (millions)", ylabel="MiB")
    for ax in (a, b, c):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    for ax in (a, b, c):
        for r, x in zip(data, chars, strict=True):
            ax.annotate(f"×{r['factor']}", (x, ax.get_ylim()[0]), fontsize=8, ha="center", va="bottom")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=Path, default=IN)
    parser.add_argument("--png", type=Path, default=PNG)
    args = parser.parse_args(argv)
    figures = json.loads(args.figures.read_text(encoding="utf-8"))
    data = rows(figures)
    plot(data, args.png)
    print(table(data))
    print(f"\nmachine: {figures['machine']}; plot written to {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
