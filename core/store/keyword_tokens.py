"""Keyword tokens: jieba's search-mode words plus Han bigrams, and the per-chunk token cache.

Tokens are jieba's search-mode words plus the character bigrams of every Han run, so a query
still matches where jieba cuts a name differently (``巡察组`` vs ``巡察`` + ``组``). Punctuation,
white space and single Han characters (``不``, ``的``; the bigrams cover them) are dropped;
numbers and Latin words are kept. Tokenizing is most of a keyword rebuild's cost (jieba, ~2 ms a
chunk), so the tokens of every chunk are kept in ``<store_dir>/tokens/<collection>-v<n>.sqlite``
by chunk id: ids are content hashes, so a chunk seen once is never tokenized again.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.normalize import to_search

if TYPE_CHECKING:
    import jieba

    from core.types import Chunk

log = logging.getLogger(__name__)

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_WORD = re.compile(r"\w", re.UNICODE)
_SINGLE_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TOKENIZER_VERSION = 2
"""Bump when ``tokenize`` or the cache's layout changes: caches of another version are not read."""


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    cache_dir = Path(tempfile.gettempdir()) / f"assistant-jieba-{os.getuid() if hasattr(os, 'getuid') else 0}"
    cache_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(cache_dir)
    tokenizer.initialize()
    return tokenizer


def tokenize(text: str) -> list[str]:
    """Words (jieba, search mode) plus Han bigrams of the normalized text; no punctuation.

    >>> tokenize("巡察组，反馈")
    ['巡察', '反馈', '巡察', '察组', '反馈']
    """
    s = to_search(text).lower()
    words = [w for w in _jieba().cut_for_search(s) if _WORD.search(w) and not _SINGLE_HAN.fullmatch(w)]
    bigrams = [run[i : i + 2] for run in _HAN_RUN.findall(s) for i in range(len(run) - 1)]
    return words + bigrams


class TokenCache:
    """The tokens of chunks by chunk id, as arrays of vocabulary ids, in a SQLite file.

    Two tables: ``vocab`` (token → a dense id, never renumbered) and ``chunks`` (chunk id → its
    tokens' ids as int32 bytes). Reading a cached chunk is one ``frombuffer``, no string work.
    Safe to share between processes (SQLite transactions); safe to delete (it only saves work).
    With ``path=None``, or a file that cannot be used, it lives in memory for one build.
    """

    def __init__(self, path: Path | None) -> None:
        """Open (creating) the cache file at ``path``; ``None`` keeps nothing between builds."""
        self.path = path
        self._db = self._open(path) if path is not None else None
        if self._db is None:
            self._db = self._open(None)
        self._vocab: dict[str, int] = {}

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection | None:
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(":memory:" if path is None else path, timeout=30, check_same_thread=False)
            with db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS vocab (id INTEGER PRIMARY KEY, token TEXT UNIQUE NOT NULL)"
                )
                db.execute("CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, ids BLOB NOT NULL)")
            return db
        except (OSError, sqlite3.Error) as exc:  # read-only folder, corrupt file: work without
            log.warning("token cache %s unusable (%s); tokenizing without it", path, exc)
            return None

    @classmethod
    def of(cls, store_dir: Path, prefix: str) -> TokenCache:
        """The cache of collection ``prefix`` in a store folder."""
        return cls(Path(store_dir) / "tokens" / f"{prefix}-v{TOKENIZER_VERSION}.sqlite")

    @property
    def db(self) -> sqlite3.Connection:
        """The open database."""
        if self._db is None:
            raise RuntimeError("token cache is closed")
        return self._db

    def token_ids(self, chunks: Sequence[Chunk], batch: int = 512) -> tuple[list[np.ndarray], dict[str, int]]:
        """The token ids of each chunk's ``search_text`` (cached, or tokenized and cached), and the vocabulary."""
        self._load_vocab()
        out: list[np.ndarray] = []
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            marks = ",".join("?" * len(part))
            cached = dict(
                self.db.execute(f"SELECT id, ids FROM chunks WHERE id IN ({marks})", [c.id for c in part])
            )
            words = {c.id: tokenize(c.search_text) for c in part if c.id not in cached}
            self._add_words([w for ws in words.values() for w in ws])  # one transaction a batch
            fresh: list[tuple[str, bytes]] = []
            for c in part:
                blob = cached.get(c.id)
                if blob is not None:
                    out.append(np.frombuffer(blob, dtype=np.int32))
                    continue
                ws = words[c.id]
                ids = np.fromiter((self._vocab[w] for w in ws), dtype=np.int32, count=len(ws))
                fresh.append((c.id, ids.tobytes()))
                out.append(ids)
            if fresh:
                with self.db:
                    self.db.executemany("INSERT OR REPLACE INTO chunks (id, ids) VALUES (?, ?)", fresh)
        if out and max((int(a.max()) for a in out if len(a)), default=-1) >= len(self._vocab):
            self._load_vocab()  # another process added words since this one read the vocabulary
        return out, dict(self._vocab)

    def _load_vocab(self) -> None:
        self._vocab = {token: i - 1 for i, token in self.db.execute("SELECT id, token FROM vocab")}

    def _add_words(self, words: Sequence[str]) -> None:
        new = [w for w in dict.fromkeys(words) if w not in self._vocab]
        if not new:
            return
        with self.db:
            self.db.executemany("INSERT OR IGNORE INTO vocab (token) VALUES (?)", ((w,) for w in new))
            for start in range(0, len(new), 500):
                part = new[start : start + 500]
                marks = ",".join("?" * len(part))
                for i, token in self.db.execute(
                    f"SELECT id, token FROM vocab WHERE token IN ({marks})", part
                ):
                    self._vocab[token] = i - 1

    def prune(self, keep: Collection[str]) -> int:
        """Forget the chunks not in ``keep``; returns how many were removed (the vocabulary stays)."""
        try:
            with self.db:
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (id TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM keep")
                self.db.executemany("INSERT OR IGNORE INTO keep (id) VALUES (?)", ((i,) for i in keep))
                removed = self.db.execute("DELETE FROM chunks WHERE id NOT IN (SELECT id FROM keep)").rowcount
                self.db.execute("DELETE FROM keep")
            return int(removed)
        except sqlite3.Error as exc:
            log.warning("could not prune the token cache (%s)", exc)
            return 0

    def close(self) -> None:
        """Close the file."""
        if self._db is not None:
            self._db.close()
            self._db = None
