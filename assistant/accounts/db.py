"""The accounts database: one SQLite file for accounts, grants, sessions, audit and conversations.

It holds accounts, knowledge bases, grants, sign-in sessions, the audit trail and saved
conversations. Every call opens its own short connection (Streamlit runs each browser session in its own
thread, and the command line is another process), in WAL mode so readers never wait for a
writer. The schema is created on first use. The audit table refuses ``UPDATE`` and ``DELETE``
with triggers: the trail is append-only in the database itself, not only by convention.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

SCHEMA_VERSION = 1
"""``PRAGMA user_version`` of the schema below."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    password_hash TEXT,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS knowledge_bases (
    name TEXT PRIMARY KEY,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS grants (
    account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
    kb TEXT NOT NULL,
    PRIMARY KEY (account, kb)
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    kb TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'error')),
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_ts ON audit (ts);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    kb TEXT NOT NULL,
    mode TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_owner ON conversations (account, kb, mode, updated);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    text TEXT NOT NULL,
    result TEXT,
    error INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation, id);
"""


class Database:
    """The SQLite file of the accounts package; ``connect()`` gives one transaction."""

    def __init__(self, path: Path) -> None:
        """Open (and on first use create) the database at ``path``."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as con:
            if con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                con.executescript(SCHEMA)
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection whose work is committed when the block ends (rolled back on an error)."""
        with closing(sqlite3.connect(self.path, timeout=15)) as con:
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("PRAGMA journal_mode = WAL")
            with con:
                yield con


def now() -> float:
    """The current time as seconds since the epoch (what the tables store)."""
    return time.time()


def iso(ts: float) -> str:
    """A stored time as local ISO 8601 with its offset, to the second.

    >>> iso(0.0)[:4] in ("1970", "1969")
    True
    """
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")
