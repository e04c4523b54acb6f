"""Knowledge bases and who may use them.

A knowledge base is one set of Chroma collections in the store (``NoticeStore`` with its own
collection prefix): one per department or city. ``DEFAULT_KB`` is the store as it always was
(prefix ``Settings.collection``), so a store indexed before knowledge bases existed is the
default one. Other names map to ``<collection>-kb-<name>`` (ASCII names) or a hash of the name
(Chinese ones), since Chroma allows only ASCII in collection names.

A grant gives one account one knowledge base. Admins see every knowledge base without grants.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.accounts.db import Database

DEFAULT_KB = "默认"
"""The knowledge base every store has: the collections named by ``Settings.collection``."""

_KB_NAME_RE = re.compile(r"[^\s/\\@][^\s/\\]{0,31}")
_ASCII_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


def check_kb_name(name: str) -> str:
    """``name`` if it can name a knowledge base (1–32 characters, no white space or slashes).

    >>> check_kb_name("财务")
    '财务'
    >>> check_kb_name("a b")
    Traceback (most recent call last):
    ...
    core.errors.AssistantError: 知识库名“a b”无效：1–32 个字符，不含空白和斜杠
    """
    if not _KB_NAME_RE.fullmatch(name):
        raise AssistantError(f"知识库名“{name}”无效：1–32 个字符，不含空白和斜杠")
    return name


def kb_prefix(collection: str, name: str) -> str:
    """The Chroma collection prefix of knowledge base ``name`` in a store whose prefix is ``collection``.

    >>> kb_prefix("notices", DEFAULT_KB), kb_prefix("notices", "finance")
    ('notices', 'notices-kb-finance')
    >>> kb_prefix("notices", "财务")
    'notices-kbh-506c068a2a1eb95a'
    """
    if name == DEFAULT_KB:
        return collection
    if _ASCII_RE.fullmatch(name):
        return f"{collection}-kb-{name}"
    return f"{collection}-kbh-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:16]}"


class KnowledgeBases:
    """The names of the knowledge bases of a store (the default one always among them)."""

    def __init__(self, db: Database) -> None:
        """Work on the knowledge-base table of ``db``."""
        self.db = db

    def names(self) -> list[str]:
        """Every knowledge base: the default first, then the others by name."""
        with self.db.connect() as con:
            rows = con.execute("SELECT name FROM knowledge_bases ORDER BY name").fetchall()
        return [DEFAULT_KB, *(r["name"] for r in rows if r["name"] != DEFAULT_KB)]

    def exists(self, name: str) -> bool:
        """Whether ``name`` is a knowledge base."""
        return name in self.names()

    def add(self, name: str, created: float) -> bool:
        """Register ``name``; False when it existed already."""
        check_kb_name(name)
        if name == DEFAULT_KB:
            return False
        with self.db.connect() as con:
            cur = con.execute(
                "INSERT OR IGNORE INTO knowledge_bases (name, created) VALUES (?, ?)", (name, created)
            )
            return cur.rowcount > 0

    def remove(self, name: str) -> None:
        """Forget ``name`` and every grant of it (its collections are dropped by the caller).

        Raises:
            AssistantError: The default knowledge base, or an unknown name.
        """
        if name == DEFAULT_KB:
            raise AssistantError("默认知识库不能删除")
        with self.db.connect() as con:
            if con.execute("DELETE FROM knowledge_bases WHERE name = ?", (name,)).rowcount == 0:
                raise AssistantError(f"知识库“{name}”不存在")
            con.execute("DELETE FROM grants WHERE kb = ?", (name,))


class Grants:
    """Which knowledge bases each account may use."""

    def __init__(self, db: Database) -> None:
        """Work on the grants table of ``db``."""
        self.db = db

    def of(self, account: str) -> tuple[str, ...]:
        """The knowledge bases granted to ``account`` (default first, then by name)."""
        with self.db.connect() as con:
            rows = con.execute("SELECT kb FROM grants WHERE account = ? ORDER BY kb", (account,)).fetchall()
        names = [r["kb"] for r in rows]
        return tuple(sorted(names, key=lambda n: (n != DEFAULT_KB, n)))

    def grant(self, account: str, kbs: Iterable[str]) -> list[str]:
        """Give ``account`` the knowledge bases ``kbs``; returns those it did not have yet."""
        added: list[str] = []
        with self.db.connect() as con:
            for kb in dict.fromkeys(kbs):
                cur = con.execute("INSERT OR IGNORE INTO grants (account, kb) VALUES (?, ?)", (account, kb))
                if cur.rowcount:
                    added.append(kb)
        return added

    def revoke(self, account: str, kbs: Iterable[str]) -> list[str]:
        """Take ``kbs`` from ``account``; returns those it had."""
        removed: list[str] = []
        with self.db.connect() as con:
            for kb in dict.fromkeys(kbs):
                cur = con.execute("DELETE FROM grants WHERE account = ? AND kb = ?", (account, kb))
                if cur.rowcount:
                    removed.append(kb)
        return removed
