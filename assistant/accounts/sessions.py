"""Sign-in sessions of the app: a random token kept by the browser, its hash kept here.

The browser holds the token in a cookie so a page reload stays signed in; the table holds only
its SHA-256, so a copy of the database signs nobody in. A session ends at sign-out, when it
expires, or when its account is deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from assistant.accounts.db import now

if TYPE_CHECKING:
    from assistant.accounts.db import Database


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Sessions:
    """The sign-in sessions table."""

    def __init__(self, db: Database) -> None:
        """Work on the sessions of ``db``."""
        self.db = db

    def start(self, account: str, hours: float) -> str:
        """A new session for ``account`` lasting ``hours``; returns its token (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        created = now()
        with self.db.connect() as con:
            con.execute("DELETE FROM sessions WHERE expires < ?", (created,))
            con.execute(
                "INSERT INTO sessions (token_hash, account, created, expires) VALUES (?, ?, ?, ?)",
                (_digest(token), account, created, created + hours * 3600),
            )
        return token

    def account(self, token: str) -> str | None:
        """The account a live session ``token`` belongs to, or None (unknown, ended or expired)."""
        if not token:
            return None
        with self.db.connect() as con:
            row = con.execute(
                "SELECT account FROM sessions WHERE token_hash = ? AND expires >= ?", (_digest(token), now())
            ).fetchone()
        return None if row is None else str(row["account"])

    def end(self, token: str) -> None:
        """End the session of ``token`` (nothing happens for an unknown one)."""
        with self.db.connect() as con:
            con.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))
