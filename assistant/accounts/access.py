"""Who may do what: roles × actions, grants × knowledge bases, read afresh on every call.

``Access.check`` is the one place a permission is decided. It reads the account's role and
grants from the database each time, so deleting an account, changing its role or revoking a
grant takes effect on the next call of a session that is already open. A refusal is an
``AccessDenied`` whose message is one sentence for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.accounts.users import OPERATOR, ROLE_LABELS, Role
from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.accounts.grants import Grants, KnowledgeBases
    from assistant.accounts.users import Users

READ_ACTIONS = frozenset({"ask", "draft", "summarize", "retrieve", "read"})
"""Actions on a knowledge base every role may take (where granted)."""
WRITE_ACTIONS = frozenset({"index", "remove"})
"""Actions that change a knowledge base: editors (where granted) and admins."""
ADMIN_ACTIONS = frozenset(
    {
        "user_add",
        "user_remove",
        "role",
        "password",
        "grant",
        "revoke",
        "kb_add",
        "kb_remove",
        "audit",
        "export",
    }
)
"""Actions on accounts, grants, knowledge bases and the audit trail: admins only."""


class AccessDenied(AssistantError):
    """The account may not do this; the message says why in one sentence."""


@dataclass(frozen=True)
class Principal:
    """Who is acting: an account, or the operator (full rights, nobody signed in)."""

    name: str
    """The account name, or ``OPERATOR``."""
    role: Role
    """Its role when the principal was made (``Access.check`` reads the current one)."""

    @property
    def operator(self) -> bool:
        """True for the operator (the command line without ``--user``, the app without accounts)."""
        return self.name == OPERATOR


OPERATOR_PRINCIPAL = Principal(OPERATOR, "admin")
"""The operator: an admin that is no account."""


class Access:
    """Decides permissions from the current state of accounts, grants and knowledge bases."""

    def __init__(self, users: Users, grants: Grants, kbs: KnowledgeBases) -> None:
        """Read accounts from ``users``, grants from ``grants``, names from ``kbs``."""
        self.users = users
        self.grants = grants
        self.kbs = kbs

    def current(self, principal: Principal) -> Principal:
        """``principal`` with its current role.

        Raises:
            AccessDenied: The account no longer exists.
        """
        if principal.operator:
            return principal
        account = self.users.get(principal.name)
        if account is None:
            raise AccessDenied(f"账号“{principal.name}”不存在或已被删除")
        return Principal(account.name, account.role)

    def visible_kbs(self, principal: Principal) -> list[str]:
        """The knowledge bases ``principal`` may use: all for admins, the granted ones otherwise."""
        now = self.current(principal)
        names = self.kbs.names()
        if now.role == "admin":
            return names
        granted = set(self.grants.of(now.name))
        return [n for n in names if n in granted]

    def check(self, principal: Principal, action: str, kb: str | None = None) -> Principal:
        """Return the current principal if it may take ``action`` (in ``kb``), else refuse.

        Raises:
            AccessDenied: The account is gone, its role does not allow ``action``, or ``kb`` is
                not granted to it (or does not exist).
        """
        now = self.current(principal)
        if action in ADMIN_ACTIONS:
            if now.role != "admin":
                raise AccessDenied(
                    f"账号“{now.name}”的角色是{ROLE_LABELS[now.role]}，只有管理员可以管理账号、授权和审计日志"
                )
            return now
        if action in WRITE_ACTIONS and now.role == "reader":
            raise AccessDenied(
                f"账号“{now.name}”的角色是{ROLE_LABELS['reader']}，不能索引或移除文件（需要编辑或管理员角色）"
            )
        if action not in READ_ACTIONS | WRITE_ACTIONS:
            raise AccessDenied(f"未知的操作“{action}”")
        if kb is not None and kb not in self.visible_kbs(now):
            if not self.kbs.exists(kb):
                raise AccessDenied(f"知识库“{kb}”不存在")
            raise AccessDenied(f"账号“{now.name}”没有知识库“{kb}”的权限，请联系管理员授权")
        return now
