"""The ``users``, ``kb`` and ``audit`` subcommands (admins, or the operator without ``--user``).

``users add NAME --role reader|editor|admin [--kb KB...] [--password-stdin]`` (without a
password the account signs in through single sign-on only), ``users list [--json]``, ``users
remove NAME``, ``users grant|revoke NAME --kb KB...``, ``users role NAME ROLE``, ``users passwd
NAME --password-stdin``; ``kb list [--json]``, ``kb add NAME``, ``kb remove NAME``; ``audit
[--since DATE] [--until DATE] [--account NAME] [--action A] [--limit N] [--json]``.
"""

from __future__ import annotations

import argparse
import sys

from assistant.accounts.audit import ACTION_LABELS, OUTCOME_LABELS, parse_since
from assistant.accounts.users import ROLE_LABELS, ROLES
from assistant.cli.output import Subparsers, print_json
from assistant.cli.session import administration, open_office, principal
from core.config import Settings
from core.errors import AssistantError


def register_users(subparsers: Subparsers) -> None:
    """Add ``users add|list|remove|grant|revoke|role|passwd``."""
    p = subparsers.add_parser("users", help="管理账号、角色和知识库授权(管理员)")
    sub = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="添加账号")
    add.add_argument("name", metavar="NAME", help="账号名(统一身份认证账号用其邮箱等声明值)")
    add.add_argument("--role", required=True, choices=ROLES, help="reader 读者 | editor 编辑 | admin 管理员")
    add.add_argument(
        "--kb", dest="kbs", nargs="+", default=[], metavar="KB", help="授权的知识库(不存在则新建)"
    )
    add.add_argument(
        "--password-stdin", action="store_true", help="从标准输入读取密码(不给则只能统一身份认证登录)"
    )
    add.set_defaults(run=_add)
    listing = sub.add_parser("list", help="列出账号")
    listing.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    listing.set_defaults(run=_list)
    remove = sub.add_parser("remove", help="删除账号(连同其授权和保存的对话)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=_remove)
    for verb, text in (("grant", "授权知识库"), ("revoke", "撤销知识库授权")):
        g = sub.add_parser(verb, help=text)
        g.add_argument("name", metavar="NAME")
        g.add_argument("--kb", dest="kbs", nargs="+", required=True, metavar="KB")
        g.set_defaults(run=_grant if verb == "grant" else _revoke)
    role = sub.add_parser("role", help="修改角色")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=ROLES, metavar="ROLE", help="reader | editor | admin")
    role.set_defaults(run=_role)
    passwd = sub.add_parser("passwd", help="设置密码(从标准输入读取)")
    passwd.add_argument("name", metavar="NAME")
    passwd.add_argument("--password-stdin", action="store_true", required=True, help="从标准输入读取密码")
    passwd.set_defaults(run=_passwd)


def register_kb(subparsers: Subparsers) -> None:
    """Add ``kb list|add|remove``."""
    p = subparsers.add_parser("kb", help="列出或管理知识库")
    sub = p.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    listing = sub.add_parser("list", help="列出可用的知识库及通报数")
    listing.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    listing.set_defaults(run=_kb_list)
    add = sub.add_parser("add", help="新建知识库(管理员)")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(run=_kb_add)
    remove = sub.add_parser("remove", help="删除知识库及其索引(管理员)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=_kb_remove)


def register_audit(subparsers: Subparsers) -> None:
    """Add ``audit [--since DATE] [--until DATE] [--account NAME] [--action A] [--limit N] [--json]``."""
    p = subparsers.add_parser("audit", help="查看审计日志(管理员)")
    p.add_argument("--since", default=None, metavar="DATE", help="起始日期(含),如 2024-05-01")
    p.add_argument("--until", default=None, metavar="DATE", help="截止日期(不含)")
    p.add_argument("--account", default=None, metavar="NAME", help="只看该账号")
    p.add_argument("--action", action="append", default=[], choices=sorted(ACTION_LABELS), help="只看该操作")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="只看最近 N 条")
    p.add_argument(
        "--json",
        action="store_true",
        help="以 JSON 数组输出(time, user, action, target, kb, outcome, detail)",
    )
    p.set_defaults(run=_audit)


def _password() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise AssistantError("从标准输入读到的密码为空")
    return line


def _add(args: argparse.Namespace, settings: Settings) -> int:
    password = _password() if args.password_stdin else None
    account = administration(args, settings).add_user(args.name, args.role, password, args.kbs)
    kbs = f"；知识库：{'、'.join(args.kbs)}" if args.kbs else ""
    how = "" if account.has_password else "；无密码，仅可统一身份认证登录"
    sys.stdout.write(f"已添加账号 {account.name}（{ROLE_LABELS[account.role]}{kbs}{how}）\n")
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    accounts = administration(args, settings).accounts()
    if args.json:
        print_json([a.to_json() for a in accounts])
        return 0
    if not accounts:
        sys.stdout.write(
            "还没有账号(单用户模式)。添加: assistant users add NAME --role admin --password-stdin\n"
        )
    for a in accounts:
        kbs = "、".join(a.kbs) if a.role != "admin" else "全部"
        how = "密码" if a.has_password else "统一身份认证"
        sys.stdout.write(f"{a.name}\t{ROLE_LABELS[a.role]}\t知识库: {kbs or '(无)'}\t登录: {how}\n")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    administration(args, settings).remove_user(args.name)
    sys.stdout.write(f"已删除账号 {args.name}\n")
    return 0


def _grant(args: argparse.Namespace, settings: Settings) -> int:
    added = administration(args, settings).grant(args.name, args.kbs)
    sys.stdout.write(f"已授权 {args.name}：{'、'.join(added) or '(无新增)'}\n")
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    removed = administration(args, settings).revoke(args.name, args.kbs)
    sys.stdout.write(f"已撤销 {args.name} 的授权：{'、'.join(removed) or '(原本没有)'}\n")
    return 0


def _role(args: argparse.Namespace, settings: Settings) -> int:
    administration(args, settings).set_role(args.name, args.role)
    sys.stdout.write(f"{args.name} 的角色已改为{ROLE_LABELS[args.role]}\n")
    return 0


def _passwd(args: argparse.Namespace, settings: Settings) -> int:
    administration(args, settings).set_password(args.name, _password())
    sys.stdout.write(f"已设置 {args.name} 的密码\n")
    return 0


def _kb_list(args: argparse.Namespace, settings: Settings) -> int:
    office = open_office(settings)
    who = principal(args, office)
    rows = []
    for name in office.knowledge_bases(who):
        files, notices = office.workspace(who, name).size()
        rows.append({"name": name, "notices": notices, "files": files})
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        sys.stdout.write(f"{row['name']}\t通报 {row['notices']} 篇\t文件 {row['files']} 个\n")
    return 0


def _kb_add(args: argparse.Namespace, settings: Settings) -> int:
    created = administration(args, settings).add_kb(args.name)
    sys.stdout.write(f"{'已新建' if created else '已存在'}知识库 {args.name}\n")
    return 0


def _kb_remove(args: argparse.Namespace, settings: Settings) -> int:
    administration(args, settings).remove_kb(args.name)
    sys.stdout.write(f"已删除知识库 {args.name}\n")
    return 0


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    since = parse_since(args.since) if args.since else None
    until = parse_since(args.until) if args.until else None
    records = administration(args, settings).audit(since, until, args.account, args.action, args.limit)
    if args.json:
        print_json([r.to_json() for r in records])
        return 0
    for r in records:
        what = ACTION_LABELS.get(r.action, r.action)
        tail = f"\t{r.detail}" if r.detail else ""
        place = f"[{r.kb}] " if r.kb else ""
        sys.stdout.write(
            f"{r.time}\t{r.user}\t{what}\t{place}{r.target}\t{OUTCOME_LABELS[r.outcome]}{tail}\n"
        )
    return 0
