"""The evaluation questions in LLM mode, against whatever OpenAI-compatible endpoint is configured.

For users who have a model server: the endpoint comes from the environment as for the app
(``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``ASSISTANT_MODEL``, ``ASSISTANT_LLM_MAX_TOKENS``,
``ASSISTANT_LLM_TEMPERATURE``, ``ASSISTANT_LLM_TIMEOUT``), the index from ``--store`` (built
beforehand, e.g. ``assistant --store DIR index ../shared/corpus``). Every question of each file is
retrieved (top 10, for hit@k) and asked once, streamed as in the app; the table per kind gives the
metrics of ``assistant.evaluation`` and, for the model:

* ``llm``: answers the model gave (the rest fell back to the extractive mode, or were refused
  before any model was asked: an unknown unit, a contradicted premise). Counts, lists,
  comparisons and problem questions are asked the model too, with the facts rows, problem
  records and computed verdicts as passages; a reply that contradicts the verdict or leaves out
  an ask gives way to the facts answer and counts as a fallback;
* ``fallback``: answers that fell back, by reason (timeout, cut at the output budget, markers only…);
* latency p50/p95 of the whole answer and of its first streamed piece, in seconds;
* prompt and completion tokens per question asked the model (mean) and in all, from the usage the
  server reports (``—`` when it reports none).

Only the table is printed (``--out`` writes one JSON line per question). Usage::

    OPENAI_BASE_URL=http://127.0.0.1:8080/v1 ASSISTANT_MODEL=qwen2.5-3b-instruct \\
        .venv/bin/python -m benchmarks.bench_llm --store /tmp/corpus-store [--questions FILE ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.evaluation import EvalCase, EvalRow, load_cases, percentile, summarize
from assistant.factory import make_assistant
from assistant.service import Assistant
from core.config import PROJECT_ROOT, Settings
from core.phrases import FALLBACK_NOTICE, UNUSABLE_REPLY_NOTICE
from core.types import Answer

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"
DEFAULT_FILES = (EVAL_DIR / "dev.jsonl", EVAL_DIR / "dev2.jsonl")
K = 10
"""Passages retrieved per question for hit@k."""
_NOTICES = [
    re.compile(re.escape(t).replace(re.escape("{reason}"), "(.+)"))
    for t in (FALLBACK_NOTICE, UNUSABLE_REPLY_NOTICE)
]
"""The fallback notices, with the reason as a group."""


@dataclass(frozen=True)
class Row:
    """One question as the model-backed assistant handled it."""

    eval: EvalRow
    """The question, the answer and the retrieval, for the shared metrics."""
    answer: Answer
    """The answer (mode, usage, timings, warnings)."""
    first_piece: float | None
    """Seconds to the first streamed piece."""

    @property
    def fallback(self) -> str | None:
        """Why the extractive mode answered instead of the model (None: it did not)."""
        for warning in self.answer.warnings:
            for notice in _NOTICES:
                if m := notice.fullmatch(warning):
                    return re.sub(
                        r"（.*|，HTTP.*|“.*", "", m.group(1)
                    )  # the kind of failure, without its figures
        return None


def run(assistant: Assistant, cases: Sequence[EvalCase], out: TextIO | None = None) -> list[Row]:
    """Retrieve and ask every case, streamed; write a JSON line per case to ``out``."""
    rows: list[Row] = []
    for case in cases:
        passages = tuple(h.chunk.text for h in assistant.retrieve(case.question, k=K).hits)
        started = time.perf_counter()
        first: float | None = None
        final: Answer | None = None
        for item in assistant.ask_stream(case.question):
            if isinstance(item, Answer):
                final = item
            elif first is None:
                first = time.perf_counter() - started
        latency = time.perf_counter() - started
        assert final is not None
        row = Row(EvalRow(case, final.text, final.refused, passages, latency), final, first)
        rows.append(row)
        if out is not None:
            line = {"id": case.id, "kind": case.kind, **final.to_json(), "latency": round(latency, 3)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return rows


def _cell(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def _p(values: Sequence[float], p: float) -> float | None:
    return percentile(values, p) if values else None


HEADER = (
    "| kind | n | hit@1 | hit@5 | key coverage | refusals | false refusals | llm | fallback "
    "| p50 s | p95 s | first piece p50 s | prompt tok/q | completion tok/q | prompt tok | completion tok |"
)


def table(rows: Sequence[Row]) -> str:
    """The per-kind table (then overall) with the model's latency and tokens."""
    stats = summarize([r.eval for r in rows])
    lines = [HEADER, "|" + "---|" * (HEADER.count("|") - 1)]
    groups = [(kind, [r for r in rows if r.eval.case.kind == kind]) for kind in stats["by_kind"]]
    for name, group in [*groups, ("overall", list(rows))]:
        s = stats["overall"] if name == "overall" else stats["by_kind"][name]
        asked = [r.answer.usage for r in group if r.answer.usage is not None]
        prompt = [u.prompt_tokens for u in asked if u.prompt_tokens is not None]
        completion = [u.completion_tokens for u in asked if u.completion_tokens is not None]
        llm = sum(1 for r in group if r.answer.mode == "llm")
        fallback = sum(1 for r in group if r.fallback)
        latencies = [r.eval.latency for r in group]
        firsts = [r.first_piece for r in group if r.first_piece is not None]
        cells = [
            name,
            _cell(s["n"]),
            _cell(s["hit@1"]),
            _cell(s["hit@5"]),
            _cell(s["key_coverage"]),
            _cell(s["refusal_rate"]),
            _cell(s["false_refusal_rate"]),
            _cell(llm),
            _cell(fallback),
            _cell(_p(latencies, 50), 2),
            _cell(_p(latencies, 95), 2),
            _cell(_p(firsts, 50), 2),
            _cell(sum(prompt) / len(prompt) if prompt else None, 0),
            _cell(sum(completion) / len(completion) if completion else None, 0),
            _cell(sum(prompt) if prompt else None),
            _cell(sum(completion) if completion else None),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    reasons = Counter(r.fallback for r in rows if r.fallback)
    if reasons:
        lines.append("")
        lines.append("fallbacks: " + ", ".join(f"{reason} ×{n}" for reason, n in reasons.most_common()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the question files against the configured endpoint and print a table per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--store", type=Path, default=None, help="index folder (default: ASSISTANT_STORE)")
    parser.add_argument("--questions", type=Path, nargs="+", default=list(DEFAULT_FILES))
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions of each file")
    parser.add_argument("--out", type=Path, default=None, help="one JSON line per question")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    if args.store is not None:
        settings = replace(settings, store_dir=args.store.expanduser())
    if not settings.llm_configured:
        sys.stderr.write(
            "no model endpoint configured: set OPENAI_BASE_URL (and OPENAI_API_KEY, ASSISTANT_MODEL)\n"
        )
        return 2
    assistant = make_assistant(settings)
    assistant.retrieve("巡察整改")  # load the index and the embedder before anything is timed
    print(
        f"model {assistant.chat.name if assistant.chat else '—'} at {settings.openai_base_url or 'OpenAI'}; "
        f"max_tokens {settings.llm_max_tokens}, temperature {settings.llm_temperature}, "
        f"timeout {settings.llm_timeout:g} s; {len(assistant.notices())} notices"
    )
    out = args.out.open("w", encoding="utf-8") if args.out else None
    try:
        for path in args.questions:
            cases = load_cases(path)[: args.limit]
            started = time.perf_counter()
            rows = run(assistant, cases, out)
            print(f"\n{path.name}: {len(rows)} questions in {time.perf_counter() - started:.1f} s\n")
            print(table(rows))
    finally:
        if out is not None:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
