"""``Administration``: accounts, grants, knowledge bases and the audit trail, for admins only.

Every call checks (through ``Access``) that the principal is an admin *now*, and writes an
audit record of what it did or why it was refused; a password is never part of a record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from assistant.accounts.access import AccessDenied
from assistant.accounts.db import now
from assistant.accounts.grants import DEFAULT_KB, check_kb_name
from assistant.accounts.users import Role
from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.accounts.access import Access, Principal
    from assistant.accounts.audit import AuditLog, AuditRecord
    from assistant.accounts.conversations import Conversations
    from assistant.accounts.users import Account

T = TypeVar("T")


@dataclass(frozen=True)
class AccountView:
    """An account as the admin pages and ``users list --json`` show it."""

    name: str
    """The sign-in name."""
    role: Role
    """Its role."""
    kbs: tuple[str, ...]
    """The knowledge bases granted to it (admins see all, whatever is granted)."""
    has_password: bool
    """False: signs in through single sign-on only."""
    created: float
    """When it was created (seconds since the epoch)."""

    def to_json(self) -> dict[str, object]:
        """The item shape of ``users list --json``."""
        from assistant.accounts.db import iso

        return {
            "name": self.name,
            "role": self.role,
            "kbs": list(self.kbs),
            "password": self.has_password,
            "created": iso(self.created),
        }


def _kb_list(kbs: Iterable[str]) -> list[str]:
    return [check_kb_name(k) for k in dict.fromkeys(kbs)]


class Administration:
    """What an admin can do to accounts, grants and knowledge bases (build with ``Office.admin``)."""

    def __init__(
        self,
        principal: Principal,
        access: Access,
        audit: AuditLog,
        conversations: Conversations,
        drop_kb: Callable[[str], None],
    ) -> None:
        """Act as ``principal``; ``drop_kb(name)`` deletes a knowledge base's collections."""
        self.principal = principal
        self._access = access
        self._audit = audit
        self._conversations = conversations
        self._drop_kb = drop_kb

    def accounts(self) -> list[AccountView]:
        """Every account with its grants."""
        self._check("audit", "")
        grants = self._access.grants
        return [
            AccountView(a.name, a.role, grants.of(a.name), a.has_password, a.created)
            for a in self._access.users.all()
        ]

    def add_user(self, name: str, role: str, password: str | None, kbs: Sequence[str] = ()) -> Account:
        """Create an account with a role, a password (None: single sign-on only) and grants."""

        def work() -> Account:
            wanted = _kb_list(kbs)
            account = self._access.users.add(name, role, password, now())
            self._ensure_kbs(wanted)
            self._access.grants.grant(name, wanted)
            return account

        detail = f"角色 {role}" + (f"，知识库 {'、'.join(kbs)}" if kbs else "")
        return self._run("user_add", name, work, detail)

    def remove_user(self, name: str) -> None:
        """Delete an account, its grants, sign-in sessions and saved conversations."""

        def work() -> None:
            if name == self.principal.name:
                raise AssistantError("不能删除当前登录的账号")
            self._access.users.remove(name)
            self._conversations.delete_all(name)

        self._run("user_remove", name, work)

    def set_role(self, name: str, role: str) -> None:
        """Change an account's role."""
        self._run("role", name, lambda: self._access.users.set_role(name, role), f"改为 {role}")

    def set_password(self, name: str, password: str | None) -> None:
        """Set an account's password (None: single sign-on only from now on)."""
        self._run("password", name, lambda: self._access.users.set_password(name, password))

    def grant(self, name: str, kbs: Sequence[str]) -> list[str]:
        """Grant knowledge bases to an account (a new name creates that knowledge base)."""

        def work() -> list[str]:
            if self._access.users.get(name) is None:
                raise AssistantError(f"账号“{name}”不存在")
            wanted = _kb_list(kbs)
            self._ensure_kbs(wanted)
            return self._access.grants.grant(name, wanted)

        return self._run("grant", name, work, f"知识库 {'、'.join(kbs)}")

    def revoke(self, name: str, kbs: Sequence[str]) -> list[str]:
        """Take knowledge bases from an account."""

        def work() -> list[str]:
            if self._access.users.get(name) is None:
                raise AssistantError(f"账号“{name}”不存在")
            return self._access.grants.revoke(name, kbs)

        return self._run("revoke", name, work, f"知识库 {'、'.join(kbs)}")

    def add_kb(self, name: str) -> bool:
        """Create an (empty) knowledge base; False when it exists already."""
        return self._run("kb_add", name, lambda: self._access.kbs.add(check_kb_name(name), now()))

    def remove_kb(self, name: str) -> None:
        """Delete a knowledge base: its collections, its grants and the conversations held in it."""

        def work() -> None:
            if name == DEFAULT_KB:
                raise AssistantError("默认知识库不能删除")
            self._access.kbs.remove(name)
            self._drop_kb(name)
            self._conversations.delete_kb(name)

        self._run("kb_remove", name, work)

    def audit(
        self,
        since: float | None = None,
        until: float | None = None,
        user: str | None = None,
        actions: Sequence[str] = (),
        limit: int | None = None,
    ) -> list[AuditRecord]:
        """Audit records, oldest first (see ``AuditLog.read``)."""
        self._check("audit", "")
        return self._audit.read(since, until, user, actions, limit)

    def audit_users(self) -> list[str]:
        """Every user name in the audit trail."""
        self._check("audit", "")
        return self._audit.users()

    def record_export(self, count: int) -> None:
        """Record that the audit trail was exported (``count`` records)."""
        self._run("export", "审计日志", lambda: None, f"{count} 条")

    def _ensure_kbs(self, names: Iterable[str]) -> None:
        for kb in names:
            self._access.kbs.add(kb, now())

    def _check(self, action: str, target: str) -> None:
        try:
            self._access.check(self.principal, action)
        except AccessDenied as exc:
            self._audit.record(self.principal.name, action, target, "denied", detail=str(exc))
            raise

    def _run(self, action: str, target: str, work: Callable[[], T], detail: str = "") -> T:
        self._check(action, target)
        try:
            result = work()
        except AssistantError as exc:
            self._audit.record(self.principal.name, action, target, "error", detail=str(exc))
            raise
        self._audit.record(self.principal.name, action, target, "ok", detail=detail)
        return result
