"""Who a command runs as, and in which knowledge base.

Without ``--user`` a command runs as the operator (an admin that is no account: whoever can run
the command can read the store folder anyway). With ``--user NAME`` it runs with that account's
role and grants; an unknown name is refused (exit status 1) and recorded. ``--kb KB`` picks the
knowledge base; without it, the default one if the account may use it, else its first.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from assistant.accounts.access import AccessDenied

if TYPE_CHECKING:
    from assistant.accounts.access import Principal
    from assistant.accounts.admin import Administration
    from assistant.accounts.workspace import Workspace
    from assistant.office import Office
    from core.config import Settings


def open_office(settings: Settings) -> Office:
    """The office of ``settings`` (through the one factory)."""
    from assistant.factory import make_office

    return make_office(settings)


def principal(args: argparse.Namespace, office: Office) -> Principal:
    """The principal of ``--user`` (the operator without it).

    Raises:
        AccessDenied: No account has that name.
    """
    name = getattr(args, "user", None)
    return office.as_user(name) if name else office.operator()


def kb_of(args: argparse.Namespace, office: Office, who: Principal) -> str:
    """The knowledge base of ``--kb``, or the principal's default one.

    Raises:
        AccessDenied: The account may use no knowledge base.
    """
    named = getattr(args, "kb", None)
    if named:
        return str(named)
    found = office.default_kb(who)
    if found is None:
        raise AccessDenied(f"账号“{who.name}”没有任何知识库的权限，请联系管理员授权")
    return found


def workspace(args: argparse.Namespace, settings: Settings) -> Workspace:
    """The workspace a command works in: ``--user`` in ``--kb``.

    Raises:
        AccessDenied: Unknown account, or a knowledge base it may not use.
    """
    office = open_office(settings)
    who = principal(args, office)
    return office.workspace(who, kb_of(args, office, who))


def administration(args: argparse.Namespace, settings: Settings) -> Administration:
    """The administration acting as ``--user`` (every call refuses non-admins)."""
    office = open_office(settings)
    return office.admin(principal(args, office))


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Accept ``--user``, ``--kb`` and ``--store`` after a subcommand too (``assistant ask Q --user li``).

    The options keep the value given before the subcommand when they are not repeated after it.
    """
    from pathlib import Path

    taken = {s for action in parser._actions for s in action.option_strings}
    if "--user" not in taken:
        parser.add_argument(
            "--user", default=argparse.SUPPRESS, metavar="NAME", help="以该账号的角色和授权运行"
        )
    if "--kb" not in taken:
        parser.add_argument(
            "--kb", default=argparse.SUPPRESS, metavar="KB", help="知识库(默认: 默认知识库或账号的第一个)"
        )
    if "--store" not in taken:
        parser.add_argument("--store", type=Path, default=argparse.SUPPRESS, metavar="DIR", help="索引目录")
