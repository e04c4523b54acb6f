"""The ``assistant`` command: argparse subcommands over the same factory as the app.

``main`` is the composition root of the command line: it reads ``Settings`` from the
environment once and hands them to the subcommand. Each subcommand is a ``register(subparsers)``
function that adds its parser and sets ``run=handler`` with ``handler(args, settings) -> int``;
to add one, write that function in its own module and list it in ``COMMANDS``.

``--user NAME`` runs a command as an account (its role and knowledge-base grants; an unknown
name exits 1), ``--kb KB`` picks the knowledge base; both may come before or after the
subcommand. Without ``--user`` the command line is the operator (see ``assistant.cli.session``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from assistant.cli.accounts import register_audit, register_kb, register_users
from assistant.cli.ask import register_ask
from assistant.cli.compose import register_draft, register_summarize
from assistant.cli.corpus import register_index, register_notices
from assistant.cli.output import Handler, Subparsers, utf8_stdio
from assistant.cli.query import register_eval, register_retrieve
from assistant.cli.session import add_common_options
from core.config import Settings
from core.errors import AssistantError

COMMANDS: list[Callable[[Subparsers], None]] = [
    register_index,
    register_notices,
    register_retrieve,
    register_ask,
    register_draft,
    register_summarize,
    register_eval,
    register_users,
    register_kb,
    register_audit,
]
"""Every subcommand's ``register``; add one line per new subcommand module."""


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered subcommand."""
    parser = argparse.ArgumentParser(prog="assistant", description="整改通报助手")
    parser.add_argument("--store", type=Path, metavar="DIR", help="索引目录(默认 ASSISTANT_STORE 或 ./store)")
    parser.add_argument(
        "--user", default=None, metavar="NAME", help="以该账号的角色和授权运行(默认: 操作员,即管理员)"
    )
    parser.add_argument("--kb", default=None, metavar="KB", help="知识库(默认: 默认知识库,或账号的第一个)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(subparsers)
    _common_everywhere(subparsers)
    return parser


def _common_everywhere(subparsers: Subparsers) -> None:
    """Give every (nested) subcommand the ``--user``, ``--kb`` and ``--store`` options."""
    for sub in subparsers.choices.values():
        add_common_options(sub)
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _common_everywhere(action)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failed, 2 usage)."""
    utf8_stdio()
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
