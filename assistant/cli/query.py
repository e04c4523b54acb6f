"""The ``retrieve`` and ``eval`` subcommands.

``retrieve`` prints the passages the assistant would read for a question. ``eval`` runs a
question file (the ``dev.jsonl`` format) through one assistant in one process: for each
question it retrieves the top passages and asks the question, writes one JSON line per
question, and prints the metrics of ``assistant.evaluation`` per kind.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from assistant.cli.output import Subparsers, print_json
from core.config import Settings
from core.errors import AssistantError
from core.phrases import UNKNOWN_UNIT

if TYPE_CHECKING:
    from assistant.accounts.workspace import Workspace
    from assistant.evaluation import EvalCase


LEVELS = ("巡视", "巡察")
EVAL_RETRIEVED = 10
"""Passages kept per question in the ``retrieved`` field of ``eval`` output."""
_METRICS = ("n", "hit@1", "hit@5", "mrr", "key_coverage", "refusal_rate", "false_refusal_rate")


def register_retrieve(subparsers: Subparsers) -> None:
    """Add ``retrieve QUESTION [--k N] [--unit U] [--year Y] [--level 巡视|巡察] [--json]``."""
    p = subparsers.add_parser("retrieve", help="检索与问题最相关的通报段落")
    p.add_argument("question", metavar="QUESTION", help="问题")
    p.add_argument("--k", type=int, default=None, help="返回段落数(默认 ASSISTANT_K)")
    p.add_argument("--unit", default=None, help="只检索该单位的通报(全称或简称)")
    p.add_argument("--year", type=int, default=None, help="只检索该年份的通报(落款、反馈或巡察日期)")
    p.add_argument("--level", choices=LEVELS, default=None, help="只检索巡视或巡察通报")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(run=run_retrieve)


def register_eval(subparsers: Subparsers) -> None:
    """Add ``eval FILE [--out OUT.jsonl] [--k N] [--json]``."""
    p = subparsers.add_parser("eval", help="用问题集(JSONL)评测检索与回答")
    p.add_argument("file", type=Path, metavar="FILE", help="问题文件,每行一个 JSON(id, kind, question, …)")
    p.add_argument("--out", type=Path, default=None, help="逐题结果写入此 JSONL 文件")
    p.add_argument("--k", type=int, default=EVAL_RETRIEVED, help="检索评测的段落数(默认 10)")
    p.add_argument("--json", action="store_true", help="以 JSON 输出指标")
    p.set_defaults(run=run_eval)


def _assistant(args: argparse.Namespace, settings: Settings) -> Workspace:
    from assistant.cli.session import workspace

    return workspace(args, settings)


def run_retrieve(args: argparse.Namespace, settings: Settings) -> int:
    """Print the hits of one question."""
    if args.k is not None and args.k <= 0:
        raise AssistantError("--k 必须是正整数")

    assistant = _assistant(args, settings)
    result = assistant.retrieve(args.question, k=args.k, unit=args.unit, year=args.year, level=args.level)
    for warning in result.warnings:
        sys.stderr.write(f"提示: {warning}\n")
    if args.json:
        print_json([h.to_json() for h in result.hits])
        return 0
    out = sys.stdout
    if not result.hits:
        out.write("没有检索到相关段落。\n")
    for h in result.hits:
        c = h.chunk
        out.write(f"[{h.rank}] {h.score:.4f}  {c.unit or UNKNOWN_UNIT} | {c.source}{c.ocr_note}\n")
        if c.heading:
            out.write(f"    {c.heading}\n")
        out.write(f"    {c.text.strip()}\n\n")
    return 0


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Answer every question of the file; write the rows and print the metrics."""
    from assistant.evaluation import load_cases

    try:
        cases = load_cases(args.file)
    except (OSError, ValueError, KeyError) as exc:
        raise AssistantError(f"无法读取问题文件 {args.file}: {exc}") from None
    assistant = _assistant(args, settings)
    out = args.out.open("w", encoding="utf-8") if args.out else None
    try:
        report = evaluate(assistant, cases, k=args.k, out=out)
    finally:
        if out is not None:
            out.close()
    if args.json:
        print_json(report)
    else:
        sys.stdout.write(format_report(report))
    return 0


def evaluate(
    assistant: Workspace, cases: Sequence[EvalCase], k: int = EVAL_RETRIEVED, out: TextIO | None = None
) -> dict[str, Any]:
    """Retrieve and answer each case; return the metrics (answer latency) and both latency pairs.

    Args:
        assistant: The assistant under test (one instance, warm after the first question).
        cases: The questions.
        k: Passages retrieved per question for the retrieval metrics.
        out: Where to write one JSON line per question (not written when None).
    """
    from assistant.evaluation import EvalRow, percentile, summarize

    rows: list[EvalRow] = []
    retrieve_ms: list[float] = []
    ask_ms: list[float] = []
    for case in cases:
        started = time.perf_counter()
        retrieval = assistant.retrieve(case.question, k=k)
        retrieve_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        answer = assistant.ask(case.question)
        ask_ms.append((time.perf_counter() - started) * 1000)
        passages = tuple(h.chunk.text for h in retrieval.hits)
        rows.append(EvalRow(case, answer.text, answer.refused, passages, ask_ms[-1] / 1000))
        if out is not None:
            line = {
                "id": case.id,
                "answer": answer.text,
                "refused": answer.refused,
                "mode": answer.mode,
                "citations": [c.to_json() for c in answer.citations],
                "retrieved": [h.to_json() for h in retrieval.hits[:EVAL_RETRIEVED]],
                "latency_ms": round(ask_ms[-1], 1),
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
    report = summarize(rows)
    report["latency_ms"] = {
        name: {"p50": round(percentile(v, 50), 1), "p95": round(percentile(v, 95), 1)} if v else None
        for name, v in (("retrieve", retrieve_ms), ("ask", ask_ms))
    }
    report["mode"] = assistant.mode
    return report


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_report(report: dict[str, Any]) -> str:
    """The metrics as a Markdown table (one row per kind, then overall) and the latencies.

    >>> r = {"overall": {"n": 2, "hit@1": 0.5}, "by_kind": {"fact": {"n": 2, "hit@1": 0.5}},
    ...      "latency_ms": {"retrieve": {"p50": 40.0, "p95": 80.0}, "ask": None}, "mode": "extractive"}
    >>> print(format_report(r).splitlines()[2])
    | fact | 2 | 0.500 | — | — | — | — | — |
    """
    lines = ["| kind | " + " | ".join(_METRICS) + " |", "|" + "---|" * (len(_METRICS) + 1)]
    rows = [*report["by_kind"].items(), ("overall", report["overall"])]
    for kind, stats in rows:
        lines.append(f"| {kind} | " + " | ".join(_cell(stats.get(m)) for m in _METRICS) + " |")
    if report.get("by_class"):
        lines += ["", "| class | " + " | ".join(_METRICS) + " |", "|" + "---|" * (len(_METRICS) + 1)]
        for name, stats in report["by_class"].items():
            lines.append(f"| {name} | " + " | ".join(_cell(stats.get(m)) for m in _METRICS) + " |")
    lines.append("")
    for name, lat in report.get("latency_ms", {}).items():
        if lat:
            lines.append(f"{name} latency: p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms")
    lines.append(f"mode: {report.get('mode', '')}")
    return "\n".join(lines) + "\n"
