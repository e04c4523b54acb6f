"""Saved conversations: each account's threads, one list per knowledge base and mode.

Every method takes the account it acts for and touches only that account's rows: a
conversation id of another account reads as unknown (``ConversationNotFound``), so no caller can
see, rename, extend or delete someone else's thread by guessing ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from assistant.accounts.db import now
from assistant.accounts.transcript import Result, decode, encode
from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.accounts.db import Database

TITLE_CHARS = 30
"""A new conversation is titled with its first message, cut to this many characters."""


class ConversationNotFound(AssistantError):
    """No conversation of that id belongs to the account."""


@dataclass(frozen=True)
class Conversation:
    """One saved thread."""

    id: int
    """Its number (unique in the database)."""
    account: str
    """Whose it is."""
    kb: str
    """The knowledge base it was held in."""
    mode: str
    """The chat mode (问答, 起草, …) it belongs to."""
    title: str
    """Its title (the first question, or what the user renamed it to)."""
    updated: float
    """When a message was last added (seconds since the epoch)."""


@dataclass(frozen=True)
class Message:
    """One message of a saved conversation."""

    role: Literal["user", "assistant"]
    """Who spoke."""
    text: str
    """The user's words, or the assistant's text or error message."""
    result: Result | None = None
    """The assistant's full result (answer, draft, summary, retrieval)."""
    error: bool = False
    """True when ``text`` is an error message."""


def default_title(text: str) -> str:
    r"""A conversation's title from its first message.

    >>> default_title("  市财政局\n反馈了多少个问题？ ")
    '市财政局 反馈了多少个问题？'
    >>> len(default_title("问" * 100))
    31
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= TITLE_CHARS else flat[:TITLE_CHARS] + "…"


def _check_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise AssistantError("对话名称不能为空")
    return cleaned[:60]


class Conversations:
    """The conversations and messages tables, always read and written for one account."""

    def __init__(self, db: Database) -> None:
        """Work on the conversations of ``db``."""
        self.db = db

    def recent(self, account: str, kb: str, mode: str) -> list[Conversation]:
        """The account's conversations in one knowledge base and mode, most recent first."""
        with self.db.connect() as con:
            rows = con.execute(
                "SELECT * FROM conversations WHERE account = ? AND kb = ? AND mode = ? ORDER BY updated DESC, id DESC",
                (account, kb, mode),
            ).fetchall()
        return [
            Conversation(r["id"], r["account"], r["kb"], r["mode"], r["title"], r["updated"]) for r in rows
        ]

    def get(self, account: str, conversation: int) -> Conversation:
        """One conversation of the account.

        Raises:
            ConversationNotFound: No such conversation, or it is another account's.
        """
        with self.db.connect() as con:
            r = con.execute(
                "SELECT * FROM conversations WHERE id = ? AND account = ?", (conversation, account)
            ).fetchone()
        if r is None:
            raise ConversationNotFound(f"没有编号为 {conversation} 的对话，或它属于其他账号")
        return Conversation(r["id"], r["account"], r["kb"], r["mode"], r["title"], r["updated"])

    def start(self, account: str, kb: str, mode: str, title: str) -> Conversation:
        """A new, empty conversation."""
        created = now()
        with self.db.connect() as con:
            cur = con.execute(
                "INSERT INTO conversations (account, kb, mode, title, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                (account, kb, mode, _check_title(title), created, created),
            )
            new_id = int(cur.lastrowid or 0)
        return self.get(account, new_id)

    def rename(self, account: str, conversation: int, title: str) -> None:
        """Give a conversation of the account a new title."""
        self.get(account, conversation)
        with self.db.connect() as con:
            con.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND account = ?",
                (_check_title(title), conversation, account),
            )

    def delete(self, account: str, conversation: int) -> None:
        """Delete a conversation of the account with its messages."""
        self.get(account, conversation)
        with self.db.connect() as con:
            con.execute("DELETE FROM conversations WHERE id = ? AND account = ?", (conversation, account))

    def delete_all(self, account: str, kb: str | None = None) -> None:
        """Delete every conversation of ``account`` (in ``kb`` only, when given)."""
        with self.db.connect() as con:
            if kb is None:
                con.execute("DELETE FROM conversations WHERE account = ?", (account,))
            else:
                con.execute("DELETE FROM conversations WHERE account = ? AND kb = ?", (account, kb))

    def delete_kb(self, kb: str) -> None:
        """Delete every conversation held in ``kb`` (when the knowledge base is removed)."""
        with self.db.connect() as con:
            con.execute("DELETE FROM conversations WHERE kb = ?", (kb,))

    def messages(self, account: str, conversation: int) -> list[Message]:
        """The messages of a conversation of the account, oldest first."""
        self.get(account, conversation)
        with self.db.connect() as con:
            rows = con.execute(
                "SELECT role, text, result, error FROM messages WHERE conversation = ? ORDER BY id",
                (conversation,),
            ).fetchall()
        return [
            Message(r["role"], r["text"], decode(r["result"]) if r["result"] else None, bool(r["error"]))
            for r in rows
        ]

    def append(self, account: str, conversation: int, messages: Sequence[Message]) -> None:
        """Add messages to a conversation of the account."""
        self.get(account, conversation)
        stamp = now()
        with self.db.connect() as con:
            for m in messages:
                con.execute(
                    "INSERT INTO messages (conversation, role, text, result, error, created) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        conversation,
                        m.role,
                        m.text,
                        encode(m.result) if m.result is not None else None,
                        m.error,
                        stamp,
                    ),
                )
            con.execute("UPDATE conversations SET updated = ? WHERE id = ?", (stamp, conversation))


class Threads:
    """One account's conversations: ``Conversations`` with the account fixed (``Office.threads``)."""

    def __init__(self, book: Conversations, account: str) -> None:
        """The conversations of ``account`` in ``book``."""
        self._book = book
        self.account = account

    def recent(self, kb: str, mode: str) -> list[Conversation]:
        """The account's conversations in one knowledge base and mode, most recent first."""
        return self._book.recent(self.account, kb, mode)

    def start(self, kb: str, mode: str, title: str) -> Conversation:
        """A new, empty conversation."""
        return self._book.start(self.account, kb, mode, title)

    def rename(self, conversation: int, title: str) -> None:
        """Rename one of the account's conversations."""
        self._book.rename(self.account, conversation, title)

    def delete(self, conversation: int) -> None:
        """Delete one of the account's conversations."""
        self._book.delete(self.account, conversation)

    def messages(self, conversation: int) -> list[Message]:
        """The messages of one of the account's conversations, oldest first."""
        return self._book.messages(self.account, conversation)

    def append(self, conversation: int, messages: Sequence[Message]) -> None:
        """Add messages to one of the account's conversations."""
        self._book.append(self.account, conversation, messages)
