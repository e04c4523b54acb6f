"""Keyword search: BM25 (``bm25s``) over ``Chunk.search_text``.

Tokens are jieba's search-mode words plus the character bigrams of every Han run, so a query
still matches where jieba cuts a name differently (``巡察组`` vs ``巡察`` + ``组``). Punctuation,
white space and single Han characters (``不``, ``的``; the bigrams cover them) are dropped;
numbers and Latin words are kept.

The index is derived data: it is saved under ``<store_dir>/keyword/<collection>-<fingerprint>`` and rebuilt
from the store when the store's fingerprint has no saved index (another process, or a Chroma
server, may have changed the store). Tokenizing is most of a rebuild's cost (jieba, ~2 ms a
chunk), so the tokens of every chunk are kept in ``<store_dir>/tokens/<collection>-v<n>.sqlite``
by chunk id: ids are content hashes, so a chunk seen once is never tokenized again, and a rebuild
after one new file tokenizes that file's chunks only.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.text import to_search

if TYPE_CHECKING:
    import jieba

    from assistant.store import NoticeStore
    from assistant.types import Chunk

log = logging.getLogger(__name__)

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_WORD = re.compile(r"\w", re.UNICODE)
_SINGLE_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_IDS_FILE = "chunk_ids.json"
TOKENIZER_VERSION = 1
"""Bump when ``tokenize`` changes: cached tokens of another version are not read."""


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
    """The tokens of chunks by id, in a SQLite file (or only in memory when the file cannot be written).

    Safe to share between processes (SQLite locks); safe to delete (it only saves work).
    """

    def __init__(self, path: Path | None) -> None:
        """Open (creating) the cache file at ``path``; ``None`` keeps nothing between calls."""
        self.path = path
        self._db: sqlite3.Connection | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=30, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, tokens TEXT NOT NULL)")
                db.commit()
                self._db = db
            except (OSError, sqlite3.Error) as exc:  # read-only folder, corrupt file: work without
                log.warning("token cache %s unusable (%s); tokenizing without it", path, exc)

    @classmethod
    def of(cls, store_dir: Path, prefix: str) -> TokenCache:
        """The cache of collection ``prefix`` in a store folder."""
        return cls(Path(store_dir) / "tokens" / f"{prefix}-v{TOKENIZER_VERSION}.sqlite")

    def tokens(self, chunks: Sequence[Chunk], batch: int = 512) -> Iterator[list[str]]:
        """The tokens of each chunk's ``search_text``, in order: cached, or tokenized and then cached."""
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            cached = self._get([c.id for c in part])
            fresh: list[tuple[str, str]] = []
            for c in part:
                got = cached.get(c.id)
                if got is None:
                    words = tokenize(c.search_text)
                    fresh.append((c.id, "\n".join(words)))
                    yield words
                else:
                    yield got.split("\n") if got else []
            self._put(fresh)

    def _get(self, ids: Sequence[str]) -> dict[str, str]:
        if self._db is None or not ids:
            return {}
        marks = ",".join("?" * len(ids))
        try:
            rows = self._db.execute(f"SELECT id, tokens FROM tokens WHERE id IN ({marks})", list(ids))
            return dict(rows.fetchall())
        except sqlite3.Error as exc:
            log.warning("token cache unreadable (%s); tokenizing", exc)
            return {}

    def _put(self, rows: Sequence[tuple[str, str]]) -> None:
        if self._db is None or not rows:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO tokens (id, tokens) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:  # full disk, read-only: the index is still right, only slower next time
            log.warning("could not cache tokens (%s)", exc)

    def prune(self, keep: Collection[str]) -> int:
        """Forget the chunks not in ``keep``; returns how many were removed."""
        if self._db is None:
            return 0
        try:
            with self._db:
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (id TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM keep")
                self._db.executemany("INSERT OR IGNORE INTO keep (id) VALUES (?)", ((i,) for i in keep))
                removed = self._db.execute(
                    "DELETE FROM tokens WHERE id NOT IN (SELECT id FROM keep)"
                ).rowcount
                self._db.execute("DELETE FROM keep")
            return int(removed)
        except sqlite3.Error as exc:
            log.warning("could not prune the token cache (%s)", exc)
            return 0

    def close(self) -> None:
        """Close the file."""
        if self._db is not None:
            self._db.close()
            self._db = None


class KeywordIndex:
    """A BM25 index over chunk ids."""

    def __init__(self, ids: Sequence[str], model: Any) -> None:
        """Wrap a built ``bm25s.BM25`` whose documents are ``ids`` in order (use ``build``/``load``)."""
        self.ids = list(ids)
        self._model = model
        self._pos = {cid: n for n, cid in enumerate(self.ids)}

    @classmethod
    def build(cls, chunks: Sequence[Chunk], cache: TokenCache | None = None) -> KeywordIndex:
        """Index the ``search_text`` of ``chunks``, taking their tokens from ``cache`` where it has them.

        Each chunk's tokens become a small array of vocabulary ids as soon as they are read, so
        memory grows with the vocabulary and the token count, not with token strings.
        """
        import bm25s

        model = bm25s.BM25()
        if chunks:
            vocab: dict[str, int] = {}
            docs = [
                np.fromiter(
                    (vocab.setdefault(t, len(vocab)) for t in words), dtype=np.int32, count=len(words)
                )
                for words in (cache or TokenCache(None)).tokens(chunks)
            ]
            model.index((docs, vocab), show_progress=False)
        return cls([c.id for c in chunks], model)

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: str, k: int, allowed_ids: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` best chunks for ``query`` as (chunk id, BM25 score), best first; zero scores dropped.

        Args:
            query: The question or search words.
            k: How many at most.
            allowed_ids: When given, only these chunks can be returned.
        """
        if not self.ids or k <= 0:
            return []
        vocab: dict[str, int] = self._model.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens:
            return []
        scores = np.asarray(self._model.get_scores(tokens), dtype=np.float64)
        if allowed_ids is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            mask[[self._pos[i] for i in allowed_ids if i in self._pos]] = True
            scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` atomically (a folder that already exists is kept)."""
        directory = Path(directory)
        if directory.exists():
            return
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=directory.parent))
        try:
            if self.ids:
                self._model.save(str(tmp), show_progress=False)
            (tmp / _IDS_FILE).write_text(json.dumps(self.ids), encoding="utf-8")
            os.replace(tmp, directory)
        except OSError:
            if not directory.exists():
                raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex:
        """Read an index written by ``save``."""
        import bm25s

        directory = Path(directory)
        ids = json.loads((directory / _IDS_FILE).read_text(encoding="utf-8"))
        if not ids:
            return cls([], bm25s.BM25())
        model = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        return cls(ids, model)


_cache: dict[str, tuple[str, KeywordIndex]] = {}
_cache_lock = threading.Lock()


def keyword_dir(store_dir: Path) -> Path:
    """The folder that holds the saved keyword indexes of a store."""
    return Path(store_dir) / "keyword"


def index_path(store_dir: Path, prefix: str, fingerprint: str) -> Path:
    """Where the keyword index of collection ``prefix`` at ``fingerprint`` is saved."""
    return keyword_dir(store_dir) / f"{prefix}-{fingerprint}"


def refresh(store: NoticeStore, store_dir: Path) -> KeywordIndex:
    """Build the keyword index of the store's committed chunks, save it, and drop its stale ones."""
    fingerprint = store.fingerprint()
    chunks = store.chunks()
    cache = TokenCache.of(store_dir, store.prefix)
    try:
        index = KeywordIndex.build(chunks, cache)
        cache.prune({c.id for c in chunks})
    finally:
        cache.close()
    target = index_path(store_dir, store.prefix, fingerprint)
    index.save(target)
    _drop_stale(target, store.prefix)
    with _cache_lock:
        _cache[str(target.parent / store.prefix)] = (fingerprint, index)
    return index


def _drop_stale(target: Path, prefix: str) -> None:
    """Remove the saved indexes of collection ``prefix`` other than ``target``."""
    for old in target.parent.iterdir():
        stale = old.name.startswith(f"{prefix}-") and len(old.name) == len(target.name)
        if stale and old.name != target.name:
            shutil.rmtree(old, ignore_errors=True)


def for_store(store: NoticeStore, store_dir: Path) -> KeywordIndex:
    """The keyword index matching the store's current fingerprint: cached, loaded, or rebuilt."""
    fingerprint = store.fingerprint()
    target = index_path(store_dir, store.prefix, fingerprint)
    key = str(target.parent / store.prefix)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    try:
        index = KeywordIndex.load(target)
    except Exception:  # noqa: BLE001 - missing, half-deleted or unreadable: rebuild from the store
        log.info("keyword index %s missing or unreadable; rebuilding", target.name)
        cache = TokenCache.of(store_dir, store.prefix)
        try:
            index = KeywordIndex.build(store.chunks(), cache)
        finally:
            cache.close()
        if store.fingerprint() != fingerprint:  # changed while building: use it, keep nothing
            return index
        try:
            index.save(target)
        except OSError as exc:  # read-only store folder: keep it in memory only
            log.warning("could not save keyword index: %s", exc)
        else:
            _drop_stale(target, store.prefix)  # a reader of a server's store would pile them up
    with _cache_lock:
        _cache[key] = (fingerprint, index)
    return index
