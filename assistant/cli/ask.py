"""The ``ask`` subcommand: one question, answered with citations.

``assistant ask QUESTION [--unit U] [--json]``. With ``--json`` the answer is printed as
``{"answer", "refused", "mode", "model", "citations": [{"n", "notice_id", "unit", "title",
"source", "text"}], "warnings", "timings": {stage: seconds}, "usage": {"prompt_tokens",
"completion_tokens"} | null}``; otherwise as text: the mode, the answer, its warnings, then the
numbered sources. Asking reads the store's read replica and writes nothing (``core.store.replica``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from assistant.cli.output import Subparsers, print_json
from core.config import Settings
from core.phrases import MODE_LABELS, UNKNOWN_UNIT
from core.types import Answer

SOURCE_PREVIEW = 160
"""Characters of each cited passage shown in text output."""


def register_ask(subparsers: Subparsers) -> None:
    """Add ``ask QUESTION [--unit U] [--json]``."""
    p = subparsers.add_parser("ask", help="依据已索引的通报回答问题(附出处)")
    p.add_argument("question", metavar="QUESTION", help="问题")
    p.add_argument("--unit", default=None, help="只依据该单位的通报作答(全称或简称)")
    p.add_argument(
        "--json",
        action="store_true",
        help="以 JSON 输出(answer, refused, mode, model, citations, warnings, timings, usage)",
    )
    p.set_defaults(run=run_ask)


def format_answer(answer: Answer, out: TextIO) -> None:
    """Write an answer for people: mode, text, warnings, numbered sources.

    >>> import io
    >>> from core.types import Citation
    >>> buf = io.StringIO()
    >>> c = Citation(1, "n1", "某某县林业局", "整改通报", "a.txt", "制定整改措施12条。")
    >>> format_answer(Answer("制定整改措施12条[1]。", False, "llm", (c,), warnings=("提示一",)), buf)
    >>> print(buf.getvalue().strip())
    【大模型模式】
    制定整改措施12条[1]。
    <BLANKLINE>
    注意: 提示一
    <BLANKLINE>
    出处:
    [1] 某某县林业局 | 整改通报 | a.txt
        制定整改措施12条。
    """
    out.write(f"【{MODE_LABELS[answer.mode]}】\n{answer.text.strip()}\n")
    if answer.warnings:
        out.write("\n" + "".join(f"注意: {w}\n" for w in answer.warnings))
    if answer.citations:
        out.write("\n出处:\n")
    for c in answer.citations:
        out.write(f"[{c.n}] {c.unit or UNKNOWN_UNIT} | {c.title or '(无标题)'} | {c.source}{c.ocr_note}\n")
        shown = " ".join((c.quote if c.chunk_id and c.quote else c.text).split())
        if len(shown) > SOURCE_PREVIEW:
            shown = shown[:SOURCE_PREVIEW] + "……"
        out.write(f"    {shown}\n")


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question; exit 0 (a refusal is an answer too)."""
    from assistant.cli.session import workspace

    answer = workspace(args, settings).ask(args.question, unit=args.unit)
    if args.json:
        print_json(answer.to_json())
        return 0
    format_answer(answer, sys.stdout)
    return 0
