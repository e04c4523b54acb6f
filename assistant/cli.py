"""The ``assistant`` command: argparse subcommands over the same factory as the app.

``main`` is the composition root of the command line: it reads ``Settings`` from the
environment once and hands them to the subcommand. Each subcommand is a ``register(subparsers)``
function that adds its parser and sets ``run=handler`` with ``handler(args, settings) -> int``;
to add one, write that function in its own module and list it in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from assistant.cli_ask import register_ask
from assistant.cli_compose import register_draft, register_summarize
from assistant.cli_query import register_eval, register_retrieve
from assistant.config import Settings
from assistant.errors import AssistantError

Handler = Callable[[argparse.Namespace, Settings], int]
"""What a subcommand runs: parsed arguments and settings in, exit code out."""
Subparsers = Any
"""``argparse._SubParsersAction`` (private in typeshed)."""


def print_json(data: Any, out: TextIO | None = None) -> None:
    """Write ``data`` as UTF-8 JSON (Chinese kept readable) with a final newline."""
    stream = out or sys.stdout
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower() != "utf-8":
            reconfigure(encoding="utf-8")


# -- index ------------------------------------------------------------------------------------


def _register_index(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("index", help="索引通报文件或文件夹(增量;已索引且未变的文件跳过)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="文件或文件夹")
    p.add_argument("--json", action="store_true", help="以 JSON 输出索引报告")
    p.add_argument("--no-prune", action="store_true", help="不删除文件夹中已消失文件的索引")
    p.add_argument("--rebuild", action="store_true", help="清空现有索引后重建(更换嵌入模型时用)")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条")
    p.set_defaults(run=_run_index)


def _run_index(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import make_embedder, make_store
    from index.pipeline import build_index

    embedder = make_embedder(settings)
    store = make_store(settings, embedder, rebuild=args.rebuild)
    report = build_index(
        args.paths,
        settings,
        embedder,
        store,
        progress=not args.no_progress,
        prune=not args.no_prune,
    )
    if args.json:
        print_json(report.to_json())
    else:
        out = sys.stdout
        out.write(
            f"读取并索引文件 {report.files_read} 个,未变跳过 {report.unchanged} 个,"
            f"移除 {report.removed} 个\n"
            f"索引中共有通报 {report.notices} 篇、段落 {report.chunks} 个(本次嵌入 {report.embedded} 个)\n"
            f"用时 {report.seconds:.1f} 秒\n"
        )
        for source, reason in report.skipped:
            out.write(f"跳过 {source}: {reason}\n")
        for source, reason in report.errors:
            out.write(f"失败 {source}: {reason}\n")
    return 1 if report.errors else 0


# -- notices ----------------------------------------------------------------------------------


def _register_notices(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("notices", help="列出已索引的通报及其要素")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(run=_run_notices)


def _fact_value(notice: Any, key: str) -> str:
    fact = getattr(notice.facts, key)
    return fact.value if fact is not None else "—"


def _run_notices(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.factory import make_embedder, make_store

    store = make_store(settings, make_embedder(settings))
    notices = store.notices()
    if args.json:
        print_json([n.to_json() for n in notices])
        return 0
    if not notices:
        sys.stdout.write("索引中还没有通报。先运行: assistant index PATH...\n")
        return 0
    for n, notice in enumerate(notices, 1):
        sys.stdout.write(
            f"{n:>3}. {notice.unit or '(未识别单位)'}\n"
            f"     {notice.title or '(无标题)'}\n"
            f"     来源 {notice.source} | {_fact_value(notice, 'inspection_body')} | "
            f"反馈 {_fact_value(notice, 'feedback_date')} | 问题 {_fact_value(notice, 'problems')} | "
            f"编号问题 {len(notice.problems)} 个\n"
        )
    return 0


COMMANDS: list[Callable[[Subparsers], None]] = [
    _register_index,
    _register_notices,
    register_retrieve,
    register_ask,
    register_draft,
    register_summarize,
    register_eval,
]
"""Every subcommand's ``register``; add one line per new subcommand module."""


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered subcommand."""
    parser = argparse.ArgumentParser(prog="assistant", description="整改通报助手")
    parser.add_argument("--store", type=Path, metavar="DIR", help="索引目录(默认 ASSISTANT_STORE 或 ./store)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failed, 2 usage)."""
    _utf8_stdio()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or a usage error
        return exc.code if isinstance(exc.code, int) else 2
    try:
        try:
            settings = Settings.from_env()
        except ValueError as exc:
            raise AssistantError(f"环境变量中的配置无效: {exc}") from None
        if args.store is not None:
            settings = replace(settings, store_dir=args.store.expanduser())
        handler: Handler = args.run
        return handler(args, settings)
    except AssistantError as exc:
        sys.stderr.write(f"错误: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        return 130
