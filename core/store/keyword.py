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
import shutil
import tempfile
import threading
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.store.keyword_tokens import TokenCache, tokenize

if TYPE_CHECKING:
    from core.store.replica import NoticeReader
    from core.store.store import NoticeStore
    from core.types import Chunk

log = logging.getLogger(__name__)

_IDS_FILE = "chunk_ids.json"


def _bm25() -> Any:
    """A ``bm25s.BM25`` (Lucene BM25) whose index is built with whole-array NumPy operations.

    ``bm25s`` computes the scores one document at a time in Python, which was most of a keyword
    rebuild at ×100 of the shared corpus (~55 s of ~80 s to add one file). The scores, and so every
    search, are the same (``test_keyword`` compares both builders).
    """
    import bm25s

    class _BM25(bm25s.BM25):  # type: ignore[misc]
        def build_index_from_ids(
            self,
            unique_token_ids: Any,
            corpus_token_ids: Any,
            show_progress: bool = True,
            leave_progress: bool = False,
        ) -> dict[str, Any]:
            if self.method != "lucene" or self.idf_method != "lucene":
                return super().build_index_from_ids(  # type: ignore[no-any-return]
                    unique_token_ids, corpus_token_ids, show_progress, leave_progress
                )
            self.nonoccurrence_array = None  # what bm25s sets for Lucene BM25
            return lucene_scores(corpus_token_ids, len(unique_token_ids), self.k1, self.b, self.dtype)

    return _BM25()


def lucene_scores(
    docs: Sequence[Any], n_vocab: int, k1: float, b: float, dtype: str, block: int = 8192
) -> dict[str, Any]:
    """The BM25 (Lucene variant) score matrix of ``docs`` (token-id arrays) in ``bm25s``'s CSC layout.

    Documents are counted a block at a time, so memory stays near the size of the result.
    """
    n_docs = len(docs)
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
    avg = float(lengths.mean()) if n_docs else 0.0
    doc_parts: list[np.ndarray] = []
    tok_parts: list[np.ndarray] = []
    tf_parts: list[np.ndarray] = []
    for start in range(0, n_docs, block):
        part = docs[start : start + block]
        sizes = lengths[start : start + len(part)]
        if not sizes.sum():
            continue
        rows = np.repeat(np.arange(start, start + len(part), dtype=np.int64), sizes)
        keys = rows * n_vocab + np.concatenate([np.asarray(d, dtype=np.int64) for d in part])
        unique, counts = np.unique(keys, return_counts=True)
        doc_parts.append((unique // n_vocab).astype(np.int32))
        tok_parts.append((unique % n_vocab).astype(np.int32))
        tf_parts.append(counts.astype(np.float32))
    if not doc_parts:
        return {"data": np.zeros(0, dtype=dtype), "indices": np.zeros(0, dtype=np.int32),
                "indptr": np.zeros(n_vocab + 1, dtype=np.int64), "num_docs": n_docs}  # fmt: skip
    rows_all = np.concatenate(doc_parts)
    toks = np.concatenate(tok_parts)
    tf = np.concatenate(tf_parts)
    del doc_parts, tok_parts, tf_parts
    df = np.bincount(toks, minlength=n_vocab)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(dtype)
    tfc = tf / (k1 * ((1 - b) + b * lengths[rows_all] / avg) + tf)
    scores = (idf[toks] * tfc).astype(dtype)
    order = np.argsort(toks, kind="stable")  # by token, then document (rows are already in order)
    indptr = np.zeros(n_vocab + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    return {"data": scores[order], "indices": rows_all[order], "indptr": indptr, "num_docs": n_docs}


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

        Tokens are held as arrays of vocabulary ids (the cache's), so memory grows with the token
        count, not with token strings.
        """
        model = _bm25()
        if chunks:
            own = cache is None
            cache = cache or TokenCache(None)
            try:
                docs, vocab = cache.token_ids(chunks)
            finally:
                if own:
                    cache.close()
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


def for_store(store: NoticeReader, store_dir: Path, *, save: bool = True) -> KeywordIndex:
    """The keyword index matching the store's current fingerprint: cached, loaded, or rebuilt.

    With ``save`` False (a reader that must not write beside the store) a rebuilt index, and the
    tokens it needed, stay in memory.
    """
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
        cache = TokenCache.of(store_dir, store.prefix) if save else TokenCache(None)
        try:
            index = KeywordIndex.build(store.chunks(), cache)
        finally:
            cache.close()
        if (
            store.fingerprint() != fingerprint or not save
        ):  # changed while building, or read only: keep nothing
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
