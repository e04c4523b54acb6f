"""Accounts: a name, a role, and (for local sign-in) an argon2 hash of the password.

Passwords are hashed with ``argon2-cffi`` (Argon2id, its default parameters) and never stored,
logged or shown; a hash made with weaker parameters than today's defaults is replaced at the
next successful sign-in. An account without a password signs in only through single sign-on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.accounts.db import Database

Role = Literal["reader", "editor", "admin"]
"""reader: ask, draft, summarize; editor: also index and remove files; admin: also accounts and grants."""
ROLES: tuple[Role, ...] = get_args(Role)
"""The roles, weakest first."""
ROLE_LABELS: dict[Role, str] = {"reader": "读者", "editor": "编辑", "admin": "管理员"}
"""How each role is named to users."""

OPERATOR = "@operator"
"""Who acts when nobody signs in: the command line without ``--user``, the app with no accounts."""

_NAME_RE = re.compile(r"[^\s@/\\][^\s/\\]{0,63}")
"""An account name: 1–64 characters, no white space or slashes, not starting with ``@``."""


@dataclass(frozen=True)
class Account:
    """One account (never carries the password or its hash)."""

    name: str
    """The sign-in name (for single sign-on: the configured claim, e.g. the e-mail address)."""
    role: Role
    """What the account may do."""
    has_password: bool
    """False for an account that signs in only through single sign-on."""
    created: float
    """When it was created (seconds since the epoch)."""


def check_name(name: str) -> str:
    """``name`` if it can name an account.

    >>> check_name("zhang.san@example.org")
    'zhang.san@example.org'
    >>> check_name("@operator")
    Traceback (most recent call last):
    ...
    core.errors.AssistantError: 账号名“@operator”无效：1–64 个字符，不含空白和斜杠，不以 @ 开头
    """
    if not _NAME_RE.fullmatch(name):
        raise AssistantError(f"账号名“{name}”无效：1–64 个字符，不含空白和斜杠，不以 @ 开头")
    return name


def check_role(role: str) -> Role:
    """``role`` if it is one of ``ROLES``.

    >>> check_role("owner")
    Traceback (most recent call last):
    ...
    core.errors.AssistantError: 未知的角色“owner”；可选：reader、editor、admin
    """
    for known in ROLES:
        if role == known:
            return known
    raise AssistantError(f"未知的角色“{role}”；可选：{'、'.join(ROLES)}")


class Users:
    """The accounts table."""

    def __init__(self, db: Database) -> None:
        """Work on the accounts of ``db``."""
        self.db = db
        from argon2 import PasswordHasher

        self._ph = PasswordHasher()
        self._dummy: str | None = None
        """Verified against when the name is unknown, so both failures take the same time."""

    def get(self, name: str) -> Account | None:
        """The account called ``name``, or None."""
        with self.db.connect() as con:
            row = con.execute(
                "SELECT name, role, password_hash IS NOT NULL AS pw, created FROM accounts WHERE name = ?",
                (name,),
            ).fetchone()
        return (
            None
            if row is None
            else Account(row["name"], check_role(row["role"]), bool(row["pw"]), row["created"])
        )

    def all(self) -> list[Account]:
        """Every account, by name."""
        with self.db.connect() as con:
            rows = con.execute(
                "SELECT name, role, password_hash IS NOT NULL AS pw, created FROM accounts ORDER BY name"
            ).fetchall()
        return [Account(r["name"], check_role(r["role"]), bool(r["pw"]), r["created"]) for r in rows]

    def count(self) -> int:
        """How many accounts there are."""
        with self.db.connect() as con:
            return int(con.execute("SELECT COUNT(*) FROM accounts").fetchone()[0])

    def add(self, name: str, role: str, password: str | None, created: float) -> Account:
        """Create an account; ``password`` None makes a single-sign-on-only account.

        Raises:
            AssistantError: The name is taken or invalid, the role unknown, the password empty.
        """
        import sqlite3

        check_name(name)
        known = check_role(role)
        digest = self._hash(password) if password is not None else None
        try:
            with self.db.connect() as con:
                con.execute(
                    "INSERT INTO accounts (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                    (name, known, digest, created),
                )
        except sqlite3.IntegrityError:
            raise AssistantError(f"账号“{name}”已存在") from None
        return Account(name, known, digest is not None, created)

    def remove(self, name: str) -> None:
        """Delete an account (its grants and sign-in sessions go with it).

        Raises:
            AssistantError: No such account.
        """
        with self.db.connect() as con:
            if con.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount == 0:
                raise AssistantError(f"账号“{name}”不存在")

    def set_role(self, name: str, role: str) -> None:
        """Change an account's role.

        Raises:
            AssistantError: No such account, or an unknown role.
        """
        known = check_role(role)
        with self.db.connect() as con:
            if con.execute("UPDATE accounts SET role = ? WHERE name = ?", (known, name)).rowcount == 0:
                raise AssistantError(f"账号“{name}”不存在")

    def set_password(self, name: str, password: str | None) -> None:
        """Set (or with None remove) an account's password.

        Raises:
            AssistantError: No such account, or an empty password.
        """
        digest = self._hash(password) if password is not None else None
        with self.db.connect() as con:
            sql = "UPDATE accounts SET password_hash = ? WHERE name = ?"
            if con.execute(sql, (digest, name)).rowcount == 0:
                raise AssistantError(f"账号“{name}”不存在")

    def verify(self, name: str, password: str) -> Account | None:
        """The account if ``password`` is its password, else None (unknown name, no password, wrong)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        with self.db.connect() as con:
            row = con.execute("SELECT password_hash FROM accounts WHERE name = ?", (name,)).fetchone()
        digest = row["password_hash"] if row is not None else None
        if digest is None and self._dummy is None:
            self._dummy = self._ph.hash("not a password")
        try:
            self._ph.verify(digest or self._dummy or "", password)
        except (VerificationError, InvalidHashError):
            return None
        if digest is None:
            return None
        if self._ph.check_needs_rehash(digest):
            self.set_password(name, password)
        return self.get(name)

    def _hash(self, password: str) -> str:
        if not password:
            raise AssistantError("密码不能为空")
        return str(self._ph.hash(password))
