"""``Office``: one deployment for a whole office: knowledge bases, accounts, audit, conversations.

``Assistant`` (``assistant.service``) answers from one knowledge base; ``Office`` holds one per
knowledge base (opened on first use and shared by every session), the accounts database and
the rules of ``assistant.accounts``. Nobody gets an ``Assistant`` from it: sign-in gives a
``Principal``, and a principal gets a ``Workspace`` (one knowledge base, every call checked and
recorded) or, as an admin, an ``Administration``. Build it with ``factory.make_office``.

Without accounts (and without single sign-on, which the app decides) the app runs as before
for one user: everyone is the operator, an admin that is no account.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.accounts.access import OPERATOR_PRINCIPAL, Access, AccessDenied, Principal
from assistant.accounts.admin import Administration
from assistant.accounts.audit import AuditLog
from assistant.accounts.conversations import Conversations, Threads
from assistant.accounts.db import Database
from assistant.accounts.grants import DEFAULT_KB, Grants, KnowledgeBases, kb_prefix
from assistant.accounts.sessions import Sessions
from assistant.accounts.users import Users
from assistant.accounts.workspace import Workspace

if TYPE_CHECKING:
    from assistant.service import Assistant
    from core.config import Settings

BAD_LOGIN = "用户名或密码错误"
"""What a failed local sign-in says (the same whether the name or the password was wrong)."""
LOGIN_ATTEMPTS = 5
"""Failed sign-ins of one name in ``LOGIN_WINDOW`` after which it is refused for a while."""
LOGIN_WINDOW = 15 * 60.0
"""Seconds the failed sign-ins are counted over."""
TOO_MANY = "登录失败次数过多，请 15 分钟后再试"
"""What a sign-in says while the name is locked out."""


class Office:
    """Knowledge bases, accounts and their rules over one store (build with ``factory.make_office``)."""

    def __init__(
        self,
        settings: Settings,
        open_assistant: Callable[[Settings], Assistant],
        drop_store: Callable[[Settings], None],
    ) -> None:
        """Open the accounts database of ``settings``.

        Args:
            settings: The deployment's settings (store, collection prefix, database path).
            open_assistant: Opens the ``Assistant`` of one knowledge base's settings.
            drop_store: Deletes the collections of one knowledge base's settings.
        """
        self.settings = settings
        self.db = Database(settings.database)
        self.users = Users(self.db)
        self.kbs = KnowledgeBases(self.db)
        self.grants = Grants(self.db)
        self.audit = AuditLog(self.db)
        self.sessions = Sessions(self.db)
        self.conversations = Conversations(self.db)
        self.access = Access(self.users, self.grants, self.kbs)
        self._open_assistant = open_assistant
        self._drop_store = drop_store
        self._assistants: dict[str, Assistant] = {}
        self._lock = threading.Lock()

    # -- who -----------------------------------------------------------------------------------

    def single_user(self) -> bool:
        """True while there are no accounts (everyone is the operator)."""
        return self.users.count() == 0

    def operator(self) -> Principal:
        """The operator: full rights, no account (the CLI without ``--user``, the app without accounts)."""
        return OPERATOR_PRINCIPAL

    def login(self, name: str, password: str) -> Principal:
        """Sign in with a local password; records the attempt either way.

        Raises:
            AccessDenied: ``BAD_LOGIN`` (unknown name, SSO-only account or wrong password), or
                ``TOO_MANY`` after ``LOGIN_ATTEMPTS`` failures in ``LOGIN_WINDOW``.
        """
        if self._recent_failures(name) >= LOGIN_ATTEMPTS:
            self.audit.record(name, "login", name, "denied", detail="失败次数过多，暂停登录")
            raise AccessDenied(TOO_MANY)
        account = self.users.verify(name, password)
        if account is None:
            known = self.users.get(name)
            why = (
                "账号不存在"
                if known is None
                else ("该账号只能统一身份认证登录" if not known.has_password else "密码错误")
            )
            self.audit.record(name, "login", name, "denied", detail=why)
            raise AccessDenied(BAD_LOGIN)
        self.audit.record(name, "login", name, "ok", detail="本地密码")
        return Principal(account.name, account.role)

    def _recent_failures(self, name: str) -> int:
        """Failed sign-ins of ``name`` in the window since its last successful one."""
        records = self.audit.read(since=time.time() - LOGIN_WINDOW, user=name, actions=["login"])
        failures = 0
        for record in reversed(records):
            if record.outcome == "ok":
                break
            failures += 1
        return failures

    def sso_login(self, name: str) -> Principal:
        """Sign in a user the identity provider vouched for, as the account of the same name.

        Raises:
            AccessDenied: No account has that name.
        """
        account = self.users.get(name) if name else None
        if account is None:
            self.audit.record(name or "（未知）", "login", name, "denied", detail="统一身份认证：账号未开通")
            raise AccessDenied(f"统一身份认证账号“{name}”尚未在本系统开通，请联系管理员")
        self.audit.record(name, "login", name, "ok", detail="统一身份认证")
        return Principal(account.name, account.role)

    def as_user(self, name: str) -> Principal:
        """The principal of account ``name`` for the command line's ``--user`` (no password).

        Raises:
            AccessDenied: No account has that name.
        """
        account = self.users.get(name)
        if account is None:
            self.audit.record(name, "login", name, "denied", detail="命令行 --user：账号不存在")
            raise AccessDenied(f"账号“{name}”不存在")
        return Principal(account.name, account.role)

    def start_session(self, principal: Principal) -> str:
        """A sign-in session for the browser (a token to keep in a cookie)."""
        return self.sessions.start(principal.name, self.settings.session_hours)

    def resume(self, token: str) -> Principal | None:
        """The principal of a live session token, or None."""
        name = self.sessions.account(token)
        account = self.users.get(name) if name else None
        return None if account is None else Principal(account.name, account.role)

    def logout(self, principal: Principal, token: str = "") -> None:
        """End a session and record the sign-out."""
        if token:
            self.sessions.end(token)
        self.audit.record(principal.name, "logout", principal.name, "ok")

    # -- where ---------------------------------------------------------------------------------

    def knowledge_bases(self, principal: Principal) -> list[str]:
        """The knowledge bases ``principal`` may use (admins: all)."""
        return self.access.visible_kbs(principal)

    def default_kb(self, principal: Principal) -> str | None:
        """The knowledge base a principal works in when none is named: the default one if visible, else its first."""
        visible = self.knowledge_bases(principal)
        if DEFAULT_KB in visible:
            return DEFAULT_KB
        return visible[0] if visible else None

    def kb_settings(self, kb: str) -> Settings:
        """The settings of knowledge base ``kb`` (its collection prefix)."""
        return replace(self.settings, collection=kb_prefix(self.settings.collection, kb))

    def workspace(self, principal: Principal, kb: str) -> Workspace:
        """``principal`` working in ``kb``.

        Raises:
            AccessDenied: ``kb`` is unknown or not granted (the refusal is recorded).
        """
        try:
            self.access.check(principal, "read", kb)
        except AccessDenied as exc:
            self.audit.record(principal.name, "read", kb, "denied", kb=kb, detail=str(exc))
            raise
        return Workspace(self._assistant(kb), principal, kb, self.access, self.audit)

    def threads(self, principal: Principal) -> Threads:
        """The saved conversations of ``principal`` (and no one else's).

        Raises:
            AccessDenied: The account no longer exists.
        """
        return Threads(self.conversations, self.access.current(principal).name)

    def current(self, principal: Principal) -> Principal:
        """``principal`` as it is now (its current role).

        Raises:
            AccessDenied: The account no longer exists.
        """
        return self.access.current(principal)

    def admin(self, principal: Principal) -> Administration:
        """The administration, acting as ``principal`` (every call checks that it is an admin)."""
        return Administration(principal, self.access, self.audit, self.conversations, self._drop_kb)

    def drop_index(self, principal: Principal, kb: str) -> None:
        """Empty ``kb``'s collections so it can be rebuilt with another embedder (``index --rebuild``).

        Raises:
            AccessDenied: ``principal`` may not index in ``kb`` (recorded).
        """
        try:
            self.access.check(principal, "index", kb)
        except AccessDenied as exc:
            self.audit.record(principal.name, "index", "--rebuild", "denied", kb=kb, detail=str(exc))
            raise
        with self._lock:
            self._assistants.pop(kb, None)
        self._drop_store(self.kb_settings(kb))
        self.audit.record(principal.name, "index", "--rebuild", "ok", kb=kb, detail="清空索引以重建")

    def _assistant(self, kb: str) -> Assistant:
        with self._lock:
            found = self._assistants.get(kb)
            if found is None:
                found = self._open_assistant(self.kb_settings(kb))
                self._assistants[kb] = found
            return found

    def _drop_kb(self, kb: str) -> None:
        with self._lock:
            self._assistants.pop(kb, None)
        self._drop_store(self.kb_settings(kb))
