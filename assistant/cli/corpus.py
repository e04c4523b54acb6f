"""The ``index`` and ``notices`` subcommands: build the index, list what it holds."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.cli.output import Subparsers, print_json
from core.config import Settings
from core.phrases import UNKNOWN_UNIT


def register_index(subparsers: Subparsers) -> None:
    """Add ``index PATH... [--json] [--no-prune] [--rebuild] [--no-progress] [--unit NAME]``."""
    p = subparsers.add_parser(
        "index",
        help="索引通报文件或文件夹到知识库(增量;已索引且未变的文件跳过;管理员用 --kb 新名称即新建知识库)",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="文件或文件夹")
    p.add_argument("--json", action="store_true", help="以 JSON 输出索引报告")
    p.add_argument("--no-prune", action="store_true", help="不删除文件夹中已消失文件的索引")
    p.add_argument("--rebuild", action="store_true", help="清空现有索引后重建(更换嵌入模型时用)")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条")
    p.add_argument(
        "--unit", default="", help="整改台账(.xlsx/.xls)的所属单位:标题行和文件名中都没有单位名称时使用"
    )
    p.set_defaults(run=_run_index)


def _run_index(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.cli.session import kb_of, open_office, principal
    from index.report import low_confidence_lines

    office = open_office(settings)
    who = principal(args, office)
    kb = kb_of(args, office, who)
    if not office.kbs.exists(kb) and office.current(who).role == "admin":
        office.admin(who).add_kb(kb)  # an admin indexing into a new name creates that knowledge base
    if args.rebuild:
        office.drop_index(who, kb)
    report = office.workspace(who, kb).index(
        args.paths, progress=not args.no_progress, prune=not args.no_prune, unit=args.unit
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
        for source, reason in report.left_out:
            out.write(f"未索引 {source}: {reason}\n")
        if report.ocr_pages:
            out.write(f"文字识别 {report.ocr_pages} 页(扫描件、图片)\n")
        for line in low_confidence_lines(report):
            out.write(f"置信度低 {line}\n")
        if report.interrupted:
            out.write(
                f"已中断: 尚有 {report.pending} 个文件未处理(已索引的文件保留;再次运行即从中断处继续)\n"
            )
    if report.interrupted:
        return 130
    return 1 if report.errors else 0


# -- notices ----------------------------------------------------------------------------------


def register_notices(subparsers: Subparsers) -> None:
    """Add ``notices [--json]``."""
    p = subparsers.add_parser("notices", help="列出已索引的通报及其要素")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(run=_run_notices)


def _fact_value(notice: Any, key: str) -> str:
    fact = getattr(notice.facts, key)
    return fact.value if fact is not None else "—"


def _run_notices(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.cli.session import workspace

    notices = workspace(args, settings).notices()
    if args.json:
        print_json([n.to_json() for n in notices])
        return 0
    if not notices:
        sys.stdout.write("索引中还没有通报。先运行: assistant index PATH...\n")
        return 0
    for n, notice in enumerate(notices, 1):
        sys.stdout.write(
            f"{n:>3}. {notice.unit or UNKNOWN_UNIT}\n"
            f"     {notice.title or '(无标题)'}\n"
            f"     来源 {notice.source}{'(整改台账)' if notice.source_kind == '台账' else ''} | "
            f"{_fact_value(notice, 'inspection_body')} | "
            f"反馈 {_fact_value(notice, 'feedback_date')} | 问题 {_fact_value(notice, 'problems')} | "
            f"编号问题 {len(notice.problems)} 个\n"
        )
    return 0
