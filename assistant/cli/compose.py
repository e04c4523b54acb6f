"""The ``draft`` and ``summarize`` subcommands.

``draft INSTRUCTION`` drafts rectification wording (``--batch FILE`` runs a JSONL file of tasks,
one output line per task with its ``id``); ``summarize UNIT`` summarizes one unit over all its
notices and ``summarize --all`` every unit. Both print readable text, or the JSON contracts of
``Draft.to_json`` and ``Summary.to_json`` with ``--json``; ``--docx OUT.docx`` also saves the
result as a Word document laid out per GB/T 9704 (the file the app's export button gives).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from assistant.cli.output import Subparsers, print_json
from assistant.composing.plan import DRAFT_KINDS, KIND_LABELS
from core.config import Settings
from core.errors import AssistantError
from core.phrases import UNKNOWN_UNIT

if TYPE_CHECKING:
    from assistant.accounts.workspace import Workspace
    from assistant.composing.plan import DraftKind
    from core.types import Citation, Draft, Summary


def register_draft(subparsers: Subparsers) -> None:
    """Add ``draft INSTRUCTION [--unit U] [--kind K] [--json]`` and ``draft --batch FILE``."""
    p = subparsers.add_parser("draft", help="起草整改情况文稿(引用其他单位的整改范例,未给出的事实用占位符)")
    p.add_argument(
        "instruction", nargs="?", metavar="INSTRUCTION", help="写作任务,例如“起草意识形态问题的整改情况”"
    )
    p.add_argument("--unit", default=None, help="本单位名称")
    p.add_argument(
        "--kind",
        choices=DRAFT_KINDS,
        default=None,
        help=" | ".join(f"{k} {v}" for k, v in KIND_LABELS.items()),
    )
    p.add_argument(
        "--batch",
        type=Path,
        default=None,
        metavar="FILE",
        help="JSONL 任务文件(每行 id、instruction,可选 unit、kind)",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出(批量时每行一个 JSON)")
    _docx_arguments(p)
    p.set_defaults(run=run_draft)


def register_summarize(subparsers: Subparsers) -> None:
    """Add ``summarize UNIT [--json]`` and ``summarize --all [--json]``."""
    p = subparsers.add_parser("summarize", help="汇总某单位(或全部单位)的整改情况")
    p.add_argument("unit", nargs="?", metavar="UNIT", help="单位名称(全称或简称)")
    p.add_argument("--all", action="store_true", help="汇总索引中的全部单位")
    p.add_argument("--json", action="store_true", help="以 JSON 输出(--all 时为数组)")
    _docx_arguments(p)
    p.set_defaults(run=run_summarize)


def _docx_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--docx",
        type=Path,
        default=None,
        metavar="OUT.docx",
        help="另存为按公文格式(GB/T 9704)排版的 Word 文档",
    )
    p.add_argument("--no-sources", action="store_true", help="Word 文档不附起草参考(占位项和出处)")


def _save_docx(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise AssistantError(f"无法写入 {path}: {exc.strerror or exc}") from None
    sys.stderr.write(f"已写入 Word 文档: {path}\n")


def _assistant(args: argparse.Namespace, settings: Settings) -> Workspace:
    from assistant.cli.session import workspace

    return workspace(args, settings)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        sys.stderr.write(f"提示: {warning}\n")


def _write_citations(citations: tuple[Citation, ...], out: TextIO) -> None:
    if citations:
        out.write("\n出处:\n")
    for c in citations:
        text = " ".join(c.text.split())
        out.write(
            f"[{c.n}] {c.unit or UNKNOWN_UNIT} | {c.title or '(无标题)'} | {c.source}{c.ocr_note}\n    {text[:160]}\n"
        )


def _write_draft(draft: Draft, out: TextIO) -> None:
    if draft.title:
        out.write(f"{draft.title}\n\n")
    out.write(draft.text + "\n")
    if draft.placeholders:
        out.write(f"\n待补充的占位符: {'、'.join(draft.placeholders)}\n")
    _write_citations(draft.citations, out)


def _draft_one(assistant: Workspace, instruction: str, unit: object, kind: object) -> Draft:
    if not instruction.strip():
        raise AssistantError("写作任务不能为空")
    if kind is not None and kind not in DRAFT_KINDS:
        raise AssistantError(f"未知的文稿类型 {kind!r};可选: {', '.join(DRAFT_KINDS)}")
    if unit is not None and not isinstance(unit, str):
        raise AssistantError("unit 应为字符串")
    return assistant.draft(instruction, unit=unit or None, kind=cast("DraftKind | None", kind))


def _run_batch(assistant: Workspace, path: Path, as_json: bool) -> int:
    """One output per task; a bad line gets an ``error`` and the run goes on (exit 1 at the end)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AssistantError(f"无法读取任务文件 {path}: {exc.strerror or exc}") from None
    failed = 0
    out = sys.stdout
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        task_id: Any = number
        try:
            task = json.loads(line)
            if not isinstance(task, dict):
                raise AssistantError("每行应为一个 JSON 对象")
            task_id = task.get("id", number)
            draft = _draft_one(
                assistant, str(task.get("instruction") or ""), task.get("unit"), task.get("kind")
            )
        except (json.JSONDecodeError, AssistantError) as exc:
            failed += 1
            message = f"第 {number} 行: {exc}"
            if as_json:
                out.write(json.dumps({"id": task_id, "error": message}, ensure_ascii=False) + "\n")
            else:
                sys.stderr.write(f"错误: {message}\n")
            continue
        if as_json:
            out.write(json.dumps({"id": task_id, **draft.to_json()}, ensure_ascii=False) + "\n")
        else:
            out.write(f"===== {task_id} =====\n")
            _write_draft(draft, out)
            _warn(draft.warnings)
            out.write("\n")
        out.flush()
    return 1 if failed else 0


def run_draft(args: argparse.Namespace, settings: Settings) -> int:
    """Draft one instruction, or every task of ``--batch``."""
    if (args.batch is None) == (args.instruction is None):
        raise AssistantError("请给出写作任务 INSTRUCTION,或用 --batch FILE 给出任务文件(二者选一)")
    if args.batch is not None and args.docx is not None:
        raise AssistantError("--docx 只用于单个写作任务,不能与 --batch 同用")
    assistant = _assistant(args, settings)
    if args.batch is not None:
        return _run_batch(assistant, args.batch, args.json)
    draft = _draft_one(assistant, args.instruction, args.unit, args.kind)
    _warn(draft.warnings)
    if args.docx is not None:
        from assistant.documents.word import draft_docx

        _save_docx(args.docx, draft_docx(draft, sources=not args.no_sources))
    if args.json:
        print_json(draft.to_json())
    else:
        _write_draft(draft, sys.stdout)
    return 0


def _write_summary(summary: Summary, out: TextIO) -> None:
    out.write(f"【{summary.unit}】 通报 {len(summary.notice_ids)} 份\n\n")
    out.write(summary.text + "\n")
    if summary.problems:
        out.write("\n问题清单:\n")
    for i, p in enumerate(summary.problems, 1):
        cites = "".join(f"[{n}]" for n in p.citations)
        out.write(f"{i:>3}. {p.heading.strip()} —— {p.status or '进度未写明'} {cites}\n")
        out.writelines(f"       · {m}\n" for m in p.measures)
    _write_citations(summary.citations, out)


def run_summarize(args: argparse.Namespace, settings: Settings) -> int:
    """Summarize one unit, or every unit with ``--all``."""
    if args.all == (args.unit is not None):
        raise AssistantError("请给出单位名称 UNIT,或用 --all 汇总全部单位(二者选一)")
    if args.all and args.docx is not None:
        raise AssistantError("--docx 只用于单个单位,不能与 --all 同用")
    assistant = _assistant(args, settings)
    if args.all:
        summaries = assistant.summarize_all()
        if args.json:
            print_json([s.to_json() for s in summaries])
        elif not summaries:
            sys.stdout.write("索引中还没有通报。先运行: assistant index PATH...\n")
        for s in summaries if not args.json else ():
            _write_summary(s, sys.stdout)
            _warn(s.warnings)
            sys.stdout.write("\n" + "=" * 40 + "\n\n")
        return 0
    summary = assistant.summarize(args.unit)
    _warn(summary.warnings)
    if args.docx is not None:
        from assistant.documents.word import summary_docx

        _save_docx(args.docx, summary_docx(summary, sources=not args.no_sources))
    if args.json:
        print_json(summary.to_json())
    else:
        _write_summary(summary, sys.stdout)
    return 0
